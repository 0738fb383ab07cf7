from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..models.crm_prospect_dedup_rule import THRESHOLD_PARAM


class CrmProspectDedupConfigWizard(models.TransientModel):
    """CRM > Configuration > Duplicate detection: the threshold and the rules,
    for CRM managers (the Settings page needs the administrator)."""

    _name = "crm.prospect.dedup.config.wizard"
    _description = "Duplicate detection settings"

    threshold = fields.Float(
        digits=(3, 2), required=True,
        default=lambda self: self.env["crm.prospect.dedup.rule"]._default_threshold(),
        help="Two records whose score reaches this value are proposed as duplicates "
             "(between 0 and 1; higher finds fewer, surer duplicates).")
    rule_ids = fields.Many2many(
        "crm.prospect.dedup.rule", string="Rules",
        default=lambda self: self.env["crm.prospect.dedup.rule"].with_context(
            active_test=False).search([]))

    @api.multi
    def action_save(self):
        self.ensure_one()
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(_("Only CRM managers can change the duplicate detection."))
        threshold = self.env["crm.prospect.dedup.rule"]._check_threshold(self.threshold)
        self.env["ir.config_parameter"].sudo().set_param(THRESHOLD_PARAM, repr(threshold))
        return {"type": "ir.actions.act_window_close"}
