import json

from lxml import etree

from .common import MarketingCase


class TestMarketingTab(MarketingCase):
    """F9: the Marketing tab of a prospect: its mailing lists and the mailings
    and campaigns it received, with their outcome."""

    def _marketing_page(self, user):
        view = self.env.ref("base.view_partner_form")
        arch = self.env["res.partner"].sudo(user).fields_view_get(
            view_id=view.id, view_type="form")["arch"]
        pages = etree.fromstring(arch).xpath("//page[@name='marketing']")
        return [json.loads(page.get("modifiers") or "{}") for page in pages]

    def test_bridge_was_installed_automatically_with_mass_mailing(self):
        module = self.env["ir.module.module"].search([("name", "=", "crm_prospect_marketing")])
        self.assertTrue(module.auto_install)
        self.assertEqual(module.state, "installed")
        self.assertEqual(set(module.dependencies_id.mapped("name")),
                         {"crm_prospect_status", "mass_mailing"})

    def test_tab_shows_on_prospects_and_partners_with_email_for_marketing_users(self):
        [modifiers] = self._marketing_page(self.marketer)
        self.assertEqual(modifiers["invisible"],
                         [["is_prospect", "=", False], ["email", "=", False]])
        [modifiers] = self._marketing_page(self.salesperson)
        self.assertIs(modifiers["invisible"], True, "hidden from users without mailing rights")

    def test_tab_lists_the_mailing_lists_its_address_is_on(self):
        prospect = self.create_prospect(name="Acme", email="Acme Sales <Contact@Acme.example>")
        self.Contact.create({"name": "Acme", "email": "contact@acme.example",
                             "list_ids": [(6, 0, self.newsletter.ids)]})
        self.Contact.create({"name": "Someone else", "email": "other@acme.example",
                             "list_ids": [(6, 0, self.events.ids)]})
        archived = self.env["mail.mass_mailing.list"].create({"name": "Old list", "active": False})
        self.Contact.create({"name": "Acme", "email": "CONTACT@acme.example",
                             "list_ids": [(6, 0, archived.ids)]})
        seen = self.marketing_of(prospect)
        self.assertEqual(seen.mailing_list_ids, self.newsletter)
        self.assertEqual(len(seen.mailing_contact_ids), 2)
        self.assertFalse(seen.mailing_opted_out)

    def test_tab_shows_that_the_address_opted_out(self):
        prospect = self.create_prospect(name="Gone", email="gone@example.com")
        self.Contact.create({"email": "gone@example.com", "opt_out": True,
                             "list_ids": [(6, 0, self.newsletter.ids)]})
        self.assertTrue(self.marketing_of(prospect).mailing_opted_out)

    def test_tab_lists_mailings_and_campaigns_received_with_their_outcome(self):
        prospect = self.create_prospect(name="Reader Co", email="reader@example.com")
        stranger = self.create_prospect(name="Stranger", email="stranger@example.com")
        for email in ("reader@example.com", "stranger@example.com"):
            self.Contact.create({"email": email, "list_ids": [(6, 0, self.newsletter.ids)]})
        spring = self.env["mail.mass_mailing.campaign"].create({"name": "Spring campaign"})
        news = self.send_mailing("Spring news", lists=self.newsletter, campaign=spring)
        offer = self.send_mailing("Personal offer", partners=prospect)
        self.assertEqual(len(news), 2, "the list has two addresses")
        self.assertEqual(len(offer), 1)
        news_to_reader = news.filtered(lambda s: s.res_id != self.Contact.search(
            [("email", "=", "stranger@example.com")]).id)
        news_to_reader.set_opened()
        news_to_reader.set_replied()
        offer.set_bounced()

        received = self.marketing_of(prospect).mailing_statistics_ids
        self.assertEqual(received, news_to_reader | offer)
        by_mailing = {stat.mass_mailing_id.name: stat for stat in received}
        self.assertEqual(set(by_mailing), {"Spring news", "Personal offer"})
        self.assertEqual(by_mailing["Spring news"].mass_mailing_campaign_id, spring)
        self.assertFalse(by_mailing["Personal offer"].mass_mailing_campaign_id)
        for stat in received:
            self.assertTrue(stat.sent, "sent by the (test-mode) mail server")
        self.assertTrue(by_mailing["Spring news"].opened and by_mailing["Spring news"].replied)
        self.assertFalse(by_mailing["Spring news"].bounced)
        self.assertTrue(by_mailing["Personal offer"].bounced)
        self.assertFalse(by_mailing["Personal offer"].opened)
        self.assertEqual(self.marketing_of(stranger).mailing_statistics_ids, news - news_to_reader)

    def test_tab_is_computed_for_many_partners_at_once(self):
        partners = self.env["res.partner"]
        for index in range(5):
            email = "bulk%d@example.com" % index
            partners |= self.create_prospect(name="Bulk %d" % index, email=email)
            if index % 2:
                self.Contact.create({"email": email, "list_ids": [(6, 0, self.events.ids)]})
        partners |= self.create_prospect(name="No address")
        seen = self.marketing_of(partners)
        self.assertEqual([bool(partner.mailing_list_ids) for partner in seen],
                         [False, True, False, True, False, False])
        self.assertEqual(seen.mapped("mailing_list_ids"), self.events)

    def test_partner_without_address_has_an_empty_tab(self):
        prospect = self.create_prospect(name="Silent Co")
        seen = self.marketing_of(prospect)
        self.assertFalse(seen.mailing_list_ids)
        self.assertFalse(seen.mailing_contact_ids)
        self.assertFalse(seen.mailing_statistics_ids)
