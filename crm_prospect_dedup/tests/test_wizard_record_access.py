from odoo.exceptions import AccessError, UserError

from .security_common import TwoCompaniesCase


class TestWizardRecordAccess(TwoCompaniesCase):
    """Review findings 1 and 7: a wizard is refused at create on records its
    user cannot read, so that none of its fields shows them."""

    def test_merge_wizard_on_a_partner_of_another_company_is_refused(self):
        with self.assertRaises(AccessError):
            self.merge_wizard(self.bob, self.b_one | self.a_only)

    def test_merge_line_keeping_the_value_of_a_hidden_partner_is_refused(self):
        wizard = self.merge_wizard(self.bob, self.b_one | self.b_two)
        with self.assertRaises(AccessError):
            self.env["crm.prospect.dedup.merge.line"].sudo(self.bob).create({
                "wizard_id": wizard.id, "field_name": "email",
                "chosen_partner_id": self.a_only.id})

    def test_check_wizard_on_a_partner_of_another_company_is_refused(self):
        with self.assertRaises(AccessError):
            self.env["crm.prospect.dedup.check.wizard"].sudo(self.bob).create({
                "selection": "selected", "partner_ids": [(6, 0, self.a_only.ids)]})

    def test_merge_wizard_with_a_group_of_another_company_is_refused(self):
        group = self.group_of(self.salesperson, self.a_only | self.a_only2)
        with self.assertRaises(AccessError):
            wizard = self.merge_wizard(self.bob, self.b_one | self.b_two, group_id=group.id)
            wizard.action_merge()
        self.assertEqual(group.state, "open")
        self.assertTrue(self.b_two.active)

    def test_odoo_s_own_merge_wizard_on_a_partner_of_another_company_is_refused(self):
        with self.assertRaises(AccessError):
            self.env["base.partner.merge.automatic.wizard"].sudo(self.bob).create({
                "dst_partner_id": self.a_only.id})

    def test_a_group_is_closed_only_by_merging_its_own_partners(self):
        group = self.group_of(self.bob, self.b_one | self.b_two)
        others = self.company_partner("Bravo Three", self.company_b) | self.company_partner(
            "Bravo Four", self.company_b)
        wizard = self.merge_wizard(self.bob, others, group_id=group.id)
        with self.assertRaises(UserError):
            wizard.action_merge()
        self.assertEqual(group.state, "open")
        self.assertTrue(others.exists() and all(others.mapped("active")))
