from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

from .record_ids import is_x2many_commands


class ResPartner(models.Model):
    """A partner shared between several companies of the group (seed F7).

    ``company_ids`` is the set users edit. The record rule cannot test it
    directly at scale (Odoo 11 compiles "empty many2many" into a list of every
    id), so two index-friendly fields mirror it, kept up to date on every
    write: ``company_visible_to_all`` (empty set) and ``company_shared_ids``
    (the set, only when it holds several companies). Odoo's own
    ``company_id`` holds the single company, or nothing when shared.

    A user only sees the companies of their current company's tree; Odoo's
    many2many write keeps the links to companies the user cannot see when the
    web client writes back the set it shows, so editing never drops them.
    """

    _inherit = "res.partner"

    company_ids = fields.Many2many(
        "res.company", "res_partner_company_share_rel", "partner_id", "company_id",
        string="Companies", default=lambda self: self.env.user.company_id,
        help="The companies that share this partner: their users see it. "
             "Keep one company to keep the partner separate.")
    company_visible_to_all = fields.Boolean(
        "Visible to every company", index=True, readonly=True,
        help="Technical: the partner belongs to no company in particular.")
    company_shared_ids = fields.Many2many(
        "res.company", "res_partner_company_multi_rel", "partner_id", "company_id",
        string="Shared between companies", readonly=True,
        help="Technical: the companies of a partner shared by several of them.")

    @api.model
    def _commercial_fields(self):
        return super(ResPartner, self)._commercial_fields() + ["company_ids"]

    @api.multi
    def _update_fields_values(self, fields):
        """Contacts follow the whole set, including companies the user cannot see."""
        values = super(ResPartner, self)._update_fields_values(fields)
        if "company_ids" in fields:
            values["company_ids"] = [(6, 0, self.sudo().company_ids.ids)]
        return values

    @api.model
    def create(self, vals):
        vals = self._company_ids_from_company_id(vals)
        partner = super(ResPartner, self).create(vals)
        partner._check_company_set(set())
        partner._sync_company_mirrors()
        return partner

    @api.multi
    def write(self, vals):
        if self.env.context.get("syncing_company_mirrors"):
            return super(ResPartner, self).write(vals)
        vals = self._company_ids_from_company_id(vals)
        old_sets = ({p.id: set(p.company_ids.ids) for p in self.sudo()}
                    if "company_ids" in vals else None)
        result = super(ResPartner, self).write(vals)
        if old_sets is not None:
            for partner in self:
                partner._check_company_set(old_sets.get(partner.id, set()))
            self._sync_company_mirrors()
        return result

    @api.model
    def _company_ids_from_company_id(self, vals):
        """Odoo's modules set the single company: translate it into the set."""
        if "company_ids" in vals and not is_x2many_commands(vals["company_ids"]):
            raise UserError(_("Companies are written as a list of Odoo's x2many commands, "
                              "not as %r.") % (vals["company_ids"],))
        if "company_id" in vals and "company_ids" not in vals:
            company_id = vals["company_id"]
            vals = dict(vals, company_ids=[(6, 0, [company_id] if company_id else [])])
        return vals

    @api.multi
    def _check_company_set(self, old_company_ids):
        """Refuse a company the user is not allowed in, or an empty set when
        multi-company is off."""
        user = self.env.user
        if user.id == SUPERUSER_ID or self.commercial_partner_id != self:
            return  # contacts and address lines follow their commercial partner
        allowed = set(user.company_ids.ids)
        # read as superuser: the companies the user may not see are the point
        companies = self.sudo().company_ids
        added = set(companies.ids) - old_company_ids
        refused = self.env["res.company"].sudo().browse(sorted(added - allowed))
        if refused:
            raise UserError(_(
                "You cannot share %s with %s: you are not allowed in that company.")
                % (self.display_name, ", ".join(refused.mapped("name"))))
        if not companies and not user.has_group("base.group_multi_company"):
            raise UserError(_(
                "%s must belong to a company: set its company.") % self.display_name)

    @api.multi
    def _sync_company_mirrors(self):
        for partner in self.sudo():
            companies = partner.company_ids
            partner.with_context(syncing_company_mirrors=True).write({
                "company_id": companies.id if len(companies) == 1 else False,
                "company_visible_to_all": not companies,
                "company_shared_ids": [(6, 0, companies.ids if len(companies) > 1 else [])],
            })
