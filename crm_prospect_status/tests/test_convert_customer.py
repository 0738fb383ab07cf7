from odoo.exceptions import UserError

from .common import ProspectCase


class TestConvertToCustomer(ProspectCase):
    """Conversion: the "Convert to customer" button and winning an opportunity."""

    def _opportunity(self, partner, **vals):
        return self.env["crm.lead"].sudo(self.salesperson).create(dict({
            "name": "Deal", "type": "opportunity", "partner_id": partner.id,
            "user_id": self.salesperson.id}, **vals))

    def test_button_converts_and_keeps_what_is_attached(self):
        self.set_switch(True)
        prospect = self.create_prospect(name="Soon Customer")
        contact = self.env["res.partner"].create({"name": "Their contact", "parent_id": prospect.id})
        opportunity = self._opportunity(prospect)
        messages_before = prospect.message_ids
        prospect.sudo(self.salesperson).action_convert_to_customer()
        self.assertTrue(prospect.customer)
        self.assertFalse(prospect.is_prospect)
        self.assertFalse(prospect.prospect_status_id)
        self.assertEqual(opportunity.partner_id, prospect)
        self.assertEqual(prospect.child_ids, contact)
        # one chatter message: the sentence, with the changes tracked
        [message] = prospect.message_ids - messages_before
        self.assertIn("Converted from prospect to customer", message.body)
        changes = message.sudo().tracking_value_ids
        self.assertIn(("Prospect", "Customer"), list(zip(
            changes.mapped("old_value_char"), changes.mapped("new_value_char"))))
        self.assertIn("Prospect status", changes.mapped("field_desc"))

    def test_converting_a_customer_is_refused(self):
        customer = self.env["res.partner"].create({"name": "Already", "customer": True})
        with self.assertRaisesRegex(UserError, "not a prospect"):
            customer.sudo(self.salesperson).action_convert_to_customer()
        self.assertTrue(customer.customer)

    def test_winning_an_opportunity_converts_its_prospect(self):
        prospect = self.create_prospect(name="Winner Co")
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": prospect.id})
        opportunity = self._opportunity(contact)
        opportunity.action_set_won()
        self.assertTrue(prospect.customer)
        self.assertFalse(prospect.is_prospect)

    def test_dragging_an_opportunity_to_won_stage_converts_its_prospect(self):
        prospect = self.create_prospect(name="Dragged Co")
        opportunity = self._opportunity(prospect)
        opportunity.write({"stage_id": self.env.ref("crm.stage_lead2").id})
        self.assertTrue(prospect.is_prospect, "a stage that is not won changes nothing")
        opportunity.write({"stage_id": self.env.ref("crm.stage_lead4").id})
        self.assertFalse(prospect.is_prospect)
        self.assertTrue(prospect.customer)
