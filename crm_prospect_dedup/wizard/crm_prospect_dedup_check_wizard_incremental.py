from odoo import _, api, fields, models

from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record


class CrmProspectDedupCheckWizard(models.TransientModel):
    """Check duplicates: the records of the current filter created or changed
    since the last incremental check, against every contact."""

    _inherit = "crm.prospect.dedup.check.wizard"

    scope = fields.Selection(selection_add=[
        ("changed", "Those changed since the last such check, against every contact"),
    ])

    @api.multi
    def action_check(self):
        ensure_one_record(self)
        if self.scope != "changed":
            return super(CrmProspectDedupCheckWizard, self).action_check()
        domain = self.env["res.partner"]._dedup_domain_from_text(self.domain or "[]")
        if self.selection == "selected":
            domain = [("id", "in", self.partner_ids.ids)]
        check_id = self.env["crm.prospect.dedup.check"].start_incremental(domain)
        return {"type": "ir.actions.act_window", "name": _("Duplicate check"),
                "res_model": "crm.prospect.dedup.check", "res_id": check_id,
                "view_mode": "form", "target": "current"}
