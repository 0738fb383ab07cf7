from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

from .record_ids import ensure_records_exist, is_x2many_commands


class ResPartner(models.Model):
    """A partner shared between several companies of the group (seed F7).

    The set of companies is OCA's ``company_ids`` (addon
    ``partner_multi_company``, relation ``res_company_assignment_res_partner_rel``
    to ``res.company.assignment``, whose ids are the companies' ids), and
    ``company_id`` is OCA's too: computed from the set, the user's current
    company first.

    What this addon adds:

    - three stored mirrors of the set for an index-friendly record rule (Odoo 11
      turns a many2many test into a list of every partner id): the set is
      empty (``company_visible_to_all``), the one company of a set of one
      (``company_single_id``), the companies of a set of several
      (``company_shared_ids``, few partners); computed as superuser, since the
      rules that read them cannot grant writing them before they are written;
    - a user may only add or remove the companies they are allowed in, and
      a mono-company user cannot empty the set;
    - Odoo's modules writing the single ``company_id`` move the partner into
      that company (OCA adds it to the set);
    - contacts follow their commercial partner's whole set.
    """

    _inherit = "res.partner"

    company_visible_to_all = fields.Boolean(
        "Visible to every company", compute="_compute_company_mirrors", store=True,
        compute_sudo=True, index=True, readonly=True,
        help="Technical: the partner belongs to no company in particular.")
    company_single_id = fields.Many2one(
        "res.company", "Single company", compute="_compute_company_mirrors", store=True,
        compute_sudo=True, index=True, readonly=True,
        help="Technical: the company of a partner that belongs to one company only.")
    company_shared_ids = fields.Many2many(
        "res.company.assignment", "res_partner_company_multi_rel", "partner_id", "company_id",
        string="Shared between companies", compute="_compute_company_mirrors", store=True,
        compute_sudo=True, readonly=True,
        help="Technical: the companies of a partner shared by several of them.")

    @api.depends("company_ids")
    def _compute_company_mirrors(self):
        for partner in self:
            company_ids = partner.company_ids.ids
            partner.company_visible_to_all = not company_ids
            partner.company_single_id = company_ids[0] if len(company_ids) == 1 else False
            partner.company_shared_ids = [(6, 0, company_ids if len(company_ids) > 1 else [])]

    @api.model
    def _create(self, vals):
        """The mirrors go into the INSERT itself: the other stored fields that
        Odoo computes right after it are written under the rules, which read
        the mirrors."""
        if "company_ids" in vals:
            company_ids = self._company_ids_of_commands(vals["company_ids"])
            vals = dict(vals, company_visible_to_all=not company_ids,
                        company_single_id=company_ids[0] if len(company_ids) == 1 else False,
                        company_shared_ids=[(6, 0, company_ids if len(company_ids) > 1 else [])])
        return super(ResPartner, self)._create(vals)

    @api.model
    def _company_ids_of_commands(self, commands):
        """The existing companies that x2many COMMANDS give a new partner."""
        company_ids = []
        for command in commands or []:
            if isinstance(command, int):
                command = (4, command)
            if command[0] == 6:
                company_ids = list(command[2])
            elif command[0] == 4 and command[1] not in company_ids:
                company_ids.append(command[1])
            elif command[0] in (2, 3) and command[1] in company_ids:
                company_ids.remove(command[1])
            elif command[0] == 5:
                company_ids = []
        existing = set(self.env["res.company"].sudo().browse(company_ids).exists().ids)
        return [company_id for company_id in company_ids if company_id in existing]

    @api.multi
    def _inverse_company_id(self):
        """A module that sets the single company moves the partner into it;
        one already in the set leaves the set alone (OCA adds to the set)."""
        for partner in self:
            company = partner.company_id
            if not company:
                partner.company_ids = [(5,)]
            elif company.id not in partner.company_ids.ids:
                partner.company_ids = [(6, 0, [company.id])]

    @api.multi
    def _update_fields_values(self, fields):
        """Contacts follow the whole set, including companies the user is not in."""
        values = super(ResPartner, self)._update_fields_values(fields)
        if "company_ids" in fields:
            values["company_ids"] = [(6, 0, self.sudo().company_ids.ids)]
        return values

    @api.model
    def create(self, vals):
        self._check_company_ids_commands(vals)
        partner = super(ResPartner, self).create(vals)
        partner._check_company_set(set())
        return partner

    @api.multi
    def write(self, vals):
        self._check_company_ids_commands(vals)
        old_sets = ({p.id: set(p.company_ids.ids) for p in self.sudo()}
                    if "company_ids" in vals or "company_id" in vals else None)
        result = super(ResPartner, self).write(vals)
        if old_sets is not None:
            for partner in self:
                partner._check_company_set(old_sets.get(partner.id, set()))
        return result

    @api.model
    def _check_company_ids_commands(self, vals):
        """Well-formed commands naming existing companies: OCA's table has no
        foreign key on the company, so a made-up id would be stored."""
        commands = vals.get("company_ids")
        if "company_ids" not in vals or commands is False:
            return
        if not is_x2many_commands(commands):
            raise UserError(_("Companies are written as a list of Odoo's x2many commands, "
                              "not as %r.") % (commands,))
        named = set()
        for command in commands:
            if isinstance(command, int):
                named.add(command)
            elif command[0] in (1, 4):
                named.add(command[1])
            elif command[0] == 6:
                named.update(command[2])
        companies = self.env["res.company"].sudo().browse(sorted(named))
        ensure_records_exist(companies)

    @api.multi
    def _check_company_set(self, old_company_ids):
        """Refuse to add or remove a company the user is not allowed in, or an
        empty set when multi-company is off."""
        user = self.env.user
        if user.id == SUPERUSER_ID or self.commercial_partner_id != self:
            return  # contacts and address lines follow their commercial partner
        allowed = set(user.company_ids.ids)
        # read as superuser: the companies the user is not in are the point
        company_ids = set(self.sudo().company_ids.ids)
        companies = self.env["res.company"].sudo()
        added = companies.browse(sorted(company_ids - old_company_ids - allowed))
        if added:
            raise UserError(_(
                "You cannot share %s with %s: you are not allowed in that company.")
                % (self.display_name, ", ".join(added.mapped("name"))))
        removed = companies.browse(sorted(old_company_ids - company_ids - allowed))
        if removed:
            raise UserError(_(
                "You cannot take %s away from %s: you are not allowed in that company.")
                % (self.display_name, ", ".join(removed.mapped("name"))))
        if not company_ids and not user.has_group("base.group_multi_company"):
            raise UserError(_(
                "%s must belong to a company: set its company.") % self.display_name)
