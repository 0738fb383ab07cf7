"""The incremental check pairs a changed partner with the partners the full
check pairs it with: in a block of hundreds (a zip and a street number) its
neighbours in name order are the full block's, not those of the few
partners that share another key with it;
a neighbour the user may not read leaves its place to the next one, as in
the full check. And its groups are the full check's: the links of the
unchanged partners of a changed partner's group count too."""
from unittest import mock

from ..models import incremental_finder
from ..models.duplicate_finder import (BLOCKING_PASSES, NAME_ORDERS, NAME_SIMILAR_MASK,
                                       PASS_NAMES, WINDOW, DuplicateFinder)
from ..models.incremental_finder import IncrementalFinder
from .prevention_common import PreventionCase

# people of one building (a zip and a street number) with the same given
# name: each pair a candidate (zip, number, given name), which only the
# block of their zip and number (or city and number) pairs
NAMES = ["Jean %s" % surname for surname in (
    "Bonnard", "Chevalier", "Dumas", "Fabre", "Gauthier", "Hubert", "Imbert", "Joly", "Klein",
    "Lambert", "Marchand", "Nicolas", "Olivier", "Perrin")]
# names a pass in another name order pairs: (changed, alike)
ALIKE = [("Plomberie Rousseau", "Plomberie Rousseaux"),
         ("Vitrerie Delacroix", "Vitreries Delacroix")]
# one firm three times: the first (changed) shares its e-mail and phone with
# the second, which shares its VAT number and website with the third; the
# first and the third, alike but not sure, are in one group through the
# second, by a link of two unchanged partners
CHAIN = [
    {"email": "contact@vasseur.fr", "phone": "01 23 45 67 89", "city": "Beaune", "zip": "21200"},
    {"email": "contact@vasseur.fr", "phone": "01 23 45 67 89", "city": "Beaune", "zip": "21200",
     "vat": "FR40303265045", "website": "vasseur.fr"},
    {"vat": "FR40303265045", "website": "http://vasseur.fr", "city": "Dijon", "zip": "21000"},
]


def without_name_orders(pairs):
    """{pair: passes} of PAIRS, the name orders' passes left out."""
    return {pair: passes & ~NAME_SIMILAR_MASK for pair, passes in pairs.items()}


class TestIncrementalWindows(PreventionCase):

    @classmethod
    def setUpClass(cls):
        super(TestIncrementalWindows, cls).setUpClass()
        fr = cls.env.ref("base.fr").id

        def partner(name, companies, **vals):
            return cls.env["res.partner"].create(dict({
                "name": name, "is_company": False, "is_prospect": True, "country_id": fr,
                "street": "12 rue %s" % name.split()[-1], "zip": "69003", "city": "Lyon",
                "company_ids": [(6, 0, companies.ids)]}, **vals))

        cls.block = [partner(name, cls.company_a) for name in NAMES]
        # in the block, next to a changed partner in name order, a partner of
        # company B: Sally's check neither pairs nor shows it
        cls.hidden = partner("Jean Bourdon", cls.company_b)
        cls.alike = [partner(alike, cls.company_a, zip="13001", city="Marseille",
                             street="4 place %s" % alike.split()[0], is_company=True)
                     for _changed, alike in ALIKE]
        cls.changed = cls.block[1] | cls.block[WINDOW + 1] | cls.block[-1]
        cls.chain = [partner("Tonnellerie Vasseur", cls.company_a, is_company=True, street=False,
                             **vals) for vals in CHAIN]
        cls.changed |= cls.chain[0]
        for changed, _alike in ALIKE:
            cls.changed |= partner(changed, cls.company_a, zip="13001", city="Marseille",
                                   street="4 place %s" % changed.split()[0], is_company=True)

    def candidates(self, finder, passes=()):
        """{(a, b): passes} of FINDER's candidate pairs with a changed
        partner, and {pass: pairs with a changed partner} of PASSES."""
        cr = self.env.cr
        finder._select_partners()
        pass_pairs = {}
        for name in passes:
            number = PASS_NAMES.index(name)
            cr.execute(finder._key_pass_query(BLOCKING_PASSES[number][1], False), (number,))
            cr.execute("SELECT a, b FROM dedup_pair WHERE a = ANY(%s) OR b = ANY(%s)",
                       (self.changed.ids, self.changed.ids))
            pass_pairs[name] = set(cr.fetchall())
            cr.execute("DELETE FROM dedup_pair")
        finder._candidate_pairs()
        cr.execute("SELECT a, b, passes FROM dedup_candidate WHERE a = ANY(%s) OR b = ANY(%s)",
                   (self.changed.ids, self.changed.ids))
        pairs = {(a, b): passes for a, b, passes in cr.fetchall()}
        finder._drop_tables()
        return pairs, pass_pairs

    def test_the_changed_partners_candidates_are_those_of_the_full_check(self):
        sally = self.env(user=self.salesperson)
        full, full_passes = self.candidates(DuplicateFinder(sally, [], scope="among"),
                                            ["zip_number"])
        incremental, _passes = self.candidates(
            IncrementalFinder(sally, [("id", "in", self.changed.ids)], scope="all"))
        self.assertEqual(set(incremental), set(full))
        # and the passes that found each, but the name orders: they rank the
        # partners compared, not every partner (incremental_windows)
        self.assertEqual(without_name_orders(incremental), without_name_orders(full))
        # the block of zip and number: the changed partner in the middle is
        # paired with the WINDOW partners before and after it, the one at the
        # end with the WINDOW before it; Sally's, not company B's
        middle, last = self.block[WINDOW + 1].id, self.block[-1].id
        zip_number = full_passes["zip_number"]
        self.assertEqual(len({pair for pair in zip_number if middle in pair}), 2 * WINDOW)
        self.assertEqual({pair for pair in zip_number if last in pair},
                         {(partner.id, last) for partner in self.block[-WINDOW - 1:-1]})
        self.assertFalse([pair for pair in zip_number if self.hidden.id in pair])
        self.assertTrue({(partner.id, middle) for partner in self.block[1:WINDOW + 1]}
                        .issubset(full))
        name_passes = sum(1 << PASS_NAMES.index(name) for name, _order in NAME_ORDERS)
        for changed, alike in zip(self.changed[-len(ALIKE):], self.alike):
            pair = tuple(sorted((changed.id, alike.id)))
            self.assertTrue(full[pair] & name_passes, "%s, %s" % (changed.name, alike.name))

    def nightly_pairs(self):
        """(pairs (changed partner, other member of its group) of the
        nightly check, those of a full check)."""
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
        return (pairs([group.partner_ids.ids for group in check.group_ids]),
                pairs([group["partner_ids"] for group in full]))

    def test_the_nightly_check_groups_the_changed_as_the_full_check(self):
        found, full = self.nightly_pairs()
        self.assertIn((self.changed[-len(ALIKE)].id, self.alike[0].id), found)
        first, _second, third = self.chain
        self.assertIn((first.id, third.id), found, "joined through a link of two unchanged")
        self.assertEqual(found, full)

    def test_one_round_misses_the_links_of_the_unchanged(self):
        with mock.patch.object(incremental_finder, "MAX_ROUNDS", 1):
            found, full = self.nightly_pairs()
        first, _second, third = self.chain
        self.assertNotIn((first.id, third.id), found)
        self.assertIn((first.id, third.id), full)
