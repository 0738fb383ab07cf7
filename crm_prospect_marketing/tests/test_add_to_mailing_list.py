from odoo.exceptions import UserError

from .common import MarketingCase


class TestAddToMailingList(MarketingCase):
    """F9: "Add to a mailing list", the button of the Marketing tab."""

    def open_dialog(self, partner, lists):
        """Click "Add to a mailing list" on PARTNER's form and choose LISTS."""
        action = self.env.ref("crm_prospect_marketing.crm_prospect_mailing_list_wizard_action")
        wizards = self.env[action.res_model].sudo(self.marketer).with_context(
            active_model="res.partner", active_id=partner.id, active_ids=partner.ids)
        return wizards.create({"mailing_list_ids": [(6, 0, lists.ids)]})

    def contacts_of(self, email):
        return self.Contact.search([("email", "=ilike", email)])

    def test_adding_creates_the_list_contact_from_the_prospect(self):
        company = self.create_prospect(name="Acme", email="info@acme.example", is_company=True)
        person = self.create_prospect(name="Jane Doe", email="Jane <Jane@Acme.example>",
                                      parent_id=company.id, is_company=False,
                                      country_id=self.env.ref("base.fr").id)
        wizard = self.open_dialog(person, self.newsletter | self.events)
        self.assertEqual(wizard.partner_id, person)
        wizard.action_add()
        contact = self.contacts_of("jane@acme.example")
        self.assertEqual(len(contact), 1)
        self.assertEqual((contact.name, contact.email, contact.company_name, contact.country_id),
                         ("Jane Doe", "jane@acme.example", "Acme", self.env.ref("base.fr")))
        self.assertEqual(contact.list_ids, self.newsletter | self.events)
        self.assertEqual(self.marketing_of(person).mailing_list_ids, self.newsletter | self.events)
        self.assertTrue(person.message_ids.filtered(
            lambda m: "Added to the mailing list(s)" in (m.body or "")))

    def test_adding_reuses_the_contact_that_has_its_address(self):
        prospect = self.create_prospect(name="Known Co", email="known@example.com")
        existing = self.Contact.create({"email": "Known@Example.com",
                                        "list_ids": [(6, 0, self.newsletter.ids)]})
        self.open_dialog(prospect, self.events).action_add()
        self.assertEqual(self.contacts_of("known@example.com"), existing)
        self.assertEqual(existing.list_ids, self.newsletter | self.events)

    def test_partner_without_address_is_refused(self):
        prospect = self.create_prospect(name="Mute Co")
        contacts_before = self.Contact.search_count([])
        with self.assertRaisesRegex(UserError, "Mute Co has no e-mail address"):
            self.open_dialog(prospect, self.newsletter).action_add()
        self.assertEqual(self.Contact.search_count([]), contacts_before)

    def test_address_already_on_the_list_is_refused(self):
        prospect = self.create_prospect(name="Twice Co", email="twice@example.com")
        contact = self.Contact.create({"email": "twice@example.com",
                                       "list_ids": [(6, 0, self.newsletter.ids)]})
        message = r"Twice Co is already on the mailing list\(s\): Newsletter"
        with self.assertRaisesRegex(UserError, message):
            self.open_dialog(prospect, self.newsletter | self.events).action_add()
        self.assertEqual(contact.list_ids, self.newsletter, "not added to Events either")
        self.assertEqual(self.contacts_of("twice@example.com"), contact)

    def test_address_that_opted_out_is_refused(self):
        prospect = self.create_prospect(name="No Thanks", email="nothanks@example.com")
        contact = self.Contact.create({"email": "nothanks@example.com", "opt_out": True,
                                       "list_ids": [(6, 0, self.newsletter.ids)]})
        with self.assertRaisesRegex(UserError, "No Thanks \\(nothanks@example.com\\) opted out"):
            self.open_dialog(prospect, self.events).action_add()
        self.assertEqual(contact.list_ids, self.newsletter)

    def test_partner_that_opted_out_is_refused(self):
        prospect = self.create_prospect(
            name="Private Co", email="private@example.com", opt_out=True)
        with self.assertRaisesRegex(UserError, "opted out of mass mailings"):
            self.open_dialog(prospect, self.events).action_add()
        self.assertFalse(self.contacts_of("private@example.com"))
