"""The blocking passes of the incremental check but those of its windows
(incremental_windows), anchored on the changed partners: the pairs of the
full check's passes (duplicate_finder) that have a changed partner among
the partners compared, found from the changed partners only.

The full check's passes give every partner of a block the next partners
of its block in name order (window functions, then unnest): over the
thousands of partners near the changed ones, most of that work makes pairs
of two unchanged partners, dropped afterwards. Here each partner gets its
rank in its block, and a changed partner is joined with the partners of the
ranks around its own: the same pairs, one hash join."""
from .duplicate_finder import NAME_WINDOW, PLACE_CHECK_SQL, key_rows_sql, key_window


def _ranked_pairs_sql(rows, partition, order, window, condition):
    """INSERT of the pairs (changed partner, partner at most WINDOW ranks
    before or after it) among ROWS (a SQL query of id, in_domain and the
    columns of PARTITION, ORDER and CONDITION, over aliases s and o), ranked
    in each PARTITION by ORDER then id; its parameter is the pass's number."""
    # sql-safe: fragments from the module's constants; values as params
    return """
        WITH r AS MATERIALIZED (
            SELECT *, row_number() OVER (PARTITION BY {partition} ORDER BY {order}, id) AS rank
              FROM ({rows}) p),
        changed AS MATERIALIZED (SELECT * FROM r WHERE in_domain)
        INSERT INTO dedup_pair (a, b, pass)
        SELECT LEAST(s.id, o.id), GREATEST(s.id, o.id), %s
          FROM changed s CROSS JOIN generate_series(-{window}, {window}) k(step)
          JOIN r o ON ({o_partition}) = ({s_partition}) AND o.rank = s.rank + k.step
         WHERE k.step <> 0 AND o.id <> s.id AND {condition}
    """.format(rows=rows, partition=", ".join(partition), order=order, window=window,
               s_partition=", ".join("s." + column for column in partition),
               o_partition=", ".join("o." + column for column in partition),
               condition=condition)


def key_pass_sql(key, place_checked):
    """The pairs of the blocking pass on KEY (duplicate_finder._key_pass_sql)
    that have a changed partner."""
    # only the blocks of a changed partner are ranked
    rows = ("WITH k AS MATERIALIZED ({rows}) "
            "SELECT * FROM k WHERE key IN (SELECT key FROM k WHERE in_domain)").format(
                rows=key_rows_sql(key, place_checked))
    return _ranked_pairs_sql(rows, ("key", "is_company"), 'name COLLATE "C"', key_window(key),
                             PLACE_CHECK_SQL if place_checked else "TRUE")


def name_pass_sql(order):
    """The pairs of the sorted-neighbourhood pass on the name in ORDER
    (DuplicateFinder._name_pass_query) that have a changed partner; its
    parameters are the pass's number and the similarity of alike names."""
    rows = "SELECT id, is_company, name, in_domain, ({order}) AS sorted FROM dedup_partner " \
           "WHERE name IS NOT NULL".format(order=order)
    return _ranked_pairs_sql(rows, ("is_company",), 'sorted COLLATE "C"', NAME_WINDOW,
                             "s.name <> o.name AND similarity(s.name, o.name) >= %s")
