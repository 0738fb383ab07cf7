import logging

from odoo import api, models

_logger = logging.getLogger(__name__)


class MergePartnerAutomatic(models.TransientModel):
    """Odoo's merge machinery, made lossless for "Merge duplicates".

    Odoo's `_update_foreign_keys` finds every column that points to a partner
    (`_get_fk_on`), but when re-pointing a column hits a unique constraint it
    deletes *every* row of the merged partners in that table (a follower of
    two documents loses both when the kept partner follows one). Here only
    the rows that would duplicate a row of the kept partner are dropped, and
    the columns known to the ORM but without a foreign key, the (model,
    res_id) pairs and the reference fields are re-pointed too.
    """

    # a wizard created on partners its user cannot read is refused
    _name = "base.partner.merge.automatic.wizard"
    _inherit = ["base.partner.merge.automatic.wizard", "crm.prospect.readable.mixin"]

    # -- what points to a partner ------------------------------------------------

    @api.model
    def _dedup_transient_tables(self):
        """Tables of wizards, and many2many tables used by wizards only (a
        wizard inheriting mail.message shares some of its tables), and the
        tables of the merge journal (a record of merges, never re-pointed)."""
        tables, wizard_relations, model_relations = set(), set(), set()
        for name in self.env.registry:
            model = self.env[name]
            relations = {field.relation for field in model._fields.values()
                         if field.type == "many2many" and field.store}
            if model._transient or getattr(model, "_dedup_merge_history", False):
                tables.add(model._table)
                wizard_relations |= relations
            else:
                model_relations |= relations
        return tables | (wizard_relations - model_relations)

    @api.model
    def _dedup_partner_columns(self):
        """(table, column) of every stored column that holds a partner id:
        the foreign keys of the schema and the many2one and many2many fields
        of the registry, in real tables, outside wizards."""
        columns = set(self._get_fk_on("res_partner"))
        for name in self.env.registry:
            model = self.env[name]
            if model._abstract or not model._auto:
                continue
            for field in model._fields.values():
                if not field.store or field.comodel_name != "res.partner" or field.inherited:
                    continue
                if field.type == "many2one":
                    columns.add((model._table, field.name))
                elif field.type == "many2many":
                    columns.add((field.relation, field.column2))
        skipped = self._dedup_transient_tables()
        self.env.cr.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)",
            (sorted({table for table, _column in columns}),))
        tables = {row[0] for row in self.env.cr.fetchall()} - skipped
        own_sets = {(table, column) for table, column, _other in self._dedup_own_sets()}
        return sorted((table, column) for table, column in columns
                      if table in tables and (table, column) not in own_sets)

    @api.model
    def _dedup_own_sets(self):
        """(table, partner column, other column) of the partner's own
        many2many sets (company sets...): not references to the partner but
        its attributes, united into the kept partner. A set that another model
        also declares towards partners (a meeting's attendees, a tag's
        partners) is a reference of that model's records, re-pointed."""
        referenced = set()
        for name in self.env.registry:
            if name == "res.partner":
                continue
            for field in self.env[name]._fields.values():
                if field.type == "many2many" and field.comodel_name == "res.partner":
                    referenced.add(field.relation)
        return sorted({(field.relation, field.column1, field.column2)
                       for field in self.env["res.partner"]._fields.values()
                       if field.type == "many2many" and field.store
                       and field.relation not in referenced})

    @api.model
    def _dedup_res_id_columns(self):
        """(table, model column) of every model that points to any record
        with a pair of fields (res_model or model, res_id): messages,
        followers, activities, attachments, external ids..."""
        found = []
        skipped = self._dedup_transient_tables()
        for name in self.env.registry:
            model = self.env[name]
            if model._abstract or not model._auto or model._table in skipped:
                continue
            res_id = model._fields.get("res_id")
            if not res_id or not res_id.store or res_id.inherited or res_id.type != "integer":
                continue
            for candidate in ("res_model", "model"):
                field = model._fields.get(candidate)
                if field and field.store and not field.inherited \
                        and field.type in ("char", "selection"):
                    found.append((model._table, candidate))
                    break
        return sorted(set(found))

    @api.model
    def _dedup_reference_columns(self):
        """(table, column) of the stored reference fields ("res.partner,42")."""
        found = set()
        for name in self.env.registry:
            model = self.env[name]
            if model._abstract or not model._auto or model._transient:
                continue
            for field in model._fields.values():
                if field.type == "reference" and field.store and not field.compute \
                        and not field.inherited:
                    found.add((model._table, field.name))
        return sorted(found)

    @api.model
    def _dedup_unique_indexes(self, table):
        """[(columns, predicate)] of the unique indexes of `table` (not on expressions)."""
        self.env.cr.execute("""
            SELECT array_agg(a.attname ORDER BY k.ord), pg_get_expr(i.indpred, i.indrelid)
              FROM pg_index i
              JOIN pg_class t ON t.oid = i.indrelid
             CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
             WHERE t.relname = %s AND t.relkind = 'r' AND i.indisunique AND NOT i.indisprimary
               AND i.indexprs IS NULL
             GROUP BY i.indexrelid, i.indpred, i.indrelid
        """, (table,))
        return self.env.cr.fetchall()

    # -- re-pointing ---------------------------------------------------------------

    @api.model
    def _dedup_repoint_column(self, table, column, src_ids, dst_id, where="TRUE", params=()):
        """Point `table`.`column` from `src_ids` to `dst_id` (rows matching
        the fixed SQL condition `where`). Rows that would break a unique
        index because the kept partner already has the same row are deleted
        first (they are duplicates, e.g. a tag both partners had).
        Returns (rows updated, duplicate rows deleted)."""
        cr = self.env.cr
        deleted = 0
        for index_columns, predicate in self._dedup_unique_indexes(table):
            if column not in index_columns:
                continue
            others = [c for c in index_columns if c != column]
            conditions = [where] + ['"%s" IS NOT NULL' % c for c in others]
            if predicate:
                conditions.append("(%s)" % predicate)
            # sql-safe: names read from the database catalog; values as params
            cr.execute("""
                DELETE FROM "%(table)s" WHERE ctid IN (
                    SELECT ctid FROM (
                        SELECT ctid, row_number() OVER (
                                   %(partition)s
                                   ORDER BY ("%(column)s" = %%s) DESC, "%(column)s", ctid
                               ) AS rank
                          FROM "%(table)s"
                         WHERE "%(column)s" = ANY(%%s) AND %(conditions)s
                    ) ranked WHERE rank > 1)
            """ % {"table": table, "column": column, "conditions": " AND ".join(conditions),
                   "partition": ("PARTITION BY %s" % ", ".join('"%s"' % c for c in others))
                   if others else ""},
                (dst_id, [dst_id] + list(src_ids)) + tuple(params))
            deleted += cr.rowcount
        # sql-safe: names read from the database catalog; values as params
        cr.execute('UPDATE "%s" SET "%s" = %%s WHERE "%s" = ANY(%%s) AND %s' % (
            table, column, column, where), (dst_id, list(src_ids)) + tuple(params))
        return cr.rowcount, deleted

    @api.model
    def _dedup_repoint(self, src_partners, dst_partner):
        """Make everything that points to `src_partners` point to
        `dst_partner` (as superuser: every table is concerned). Returns a
        dict (table, column) -> (rows updated, duplicate rows deleted)."""
        src_ids, dst_id = src_partners.ids, dst_partner.id
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        report = {}
        self.env.cr.execute("SELECT id FROM res_partner WHERE parent_id = ANY(%s)", (src_ids,))
        children = partners.browse([row[0] for row in self.env.cr.fetchall()])
        for table, column in self._dedup_partner_columns():
            if table == "res_partner":
                # the merged partners' own row keeps its identity
                result = self._dedup_repoint_column(table, column, src_ids, dst_id,
                                                    "NOT (id = ANY(%s))", (src_ids,))
            else:
                result = self._dedup_repoint_column(table, column, src_ids, dst_id)
            if any(result):
                report[(table, column)] = result
        for table, column, other in self._dedup_own_sets():
            # the merged partners keep theirs (e.g. their company set decides who sees them)
            # sql-safe: names read from the database catalog; values as params
            self.env.cr.execute("""
                INSERT INTO "%(table)s" ("%(column)s", "%(other)s")
                SELECT DISTINCT %%s, s."%(other)s" FROM "%(table)s" s
                 WHERE s."%(column)s" = ANY(%%s) AND NOT EXISTS (
                       SELECT 1 FROM "%(table)s" d
                        WHERE d."%(column)s" = %%s AND d."%(other)s" = s."%(other)s")
            """ % {"table": table, "column": column, "other": other}, (dst_id, src_ids, dst_id))
            if self.env.cr.rowcount:
                report[(table, column)] = (self.env.cr.rowcount, 0)
        for table, model_column in self._dedup_res_id_columns():
            result = self._dedup_repoint_column(
                table, "res_id", src_ids, dst_id, '"%s" = %%s' % model_column, ("res.partner",))
            if any(result):
                report[(table, "res_id")] = result
        for table, column in self._dedup_reference_columns():
            # sql-safe: names read from the database catalog; values as params
            self.env.cr.execute('UPDATE "%s" SET "%s" = %%s WHERE "%s" = ANY(%%s)' % (
                table, column, column), ("res.partner,%d" % dst_id,
                                         ["res.partner,%d" % i for i in src_ids]))
            if self.env.cr.rowcount:
                report[(table, column)] = (self.env.cr.rowcount, 0)
        self._dedup_repoint_properties(src_ids, dst_id, report)
        if children:
            # child contacts and addresses moved by SQL (the ORM would sync them
            # one by one): recompute what depends on their parent (commercial
            # partner, display name), then give them the kept company's stored
            # commercial fields (VAT...) in one write, as Odoo does on a move
            partners.invalidate_cache()
            children.modified(["parent_id", "commercial_partner_id"])
            children.recompute()
            commercial_fields = [name for name in partners._commercial_fields()
                                 if partners._fields[name].store]
            values = dst_partner.sudo().commercial_partner_id._update_fields_values(
                commercial_fields)
            children.filtered(lambda child: not child.is_company).write(values)
            self._dedup_keep_one_default_address(children, dst_partner)
        self._dedup_rewrite_sets(dst_partner, report)
        # pairs dismissed between the merged partners are now the kept one with itself
        self.env.cr.execute("DELETE FROM crm_prospect_dedup_dismissal "
                            "WHERE partner_a_id = partner_b_id")
        self.env["res.partner"].invalidate_cache()
        _logger.info("partners %s merged into %s: %s", src_ids, dst_id,
                     ", ".join("%s.%s %s" % (t, c, r) for (t, c), r in sorted(report.items())))
        return report

    @api.model
    def _dedup_rewrite_sets(self, dst_partner, report):
        """Write the many2many sets united into the kept partner (tags,
        company sets...) through the ORM once, so that what their addons do on
        write (e.g. the company-set mirrors of the sharing rule) follows."""
        dst_partner.invalidate_cache()
        fields = dst_partner._fields
        values = {}
        for name, field in fields.items():
            if field.type == "many2many" and field.store and not field.compute \
                    and (field.relation, field.column1) in report:
                values[name] = [(6, 0, dst_partner.sudo()[name].ids)]
        if values:
            dst_partner.sudo().write(values)

    @api.model
    def _dedup_keep_one_default_address(self, children, dst_partner):
        """Address lines flagged as the default one (crm_prospect_status): the
        kept partner keeps its own, or the first one moved to it."""
        if "is_default_address" not in children._fields:
            return
        defaults = dst_partner.sudo().with_context(active_test=False).child_ids.filtered(
            "is_default_address")
        if len(defaults) > 1:
            own = defaults - children
            keep = own[:1] or defaults.sorted("id")[:1]
            (defaults - keep).write({"is_default_address": False})

    @api.model
    def _dedup_repoint_properties(self, src_ids, dst_id, report):
        """Company-dependent values: those whose value is a merged partner,
        and those of the merged partners that the kept one has not."""
        cr = self.env.cr
        src_refs = ["res.partner,%d" % i for i in src_ids]
        dst_ref = "res.partner,%d" % dst_id
        cr.execute("UPDATE ir_property SET value_reference = %s WHERE value_reference = ANY(%s)",
                   (dst_ref, src_refs))
        moved = cr.rowcount
        for src_ref in src_refs:
            cr.execute("""
                UPDATE ir_property p SET res_id = %s
                 WHERE p.res_id = %s AND NOT EXISTS (
                       SELECT 1 FROM ir_property q
                        WHERE q.res_id = %s AND q.fields_id = p.fields_id
                          AND q.company_id IS NOT DISTINCT FROM p.company_id)
            """, (dst_ref, src_ref, dst_ref))
            moved += cr.rowcount
        if moved:
            report[("ir_property", "res_id")] = (moved, 0)

    # -- proof ---------------------------------------------------------------------

    @api.model
    def _dedup_count_references(self, partner_ids):
        """{(table, column): rows} of everything that points to `partner_ids`
        (not counting their own rows of res_partner): what a merge must carry
        over to the kept partner."""
        cr = self.env.cr
        ids = list(partner_ids)
        counts = {}
        for table, column in self._dedup_partner_columns():
            where = ' AND NOT (id = ANY(%s))' if table == "res_partner" else ""
            # sql-safe: names read from the database catalog; values as params
            cr.execute('SELECT count(*) FROM "%s" WHERE "%s" = ANY(%%s)%s' % (table, column, where),
                       (ids, ids) if where else (ids,))
            counts[(table, column)] = cr.fetchone()[0]
        for table, model_column in self._dedup_res_id_columns():
            # sql-safe: names read from the database catalog; values as params
            cr.execute('SELECT count(*) FROM "%s" WHERE "%s" = %%s AND res_id = ANY(%%s)'
                       % (table, model_column), ("res.partner", ids))
            counts[(table, "res_id")] = cr.fetchone()[0]
        for table, column in self._dedup_reference_columns():
            # sql-safe: names read from the database catalog; values as params
            cr.execute('SELECT count(*) FROM "%s" WHERE "%s" = ANY(%%s)' % (table, column),
                       (["res.partner,%d" % i for i in ids],))
            counts[(table, column)] = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM ir_property "
                   "WHERE res_id = ANY(%s) OR value_reference = ANY(%s)",
                   (["res.partner,%d" % i for i in ids],) * 2)
        counts[("ir_property", "res_id")] = cr.fetchone()[0]
        return {key: count for key, count in counts.items() if count}
