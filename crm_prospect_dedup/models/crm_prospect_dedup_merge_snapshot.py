from odoo import api, models, tools

SNAPSHOT_TABLE = "crm_prospect_dedup_merge_snapshot_rows"
# changing these on a row is no change of its content (undo puts them back too)
MAGIC_COLUMNS = ("write_date", "write_uid")


class CrmProspectDedupMergeSnapshot(models.AbstractModel):
    """Set-based snapshots of every row that points to the partners of a
    merge, taken before and after it: their difference is the journal.

    The rows are those the merge itself reaches (see
    base_partner_merge_automatic_wizard.py): the columns that hold a partner
    id (foreign keys and fields), the (model, res_id) pairs, the reference
    fields and the company-dependent values; the partners' own rows and
    those of their contacts; the sets of the partners and their contacts; and
    the rows that would go with a dropped row (ON DELETE CASCADE, e.g. the
    subtypes of a follower)."""

    _name = "crm.prospect.dedup.merge.snapshot"
    _description = "Snapshot of the rows a merge changes"

    @api.model
    def _family(self, partner_ids):
        """The partners and their contacts (whose sets follow theirs)."""
        self.env.cr.execute("""
            SELECT id FROM res_partner
             WHERE id = ANY(%s) OR parent_id = ANY(%s) OR commercial_partner_id = ANY(%s)
        """, (list(partner_ids),) * 3)
        return sorted({row[0] for row in self.env.cr.fetchall()} | set(partner_ids))

    @tools.ormcache()
    def _plan(self):
        """((table, SQL conditions), ...) and the tables whose rows have an id:
        read from the registry and the catalog once per registry (a module
        installed makes a new one)."""
        sources = self._sources()
        return (tuple(sorted((table, tuple(conditions)) for table, conditions in sources.items())),
                frozenset(self._keyed_tables(sources)))

    @api.model
    def _sources(self):
        """{table: [SQL condition, ...]} with the named params `ids`, `family`
        and `refs`: the rows of each table that the merge may change."""
        merge = self.env["base.partner.merge.automatic.wizard"]
        sources = {"res_partner": ["t.id = ANY(%(family)s)"]}

        def add(table, condition):
            sources.setdefault(table, []).append(condition)

        for table, column in merge._dedup_partner_columns():
            # sql-safe: names read from the database catalog
            add(table, 't."%s" = ANY(%%(ids)s)' % column)
        for table, column, _other in merge._dedup_own_sets():
            # sql-safe: names read from the database catalog
            add(table, 't."%s" = ANY(%%(family)s)' % column)
        for table, model_column in merge._dedup_res_id_columns():
            # sql-safe: names read from the database catalog
            add(table, "t.\"%s\" = 'res.partner' AND t.res_id = ANY(%%(ids)s)" % model_column)
        for table, column in merge._dedup_reference_columns():
            # sql-safe: names read from the database catalog
            add(table, 't."%s" = ANY(%%(refs)s)' % column)
        add("ir_property", "(t.res_id = ANY(%(refs)s) OR t.value_reference = ANY(%(refs)s))")
        droppable = self._droppable_tables(merge)
        for table in [table for table in sources if table in droppable]:
            for child, column in self._cascading_children(table):
                # sql-safe: names read from the database catalog; values as params
                add(child, 't."%s" IN (SELECT t.id FROM "%s" t WHERE %s)' % (
                    column, table, " OR ".join(sources[table])))
        return sources

    @api.model
    def _droppable_tables(self, merge):
        """Tables where the merge may delete a row (a unique index on the
        column it re-points)."""
        found = set()
        columns = merge._dedup_partner_columns() + [
            (table, "res_id") for table, _model in merge._dedup_res_id_columns()]
        for table, column in columns:
            if any(column in index for index, _predicate in merge._dedup_unique_indexes(table)):
                found.add(table)
        return found

    @api.model
    def _cascading_children(self, table):
        """(table, column) of the foreign keys to TABLE's id that delete with it."""
        self.env.cr.execute("""
            SELECT c.relname, a.attname
              FROM pg_constraint k
              JOIN pg_class c ON c.oid = k.conrelid
              JOIN pg_class p ON p.oid = k.confrelid
              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
             WHERE k.contype = 'f' AND k.confdeltype = 'c' AND p.relname = %s
               AND array_length(k.conkey, 1) = 1
        """, (table,))
        return self.env.cr.fetchall()

    @api.model
    def _keyed_tables(self, tables):
        """The tables among TABLES whose rows have an id."""
        self.env.cr.execute("""
            SELECT table_name FROM information_schema.columns
             WHERE table_schema = current_schema() AND column_name = 'id'
               AND table_name = ANY(%s)
        """, (list(tables),))
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _start(self, partner_ids):
        """Snapshot the rows before the merge; returns what `_finish` needs."""
        family = self._family(partner_ids)
        params = {"ids": list(partner_ids), "family": family,
                  "refs": ["res.partner,%d" % i for i in partner_ids]}
        sources, keyed = self._plan()
        cr = self.env.cr
        cr.execute("CREATE TEMP TABLE IF NOT EXISTS %s (phase char(1), tbl text, key integer, "
                   "row jsonb) ON COMMIT DROP" % SNAPSHOT_TABLE)
        cr.execute("TRUNCATE %s" % SNAPSHOT_TABLE)
        state = {"params": params, "sources": sources, "keyed": keyed}
        self._take("b", state)
        return state

    @api.model
    def _take(self, phase, state):
        cr = self.env.cr
        for table, conditions in state["sources"]:
            key = "t.id" if table in state["keyed"] else "NULL"
            # sql-safe: names read from the database catalog; values as params
            cr.execute('INSERT INTO %s SELECT %%(phase)s, %%(table)s, %s, to_jsonb(t) '
                       'FROM "%s" t WHERE %s' % (SNAPSHOT_TABLE, key, table,
                                                 " OR ".join("(%s)" % c for c in conditions)),
                       dict(state["params"], phase=phase, table=table))

    @api.model
    def _finish(self, state, journal):
        """Snapshot the rows after the merge and write their differences as
        the lines of JOURNAL: rows changed (the old and new values of the
        columns that changed), dropped (the whole row) and added (its key, or
        the whole row of a table without id)."""
        self.env["res.partner"].recompute()
        self._take("a", state)
        cr = self.env.cr
        # sql-safe: the snapshot table's name is a constant
        cr.execute("""
            INSERT INTO crm_prospect_dedup_merge_journal_line
                   (journal_id, kind, table_name, row_id, old_values, new_values)
            SELECT %(journal)s, 'changed', b.tbl, b.key, d.old::text, d.new::text
              FROM {snap} b
              JOIN {snap} a ON a.phase = 'a' AND a.tbl = b.tbl AND a.key = b.key
             CROSS JOIN LATERAL (
                   SELECT jsonb_object_agg(k, b.row -> k) AS old,
                          jsonb_object_agg(k, a.row -> k) AS new
                     FROM jsonb_object_keys(b.row) k
                    WHERE b.row -> k IS DISTINCT FROM a.row -> k) d
             WHERE b.phase = 'b' AND b.row <> a.row
            UNION ALL
            SELECT %(journal)s, 'dropped', b.tbl, b.key, b.row::text, NULL
              FROM {snap} b
             WHERE b.phase = 'b' AND NOT EXISTS (
                   SELECT 1 FROM {snap} a WHERE a.phase = 'a' AND a.tbl = b.tbl
                      AND (a.key = b.key OR (b.key IS NULL AND a.row = b.row)))
            UNION ALL
            SELECT %(journal)s, 'added', a.tbl, a.key, NULL, a.row::text
              FROM {snap} a
             WHERE a.phase = 'a' AND NOT EXISTS (
                   SELECT 1 FROM {snap} b WHERE b.phase = 'b' AND b.tbl = a.tbl
                      AND (b.key = a.key OR (a.key IS NULL AND b.row = a.row)))
        """.format(snap=SNAPSHOT_TABLE), {"journal": journal.id})
        cr.execute("TRUNCATE %s" % SNAPSHOT_TABLE)
