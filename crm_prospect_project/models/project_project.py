from odoo import _, api, fields, models

from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record


class ProjectProject(models.Model):
    """The project form shows whether its customer is still a prospect and links back to it."""

    _inherit = "project.project"

    partner_is_prospect = fields.Boolean(
        related="partner_id.is_prospect", string="Customer is a prospect", readonly=True)

    @api.multi
    def action_open_partner(self):
        """Open the project's prospect or customer (button of the project form)."""
        ensure_one_record(self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Prospect") if self.partner_is_prospect else _("Customer"),
            "res_model": "res.partner",
            "view_mode": "form",
            "views": [(self.env.ref("base.view_partner_form").id, "form")],
            "res_id": self.partner_id.id,
            "target": "current",
        }
