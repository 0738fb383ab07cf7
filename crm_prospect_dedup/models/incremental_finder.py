"""The duplicate finder of the incremental check: the changed partners are
compared with the partners near them only, found through the key indexes,
so that its cost grows with the number of changed partners, not with the
database."""
from .duplicate_finder import NAME_SIMILARITY, DuplicateFinder

# Partners sharing one of these stored keys with a changed partner are the
# ones the blocking passes may pair with it: (res_partner column, its column
# in the changed partner). Zips and streets also pair partners in other
# passes (zip and street number, zip and surname...): these are narrowed by
# the number or the first letters of the surname, as those passes do.
SHARED_KEYS = [
    ("dedup_email_key", "dedup_email_key"),
    ("dedup_vat_key", "dedup_vat_key"),
    ("dedup_domain_key", "dedup_domain_key"),
    ("dedup_name_key", "dedup_name_key"),
    ("dedup_phone_key", "dedup_phone_key"),
    ("dedup_phone_key", "dedup_mobile_key"),
    ("dedup_mobile_key", "dedup_phone_key"),
    ("dedup_mobile_key", "dedup_mobile_key"),
    ("dedup_street_key", "dedup_street_key"),
    ("dedup_street_key", "dedup_street2_key"),
]
NEARBY_SQL = " UNION ".join(
    ["SELECT id FROM dedup_domain"]
    + ["SELECT n.id FROM dedup_domain d JOIN res_partner c ON c.id = d.id "
       "JOIN res_partner n ON n.{near} = c.{changed}".format(near=near, changed=changed)
       for near, changed in SHARED_KEYS]
    + ["SELECT n.id FROM dedup_domain d JOIN res_partner c ON c.id = d.id "
       "JOIN res_partner n ON n.dedup_zip_key = c.dedup_zip_key "
       "AND (n.dedup_street_number = c.dedup_street_number "
       "OR left(n.dedup_surname_key, 3) = left(c.dedup_surname_key, 3))",
       # names alike (pg_trgm, through its index), as the name passes pair them
       "SELECT n.id FROM dedup_domain d JOIN res_partner c ON c.id = d.id "
       "JOIN res_partner n ON n.dedup_name_key % c.dedup_name_key"])


class IncrementalFinder(DuplicateFinder):
    """DuplicateFinder whose universe is the partners the user can see that
    share a key with a partner of the domain (scope 'all' narrowed).

    It scores with the stored model and does not learn: partners picked for
    resembling the changed ones are no random sample of the database."""

    def _universe_sql(self):
        cr = self.cr
        cr.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                   (str(NAME_SIMILARITY),))
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
