from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record


class CrmProspectDedupGroup(models.Model):
    """Partners that a check found to be likely duplicates, with a score and
    the reasons, to review: dismiss, or merge."""

    _name = "crm.prospect.dedup.group"
    _description = "Group of likely duplicates"
    _order = "score desc, id"

    check_id = fields.Many2one("crm.prospect.dedup.check", "Check", required=True, index=True,
                               ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True, index=True)
    partner_ids = fields.Many2many("res.partner", "crm_prospect_dedup_group_partner_rel",
                                   "group_id", "partner_id", "Partners", readonly=True)
    partner_count = fields.Integer("Partners", readonly=True)
    score = fields.Float(digits=(3, 2), readonly=True, group_operator="max",
                         help="The lowest score of the pairs that link the group, from 0 to 1.")
    score_percent = fields.Char("Score", compute="_compute_score_percent")
    reasons = fields.Char("Reason codes", readonly=True,
                          help="comparison:level:weight of each reason, strongest first")
    reason_text = fields.Char("Reasons", compute="_compute_reason_text")
    partner_names = fields.Char("Names", compute="_compute_partner_names")
    state = fields.Selection([
        ("open", "To review"),
        ("dismissed", "Not duplicates"),
        ("merged", "Merged"),
    ], default="open", required=True, readonly=True, index=True)

    @api.model
    def _encode_reasons(self, reasons):
        """The stored form of (comparison, level, weight) reasons."""
        return ",".join("%s:%s:%.2f" % tuple(reason) for reason in reasons)

    @api.model
    def _decode_reasons(self, text):
        reasons = []
        for item in (text or "").split(","):
            parts = item.split(":")
            if len(parts) == 3:
                try:
                    reasons.append((parts[0], parts[1], float(parts[2])))
                except ValueError:
                    continue
        return reasons

    @api.model
    def _reason_text(self, reasons):
        """Each (comparison, level, weight) reason in the user's language:
        "same zip (+9.4)", "different street (-3.7)"."""
        return self._reason_texts([reasons])[0]

    @api.model
    def _reason_texts(self, reasons_list):
        """_reason_text of each list of reasons of `reasons_list`."""
        fields_ = dict(self.env["crm.prospect.dedup.rule"]._fields["field"]
                       ._description_selection(self.env))
        phrases = {
            "exact": _("same %s"),
            "close": _("%s close"),
            "near": _("%s alike"),
            "else": _("different %s"),
            "swapped": _("given name and surname swapped"),
            "surname": _("same surname, other given name"),
            "given": _("same given name, other surname"),
        }
        result = []
        for reasons in reasons_list:
            texts = []
            for comparison, level, weight in reasons:
                label = fields_.get(comparison, comparison)
                phrase = phrases.get(level, "%s " + level)
                text = phrase % label if "%s" in phrase else phrase
                texts.append("%s (%+.1f)" % (text, weight))
            result.append(texts)
        return result

    @api.depends("score")
    def _compute_score_percent(self):
        for group in self:
            group.score_percent = "%d%%" % round(group.score * 100)

    @api.depends("reasons")
    def _compute_reason_text(self):
        texts = self._reason_texts([self._decode_reasons(group.reasons) for group in self])
        for group, text in zip(self, texts):
            group.reason_text = ", ".join(text)

    @api.depends("partner_ids")
    def _compute_partner_names(self):
        for group in self:
            group.partner_names = " / ".join(group.partner_ids.mapped("display_name"))

    @api.multi
    def action_dismiss(self):
        """Not duplicates: remember every pair of the group so that it is not
        proposed again."""
        for group in self:
            if group.state != "open":
                raise UserError(_("Only a group to review can be dismissed."))
            self.env["crm.prospect.dedup.dismissal"]._dismiss(group.partner_ids.ids)
        self.write({"state": "dismissed"})
        return True

    @api.multi
    def action_reopen(self):
        """Back to review: the pairs of the group may be proposed again."""
        for group in self.filtered(lambda g: g.state == "dismissed"):
            self.env["crm.prospect.dedup.dismissal"]._undismiss(group.partner_ids.ids)
        self.filtered(lambda g: g.state == "dismissed").write({"state": "open"})
        return True

    @api.multi
    def action_merge(self):
        """Open the merge wizard on the partners of the group."""
        ensure_one_record(self)
        if self.state != "open":
            raise UserError(_("Only a group to review can be merged."))
        return self.env["crm.prospect.dedup.merge.wizard"].with_context(
            active_model="res.partner", active_ids=self.partner_ids.ids,
            dedup_group_id=self.id)._open_for_partners(self.partner_ids.ids, group=self)
