from odoo import api, fields, models
from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dedup_threshold = fields.Float(
        "Duplicate threshold", digits=(3, 2),
        help="Two partners whose score reaches this value are proposed as duplicates "
             "(between 0 and 1; higher finds fewer, surer duplicates).")

    @api.model
    def get_values(self):
        values = super(ResConfigSettings, self).get_values()
        values["dedup_threshold"] = self.env["crm.prospect.dedup.rule"]._default_threshold()
        return values

    @api.multi
    def set_values(self):
        ensure_one_record(self)
        super(ResConfigSettings, self).set_values()
        rules = self.env["crm.prospect.dedup.rule"]
        threshold = rules._check_threshold(self.dedup_threshold)
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_prospect_dedup.threshold", repr(threshold))
