from odoo import api, fields, models

from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record

from .crm_prospect_dedup_check_incremental import nightly_enabled
from .prevention_settings import (BLOCK_HELP, BLOCK_LABEL, NIGHTLY_HELP, NIGHTLY_LABEL,
                                  save_prevention_settings)
from .res_partner_duplicate_block import block_threshold


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dedup_threshold = fields.Float(
        "Duplicate threshold", digits=(3, 2),
        help="Two partners whose score reaches this value are proposed as duplicates "
             "(between 0 and 1; higher finds fewer, surer duplicates).")
    prospect_dedup_nightly = fields.Boolean(NIGHTLY_LABEL, help=NIGHTLY_HELP)
    prospect_dedup_block_threshold = fields.Float(BLOCK_LABEL, digits=(3, 2), help=BLOCK_HELP)

    @api.model
    def get_values(self):
        values = super(ResConfigSettings, self).get_values()
        values["dedup_threshold"] = self.env["crm.prospect.dedup.rule"]._default_threshold()
        values["prospect_dedup_nightly"] = nightly_enabled(self.env)
        values["prospect_dedup_block_threshold"] = block_threshold(self.env)
        return values

    @api.multi
    def set_values(self):
        ensure_one_record(self)
        super(ResConfigSettings, self).set_values()
        self.env["crm.prospect.dedup.rule"]._save_threshold(self.dedup_threshold)
        save_prevention_settings(self.env, self.prospect_dedup_nightly,
                                 self.prospect_dedup_block_threshold)
