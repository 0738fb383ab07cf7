from odoo import fields, models


class CrmProspectDedupMergeJournalLine(models.Model):
    """One row that a merge changed, dropped or added, with what undo needs
    to put it back: the old and new values of the columns it changed (JSON),
    the whole row it dropped, the row it added. Written by SQL with the
    journal (see crm.prospect.dedup.merge.snapshot)."""

    _name = "crm.prospect.dedup.merge.journal.line"
    _description = "Row changed by a merge"
    _order = "journal_id, table_name, row_id, id"
    _dedup_merge_history = True

    journal_id = fields.Many2one("crm.prospect.dedup.merge.journal", "Merge journal entry",
                                 required=True, readonly=True, index=True, ondelete="cascade")
    kind = fields.Selection([("changed", "Re-pointed or changed"),
                             ("dropped", "Dropped as a duplicate"),
                             ("added", "Added")], "Change", readonly=True)
    table_name = fields.Char("Table", readonly=True)
    row_id = fields.Integer("Row", readonly=True,
                            help="The row's id (empty for a row of a many2many table).")
    old_values = fields.Text("Before", readonly=True)
    new_values = fields.Text("After", readonly=True)
