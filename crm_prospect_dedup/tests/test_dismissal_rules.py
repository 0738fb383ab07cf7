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

    def test_another_companys_dismissal_does_not_hide_a_pair_from_this_company(self):
        both = self.company_a | self.company_b
        twins = self.company_partner("Twin Shared SARL", both) | self.company_partner(
            "Twin Shared SARL", both)
        twins.write({"email": "hello@twin-shared.example", "phone": "+33 1 45 00 00 00",
                     "street": "3 rue du Bac", "zip": "75007", "city": "Paris"})
        domain = [("id", "in", twins.ids)]
        Partner = self.env["res.partner"]
        self.assertEqual(len(Partner.sudo(self.salesperson).find_duplicate_groups(domain)), 1)
        self.env["crm.prospect.dedup.dismissal"].sudo(self.bob)._dismiss(twins.ids)
        self.assertEqual(Partner.sudo(self.bob).find_duplicate_groups(domain), [],
                         "dismissed for the company that dismissed them")
        self.assertEqual(len(Partner.sudo(self.salesperson).find_duplicate_groups(domain)), 1,
                         "still proposed to the other company")
