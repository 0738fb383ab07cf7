from datetime import timedelta

from odoo import _, api, fields, models

PURGE_DAYS_PARAMETER = "crm_prospect_dedup.merge_journal_days"
DEFAULT_PURGE_DAYS = 365


class CrmProspectDedupMergeJournal(models.Model):
    """One merge, as it was done: the partners, and every row it changed,
    dropped or added (its lines), so that it can be undone.

    Written by the merge itself, as superuser, in the merge's transaction;
    read by the users of the companies that could read every partner of the
    merge (record rule); changed by nobody but the undo."""

    _name = "crm.prospect.dedup.merge.journal"
    _description = "Merge journal"
    _order = "id desc"
    # its rows are a record of merges: a later merge never re-points them
    _dedup_merge_history = True

    name = fields.Char("Summary", readonly=True)
    kept_partner_id = fields.Many2one("res.partner", "Record kept", readonly=True, index=True,
                                      ondelete="set null")
    merged_partner_ids = fields.Many2many(
        "res.partner", "crm_prospect_dedup_merge_journal_partner_rel", "journal_id",
        "partner_id", "Records merged", readonly=True,
        # archived by the merge: shown all the same
        domain=["|", ("active", "=", True), ("active", "=", False)])
    partner_ids_text = fields.Char(
        "Partner ids", readonly=True,
        help="Technical: the ids of the record kept and of the records merged, which stay "
             "known if one of them is deleted.")
    group_id = fields.Many2one("crm.prospect.dedup.group", "Duplicate group", readonly=True,
                               ondelete="set null")
    user_id = fields.Many2one("res.users", "Merged by", readonly=True)
    date = fields.Datetime("Merged on", readonly=True)
    state = fields.Selection([("done", "Merged"), ("undone", "Undone")], "Status",
                             readonly=True, default="done")
    undo_user_id = fields.Many2one("res.users", "Undone by", readonly=True)
    undo_date = fields.Datetime("Undone on", readonly=True)
    undo_note = fields.Text("Left as it is", readonly=True,
                            help="The rows changed since the merge that the undo left as "
                                 "they were.")
    line_ids = fields.One2many("crm.prospect.dedup.merge.journal.line", "journal_id",
                               "Rows changed", readonly=True)
    moved_count = fields.Integer("Rows changed", readonly=True)
    dropped_count = fields.Integer("Duplicate rows dropped", readonly=True)
    visible_to_all = fields.Boolean(
        "Visible to every company", readonly=True,
        help="Technical: every partner of the merge belongs to no company in particular.")
    visible_company_ids = fields.Many2many(
        "res.company", "crm_prospect_dedup_merge_journal_company_rel", "journal_id",
        "company_id", "Visible to", readonly=True,
        help="Technical: the companies whose users could read every partner of the merge.")
    concerned_company_ids = fields.Many2many(
        "res.company", "crm_prospect_dedup_merge_journal_concerned_rel", "journal_id",
        "company_id", "Companies concerned", readonly=True,
        help="The companies for which the merge changed what they see: only a user of all "
             "of them may undo it, as only such a user could make it.")

    @api.model
    def _create_for_merge(self, dst, merged, group=None, concerned=None):
        """The journal of the merge of MERGED into DST, by the current user
        (before its lines: see crm.prospect.dedup.merge.snapshot)."""
        partners = (dst | merged).sudo().with_context(active_test=False)
        visible_to_all, companies = self._companies_seeing_all(partners)
        return self.sudo().create({
            "name": _("%s ← %s") % (dst.sudo().display_name,
                                    ", ".join(merged.sudo().mapped("display_name"))),
            "kept_partner_id": dst.id,
            "merged_partner_ids": [(6, 0, merged.ids)],
            "partner_ids_text": ",".join(str(i) for i in [dst.id] + merged.ids),
            "group_id": group.id if group else False,
            "user_id": self.env.uid,
            "date": fields.Datetime.now(),
            "visible_to_all": visible_to_all,
            "visible_company_ids": [(6, 0, companies.ids)],
            "concerned_company_ids": [(6, 0, concerned.ids if concerned else [])],
        })

    @api.model
    def _companies_seeing_all(self, partners):
        """(every company sees them, the companies that see all PARTNERS):
        as the partners' rule, a company sees a partner of its set or of a
        child company's."""
        every = self.env["res.company"].sudo().search([])
        seeing = every
        visible_to_all = True
        for partner in partners:
            companies = self.env["res.company"].sudo().browse(partner.company_ids.ids)
            if not companies:
                continue
            visible_to_all = False
            ancestors = self.env["res.company"].sudo()
            for company in companies:
                while company:
                    ancestors |= company
                    company = company.parent_id
            seeing &= ancestors
        return visible_to_all, (self.env["res.company"] if visible_to_all else seeing)

    def _finish_merge(self, state):
        """Write the lines of the merge from the snapshot taken before it."""
        self.ensure_one()
        self.env["crm.prospect.dedup.merge.snapshot"]._finish(state, self)
        self.env.cr.execute("""
            SELECT count(*) FILTER (WHERE kind <> 'dropped'), count(*) FILTER (WHERE kind = 'dropped')
              FROM crm_prospect_dedup_merge_journal_line WHERE journal_id = %s
        """, (self.id,))
        moved, dropped = self.env.cr.fetchone()
        self.sudo().write({"moved_count": moved, "dropped_count": dropped})

    def _link(self):
        """HTML link to the journal entry, for a chatter line."""
        return '<a href="#" data-oe-model="%s" data-oe-id="%d">%s</a>' % (
            self._name, self.id, _("merge journal #%d") % self.id)

    def _partner_ids(self):
        return [int(i) for i in (self.partner_ids_text or "").split(",") if i]

    @api.model
    def _cron_purge(self):
        """Delete the entries older than the configured number of days."""
        days = self.env["ir.config_parameter"].sudo().get_param(PURGE_DAYS_PARAMETER)
        try:
            days = int(days) if days else DEFAULT_PURGE_DAYS
        except ValueError:
            days = DEFAULT_PURGE_DAYS
        if days <= 0:
            return 0
        limit = fields.Datetime.to_string(fields.Datetime.from_string(fields.Datetime.now())
                                          - timedelta(days=days))
        old = self.sudo().search([("date", "<", limit)])
        old.unlink()
        return len(old)
