from odoo import _, api, fields, models

from odoo.addons.crm_prospect_status.models.record_counts import counts_by
from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record


class ResPartner(models.Model):
    """The "Merges" smart button: the merges that kept this partner."""

    _inherit = "res.partner"

    dedup_merge_count = fields.Integer("Merges", compute="_compute_dedup_merge_count")

    @api.multi
    def _compute_dedup_merge_count(self):
        journals = self.env["crm.prospect.dedup.merge.journal"]
        for partner in self:
            partner.dedup_merge_count = 0
        if not journals.check_access_rights("read", raise_exception=False):
            return
        by_partner = counts_by(journals, "kept_partner_id", self.ids)
        for partner in self:
            partner.dedup_merge_count = by_partner.get(partner.id, 0)

    @api.multi
    def action_open_dedup_merges(self):
        """The merge journal of this partner's merges."""
        ensure_one_record(self)
        action = self.env.ref("crm_prospect_dedup.crm_prospect_dedup_merge_journal_action").read()[0]
        action["domain"] = [("kept_partner_id", "=", self.id)]
        action["name"] = _("Merges of %s") % self.display_name
        return action
