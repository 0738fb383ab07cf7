import json

from lxml import etree

from .common import DedupCase


class TestCheckNamesAndWarning(DedupCase):
    """A check says in words what it checked and has a name of its own; merging
    a pair marked "not duplicates" warns."""

    @classmethod
    def setUpClass(cls):
        super(TestCheckNamesAndWarning, cls).setUpClass()
        create = cls.env["res.partner"].sudo(cls.salesperson).with_context(
            default_is_prospect=True, default_is_company=True).create
        cls.acme = create({"name": "Acme SARL", "email": "contact@acme.fr"})
        cls.acme_dup = create({"name": "ACME", "email": "Contact@Acme.FR"})
        cls.other = create({"name": "Boulangerie Martin", "email": "martin@boulangerie.fr"})

    def test_check_of_selected_prospects_says_how_many_and_is_named_after_it(self):
        check = self.run_check(partners=self.acme | self.acme_dup | self.other)
        self.assertEqual(check.checked_text, "3 selected prospects")
        self.assertRegex(check.name, r"^Duplicates among 3 selected prospects – "
                                     r"\d\d/\d\d/\d{4} \d\d:\d\d$")

    def test_check_of_the_filter_says_so_and_names_differ(self):
        first = self.run_check(partners=self.acme, domain=self.prospect_domain)
        self.assertEqual(first.checked_text, "all prospects matching the filter")
        self.assertIn("all prospects matching the filter", first.name)
        against = self.run_check(partners=self.acme | self.acme_dup, scope="all")
        self.assertEqual(against.checked_text, "2 selected prospects")
        self.assertIn("2 selected prospects against every contact", against.name)
        self.assertNotEqual(first.name, against.name)

    def test_form_and_list_show_words_not_the_domain(self):
        checks = self.env["crm.prospect.dedup.check"].sudo(self.salesperson)
        for view_type in ("form", "tree"):
            arch = etree.fromstring(checks.fields_view_get(view_type=view_type)["arch"])
            visible = [node.get("name") for node in arch.xpath("//field")
                       if json.loads(node.get("modifiers") or "{}").get("invisible") is not True]
            self.assertIn("checked_text", visible, view_type)
            self.assertNotIn("domain", visible, view_type)

    def test_merging_a_pair_marked_not_duplicates_warns(self):
        pair = self.acme | self.acme_dup
        wizard = self.open_merge_wizard(self.salesperson, pair)
        self.assertFalse(wizard.dismissal_warning)
        self.env["crm.prospect.dedup.dismissal"].sudo(self.salesperson)._dismiss(pair.ids)
        wizard = self.open_merge_wizard(self.salesperson, pair | self.other)
        self.assertIn("not duplicates", wizard.dismissal_warning)
        self.assertIn("Acme SARL", wizard.dismissal_warning)
        self.assertIn("ACME", wizard.dismissal_warning)
        self.assertNotIn("Boulangerie", wizard.dismissal_warning)
        arch = etree.fromstring(wizard.fields_view_get(view_type="form")["arch"])
        self.assertTrue(arch.xpath("//field[@name='dismissal_warning']"))

    def test_check_of_a_search_filter_or_favourite_says_its_name(self):
        """Issue 13, item 9: "all prospects in filter 'My prospects'", the web
        client sending the domain of the list (the action's and the filter's)."""
        prospect = ("is_prospect", "=", True)
        mine = ["&", prospect, ("user_id", "=", self.salesperson.id)]
        check = self.run_check(partners=self.acme, domain=mine)
        self.assertEqual(check.checked_text, "all prospects in filter 'My prospects'")
        self.assertIn("among all prospects in filter 'My prospects' – ", check.name)
        self.env["ir.filters"].sudo(self.salesperson).create({
            "name": "Lyon prospects", "model_id": "res.partner", "user_id": self.salesperson.id,
            "domain": "[('city', '=', 'Lyon')]",
            "action_id": self.env.ref("crm_prospect_status.res_partner_action_prospect").id})
        lyon = self.run_check(partners=self.acme, domain=["&", prospect, ("city", "=", "Lyon")])
        self.assertEqual(lyon.checked_text, "all prospects in filter 'Lyon prospects'")
        # the conditions of two filters at once, or of none, are not named
        both = self.run_check(partners=self.acme, domain=["&", "&", prospect, ("city", "=", "Lyon"),
                                                          ("user_id", "=", self.salesperson.id)])
        self.assertEqual(both.checked_text, "all prospects matching the filter")
        selected = self.run_check(partners=self.acme | self.other, domain=mine)
        self.assertEqual(selected.checked_text, "2 selected prospects")
