from .common import ProspectCase


class TestLeadConversion(ProspectCase):
    """F6: a lead converted into a new customer makes a prospect owned like the lead."""

    def _convert(self, lead, action, partner=None):
        wizard = self.env["crm.lead2opportunity.partner"].sudo(self.salesperson).with_context(
            active_model="crm.lead", active_id=lead.id, active_ids=lead.ids).create({
                "name": "convert", "action": action,
                "partner_id": partner and partner.id or False,
                "user_id": lead.user_id.id, "team_id": lead.team_id.id,
            })
        wizard.action_apply()
        return lead.partner_id

    def _lead(self, **vals):
        return self.env["crm.lead"].sudo(self.salesperson).create(dict({
            "name": "Interested in our offer", "type": "lead", "partner_name": "Lead Company",
            "contact_name": "Paul Lead", "email_from": "paul@lead-company.example",
            "user_id": self.salesperson.id, "team_id": self.team.id,
        }, **vals))

    def test_new_customer_from_lead_is_a_prospect_with_owner_and_default_status(self):
        self.set_switch(True)
        lead = self._lead()
        partner = self._convert(lead, "create")
        company = partner.commercial_partner_id
        self.assertEqual(company.name, "Lead Company")
        self.assertTrue(company.is_prospect)
        self.assertFalse(company.customer)
        self.assertEqual(company.user_id, self.salesperson)
        self.assertEqual(company.team_id, self.team)
        self.assertEqual(company.prospect_status_id, self.status_new)
        self.assertEqual(lead.type, "opportunity")

    def test_lead_conversion_without_switch_makes_a_prospect_without_status(self):
        partner = self._convert(self._lead(partner_name=False), "create")
        self.assertTrue(partner.is_prospect)
        self.assertFalse(partner.prospect_status_id)
        self.assertEqual(partner.user_id, self.salesperson)

    def test_linking_an_existing_customer_keeps_it_a_customer(self):
        customer = self.env["res.partner"].create({"name": "Existing Customer", "customer": True})
        partner = self._convert(self._lead(), "exist", partner=customer)
        self.assertEqual(partner, customer)
        self.assertFalse(customer.is_prospect)
        self.assertTrue(customer.customer)
