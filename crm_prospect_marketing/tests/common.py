from odoo.addons.crm_prospect_status.tests.common import SALESPERSON, ProspectCase, create_user


class MarketingCase(ProspectCase):
    """A marketing user, two mailing lists and a helper that really sends a mailing."""

    @classmethod
    def setUpClass(cls):
        super(MarketingCase, cls).setUpClass()
        cls.marketer = create_user(cls.env, "Mona Marketing", "mona", [
            SALESPERSON, "mass_mailing.group_mass_mailing_user",
            "mass_mailing.group_mass_mailing_campaign"])
        cls.Contact = cls.env["mail.mass_mailing.contact"]
        cls.newsletter = cls.env["mail.mass_mailing.list"].create({"name": "Newsletter"})
        cls.events = cls.env["mail.mass_mailing.list"].create({"name": "Events"})

    def send_mailing(self, subject, lists=None, partners=None, campaign=None):
        """Send a mailing to LISTS or to PARTNERS (with the test-mode mail server)
        and return its statistics, one per recipient."""
        values = {"name": subject, "email_from": "news@example.com", "body_html": "<p>Hello</p>",
                  "reply_to_mode": "email", "reply_to": "news@example.com",
                  "mass_mailing_campaign_id": campaign and campaign.id}
        if lists:
            list_model = self.env.ref("mass_mailing.model_mail_mass_mailing_list")
            values.update(mailing_model_id=list_model.id, contact_list_ids=[(6, 0, lists.ids)])
        else:
            values.update(mailing_model_id=self.env.ref("base.model_res_partner").id,
                          mailing_domain="[('id', 'in', %s)]" % partners.ids)
        mailing = self.env["mail.mass_mailing"].sudo(self.marketer).create(values)
        mailing.send_mail()
        self.env["mail.mail"].search([("mailing_id", "=", mailing.id)]).send()
        return mailing.statistics_ids

    def marketing_of(self, partners, user=None):
        """PARTNERS as USER (the marketing user by default) sees them."""
        return partners.sudo(user or self.marketer)
