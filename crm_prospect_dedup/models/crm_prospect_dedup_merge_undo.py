import psycopg2

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.crm_prospect_status.models.record_ids import (ensure_one_record,
                                                              lock_or_retry_later)

from .crm_prospect_dedup_merge_snapshot import MAGIC_COLUMNS

LINES = "crm_prospect_dedup_merge_journal_line"
LISTED = 10


class CrmProspectDedupMergeJournal(models.Model):
    """Undo a merge from its journal: the rows it changed get their old
    values back, the rows it dropped come back with their ids, the rows it
    added go (its chatter line, the united sets); the merged records are
    active again. Refused, changing nothing, when that would not give back
    what the merge took."""

    _inherit = "crm.prospect.dedup.merge.journal"

    @api.multi
    def action_undo(self):
        """Undo the merge; refused when a row it changed has changed since."""
        return self._undo(keep_changed=False)

    @api.multi
    def action_undo_keep_changed(self):
        """Undo the merge but for the rows changed since, which stay as they are."""
        return self._undo(keep_changed=True)

    def _undo(self, keep_changed):
        ensure_one_record(self)
        lock_or_retry_later(self, _("Undo"))
        self.invalidate_cache()
        journal = self.sudo()
        if journal.state != "done":
            raise UserError(_("This merge was already undone by %s on %s.")
                            % (journal.undo_user_id.name, journal.undo_date))
        partners = self._check_undo_partners()
        lock_or_retry_later(partners, _("Undo"))
        self._check_no_later_merge()
        changed = journal._changed_lines()
        if changed and not keep_changed:
            raise UserError(_(
                "This merge cannot be undone as it is: since the merge, these rows were changed, "
                "moved again or deleted: %s. Use \"Undo, keeping the changed rows\" to restore "
                "everything else and leave them as they are now.") % self._describe(changed))
        note = changed and _("Left as they are now (changed since the merge): %s.") \
            % self._describe(changed) or False
        journal._apply_undo(changed.ids)
        if journal.group_id.state == "merged":
            journal.group_id.write({"state": "open"})
        journal.write({"state": "undone", "undo_user_id": self.env.uid,
                       "undo_date": fields.Datetime.now(), "undo_note": note})
        self._post_undone(partners, note)
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": journal.kept_partner_id.id,
            "view_mode": "form",
            "target": "current",
        }

    # -- refusals ------------------------------------------------------------------

    def _check_undo_partners(self):
        """The partners of the merge, refusing when one was deleted, or when
        the user could not have made the merge (a partner hidden or not
        writable, a company set of a company the user is not in)."""
        ids = self._partner_ids()
        partners = self.env["res.partner"].with_context(active_test=False)
        existing = partners.sudo().browse(ids).exists()
        if len(existing) < len(ids):
            raise UserError(_("Records of this merge were deleted since (#%s): it cannot be "
                              "undone.") % ", ".join(str(i) for i in set(ids) - set(existing.ids)))
        visible = partners.search([("id", "in", ids)])
        try:
            if len(visible) < len(ids):
                raise AccessError("hidden")
            visible.check_access_rights("write")
            visible.check_access_rule("write")
        except AccessError:
            raise UserError(_("You could not have made this merge (some of its records are "
                              "hidden from you or you may not change them), so you cannot "
                              "undo it."))
        outside = self.sudo().concerned_company_ids - self.env.user.company_ids
        if outside and self.env.uid != SUPERUSER_ID:
            raise UserError(_(
                "This merge changed what %s see(s), and undoing it would change it back: only "
                "a user of every company concerned can undo it.")
                % ", ".join(outside.mapped("name")))
        return visible

    def _check_no_later_merge(self):
        later = self.sudo().search([
            ("id", ">", self.id), ("state", "=", "done"), "|",
            ("kept_partner_id", "in", self._partner_ids()),
            ("merged_partner_ids", "in", self._partner_ids())], order="id", limit=1)
        if later:
            raise UserError(_(
                "A later merge involves the same records: %s (%s, by %s). Undo the later "
                "one first.") % (later.name, later.date, later.user_id.name))

    def _changed_lines(self):
        """The lines whose row changed since the merge: deleted, or a column
        that the merge changed holds another value now."""
        cr = self.env.cr
        cr.execute("SELECT DISTINCT table_name FROM %s WHERE journal_id = %%s "
                   "AND kind = 'changed'" % LINES, (self.id,))
        found = []
        for (table,) in cr.fetchall():
            cr.execute("SELECT to_regclass(%s) IS NOT NULL", ('"%s"' % table,))
            if not cr.fetchone()[0]:
                cr.execute("SELECT id FROM %s WHERE journal_id = %%s AND table_name = %%s"
                           % LINES, (self.id, table))
            else:
                # sql-safe: the table name comes from the journal's own lines, checked above
                cr.execute("""
                    SELECT l.id FROM %s l LEFT JOIN "%s" t ON t.id = l.row_id
                     WHERE l.journal_id = %%s AND l.table_name = %%s AND l.kind = 'changed'
                       AND (t.id IS NULL OR NOT to_jsonb(t) @> (l.new_values::jsonb - %%s::text[]))
                """ % (LINES, table), (self.id, table, list(MAGIC_COLUMNS)))
            found += [row[0] for row in cr.fetchall()]
        return self.env["crm.prospect.dedup.merge.journal.line"].sudo().browse(sorted(found))

    @api.model
    def _describe(self, lines):
        """'Opportunity #12, Contact #40, ... and 3 more'."""
        labels = {}
        for name in self.env.registry:
            model = self.env[name]
            if not model._abstract and model._auto:
                labels.setdefault(model._table, model._description)
        items = ["%s #%s" % (labels.get(line.table_name, line.table_name), line.row_id or "-")
                 for line in lines[:LISTED]]
        if len(lines) > LISTED:
            items.append(_("and %d more") % (len(lines) - LISTED))
        return ", ".join(items)

    # -- restoring -----------------------------------------------------------------

    def _apply_undo(self, skipped_ids):
        """Put the rows back as superuser, by SQL, one statement per table
        and kind; a clash with a row made since refuses the whole undo."""
        cr = self.env.cr
        try:
            with cr.savepoint():
                self._undo_added()
                self._undo_changed(skipped_ids)
                self._undo_dropped()
        except psycopg2.IntegrityError as error:
            raise UserError(_("The merge cannot be undone: a row it would put back clashes "
                              "with one made since (%s).") % (error.diag.message_primary,))
        self.env.cache.invalidate()

    def _line_tables(self, kind):
        self.env.cr.execute("SELECT DISTINCT table_name FROM %s WHERE journal_id = %%s "
                            "AND kind = %%s ORDER BY 1" % LINES, (self.id, kind))
        tables = [row[0] for row in self.env.cr.fetchall()]
        keyed = self.env["crm.prospect.dedup.merge.snapshot"]._keyed_tables(tables)
        # rows with an id first: the rows of many2many tables may point to them
        return sorted(tables, key=lambda table: (table not in keyed, table)), keyed

    def _columns(self, table):
        self.env.cr.execute("SELECT column_name FROM information_schema.columns "
                            "WHERE table_schema = current_schema() AND table_name = %s "
                            "ORDER BY ordinal_position", (table,))
        return [row[0] for row in self.env.cr.fetchall()]

    def _undo_added(self):
        cr = self.env.cr
        tables, keyed = self._line_tables("added")
        for table in tables:
            if table in keyed:
                # sql-safe: the table name comes from the journal's lines and the catalog
                cr.execute('DELETE FROM "%s" WHERE id IN (SELECT row_id FROM %s WHERE '
                           "journal_id = %%s AND table_name = %%s AND kind = 'added')"
                           % (table, LINES), (self.id, table))
                continue
            same = " AND ".join('t."%s" = r."%s"' % (c, c) for c in self._columns(table))
            # sql-safe: the table and column names come from the journal's lines and the catalog
            cr.execute("""
                DELETE FROM "%s" t USING (
                    SELECT (jsonb_populate_record(NULL::"%s", l.new_values::jsonb)).*
                      FROM %s l WHERE l.journal_id = %%s AND l.table_name = %%s
                       AND l.kind = 'added') r
                 WHERE %s
            """ % (table, table, LINES, same), (self.id, table))

    def _undo_changed(self, skipped_ids):
        cr = self.env.cr
        cr.execute("""
            SELECT table_name, keys FROM (
                SELECT DISTINCT table_name,
                       ARRAY(SELECT jsonb_object_keys(old_values::jsonb) ORDER BY 1) AS keys
                  FROM %s WHERE journal_id = %%s AND kind = 'changed' AND NOT (id = ANY(%%s))
            ) s ORDER BY 1, 2
        """ % LINES, (self.id, list(skipped_ids)))
        for table, keys in cr.fetchall():
            assignments = ", ".join('"%s" = r."%s"' % (key, key) for key in keys)
            # sql-safe: table and column names come from the journal's lines (the catalog's)
            cr.execute("""
                UPDATE "%s" t SET %s FROM (
                    SELECT l.row_id AS undo_row_id,
                           (jsonb_populate_record(NULL::"%s", l.old_values::jsonb)).*
                      FROM %s l
                     WHERE l.journal_id = %%s AND l.table_name = %%s AND l.kind = 'changed'
                       AND NOT (l.id = ANY(%%s))
                       AND ARRAY(SELECT jsonb_object_keys(l.old_values::jsonb) ORDER BY 1)
                           = %%s::text[]) r
                 WHERE t.id = r.undo_row_id
            """ % (table, assignments, table, LINES), (self.id, table, list(skipped_ids), keys))

    def _undo_dropped(self):
        cr = self.env.cr
        tables, _keyed = self._line_tables("dropped")
        for table in tables:
            # sql-safe: the table name comes from the journal's lines and the catalog
            cr.execute("""
                INSERT INTO "%s" SELECT (jsonb_populate_record(NULL::"%s", l.old_values::jsonb)).*
                  FROM %s l WHERE l.journal_id = %%s AND l.table_name = %%s AND l.kind = 'dropped'
                 ORDER BY l.row_id
            """ % (table, table, LINES), (self.id, table))

    def _post_undone(self, partners, note):
        """A chatter line on every partner of the merge."""
        sender = {} if self.env.user.email else {"email_from": self.env.user.name}
        body = _("The merge of %s into %s was undone (%s): they are separate records again.") % (
            ", ".join(self.sudo().merged_partner_ids.mapped("display_name")),
            self.sudo().kept_partner_id.display_name, self._link())
        if note:
            body += "<br/>" + note
        for partner in partners.with_context(mail_create_nosubscribe=True):
            partner.message_post(body=body, **sender)
