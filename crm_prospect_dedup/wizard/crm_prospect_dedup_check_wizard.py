from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_prospect_status.models.record_ids import (ensure_one_record, is_record_ids,
                                                              is_search_domain)

from .search_filter_name import search_filter_name

PROSPECT_ACTION = "crm_prospect_status.res_partner_action_prospect"


class CrmProspectDedupCheckWizard(models.TransientModel):
    """Action menu > Check duplicates: what to check, then a check record
    that runs in the background."""

    _name = "crm.prospect.dedup.check.wizard"
    _inherit = "crm.prospect.readable.mixin"
    _description = "Check duplicates"

    selection = fields.Selection([
        ("selected", "The selected records"),
        ("domain", "Every record of the current filter"),
    ], "Check", required=True, default="selected")
    partner_ids = fields.Many2many("res.partner", string="Selected records")
    domain = fields.Char("Current filter", default="[]")
    filter_name = fields.Char("Name of the current filter")
    scope = fields.Selection([
        ("among", "Among these records"),
        ("all", "These records against every contact"),
    ], "Compare", required=True, default="among")
    threshold = fields.Float(
        digits=(3, 2), required=True,
        default=lambda self: self.env["crm.prospect.dedup.rule"]._default_threshold(),
        help="Lowest score of a pair of likely duplicates, between 0 and 1.")
    selected_count = fields.Integer(compute="_compute_counts", string="Selected")
    domain_count = fields.Integer(compute="_compute_counts", string="In the current filter")

    @api.model
    def default_get(self, field_names):
        values = super(CrmProspectDedupCheckWizard, self).default_get(field_names)
        context = self.env.context
        if context.get("active_model") == "res.partner":
            ids = context.get("active_ids") or []
            if not is_record_ids(ids):
                raise UserError(_("The selected records are given by a list of ids, not by %r.")
                                % (ids,))
            values["partner_ids"] = [(6, 0, ids)]
            domain = context.get("active_domain")
            if domain is None:
                action = self.env.ref(PROSPECT_ACTION)
                domain = safe_eval(action.domain or "[]")
            if not is_search_domain(domain):
                raise UserError(_("The domain must be a list of conditions, such as "
                                  "[('is_prospect', '=', True)]."))
            # (checked against the partners when the check is started)
            values["domain"] = repr(list(domain))
            values["filter_name"] = search_filter_name(
                self.env, self.env.ref(PROSPECT_ACTION), domain)
            values["selection"] = "selected" if len(ids) > 1 else "domain"
        return values

    @api.depends("partner_ids", "domain")
    def _compute_counts(self):
        partners = self.env["res.partner"]
        for wizard in self:
            wizard.selected_count = len(wizard.partner_ids)
            try:
                wizard.domain_count = partners.search_count(
                    partners._dedup_domain_from_text(wizard.domain or "[]"))
            except UserError:
                wizard.domain_count = 0

    @api.multi
    def _check_domain(self):
        """The domain of the partners to check, as text."""
        self.ensure_one()
        if self.selection == "selected":
            if len(self.partner_ids) < 2 and self.scope == "among":
                raise UserError(_(
                    "Select at least two records to check them for duplicates among "
                    "themselves, or check every record of the current filter."))
            if not self.partner_ids:
                raise UserError(_("Select at least one record to check."))
            return repr([("id", "in", self.partner_ids.ids)])
        return repr(self.env["res.partner"]._dedup_domain_from_text(self.domain or "[]"))

    @api.multi
    def action_check(self):
        """Create the check, start it in the background, and show it."""
        ensure_one_record(self)
        rules = self.env["crm.prospect.dedup.rule"]
        check = self.env["crm.prospect.dedup.check"].create({
            "domain": self._check_domain(),
            "filter_name": self.filter_name if self.selection == "domain" else False,
            "scope": self.scope,
            "threshold": rules._check_threshold(self.threshold),
        })
        check.action_start()
        return {
            "type": "ir.actions.act_window",
            "name": _("Duplicate check"),
            "res_model": "crm.prospect.dedup.check",
            "res_id": check.id,
            "view_mode": "form",
            "target": "current",
        }
