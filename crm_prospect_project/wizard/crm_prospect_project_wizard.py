from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record

from ..models.res_partner import DEFAULTED

# what the dialog shows of the partner's projects: filled when it opens (its
# partner is fixed), so that the web client makes no onchange call for them
EXISTING = {"existing_project_count", "existing_project_names"}
NO_ACTIVE_RECORD = {"active_model": False, "active_id": False, "active_ids": []}


class CrmProspectProjectWizard(models.TransientModel):
    """The "Generate project" dialog: the project's name, manager and company,
    and a confirmation when the partner already has projects."""

    _name = "crm.prospect.project.wizard"
    _inherit = "crm.prospect.readable.mixin"
    _description = "Generate a project for a prospect"

    partner_id = fields.Many2one(
        "res.partner", string="Prospect", required=True, ondelete="cascade")
    name = fields.Char("Project name", required=True)
    user_id = fields.Many2one("res.users", string="Project manager")
    company_id = fields.Many2one("res.company", string="Company", required=True)
    existing_project_count = fields.Integer("Number of existing projects", readonly=True)
    existing_project_names = fields.Char("Names of the existing projects", readonly=True)
    confirm_another = fields.Boolean(
        "Create another project anyway",
        help="The partner already has projects: tick to create one more.")

    @api.model
    def _partner_from_context(self):
        """The partner the dialog was opened from (form header or Action menu)."""
        context = self.env.context
        if context.get("active_model") != "res.partner":
            return self.env["res.partner"]
        partner_ids = context.get("active_ids") or [context.get("active_id")]
        partners = self.env["res.partner"].browse([pid for pid in partner_ids if pid])
        if len(partners) > 1:
            raise UserError(_("Generate a project for one partner at a time: select only one."))
        return partners

    @api.model
    def default_get(self, fields_list):
        values = super(CrmProspectProjectWizard, self).default_get(fields_list)
        wanted = set(fields_list)
        if not (DEFAULTED | EXISTING | {"partner_id"}) & wanted:
            return values
        partner = self._partner_from_context()
        if not partner:
            return values
        # the dialog's create asks only for the fields it does not send: the
        # partner's checks are made again when the project is generated
        if (DEFAULTED | {"partner_id"}) & wanted:
            partner._check_can_generate_project()
            defaults = partner._prepare_project_values()
            values.update({key: value for key, value in defaults.items() if key in wanted})
        if EXISTING & wanted:
            projects = self._projects_of(partner)
            values.update(existing_project_count=len(projects),
                          existing_project_names=", ".join(projects.mapped("name")))
        return values

    @api.model
    def _projects_of(self, partner):
        """The projects of PARTNER that the user sees."""
        return self.env["project.project"].search([("partner_id", "=", partner.id)])

    @api.multi
    def action_generate(self):
        """Create the project and open it."""
        ensure_one_record(self)
        existing = self._projects_of(self.partner_id)  # now, not when the dialog opened
        if existing and not self.confirm_another:
            raise UserError(_(
                "%s already has %d project(s): %s. Tick \"Create another project anyway\" "
                "to create one more.") % (
                    self.partner_id.display_name, len(existing),
                    ", ".join(existing.mapped("name"))))
        project_id = self.partner_id.generate_project({
            "name": self.name,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
        })
        return {
            "type": "ir.actions.act_window",
            "name": _("Project"),
            "res_model": "project.project",
            "view_mode": "form",
            "views": [(False, "form")],
            "res_id": project_id,
            "target": "current",
            # the web client names the dialog in the context of the action a
            # button opens (active_model, active_id): a context that names no
            # record lets it load the project's views once, not on every
            # generation (bench/bench_clicks.py)
            "context": dict(NO_ACTIVE_RECORD),
        }
