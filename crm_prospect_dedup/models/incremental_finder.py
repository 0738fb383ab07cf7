"""The duplicate finder of the incremental check: the changed partners are
compared with the partners near them only, found through the key indexes,
so that its cost grows with the number of changed partners, not with the
database."""
import logging
import time

from . import incremental_passes, incremental_windows
from .duplicate_finder import (BLOCKING_PASSES, NAME_SIMILARITY, NAME_WINDOW,
                               PARTNER_COLUMNS_SQL, WINDOW, DuplicateFinder)
from .planner_settings import planner_settings
from .value_counts import create_counts

_logger = logging.getLogger(__name__)

# Rounds of the check at most: the first compares the changed partners; each
# next one the partners that the pairs kept so far link to them (see
# IncrementalFinder._scored_groups)
MAX_ROUNDS = 6

# Partners sharing one of these stored keys with a changed partner are the
# ones the passes on small blocks may pair with it: (res_partner column, its
# column in the changed partner). The passes on the blocks of a building (a
# zip or a street, and a street number) read the changed partner's
# neighbours instead (incremental_windows); the others rank the partners
# compared.
SHARED_KEYS = [
    ("dedup_email_key", "dedup_email_key"),
    ("dedup_vat_key", "dedup_vat_key"),
    ("dedup_domain_key", "dedup_domain_key"),
    ("dedup_phone_key", "dedup_phone_key"),
    ("dedup_phone_key", "dedup_mobile_key"),
    ("dedup_mobile_key", "dedup_phone_key"),
    ("dedup_mobile_key", "dedup_mobile_key"),
]
# the keys of the changed partners, read once for the look-ups below
CHANGED_KEYS_SQL = """
    CREATE TEMP TABLE dedup_changed AS
    SELECT c.id, COALESCE(c.is_company, FALSE) AS is_company, c.dedup_name_key,
           c.dedup_email_key, c.dedup_vat_key, c.dedup_domain_key, c.dedup_phone_key,
           c.dedup_mobile_key
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
    # the neighbours in name order, as the sorted-neighbourhood pass pairs
    # them (pg_trgm's index costs milliseconds per name: seconds here), but
    # only those whose name that pass would pair with the changed one's
    + [CHANGED + "CROSS JOIN LATERAL (SELECT x.id, x.dedup_name_key FROM res_partner x "
       "WHERE x.dedup_name_key IS NOT NULL AND x.dedup_name_key {op} c.dedup_name_key "
       "AND COALESCE(x.is_company, FALSE) = c.is_company "
       "ORDER BY x.dedup_name_key {order} LIMIT {window}) n "
       "WHERE similarity(n.dedup_name_key, c.dedup_name_key) >= {similar}".format(
           op=op, order=order, window=NAME_WINDOW + 1, similar=NAME_SIMILARITY)
       for op, order in ((">", "ASC"), ("<", "DESC"))]
    # the neighbours of the big blocks (incremental_windows) paired with a
    # changed partner
    + ["SELECT other FROM dedup_window WHERE kept"])
WINDOW_SQL = ("CREATE TEMP TABLE dedup_window "
              "(id integer, other integer, pass smallint, kept boolean)")
# the neighbours of the big blocks that the user may not read: in their
# place, the passes pair the partners after them (OFFSET 0: as below)
UNREADABLE_SQL = """
    SELECT DISTINCT w.id FROM dedup_window w WHERE w.other IN (
        SELECT o.other FROM (SELECT DISTINCT other FROM dedup_window) o
         WHERE NOT EXISTS (SELECT 1 FROM (SELECT res_partner.id FROM {visible_from}
                                           WHERE res_partner.id = o.other AND ({visible_where})
                                          OFFSET 0) v))
"""
# the keys of the changed partners and of their neighbours, computed once
# each (incremental_windows.kept_sql compares them; no ANALYZE: it costs
# more than the joins it would plan)
WINDOW_KEYS_SQL = """
    CREATE TEMP TABLE dedup_window_keys AS
    SELECT {columns} FROM res_partner p
     WHERE p.id IN (SELECT id FROM dedup_window UNION SELECT other FROM dedup_window)
""".format(columns=PARTNER_COLUMNS_SQL)
TEMP_TABLES = "dedup_nearby, dedup_changed, dedup_window, dedup_recheck, dedup_window_keys"

# the numbers of the passes read through windows, by key
WINDOW_KEYS = {key: number for number, (_name, key, _on) in enumerate(BLOCKING_PASSES)
               if number in [window[0] for window in incremental_windows.KEY_WINDOWS]}

# The columns of dedup_partner whose statistics the planner uses for the
# statements of the check (ANALYZE of all 27, long texts among them, costs
# more than most of those statements)
ANALYZED_COLUMNS = ("id", "is_company", "in_domain", "name", "city")

PLANNER_SETTINGS = [("enable_seqscan", "off"), ("enable_hashjoin", "off"),
                    ("enable_mergejoin", "off"), ("work_mem", "4MB")]


class IncrementalFinder(DuplicateFinder):
    """DuplicateFinder whose universe is the partners the user can see that
    share a key with a partner of the domain (scope 'all' narrowed).

    It scores with the stored model and does not learn: partners picked for
    resembling the changed ones are no random sample of the database."""

    splittable = False  # a few thousand partners: one backend is enough

    def __init__(self, *args, **kwargs):
        super(IncrementalFinder, self).__init__(*args, **kwargs)
        self.rounds = []  # (partners linked, partners compared, seconds) of the rounds after the first

    def _universe_sql(self):
        cr = self.cr
        # compiling this union costs more than running it
        cr.execute("SET LOCAL jit = off")
        cr.execute("ANALYZE dedup_domain")
        # sql-safe: table names of the module constant
        cr.execute("DROP TABLE IF EXISTS " + TEMP_TABLES)
        self._windows()
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

    def _windows(self):
        """dedup_window: the neighbours of the changed partners in the big
        blocks; where one is a partner the user may not read, those of the
        changed partner read again among the partners the user may read."""
        cr = self.cr
        cr.execute(WINDOW_SQL)
        for statement in incremental_windows.window_statements():
            # sql-safe: built from incremental_windows' constants
            cr.execute(statement)
        self._recheck_unreadable()
        # sql-safe: built from duplicate_finder's constants
        cr.execute(WINDOW_KEYS_SQL)
        cr.execute("CREATE UNIQUE INDEX ON dedup_window_keys (id)")
        # sql-safe: built from incremental_windows' constants
        cr.execute(incremental_windows.kept_sql())

    def _recheck_unreadable(self):
        """The windows of the changed partners next to a partner the user
        may not read, read again among those the user may read."""
        cr = self.cr
        visible_from, visible_where, params = self._domain_sql([])
        # sql-safe: clauses from the ORM's Query; values as params
        cr.execute(UNREADABLE_SQL.format(visible_from=visible_from,
                                         visible_where=visible_where or "TRUE"), params)
        recheck = [row[0] for row in cr.fetchall()]
        if not recheck:
            return
        cr.execute("CREATE TEMP TABLE dedup_recheck AS SELECT unnest(%s::int[]) AS id", (recheck,))
        cr.execute("DELETE FROM dedup_window WHERE id IN (SELECT id FROM dedup_recheck)")
        # sql-safe: clauses from the ORM's Query; values as params
        source = "(SELECT res_partner.* FROM %s WHERE %s) x" % (visible_from,
                                                                 visible_where or "TRUE")
        for statement in incremental_windows.window_statements(source, "dedup_recheck"):
            # sql-safe: constants and the ORM's clauses (their values as params, once each)
            cr.execute(statement, params * statement.count(source))

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

    def _bulk(self):
        return False

    def _count_values(self, table, column, key):
        create_counts(self.env, table, column, key)

    def _key_pass_query(self, key, place_checked, shared_only=True):
        if key in WINDOW_KEYS:
            return incremental_windows.window_pass_sql(WINDOW_KEYS[key])
        return incremental_passes.key_pass_sql(key, place_checked)

    def _name_pass_query(self, order):
        return incremental_passes.name_pass_sql(order)

    def _train(self):
        return

    def _scored_groups(self, scorer):
        """The groups of the changed partners as the full check makes them.

        The full check links every pair at or above the threshold, then
        groups the links (best first, refusing strangers): a changed
        partner's group depends on the links of its other members too, of
        which two unchanged partners' ones are no pair of the first round.
        So each next round compares the partners the kept pairs link, not
        yet compared, with every partner, until no new one is linked: the
        groups are then made from all the links of the changed partners'
        groups, as in the full check."""
        changed = set(self._domain_ids())
        compared, linked = set(), set()
        for number in range(MAX_ROUNDS):
            if number:
                self._next_round(linked)
            # (a pair with a partner compared in an earlier round was scored there)
            self.cr.execute("DELETE FROM dedup_candidate WHERE a = ANY(%s::int[]) "
                            "OR b = ANY(%s::int[])", (sorted(compared),) * 2)
            self._score_candidates(scorer)
            compared.update(self._domain_ids())
            linked = set(scorer.linked()) - compared
            if not linked:
                break
        else:
            _logger.warning("incremental duplicate check: links left after %d rounds", MAX_ROUNDS)
        _logger.info("incremental duplicate check: next rounds (partners linked, compared, "
                     "seconds): %s", self.rounds)
        return [group for group in scorer.groups() if changed.intersection(group["partner_ids"])]

    def _domain_ids(self):
        self.cr.execute("SELECT id FROM dedup_domain")
        return [row[0] for row in self.cr.fetchall()]

    def _next_round(self, partner_ids):
        """Select the partners near PARTNER_IDS and their candidate pairs."""
        counts, start = (self.partner_count, self.domain_count), time.time()
        self.domain = [("id", "in", sorted(partner_ids))]
        self._select_partners()
        self._candidate_pairs()
        self.rounds.append((len(partner_ids), self.partner_count,
                            round(time.time() - start, 2)))
        self.partner_count += counts[0]
        self.domain_count = counts[1]

    def _drop_tables(self):
        super(IncrementalFinder, self)._drop_tables()
        # sql-safe: table names of the module constant
        self.cr.execute("DROP TABLE IF EXISTS " + TEMP_TABLES)
