"""Duplicates on import: after the rows of a file are loaded, each new
partner is compared with the partners the user can see (the others of the
file included) by the typing warning's code; the rows that look like an
existing partner or like an earlier row are reported in base_import's
message format, and skipped or flagged when asked."""
import datetime

from odoo import _, api, fields, models

from ..matching.grouping import group_pairs

IMPORT_KEY = "prospect_dedup_import"
IMPORT_MODES = ("report", "skip", "flag")
FLAG_TAG = "crm_prospect_dedup.res_partner_category_possible_duplicate"


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def load(self, fields, data):
        result = super(ResPartner, self).load(fields, data)
        mode = self.env.context.get(IMPORT_KEY)
        if mode not in IMPORT_MODES or not result.get("ids"):
            return result
        same_rows = len(result["ids"]) == len(data)
        findings = self.browse(result["ids"])._dedup_import_findings()
        messages = [self._dedup_import_message(finding, mode, same_rows) for finding in findings]
        if mode == "skip":
            self._dedup_import_skip(findings, result)
        elif mode == "flag":
            self._dedup_import_flag(findings)
        result["messages"] = list(result["messages"]) + messages
        return result

    @api.multi
    def _dedup_import_findings(self):
        """(row, new partner, match, score, reasons, match row or None) of
        each imported partner that looks like an existing partner, or like a
        partner of an earlier row of the file."""
        rows = {partner_id: row for row, partner_id in enumerate(self.ids)}
        findings = []
        for row, partner in enumerate(self):
            for match, score, reasons in partner._dedup_similar_partners():
                other_row = rows.get(match.id)
                if other_row is None or other_row < row:
                    findings.append((row, partner, match, score, reasons, other_row))
                    break
        return findings

    @api.model
    def _dedup_import_message(self, finding, mode, same_rows):
        """A warning of base_import's format about one finding."""
        row, partner, match, score, reasons, other_row = finding
        reason = ", ".join(self.env["crm.prospect.dedup.group"]._reason_text(reasons))
        if other_row is None:
            text = _("\"%s\" looks like the existing partner \"%s\" (%d%%: %s)") % (
                partner.name, match.display_name, round(score * 100), reason)
        else:
            text = _("\"%s\" looks like \"%s\" of another row of the file (%d%%: %s)") % (
                partner.name, match.name, round(score * 100), reason)
        if mode == "skip":
            text = _("%s: not imported") % text
        elif mode == "flag":
            text = _("%s: tagged as a possible duplicate") % text
        message = {"type": "warning", "message": text, "record": row,
                   "partner_id": match.id, "score": score}
        if same_rows:
            message["rows"] = {"from": row, "to": row}
        return message

    @api.model
    def _dedup_import_skip(self, findings, result):
        """Remove the partners of the duplicate rows, which this import has
        just created (as the superuser: a salesperson may create partners
        but not delete them)."""
        skipped = {finding[1].id for finding in findings}
        self.browse(sorted(skipped)).sudo().unlink()
        result["ids"] = [pid for pid in result["ids"] if pid not in skipped]

    @api.model
    def _dedup_import_flag(self, findings):
        """Tag the duplicate rows and list them, with their match, as groups of
        a check of the duplicate list."""
        if not findings:
            return
        tag = self.env.ref(FLAG_TAG)
        new = self.browse([finding[1].id for finding in findings])
        new.write({"category_id": [(4, tag.id)]})
        groups = group_pairs([(finding[1].id, finding[2].id, finding[3], finding[4])
                              for finding in findings])
        checks = self.env["crm.prospect.dedup.check"]
        when = fields.Datetime.context_timestamp(self, datetime.datetime.utcnow())
        check = checks.create({
            "name": _("Duplicates found while importing – %s") % when.strftime("%Y-%m-%d %H:%M"),
            "domain": repr([("id", "in", new.ids)]), "scope": "all"})
        check._save_groups(groups)
        check._set_run_state({"state": "done", "step": "done", "progress": 100.0,
                              "partner_count": len(new), "partners_done": len(new),
                              "date_start": fields.Datetime.now(),
                              "date_end": fields.Datetime.now()})
