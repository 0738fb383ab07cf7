from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.crm_prospect_status.models.record_counts import counts_by
from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record, is_record_id

WIZARD_FORM = "crm_prospect_project.crm_prospect_project_wizard_view_form"
# project fields whose value is a text (or False to leave them empty)
TEXT_TYPES = ("char", "text", "html", "selection")
# the values _prepare_project_values gives besides partner_id
DEFAULTED = {"name", "user_id", "company_id"}


class ResPartner(models.Model):
    """Projects of a partner: generated from the prospect, counted on its form.

    The link is the project's own "Customer" field (project.project.partner_id),
    so converting the prospect, changing its status, archiving it or merging it
    with Odoo's merge wizard (which re-points every foreign key) keeps it.
    """

    _inherit = "res.partner"

    project_count = fields.Integer(compute="_compute_project_count", string="Projects")

    @api.multi
    def _compute_project_count(self):
        by_partner = counts_by(self.env["project.project"], "partner_id", self.ids)
        for partner in self:
            partner.project_count = by_partner.get(partner.id, 0)

    @api.multi
    def action_view_projects(self):
        """The partner's projects (smart button): the project itself when there is one."""
        ensure_one_record(self)
        projects = self.env["project.project"].search([("partner_id", "=", self.id)])
        action = {
            "type": "ir.actions.act_window",
            "name": _("Projects"),
            "res_model": "project.project",
            "view_mode": "kanban,tree,form",
            "views": [(False, "kanban"), (False, "tree"), (False, "form")],
            "domain": [("partner_id", "=", self.id)],
            "context": {"default_partner_id": self.id},
            "target": "current",
        }
        if len(projects) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=projects.id)
        return action

    @api.multi
    def action_generate_project_dialog(self):
        """The "Generate project" dialog of the form header, built here: the
        click does not read the action record first (14 queries)."""
        ensure_one_record(self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Generate project"),
            "res_model": "crm.prospect.project.wizard",
            "view_mode": "form",
            "views": [(self.env["ir.model.data"].xmlid_to_res_id(WIZARD_FORM), "form")],
            "target": "new",
            "context": {"active_model": "res.partner", "active_id": self.id,
                        "active_ids": self.ids},
        }

    @api.multi
    def _check_can_generate_project(self):
        """Refuse, with a message saying why, what generate_project may not do."""
        if not self.env["project.project"].check_access_rights("create", raise_exception=False):
            raise AccessError(_(
                "You are not allowed to create projects: generating a project for %s needs "
                "the \"Project: Manager\" access right. Ask an administrator.")
                % ", ".join(self.mapped("display_name")))
        archived = self.filtered(lambda partner: not partner.active)
        if archived:
            raise UserError(_(
                "%s is archived: restore it before generating a project for it.")
                % ", ".join(archived.mapped("display_name")))

    @api.model
    def _check_project_vals(self, vals):
        """Refuse values that are not fields of a project, or not of their type."""
        if vals is None:
            return
        projects = self.env["project.project"]
        if not isinstance(vals, dict):
            raise UserError(_("vals must be a dictionary of project values, not %r.") % (vals,))
        unknown = sorted(set(vals) - set(projects._fields))
        if unknown:
            raise UserError(_("A project has no field %s.") % ", ".join(unknown))
        for name, value in vals.items():
            field_type = projects._fields[name].type
            if field_type == "many2one" and value and not is_record_id(value):
                raise UserError(_("%s is given by an id, not by %r.") % (name, value))
            if field_type in TEXT_TYPES and value is not False and not isinstance(value, str):
                raise UserError(_("%s is a text, not %r.") % (name, value))

    @api.multi
    def _prepare_project_values(self):
        """The default values of a project generated for this partner."""
        self.ensure_one()
        user = self.env.user
        company = self.company_id if self.company_id in user.company_ids else user.company_id
        return {
            "name": self.name,
            "partner_id": self.id,
            "user_id": (self.user_id or user).id,
            "company_id": company.id,
        }

    @api.multi
    def generate_project(self, vals=None):
        """Create a project for this partner (its customer) and return its id.

        :param dict vals: values of project.project overriding the defaults
            (name: the partner's name; user_id, the project manager: the
            partner's salesperson, else the current user; company_id: the
            partner's company). The project always belongs to this partner.
        :return: the id of the new project
        """
        if len(self) != 1:
            raise UserError(_("generate_project is called on one partner, not %d.") % len(self))
        self._check_can_generate_project()
        self._check_project_vals(vals)
        values = dict(vals or {})
        if not DEFAULTED <= set(values):  # the dialog gives them all
            values = dict(self._prepare_project_values(), **values)
        values.setdefault("partner_id", self.id)
        if values["partner_id"] != self.id:
            raise UserError(_(
                "A project generated for %s belongs to it: do not pass another partner_id.")
                % self.display_name)
        # no chatter message on the partner: its "Projects" button shows the
        # project, and the message cost a third of the click (bench_clicks.py)
        return self.env["project.project"].create(values).id
