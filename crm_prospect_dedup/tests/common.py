from odoo.addons.crm_prospect_status.tests.common import SALES_MANAGER, SALESPERSON, create_user
import base64
from types import SimpleNamespace

from odoo.tests.common import SavepointCase

# what create_every_kind_of_reference returns, in this order
EVERY_KIND = (
    "kept", "merged", "other", "shared_tag", "own_tag", "contact", "invoice", "own_default",
    "merged_default", "main_company", "other_company", "lead", "message", "authored",
    "recipient", "notification", "activity", "attachment", "project", "task", "meeting",
    "channel", "bank", "dismissal")


class DedupCase(SavepointCase):
    """Users of the sales roles, prospects created as they would be, and the
    user's path through the Action menu's wizards."""

    @classmethod
    def setUpClass(cls):
        super(DedupCase, cls).setUpClass()
        cls.salesperson = create_user(cls.env, "Sally Seller", "dedup_sally", [SALESPERSON])
        cls.manager = create_user(cls.env, "Max Manager", "dedup_max", [SALES_MANAGER])
        cls.france = cls.env.ref("base.fr")
        cls.Partner = cls.env["res.partner"]
        # partners of the template are not part of the tests' groups
        cls.prospect_domain = [("is_prospect", "=", True)]

    def create_prospect(self, user=None, **vals):
        """A prospect created from CRM > Prospects by USER (the salesperson)."""
        partners = self.env["res.partner"].sudo(user or self.salesperson).with_context(
            default_is_prospect=True, default_customer=False, default_is_company=True)
        return partners.create(dict({"country_id": self.france.id}, **vals))

    def open_check_wizard(self, user, partners=None, domain=None):
        """Action menu > Check duplicates on the prospect list, with PARTNERS
        selected (or DOMAIN as the list's current filter)."""
        selected = partners or self.Partner
        context = {"active_model": "res.partner", "active_ids": selected.ids,
                   "active_domain": domain if domain is not None else self.prospect_domain}
        wizards = self.env["crm.prospect.dedup.check.wizard"].sudo(user).with_context(**context)
        return wizards.create({})

    def run_check(self, user=None, partners=None, domain=None, **options):
        """Check duplicates through the wizard; returns the check record."""
        user = user or self.salesperson
        wizard = self.open_check_wizard(user, partners, domain)
        if options:
            wizard.write(options)
        action = wizard.action_check()
        self.assertEqual(action["res_model"], "crm.prospect.dedup.check")
        return self.env["crm.prospect.dedup.check"].sudo(user).browse(action["res_id"])

    def open_merge_wizard(self, user, partners):
        """Action menu > Merge duplicates with PARTNERS selected."""
        wizards = self.env["crm.prospect.dedup.merge.wizard"].sudo(user).with_context(
            active_model="res.partner", active_ids=partners.ids)
        return wizards.create({})

    def groups_of(self, check):
        return [sorted(group.partner_ids.ids) for group in check.group_ids]

    def create_every_kind_of_reference(self):
        """Two prospects to merge, the merged one with one of every kind of
        related record (contacts, addresses, opportunity, messages, followers,
        activity, attachment, project, task, meeting, channel, bank account,
        external id, dismissal, tags, company set), some of them shared with
        the kept one."""
        env = self.env
        kept = self.create_prospect(name="Acme", email="contact@acme.fr", vat="FR40303265045")
        merged = self.create_prospect(name="ACME SARL", email="contact@acme.fr")
        other = self.env["res.partner"].create({"name": "Someone else", "email": "x@example.com"})
        shared_tag = env["res.partner.category"].create({"name": "Shared"})
        own_tag = env["res.partner.category"].create({"name": "Only on merged"})
        kept.category_id = shared_tag
        merged.category_id = shared_tag | own_tag
        contact = env["res.partner"].create({"name": "Jeanne", "parent_id": merged.id})
        invoice = env["res.partner"].create({"name": "Billing", "type": "invoice",
                                             "parent_id": merged.id})
        own_default = env["res.partner"].create({"name": "Head office", "type": "other",
                                                 "parent_id": kept.id,
                                                 "is_default_address": True})
        merged_default = env["res.partner"].create({"name": "Old office", "type": "other",
                                                    "parent_id": merged.id,
                                                    "is_default_address": True})
        main_company = env.user.company_id
        other_company = env["res.company"].create({"name": "Acme group, Belgium"})
        # shared with a 2nd company (OCA's field: its comodel is res.company.assignment)
        merged.sudo().company_ids = [(6, 0, (main_company | other_company).ids)]
        # (a merge that widens the kept record to a company is for its users)
        self.salesperson.company_ids |= other_company
        lead = env["crm.lead"].create({"name": "Opportunity", "type": "opportunity",
                                       "partner_id": merged.id})
        message = merged.message_post(body="A note on the merged record",
                                      message_type="comment", subtype="mail.mt_note")
        authored = lead.message_post(body="Written by the merged record", author_id=merged.id,
                                     message_type="comment")
        recipient = lead.message_post(body="To the merged record", partner_ids=[merged.id],
                                      message_type="comment", subtype="mail.mt_comment")
        notification = env["mail.notification"].create({
            "mail_message_id": authored.id, "res_partner_id": merged.id})
        authored.write({"starred_partner_ids": [(4, merged.id)]})
        lead.message_subscribe([merged.id])          # the merged partner follows a lead
        merged.message_subscribe([other.id])         # someone follows the merged partner
        kept.message_subscribe([other.id])           # ... and the kept one: one follower left
        activity = env["mail.activity"].create({
            "res_model_id": env.ref("base.model_res_partner").id, "res_id": merged.id,
            "activity_type_id": env.ref("mail.mail_activity_data_todo").id, "summary": "Call"})
        attachment = env["ir.attachment"].create({
            "name": "kbis.txt", "datas": base64.b64encode(b"K-bis"), "datas_fname": "kbis.txt",
            "res_model": "res.partner", "res_id": merged.id})
        project = env["project.project"].create({"name": "Acme project", "partner_id": merged.id})
        task = env["project.task"].create({"name": "Task", "project_id": project.id,
                                           "partner_id": merged.id})
        meeting = env["calendar.event"].create({
            "name": "Meeting", "start": "2030-01-01 10:00:00", "stop": "2030-01-01 11:00:00",
            "partner_ids": [(6, 0, [merged.id])]})
        channel = env["mail.channel"].create({"name": "acme-channel",
                                              "channel_partner_ids": [(4, merged.id)]})
        bank = env["res.partner.bank"].create({"acc_number": "FR76 0000 0000",
                                               "partner_id": merged.id})
        env["ir.model.data"].create({"module": "__import__", "name": "acme_legacy",
                                     "model": "res.partner", "res_id": merged.id})
        dismissal = env["crm.prospect.dedup.dismissal"]._dismiss((merged | other).ids)

        return SimpleNamespace(**{name: value for name, value in locals().items()
                                  if name in EVERY_KIND})
