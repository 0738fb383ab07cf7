"""Importing partners from a CSV file through base_import reports the rows
that look like existing partners or like each other, with score and
reasons; the rows may be skipped or flagged instead."""
from .prevention_common import PreventionCase

FIELDS = ["name", "email", "phone", "is_company", "is_prospect"]
CSV = ("name,email,phone,is_company,is_prospect\n"
       "Garage Moreau SARL,contact@garage-moreau.fr,01 23 00 00 01,1,1\n"  # existing
       "Fleuriste Lambert,bonjour@fleurs-lambert.fr,01 23 00 00 02,1,1\n"
       "Fleurs Lambert,Bonjour@Fleurs-Lambert.fr,+33 1 23 00 00 02,1,1\n"  # like row 2
       "Cordonnerie Petit,cordo@petit.fr,01 23 00 00 03,1,1\n")
OPTIONS = {"headers": True, "separator": ",", "quoting": '"', "encoding": "utf-8"}


class TestImportDuplicates(PreventionCase):

    @classmethod
    def setUpClass(cls):
        super(TestImportDuplicates, cls).setUpClass()
        cls.moreau = cls.env["res.partner"].create({
            "name": "Garage Moreau", "email": "contact@garage-moreau.fr",
            "phone": "01 23 00 00 01", "is_company": True, "is_prospect": True,
            "company_ids": [(6, 0, cls.company_a.ids)]})

    def do_import(self, user=None, dryrun=False, **options):
        """The import screen: upload CSV, map its columns, Test or Import."""
        imports = self.env["base_import.import"].sudo(user or self.salesperson)
        record = imports.create({"res_model": "res.partner", "file": CSV.encode(),
                                 "file_type": "text/csv", "file_name": "prospects.csv"})
        return record.do(FIELDS, dict(OPTIONS, **options), dryrun=dryrun)

    def imported(self, name):
        return self.env["res.partner"].search([("name", "=", name)])

    def test_the_test_import_reports_both_kinds_of_duplicates_and_changes_nothing(self):
        messages = self.do_import(dryrun=True)
        self.assertEqual([m["record"] for m in messages], [0, 2], messages)
        existing, inside = messages
        self.assertEqual(existing["type"], "warning")
        self.assertEqual(existing["rows"], {"from": 0, "to": 0})
        self.assertEqual(existing["partner_id"], self.moreau.id)
        self.assertIn("looks like the existing partner \"Garage Moreau\"", existing["message"])
        self.assertIn("same E-mail (+", existing["message"])
        self.assertGreaterEqual(existing["score"], 0.99)
        self.assertIn("\"Fleurs Lambert\" looks like \"Fleuriste Lambert\" of another row",
                      inside["message"])
        self.assertIn("%", inside["message"])
        self.assertFalse(self.imported("Fleurs Lambert"), "a test import imports nothing")

    def test_report_imports_every_row(self):
        self.assertEqual(len(self.do_import()), 2)
        self.assertTrue(self.imported("Fleurs Lambert"))
        self.assertTrue(self.imported("Garage Moreau SARL"))

    def test_skip_leaves_the_duplicate_rows_out(self):
        messages = self.do_import(prospect_dedup="skip")
        self.assertTrue(all(": not imported" in m["message"] for m in messages))
        self.assertFalse(self.imported("Garage Moreau SARL"))
        self.assertFalse(self.imported("Fleurs Lambert"))
        self.assertTrue(self.imported("Fleuriste Lambert"))
        self.assertTrue(self.imported("Cordonnerie Petit"))

    def test_flag_tags_the_rows_and_lists_them_as_groups(self):
        self.do_import(prospect_dedup="flag")
        tag = self.env.ref("crm_prospect_dedup.res_partner_category_possible_duplicate")
        flagged = self.env["res.partner"].search([("category_id", "in", tag.ids)])
        self.assertEqual(sorted(flagged.mapped("name")), ["Fleurs Lambert", "Garage Moreau SARL"])
        groups = self.env["crm.prospect.dedup.group"].sudo(self.salesperson).search(
            [("partner_ids", "in", flagged.ids)])
        self.assertEqual(sorted(sorted(g.partner_ids.mapped("name")) for g in groups), [
            ["Fleuriste Lambert", "Fleurs Lambert"], ["Garage Moreau", "Garage Moreau SARL"]])
        self.assertEqual(groups.mapped("check_id").state, "done")

    def test_an_unknown_option_is_an_error_and_imports_nothing(self):
        messages = self.do_import(prospect_dedup="merge")
        self.assertEqual(messages[0]["type"], "error")
        self.assertIn("report, skip, flag, off", messages[0]["message"])
        self.assertFalse(self.imported("Cordonnerie Petit"))

    def test_off_reports_nothing(self):
        self.assertEqual(self.do_import(prospect_dedup="off"), [])

    def test_partners_of_another_company_are_not_reported(self):
        self.assertEqual([m["record"] for m in self.do_import(user=self.bob, dryrun=True)], [2])
