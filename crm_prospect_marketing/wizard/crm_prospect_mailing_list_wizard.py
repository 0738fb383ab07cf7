from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record

from ..models.mail_mass_mailing_contact import normalize_email


class CrmProspectMailingListWizard(models.TransientModel):
    """"Add to a mailing list" from the Marketing tab of a prospect."""

    _name = "crm.prospect.mailing.list.wizard"
    _inherit = "crm.prospect.readable.mixin"
    _description = "Add a prospect to mailing lists"

    partner_id = fields.Many2one(
        "res.partner", string="Prospect", required=True, ondelete="cascade")
    email = fields.Char(related="partner_id.email", readonly=True)
    mailing_list_ids = fields.Many2many(
        "mail.mass_mailing.list", "crm_prospect_mailing_list_wizard_list_rel",
        "wizard_id", "list_id",
        string="Mailing lists", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super(CrmProspectMailingListWizard, self).default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "res.partner" and context.get("active_id") \
                and "partner_id" in fields_list:
            values["partner_id"] = context["active_id"]
        return values

    @api.multi
    def action_add(self):
        """Put the partner's address on the chosen lists, reusing its list contact if it has one."""
        ensure_one_record(self)
        partner = self.partner_id
        email = normalize_email(partner.email)
        if not email:
            raise UserError(_(
                "%s has no e-mail address: give it one before adding it to a mailing list.")
                % partner.display_name)
        if not self.mailing_list_ids:
            raise UserError(_("Choose at least one mailing list."))
        Contact = self.env["mail.mass_mailing.contact"]
        contacts = Contact._find_by_emails([email]).get(email, Contact)
        if partner.opt_out or any(contacts.mapped("opt_out")):
            raise UserError(_(
                "%s (%s) opted out of mass mailings: it cannot be added to a mailing list.")
                % (partner.display_name, email))
        already = self.mailing_list_ids & contacts.mapped("list_ids")
        if already:
            raise UserError(_("%s is already on the mailing list(s): %s.")
                            % (partner.display_name, ", ".join(already.mapped("name"))))
        lists = [(4, mailing_list.id) for mailing_list in self.mailing_list_ids]
        if contacts:
            contacts[0].write({"list_ids": lists})
        else:
            Contact.create({
                "name": partner.name,
                "email": email,
                "company_name": partner.commercial_company_name or False,
                "country_id": partner.country_id.id,
                "list_ids": lists,
            })
        partner.message_post(body=_("Added to the mailing list(s): %s.")
                             % html_escape(", ".join(self.mailing_list_ids.mapped("name"))))
        return {"type": "ir.actions.act_window_close"}
