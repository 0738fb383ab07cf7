from odoo.exceptions import AccessError, UserError, ValidationError

from .security_common import TwoCompaniesCase


class TestDismissalRules(TwoCompaniesCase):
    """Review findings 6 and 11: dismissed pairs are seen and made only on
    partners the user can read, and a partner is not dismissed with itself."""

    def test_dismissals_of_another_company_are_hidden(self):
        Dismissal = self.env["crm.prospect.dedup.dismissal"]
        dismissal = Dismissal.sudo(self.salesperson).create({
            "partner_a_id": self.a_only.id, "partner_b_id": self.a_only2.id})
        self.assertIn(dismissal, Dismissal.sudo(self.salesperson).search([]))
        self.assertNotIn(dismissal, Dismissal.sudo(self.bob).search([]))
        with self.assertRaises(AccessError):
            dismissal.sudo(self.bob).read(["partner_a_id"])

    def test_dismissing_partners_of_another_company_is_refused(self):
        with self.assertRaises(AccessError):
            self.env["crm.prospect.dedup.dismissal"].sudo(self.bob).create({
                "partner_a_id": self.a_only.id, "partner_b_id": self.a_only2.id})

    def test_a_partner_is_not_dismissed_with_itself(self):
        with self.assertRaises((UserError, ValidationError)):
            self.env["crm.prospect.dedup.dismissal"].sudo(self.bob).create({
                "partner_a_id": self.b_one.id, "partner_b_id": self.b_one.id})
