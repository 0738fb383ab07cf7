from odoo.exceptions import AccessError, UserError

from odoo.addons.crm_prospect_status.tests.common import create_user

from .common import MarketingCase


class TestMailingWizardAccess(MarketingCase):
    """Review finding 1: the "Add to a mailing list" dialog shows nothing of a
    partner its user cannot read (its e-mail was a related field read as
    superuser), and finding 9 on its action."""

    def test_portal_user_cannot_read_the_email_of_another_companys_partner(self):
        other = self.env["res.company"].create({"name": "Other Mailing Company"})
        hidden = self.env["res.partner"].create({
            "name": "Hidden", "email": "hidden@example.com", "company_ids": [(6, 0, other.ids)]})
        portal = create_user(self.env, "Pat Portal", "mailing_pat", ["base.group_portal"])
        with self.assertRaises(AccessError):
            wizard = self.env["crm.prospect.mailing.list.wizard"].sudo(portal).create({
                "partner_id": hidden.id, "mailing_list_ids": [(6, 0, self.newsletter.ids)]})
            wizard.read(["email"])

    def test_add_on_no_dialog_or_two_is_refused_with_a_message(self):
        prospect = self.create_prospect(user=self.marketer, email="p@example.com")
        wizards = self.env["crm.prospect.mailing.list.wizard"].sudo(self.marketer)
        values = {"partner_id": prospect.id, "mailing_list_ids": [(6, 0, self.newsletter.ids)]}
        two = wizards.create(values) | wizards.create(values)
        for wrong in (two.browse(), two):
            with self.assertRaisesRegex(UserError, "exactly one"):
                wrong.action_add()
