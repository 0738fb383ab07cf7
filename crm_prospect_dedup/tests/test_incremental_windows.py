"""The incremental check pairs a changed partner, in every blocking pass,
with the partners the full check's pass pairs it with: in a block of
thousands (a zip and a street number) its neighbours in name order are the
full block's, not those of the few partners that share another key with it;
a neighbour the user may not read leaves its place to the next one, as in
the full check."""
from ..models.duplicate_finder import (BLOCKING_PASSES, NAME_ORDERS, NAME_SIMILARITY,
                                       PLACE_CHECKED_PASSES, WINDOW, DuplicateFinder)
from ..models.incremental_finder import IncrementalFinder
from .prevention_common import PreventionCase

# names far apart, so that only the block of their zip and street number
# (and of their city and number) pairs them
NAMES = ["Atelier Bonnard", "Boucherie Chevalier", "Cordonnerie Dumas", "Droguerie Fabre",
         "Epicerie Gauthier", "Fromagerie Hubert", "Garage Imbert", "Horlogerie Joly",
         "Imprimerie Klein", "Jardinerie Lambert", "Kiosque Marchand", "Librairie Nicolas",
         "Mercerie Olivier", "Nettoyage Perrin"]
# names a pass in another name order pairs: (changed, alike)
ALIKE = [("Plomberie Rousseau", "Plomberie Rousseaux"),
         ("Vitrerie Delacroix", "Vitreries Delacroix")]


class TestIncrementalWindows(PreventionCase):

    @classmethod
    def setUpClass(cls):
        super(TestIncrementalWindows, cls).setUpClass()
        fr = cls.env.ref("base.fr").id

        def partner(name, companies, **vals):
            return cls.env["res.partner"].create(dict({
                "name": name, "is_company": True, "is_prospect": True, "country_id": fr,
                "street": "12 rue %s" % name.split()[-1], "zip": "69003", "city": "Lyon",
                "company_ids": [(6, 0, companies.ids)]}, **vals))

        cls.block = [partner(name, cls.company_a) for name in NAMES]
        # in the block, next to a changed partner in name order, a partner of
        # company B: Sally's check neither pairs nor shows it
        cls.hidden = partner("Boulangerie Chevalier", cls.company_b)
        cls.alike = [partner(alike, cls.company_a, zip="13001", city="Marseille",
                             street="4 place %s" % alike.split()[0])
                     for _changed, alike in ALIKE]
        cls.changed = cls.block[1] | cls.block[WINDOW + 1] | cls.block[-1]
        for changed, _alike in ALIKE:
            cls.changed |= partner(changed, cls.company_a, zip="13001", city="Marseille",
                                   street="4 place %s" % changed.split()[0])

    def pass_pairs(self, finder):
        """{pass: pairs with a changed partner} of FINDER's blocking passes."""
        cr = self.env.cr
        finder._select_partners()
        queries = [(name, finder._key_pass_query(key, name in PLACE_CHECKED_PASSES), (number,))
                   for number, (name, key, _on) in enumerate(BLOCKING_PASSES)]
        queries += [(name, finder._name_pass_query(order),
                     (len(BLOCKING_PASSES) + offset, NAME_SIMILARITY))
                    for offset, (name, order) in enumerate(NAME_ORDERS)]
        result = {}
        for name, query, params in queries:
            cr.execute("DELETE FROM dedup_pair")
            cr.execute(query, params)
            cr.execute("SELECT a, b FROM dedup_pair WHERE a = ANY(%s) OR b = ANY(%s)",
                       (self.changed.ids, self.changed.ids))
            result[name] = set(cr.fetchall())
        finder._drop_tables()
        return result

    def test_each_pass_pairs_a_changed_partner_as_the_full_check_does(self):
        sally = self.env(user=self.salesperson)
        full = self.pass_pairs(DuplicateFinder(sally, [], scope="among"))
        incremental = self.pass_pairs(IncrementalFinder(sally, [("id", "in", self.changed.ids)],
                                                        scope="all"))
        for name in full:
            self.assertEqual(incremental[name], full[name], "pass %s" % name)
        # the block of zip and number: the changed partner in the middle is
        # paired with the WINDOW partners before and after it, the one at the
        # end with the WINDOW before it; Sally's, not company B's
        middle, last = self.block[WINDOW + 1].id, self.block[-1].id
        zip_number = full["zip_number"]
        self.assertEqual(len({pair for pair in zip_number if middle in pair}), 2 * WINDOW)
        self.assertEqual({pair for pair in zip_number if last in pair},
                         {(partner.id, last) for partner in self.block[-WINDOW - 1:-1]})
        self.assertFalse([pair for pair in zip_number if self.hidden.id in pair])
        names = full["name_sorted"] | full["name_rotated"] | full["name_reversed"]
        for changed, alike in zip(self.changed[-len(ALIKE):], self.alike):
            self.assertIn(tuple(sorted((changed.id, alike.id))), names)

    def test_the_nightly_check_finds_the_full_checks_groups_of_the_changed(self):
        full = DuplicateFinder(self.env(user=self.manager), [], scope="among").run()
        # the last check ran yesterday; the changed partners were saved since
        checks = self.env["crm.prospect.dedup.check"].sudo(self.manager).with_context(dedup_run_inline=True)
        last = checks.create({"domain": "[]", "scope": "all"})
        last._set_run_state({"incremental": True, "state": "done"})
        self.env.cr.execute("UPDATE crm_prospect_dedup_check SET date_start = "
                            "(now() at time zone 'UTC') - interval '1 day' WHERE id = %s",
                            (last.id,))
        last.invalidate_cache()
        self.env.cr.execute("UPDATE res_partner SET write_date = (now() at time zone 'UTC') "
                            "- CASE WHEN id = ANY(%s) THEN interval '0 days' "
                            "ELSE interval '3 days' END", (self.changed.ids,))
        self.env["res.partner"].invalidate_cache()
        check = checks.browse(checks.start_incremental())
        changed = set(self.changed.ids)

        def pairs(groups):
            return {(member, other) for group in groups for member in group if member in changed
                    for other in group if other != member}
        expected = pairs([group["partner_ids"] for group in full])
        self.assertIn((self.changed[-len(ALIKE)].id, self.alike[0].id), expected)
        self.assertEqual(pairs([group.partner_ids.ids for group in check.group_ids]), expected)
