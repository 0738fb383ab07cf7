from odoo.exceptions import UserError

from .security_common import TwoCompaniesCase


class TestMergeOtherCompanies(TwoCompaniesCase):
    """Review finding 4: a merge that would change what another company sees
    is refused, naming the companies, unless the user belongs to all of them."""

    def test_references_hidden_from_the_user_refuse_the_merge(self):
        lead = self.env["crm.lead"].create({"name": "Alpha deal", "partner_id": self.everyone.id,
                                            "company_id": self.company_a.id,
                                            "user_id": self.salesperson.id})
        wizard = self.merge_wizard(self.bob, self.everyone2 | self.everyone)
        with self.assertRaisesRegex(UserError, self.company_a.name):
            wizard.action_merge()
        self.assertEqual(lead.partner_id, self.everyone)
        self.assertTrue(self.everyone.active)

    def test_widening_a_partner_to_another_company_is_refused(self):
        wizard = self.merge_wizard(self.bob, self.b_one | self.a_and_b)
        with self.assertRaisesRegex(UserError, self.company_a.name):
            wizard.action_merge()
        self.assertEqual(self.b_one.company_ids.ids, self.company_b.ids)
        self.assertTrue(self.a_and_b.active)

    def test_narrowing_what_another_company_sees_is_refused(self):
        wizard = self.merge_wizard(self.bob, self.b_one | self.everyone)
        with self.assertRaisesRegex(UserError, self.company_a.name):
            wizard.action_merge()
        self.assertTrue(self.everyone.active)

    def test_a_user_of_every_company_concerned_may_merge(self):
        self.merge_wizard(self.both_user, self.b_one | self.a_and_b).action_merge()
        self.assertFalse(self.a_and_b.active)
        self.assertEqual(sorted(self.b_one.company_ids.ids), sorted((self.company_a | self.company_b).ids))
