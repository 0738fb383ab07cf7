"""The duplicate finder of the incremental check: the changed partners are
compared with the partners near them only, found through the key indexes,
so that its cost grows with the number of changed partners, not with the
database."""
from .duplicate_finder import NAME_WINDOW, DuplicateFinder

# Partners sharing one of these stored keys with a changed partner are the
# ones the blocking passes may pair with it: (res_partner column, its column
# in the changed partner). The passes on a zip or a city and a street number
# or the first letters of a name are left out: a zip or a city is shared by
# thousands of partners, which no index narrows (bench_incremental.py
# measures what this misses against a full check).
SHARED_KEYS = [
    ("dedup_email_key", "dedup_email_key"),
    ("dedup_vat_key", "dedup_vat_key"),
    ("dedup_domain_key", "dedup_domain_key"),
    ("dedup_name_key", "dedup_name_key"),
    ("dedup_phone_key", "dedup_phone_key"),
    ("dedup_phone_key", "dedup_mobile_key"),
    ("dedup_mobile_key", "dedup_phone_key"),
    ("dedup_mobile_key", "dedup_mobile_key"),
]
NEARBY_SQL = " UNION ".join(
    ["SELECT id FROM dedup_domain"]
    + ["SELECT n.id FROM dedup_domain d JOIN res_partner c ON c.id = d.id "
       # (IS NOT NULL: the key indexes are partial, and a join clause does
       # not tell PostgreSQL that they answer)
       "JOIN res_partner n ON n.{near} = c.{changed} AND n.{near} IS NOT NULL".format(
           near=near, changed=changed)
       for near, changed in SHARED_KEYS]
    # the same street and number (a street alone is shared by hundreds)
    + ["SELECT n.id FROM dedup_domain d JOIN res_partner c ON c.id = d.id "
       "JOIN res_partner n ON n.dedup_street_key = c.{street} AND n.dedup_street_key IS NOT NULL "
       "AND n.dedup_street_number = c.dedup_street_number".format(street=street)
       for street in ("dedup_street_key", "dedup_street2_key")]
    # the neighbours in name order, as the sorted-neighbourhood pass pairs
    # them (pg_trgm's index costs milliseconds per name: seconds here)
    + ["SELECT n.id FROM dedup_domain d JOIN res_partner c ON c.id = d.id "
       "CROSS JOIN LATERAL (SELECT x.id FROM res_partner x WHERE x.dedup_name_key IS NOT NULL "
       "AND x.dedup_name_key {op} c.dedup_name_key ORDER BY x.dedup_name_key {order} "
       "LIMIT {window}) n".format(op=op, order=order, window=NAME_WINDOW + 1)
       for op, order in ((">=", "ASC"), ("<=", "DESC"))])


class IncrementalFinder(DuplicateFinder):
    """DuplicateFinder whose universe is the partners the user can see that
    share a key with a partner of the domain (scope 'all' narrowed).

    It scores with the stored model and does not learn: partners picked for
    resembling the changed ones are no random sample of the database."""

    def _universe_sql(self):
        cr = self.cr
        # compiling this union costs more than running it
        cr.execute("SET LOCAL jit = off")
        cr.execute("ANALYZE dedup_domain")
        cr.execute("DROP TABLE IF EXISTS dedup_nearby")
        # sql-safe: NEARBY_SQL is built from this module's constants
        cr.execute("CREATE TEMP TABLE dedup_nearby AS " + NEARBY_SQL)
        cr.execute("CREATE UNIQUE INDEX ON dedup_nearby (id)")
        cr.execute("ANALYZE dedup_nearby")
        visible_from, visible_where, params = self._domain_sql([])
        return ("SELECT res_partner.id FROM %s WHERE (%s) "
                "AND res_partner.id IN (SELECT id FROM dedup_nearby)" % (
                    visible_from, visible_where or "TRUE"), params)

    def _train(self):
        return

    def _drop_tables(self):
        super(IncrementalFinder, self)._drop_tables()
        self.cr.execute("DROP TABLE IF EXISTS dedup_nearby")
