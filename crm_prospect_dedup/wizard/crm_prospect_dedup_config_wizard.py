from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record

from ..models.crm_prospect_dedup_check_incremental import nightly_enabled
from ..models.prevention_settings import (BLOCK_HELP, BLOCK_LABEL, NIGHTLY_HELP,
                                          NIGHTLY_LABEL, save_prevention_settings)
from ..models.res_partner_duplicate_block import block_threshold


class CrmProspectDedupConfigWizard(models.TransientModel):
    """CRM > Configuration > Duplicate detection: the threshold and the rules,
    for CRM managers (the Settings page needs the administrator)."""

    _name = "crm.prospect.dedup.config.wizard"
    _inherit = "crm.prospect.readable.mixin"
    _description = "Duplicate detection settings"

    threshold = fields.Float(
        digits=(3, 2), required=True,
        default=lambda self: self.env["crm.prospect.dedup.rule"]._default_threshold(),
        help="Two records whose score reaches this value are proposed as duplicates "
             "(between 0 and 1; higher finds fewer, surer duplicates).")
    nightly = fields.Boolean(NIGHTLY_LABEL, help=NIGHTLY_HELP,
                             default=lambda self: nightly_enabled(self.env))
    block_threshold = fields.Float(BLOCK_LABEL, digits=(3, 2), help=BLOCK_HELP,
                                   default=lambda self: block_threshold(self.env))
    rule_ids = fields.Many2many(
        "crm.prospect.dedup.rule", string="Rules",
        default=lambda self: self.env["crm.prospect.dedup.rule"].with_context(
            active_test=False).search([]))

    prior = fields.Float(
        "Chance that two partners are the same", digits=(16, 8), readonly=True,
        default=lambda self: self.env["crm.prospect.dedup.rule"]._prior(),
        help="Learned: the probability that two partners picked at random are the same.")
    trained = fields.Char("Weights learned", readonly=True, default=lambda self: self._trained())

    @api.model
    def _trained(self):
        latest = self.env["crm.prospect.dedup.training"]._latest()
        if not latest:
            return _("not yet: the defaults are used")
        moment = fields.Datetime.context_timestamp(
            self, fields.Datetime.from_string(latest["create_date"]))
        return _("on %s, from %s partners and %s candidate pairs") % (
            moment.strftime("%Y-%m-%d %H:%M"), latest["partner_count"], latest["pair_count"])

    @api.multi
    def action_save(self):
        ensure_one_record(self)
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(_("Only CRM managers can change the duplicate detection."))
        self.env["crm.prospect.dedup.rule"]._save_threshold(self.threshold)
        save_prevention_settings(self.env, self.nightly, self.block_threshold)
        return {"type": "ir.actions.act_window_close"}
