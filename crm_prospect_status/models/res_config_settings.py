from odoo import api, fields, models
from .record_ids import ensure_one_record


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    group_prospect_status = fields.Boolean(
        "Manage statuses on prospects",
        implied_group="crm_prospect_status.group_prospect_status",
        help="Prospects move from status to status as leads do, with a status bar on their form.")

    @api.multi
    def set_values(self):
        ensure_one_record(self)
        super(ResConfigSettings, self).set_values()
        if self.group_prospect_status:
            self.env["res.partner"].sudo()._assign_default_prospect_status()
