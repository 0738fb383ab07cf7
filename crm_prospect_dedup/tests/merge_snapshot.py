"""Every row that points to some partners, read from PostgreSQL's catalog
(independently of the merge journal's own snapshot), to compare a database
before a merge and after its undo."""


def partner_family(env, partner_ids):
    """The partners and their contacts and addresses."""
    env.cr.execute("SELECT id FROM res_partner WHERE id = ANY(%s) OR parent_id = ANY(%s)",
                   (list(partner_ids), list(partner_ids)))
    return sorted({row[0] for row in env.cr.fetchall()})


def _skipped_tables(env):
    """Wizards and the merge journal: made by the test's steps themselves."""
    skipped = set()
    for name in env.registry:
        model = env[name]
        if model._transient or name.startswith("crm.prospect.dedup.merge.journal"):
            skipped.add(model._table)
            skipped |= {field.relation for field in model._fields.values()
                        if field.type == "many2many"}
    return skipped


def _conditions(env):
    """{table: [condition]} on the params `ids` and `refs`."""
    cr = env.cr
    found = {"res_partner": ["t.id = ANY(%(ids)s)"],
             "ir_property": ["t.res_id = ANY(%(refs)s) OR t.value_reference = ANY(%(refs)s)"]}
    cr.execute("""
        SELECT c.relname, a.attname FROM pg_constraint k
          JOIN pg_class c ON c.oid = k.conrelid
          JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
         WHERE k.contype = 'f' AND k.confrelid = 'res_partner'::regclass
    """)
    for table, column in cr.fetchall():
        found.setdefault(table, []).append('t."%s" = ANY(%%(ids)s)' % column)
    cr.execute("""
        SELECT r.table_name, m.column_name FROM information_schema.columns r
          JOIN information_schema.columns m ON m.table_name = r.table_name
           AND m.table_schema = r.table_schema AND m.column_name IN ('res_model', 'model')
         WHERE r.table_schema = current_schema() AND r.column_name = 'res_id'
           AND r.data_type = 'integer'
    """)
    for table, column in cr.fetchall():
        found.setdefault(table, []).append(
            "t.\"%s\" = 'res.partner' AND t.res_id = ANY(%%(ids)s)" % column)
    return found


def reference_snapshot(env, partner_ids, last_message_id=None):
    """{table: sorted rows (JSON text)} of the rows that point to PARTNER_IDS;
    messages after LAST_MESSAGE_ID (and what points to them) left out."""
    cr = env.cr
    skipped = _skipped_tables(env)
    params = {"ids": list(partner_ids), "refs": ["res.partner,%d" % i for i in partner_ids],
              "last": last_message_id or 2 ** 31 - 1}
    cr.execute("SELECT table_name FROM information_schema.columns "
               "WHERE table_schema = current_schema() AND column_name = 'mail_message_id'")
    with_message = {row[0] for row in cr.fetchall()}
    snapshot = {}
    for table, conditions in sorted(_conditions(env).items()):
        if table in skipped:
            continue
        where = "(%s)" % " OR ".join("(%s)" % c for c in conditions)
        if table == "mail_message":
            where += " AND t.id <= %(last)s"
        elif table in with_message:
            where += " AND t.mail_message_id <= %(last)s"
        cr.execute('SELECT to_jsonb(t)::text FROM "%s" t WHERE %s ORDER BY 1' % (table, where),
                   params)
        rows = [row[0] for row in cr.fetchall()]
        if rows:
            snapshot[table] = rows
    return snapshot
