from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record

from .crm_prospect_dedup_check_incremental import NIGHTLY_PARAM, nightly_enabled
from .res_partner_duplicate_block import BLOCK_PARAM, block_threshold


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dedup_threshold = fields.Float(
        "Duplicate threshold", digits=(3, 2),
        help="Two partners whose score reaches this value are proposed as duplicates "
             "(between 0 and 1; higher finds fewer, surer duplicates).")
    prospect_dedup_nightly = fields.Boolean(
        "Nightly duplicate check",
        help="Every night, the prospects created or changed since the last nightly check "
             "are compared with every contact; the CRM managers of each company get an "
             "activity when new groups of duplicates are found.")
    prospect_dedup_block_threshold = fields.Float(
        "Refuse duplicates from", digits=(3, 2),
        help="Creating a partner whose best match among existing partners scores at least "
             "this value is refused (between 0 and 1; 0 switches the rule off). CRM managers "
             "may still create it.")

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
        rules = self.env["crm.prospect.dedup.rule"]
        threshold = rules._check_threshold(self.dedup_threshold)
        block = self.prospect_dedup_block_threshold or 0.0
        if not 0.0 <= block <= 1.0:
            raise ValidationError(_("The score from which duplicates are refused must be "
                                    "between 0 and 1 (0 switches the rule off), not %s.") % block)
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("crm_prospect_dedup.threshold", repr(threshold))
        params.set_param(NIGHTLY_PARAM, "1" if self.prospect_dedup_nightly else "0")
        params.set_param(BLOCK_PARAM, repr(block))
