from .common import DedupCase


class TestMergeCustomer(DedupCase):
    """Merging a prospect into a customer (or the other way round): the
    record kept stays a customer; "prospect" never wins over "customer"."""

    @classmethod
    def setUpClass(cls):
        super(TestMergeCustomer, cls).setUpClass()
        cls.env["res.config.settings"].create({"group_prospect_status": True}).execute()

    def customer_and_duplicate(self):
        customer = self.create_prospect(name="Acme", email="contact@acme.fr")
        customer.sudo(self.salesperson).action_convert_to_customer()
        duplicate = self.create_prospect(name="ACME SAS", email="contact@acme.fr")
        self.assertTrue(duplicate.prospect_status_id)
        return customer, duplicate

    def assert_customer_values_proposed(self, wizard, customer):
        lines = {line.field_name: line for line in wizard.line_ids}
        for name in ("customer", "is_prospect", "prospect_status_id"):
            self.assertIn(name, lines)
            self.assertEqual(lines[name].chosen_partner_id, customer,
                             "%s: the dialog proposes the customer's value" % name)
        self.assertEqual(lines["is_prospect"].chosen_value, "No")
        self.assertEqual(lines["customer"].chosen_value, "Yes")

    def assert_stays_customer(self, kept):
        self.assertTrue(kept.customer)
        self.assertFalse(kept.is_prospect)
        self.assertFalse(kept.prospect_status_id)

    def test_prospect_merged_into_a_customer_keeps_a_customer(self):
        customer, duplicate = self.customer_and_duplicate()
        wizard = self.open_merge_wizard(self.salesperson, customer | duplicate)
        wizard.dst_partner_id = customer
        wizard._onchange_dst_partner_id()
        self.assert_customer_values_proposed(wizard, customer)
        wizard.action_merge()
        self.assert_stays_customer(customer)
        self.assertFalse(duplicate.active)

    def test_customer_merged_into_a_prospect_makes_it_a_customer(self):
        customer, duplicate = self.customer_and_duplicate()
        wizard = self.open_merge_wizard(self.salesperson, customer | duplicate)
        wizard.dst_partner_id = duplicate
        wizard._onchange_dst_partner_id()
        self.assert_customer_values_proposed(wizard, customer)
        wizard.action_merge()
        self.assert_stays_customer(duplicate)

    def test_prospect_value_chosen_by_hand_does_not_win_over_customer(self):
        customer, duplicate = self.customer_and_duplicate()
        wizard = self.open_merge_wizard(self.salesperson, customer | duplicate)
        wizard.dst_partner_id = customer
        for line in wizard.line_ids:
            if line.field_name in ("customer", "is_prospect", "prospect_status_id"):
                line.chosen_partner_id = duplicate
        wizard.action_merge()
        self.assert_stays_customer(customer)


class TestMergeDialogInFrench(DedupCase):
    """The merge dialog's "Field" column is in the user's language."""

    def test_field_column_shows_translated_labels(self):
        import os
        from odoo.modules.module import get_module_path
        from odoo.tools.translate import trans_load
        self.env["res.lang"].load_lang("fr_FR")
        for addon in ("base", "crm_prospect_status"):
            trans_load(self.env.cr, os.path.join(get_module_path(addon), "i18n", "fr.po"),
                       "fr_FR", verbose=False, module_name=addon)
        self.salesperson.lang = "fr_FR"
        a = self.create_prospect(name="Acme", email="a@acme.fr", city="Lyon")
        b = self.create_prospect(name="Acme SA", email="b@acme.fr", city="Paris")
        wizard = self.env["crm.prospect.dedup.merge.wizard"].sudo(self.salesperson).with_context(
            active_model="res.partner", active_ids=(a | b).ids, lang="fr_FR").create({})
        labels = {line.field_name: line.field_label for line in wizard.line_ids}
        self.assertEqual(labels["city"], "Ville")
        self.assertEqual(labels["name"], "Nom")
        self.assertNotIn("City", labels.values())


class TestNotDuplicateFrench(DedupCase):
    def test_not_duplicates_is_correct_french(self):
        import os
        from odoo.modules.module import get_module_path
        with open(os.path.join(get_module_path("crm_prospect_dedup"), "i18n", "fr.po")) as po:
            text = po.read()
        self.assertNotIn("Pas des doublons", text)
        self.assertIn("Pas un doublon", text)
