"""One scorer everywhere: a pair gets the same score and the same reasons
through "Check duplicates", the warning while typing, the blocking rule,
the import report and the incremental (nightly) check."""
import re

from odoo.exceptions import ValidationError

from .prevention_common import PreventionCase

# names alike but not equal: the share of partners bearing a name (term
# frequency) counts on equal names only, and changes once the new one exists
EXISTING = {"name": "Imprimerie Delacroix", "email": "atelier@delacroix-imprimerie.fr",
            "is_company": True}
NEW = {"name": "Imprimeries Delacroix SA", "email": "Atelier@Delacroix-Imprimerie.fr",
       "is_company": True}
CSV = "name,email,is_company,is_prospect\n%s,%s,1,1\n" % (NEW["name"], NEW["email"])


class TestSameScorer(PreventionCase):

    @classmethod
    def setUpClass(cls):
        super(TestSameScorer, cls).setUpClass()
        fr = cls.env.ref("base.fr").id
        cls.existing = cls.env["res.partner"].create(dict(
            EXISTING, is_prospect=True, country_id=fr, company_ids=[(6, 0, cls.company_a.ids)]))
        cls.new_values = dict(NEW, country_id=fr, is_prospect=True)

    def scores_before_creation(self):
        """The warning while typing and the blocking rule, on the new partner
        being typed."""
        draft = self.env["res.partner"].sudo(self.salesperson).new(self.new_values)
        [(match, typing, reasons)] = draft._dedup_similar_partners()
        self.assertEqual(match, self.existing)
        self.set_settings(prospect_dedup_block_threshold=0.5)
        with self.assertRaises(ValidationError) as refused:
            self.env["res.partner"].sudo(self.salesperson).create(self.new_values)
        blocking = int(re.search(r"Imprimerie Delacroix \((\d+)%", refused.exception.name)
                       .group(1))
        self.set_settings(prospect_dedup_block_threshold=0.0)
        return typing, reasons, blocking

    def imported(self):
        """The import of a file holding the new partner: its report's score."""
        record = self.env["base_import.import"].sudo(self.salesperson).create({
            "res_model": "res.partner", "file": CSV.encode(), "file_type": "text/csv"})
        [message] = record.do(["name", "email", "is_company", "is_prospect"],
                              {"headers": True, "separator": ",", "quoting": '"',
                               "encoding": "utf-8"})
        self.assertEqual(message["partner_id"], self.existing.id)
        return message["score"], self.env["res.partner"].search([("name", "=", NEW["name"])])

    def test_a_pair_scores_the_same_through_every_path(self):
        # a threshold low enough for a pair that is not certain
        self.set_settings(dedup_threshold=0.5)
        typing, reasons, blocking = self.scores_before_creation()
        imported, new = self.imported()
        pair = self.existing | new
        [group] = self.Partner.sudo(self.salesperson).find_duplicate_groups(
            [("id", "in", pair.ids)])
        checks = self.env["crm.prospect.dedup.check"].sudo(self.salesperson).with_context(
            dedup_run_inline=True)
        incremental = checks.browse(checks.start_incremental([("id", "=", new.id)]))
        [nightly] = incremental.group_ids
        [(_match, warning, warning_reasons)] = new.sudo(self.salesperson) \
            ._dedup_similar_partners()
        records = pair._dedup_match_records()
        model = self.env["crm.prospect.dedup.rule"]._match_model()
        direct = model.explain(records[self.existing.id], records[new.id]).probability
        self.assertLess(direct, 0.9999, "a pair whose score says something")
        for path, score in [("check", group["score"]), ("typing", typing),
                            ("import", imported), ("incremental", nightly.score),
                            ("warning on the saved partner", warning)]:
            self.assertAlmostEqual(score, direct, places=4, msg=path)
        self.assertEqual(blocking, round(direct * 100))
        explained = [(e["field"], e["level"], e["weight"]) for e in group["explanation"]]
        self.assertEqual(sorted(explained), sorted(reasons))
        self.assertEqual(sorted(warning_reasons), sorted(reasons))
