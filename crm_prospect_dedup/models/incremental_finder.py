"""The duplicate finder of the incremental check: the changed partners are
compared with the partners near them only, found through the key indexes,
so that its cost grows with the number of changed partners, not with the
database."""
import contextlib

from . import incremental_passes
from .duplicate_finder import NAME_SIMILARITY, NAME_WINDOW, WINDOW, DuplicateFinder
from .value_counts import create_counts

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
    ("dedup_phone_key", "dedup_phone_key"),
    ("dedup_phone_key", "dedup_mobile_key"),
    ("dedup_mobile_key", "dedup_phone_key"),
    ("dedup_mobile_key", "dedup_mobile_key"),
]
# the keys of the changed partners, read once for the passes below
CHANGED_KEYS_SQL = """
    CREATE TEMP TABLE dedup_changed AS
    SELECT c.id, COALESCE(c.is_company, FALSE) AS is_company, c.dedup_name_key,
           c.dedup_email_key, c.dedup_vat_key, c.dedup_domain_key, c.dedup_phone_key,
           c.dedup_mobile_key, c.dedup_street_key, c.dedup_street2_key,
           c.dedup_street_number, left(c.dedup_zip_key, 2) AS zip_region,
           dmetaphone(c.dedup_city_key) AS city_ph
      FROM dedup_domain d JOIN res_partner c ON c.id = d.id
"""
CHANGED = "SELECT n.id FROM dedup_changed c "
NEARBY_SQL = " UNION ".join(
    ["SELECT id FROM dedup_domain"]
    # (IS NOT NULL: the key indexes are partial, and a join clause does not
    # tell PostgreSQL that they answer)
    + [CHANGED + "JOIN res_partner n ON n.{near} = c.{changed} AND n.{near} IS NOT NULL".format(
        near=near, changed=changed) for near, changed in SHARED_KEYS]
    # the same name: a block of the full check's name pass, in id order, of
    # which a partner is paired with the WINDOW before and after it only
    # (a common name is borne by dozens)
    + [CHANGED + "CROSS JOIN LATERAL (SELECT x.id FROM res_partner x "
       "WHERE x.dedup_name_key = c.dedup_name_key AND x.dedup_name_key IS NOT NULL "
       "AND x.id {op} c.id AND COALESCE(x.is_company, FALSE) = c.is_company "
       "ORDER BY x.id {order} LIMIT {window}) n".format(op=op, order=order, window=WINDOW)
       for op, order in ((">", "ASC"), ("<", "DESC"))]
    # the same street and number (a street alone is shared by hundreds) in
    # a place the street passes accept (PLACE_CHECK_SQL: the zip's region
    # or the city's sound)
    + [CHANGED + "JOIN res_partner n ON n.dedup_street_key = c.{street} "
       "AND n.dedup_street_key IS NOT NULL "
       "AND n.dedup_street_number = c.dedup_street_number "
       "AND NOT COALESCE(left(n.dedup_zip_key, 2) <> c.zip_region "
       "AND dmetaphone(n.dedup_city_key) <> c.city_ph, FALSE)".format(
           street=street)
       for street in ("dedup_street_key", "dedup_street2_key")]
    # the neighbours in name order, as the sorted-neighbourhood pass pairs
    # them (pg_trgm's index costs milliseconds per name: seconds here), but
    # only those whose name that pass would pair with the changed one's: the
    # others, almost half of the partners compared, added no pair of the full
    # check (bench_incremental.py)
    + [CHANGED + "CROSS JOIN LATERAL (SELECT x.id, x.dedup_name_key FROM res_partner x "
       "WHERE x.dedup_name_key IS NOT NULL AND x.dedup_name_key {op} c.dedup_name_key "
       "AND COALESCE(x.is_company, FALSE) = c.is_company "
       "ORDER BY x.dedup_name_key {order} LIMIT {window}) n "
       "WHERE similarity(n.dedup_name_key, c.dedup_name_key) >= {similar}".format(
           op=op, order=order, window=NAME_WINDOW + 1, similar=NAME_SIMILARITY)
       for op, order in ((">", "ASC"), ("<", "DESC"))])

# The columns of dedup_partner whose statistics the planner uses for the
# statements of the check (ANALYZE of all 27, long texts among them, costs
# more than most of those statements)
ANALYZED_COLUMNS = ("id", "is_company", "in_domain", "name", "city")

PLANNER_SETTINGS = [("enable_seqscan", "off"), ("enable_hashjoin", "off"),
                    ("enable_mergejoin", "off"), ("work_mem", "4MB")]


@contextlib.contextmanager
def planner_settings(cr, settings):
    """SETTINGS [(parameter, value)] for the statements of the block only."""
    before = []
    for name, value in settings:
        cr.execute("SELECT current_setting(%s)", (name,))
        before.append((name, cr.fetchone()[0]))
        cr.execute("SELECT set_config(%s, %s, true)", (name, value))
    try:
        yield
    finally:
        for name, value in before:
            cr.execute("SELECT set_config(%s, %s, true)", (name, value))


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
        cr.execute("DROP TABLE IF EXISTS dedup_nearby, dedup_changed")
        cr.execute(CHANGED_KEYS_SQL)
        cr.execute("ANALYZE dedup_changed")
        # sql-safe: NEARBY_SQL is built from this module's constants
        cr.execute("CREATE TEMP TABLE dedup_nearby AS " + NEARBY_SQL)
        cr.execute("CREATE UNIQUE INDEX ON dedup_nearby (id)")
        cr.execute("ANALYZE dedup_nearby")
        visible_from, visible_where, params = self._domain_sql([])
        # the record rules checked partner by partner (OFFSET 0: not
        # flattened into a join, which the planner would make a full scan)
        return ("SELECT dedup_nearby.id FROM dedup_nearby CROSS JOIN LATERAL ("
                "SELECT res_partner.id FROM %s WHERE res_partner.id = dedup_nearby.id "
                "AND (%s) OFFSET 0) visible" % (visible_from, visible_where or "TRUE"), params)

    def _select_partners(self):
        # A few thousand partners read by id: the planner, which prices their
        # random reads above reading the million in order, is told to use
        # the indexes, and not to hash whole the record rules' subqueries
        # ("partners of my companies").
        with planner_settings(self.cr, PLANNER_SETTINGS):
            super(IncrementalFinder, self)._select_partners()

    def _analyze_partners(self):
        # sql-safe: column names from the module constant
        self.cr.execute("ANALYZE dedup_partner (%s)" % ", ".join(ANALYZED_COLUMNS))

    def _count_values(self, table, column, key):
        create_counts(self.env, table, column, key)

    def _key_pass_query(self, key, place_checked):
        return incremental_passes.key_pass_sql(key, place_checked)

    def _name_pass_query(self, order):
        return incremental_passes.name_pass_sql(order)

    def _train(self):
        return

    def _drop_tables(self):
        super(IncrementalFinder, self)._drop_tables()
        self.cr.execute("DROP TABLE IF EXISTS dedup_nearby, dedup_changed")
