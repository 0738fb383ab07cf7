"""Counts of a smart button, as the user may read them, in one query."""


def counts_by(records, field_name, ids):
    """{id: how many of RECORDS' model's records the user can read have
    FIELD_NAME (a many2one) equal to id}, for IDS. What `read_group` counts
    (the access rights, record rules and archived records alike), without
    reading the display name of each group's partner, which it does."""
    records.check_access_rights("read")
    query = records._where_calc([(field_name, "in", list(ids))])
    records._apply_ir_rules(query, "read")
    # the column as the ORM names it (a project's partner is its analytic account's)
    column = records._inherits_join_calc(records._table, field_name, query)
    from_clause, where_clause, params = query.get_sql()
    # sql-safe: an ORM field's column and the conditions the ORM built
    records.env.cr.execute("SELECT %s, count(*) FROM %s WHERE %s GROUP BY 1" % (
        column, from_clause, where_clause), params)
    return dict(records.env.cr.fetchall())
