"""The duplicate check: candidate pairs in SQL, scores in Python, groups.

1. The partners of the domain (with the user's record rules) are copied with
   their keys into a temporary table.
2. Blocking passes pair partners that share a key (e-mail, phone or mobile,
   VAT, website, street and city, name), each partner with at most the next
   WINDOW partners of its block in name order, so that a block of thousands
   (a switchboard number) costs linear, not quadratic, work. Sorted
   neighbourhood passes on the name (sorted words, words rotated, reversed)
   add pairs of near-identical names, with pg_trgm's similarity() filtering
   out the pairs that cannot reach the threshold.
3. The pairs are streamed to Python, scored by the `matching` rules, and
   those at or above the threshold are grouped (union-find).
"""
import logging
import time

from ..matching.pair_scorer import PARTNER_COLUMNS, PairScorer
from ..matching.scoring_process import ScoringProcess, can_spawn
from ..matching.scoring import name_count_limit, name_similarity_floor

_logger = logging.getLogger(__name__)

WINDOW = 10          # pairs per partner in a block of the same key
NAME_WINDOW = 5      # pairs per partner in the sorted-neighbourhood name passes
BATCH = 20000        # pairs fetched from PostgreSQL at once while scoring

# blocking passes on exact keys: (rule field, SQL selecting id, key, name
# from the temporary table dedup_partner)
KEY_PASSES = [
    ("email", "SELECT id, email AS key, name FROM dedup_partner WHERE email IS NOT NULL"),
    ("phone", "SELECT id, phone AS key, name FROM dedup_partner WHERE phone IS NOT NULL "
              "UNION ALL SELECT id, mobile, name FROM dedup_partner "
              "WHERE mobile IS NOT NULL AND mobile IS DISTINCT FROM phone"),
    ("vat", "SELECT id, vat AS key, name FROM dedup_partner WHERE vat IS NOT NULL"),
    ("website", "SELECT id, website AS key, name FROM dedup_partner WHERE website IS NOT NULL"),
    ("address", "SELECT id, address AS key, name FROM dedup_partner WHERE address IS NOT NULL"),
]
# sorted-neighbourhood passes on the name key: the order of each pass
NAME_ORDERS = [
    ("name", "name"),
    ("rotated", "CASE WHEN strpos(name, ' ') > 0 THEN substr(name, strpos(name, ' ') + 1) "
                "|| ' ' || split_part(name, ' ', 1) ELSE name END"),
    ("reversed", "reverse(name)"),
]


class DuplicateFinder(object):
    """Finds the groups of likely duplicates among the partners of `domain`.

    :param env: the environment of the user (record rules apply)
    :param domain: search domain on res.partner
    :param threshold: lowest score of a pair, default the configured one
    :param scope: 'among' (pairs inside the domain) or 'all' (partners of the
        domain against every partner the user can see)
    :param progress: callable(percent, partners_done, step) called now and then
    :param isolated: score the pairs in a child process (the background
        checks), so that the server's threads are not slowed down
    """

    def __init__(self, env, domain, threshold=None, scope="among", progress=None,
                 isolated=False):
        self.env = env
        self.cr = env.cr
        self.domain = env["res.partner"]._dedup_check_domain(domain)
        config = env["crm.prospect.dedup.rule"]
        self.threshold = config._check_threshold(
            config._default_threshold() if threshold is None else threshold)
        self.scope = scope
        self.isolated = isolated
        self.rules = env["crm.prospect.dedup.rule"]._active_rules()
        self.progress = progress or (lambda percent, done, step: None)
        self.partner_count = 0
        self.domain_count = 0
        self.passes = []  # (pass, pairs, seconds)
        self.pair_count = 0
        self.timings = {}

    # -- steps -------------------------------------------------------------

    def run(self):
        """The groups: a list of {'partner_ids', 'score', 'reasons' (codes)}."""
        self.cr.execute("SET LOCAL work_mem = '256MB'")
        # (on an error the transaction is rolled back, and its temporary tables with it)
        self._timed("select", self._select_partners)
        if self.partner_count < 2 or not self.rules:
            groups = []
        else:
            self._timed("pairs", self._candidate_pairs)
            groups = self._timed("score", self._score_and_group)
        self.cr.execute("DROP TABLE IF EXISTS dedup_domain, dedup_partner, dedup_pair, "
                        "dedup_name_count, dedup_name")
        _logger.info("duplicate check of %d partners: %d candidate pairs, %d groups, %s; "
                     "passes: %s", self.partner_count, self.pair_count, len(groups),
                     ", ".join("%s %.1fs" % item for item in self.timings.items()),
                     ", ".join("%s %d pairs %.1fs" % item for item in self.passes))
        return groups

    def _timed(self, name, method):
        start = time.time()
        result = method()
        self.timings[name] = time.time() - start
        return result

    def _select_partners(self):
        """Temporary tables: the domain's partner ids (with the user's record
        rules), and the partners compared with their keys."""
        cr = self.cr
        self.progress(0, 0, "select")
        cr.execute("DROP TABLE IF EXISTS dedup_domain, dedup_partner, dedup_pair, "
                   "dedup_name_count, dedup_name")
        cr.execute("CREATE TEMP TABLE dedup_domain (id integer PRIMARY KEY)")
        from_clause, where_clause, params = self._domain_sql(self.domain)
        # sql-safe: clauses from the ORM's Query or literals; values as params
        cr.execute("INSERT INTO dedup_domain SELECT res_partner.id FROM %s WHERE %s"
                   % (from_clause, where_clause or "TRUE"), params)
        self.domain_count = cr.rowcount
        if self.scope == "all":
            universe_from, universe_where, universe_params = self._domain_sql([])
            universe = "SELECT res_partner.id FROM %s WHERE %s" % (
                universe_from, universe_where or "TRUE")
        else:
            universe, universe_params = "SELECT id FROM dedup_domain", []
        # sql-safe: clauses from the ORM's Query or literals; values as params
        cr.execute("""
            CREATE TEMP TABLE dedup_partner AS
            SELECT p.id, COALESCE(p.is_company, FALSE) AS is_company, p.parent_id,
                   p.commercial_partner_id AS commercial_id,
                   p.dedup_name_key AS name, p.dedup_email_key AS email,
                   p.dedup_phone_key AS phone, p.dedup_mobile_key AS mobile,
                   p.dedup_vat_key AS vat, p.dedup_domain_key AS website,
                   p.dedup_address_key AS address, p.city,
                   d.id IS NOT NULL AS in_domain
              FROM res_partner p
              LEFT JOIN dedup_domain d ON d.id = p.id
             WHERE p.id IN (%s)
        """ % universe, universe_params)
        self.partner_count = cr.rowcount
        # how many active partners bear each name: a common name is weak evidence
        cr.execute("""
            CREATE TEMP TABLE dedup_name_count AS
            SELECT dedup_name_key AS name, count(*) AS n FROM res_partner
             WHERE active AND dedup_name_key IN (SELECT name FROM dedup_partner)
             GROUP BY dedup_name_key HAVING count(*) > 1
        """)
        cr.execute("CREATE UNIQUE INDEX ON dedup_name_count (name)")
        cr.execute("ANALYZE dedup_name_count")
        cr.execute("CREATE UNIQUE INDEX ON dedup_partner (id)")
        cr.execute("ANALYZE dedup_partner")
        cr.execute("CREATE TEMP TABLE dedup_pair (a integer, b integer)")

    def _domain_sql(self, domain):
        partners = self.env["res.partner"]
        query = partners._where_calc(domain)
        partners._apply_ir_rules(query, "read")
        return query.get_sql()

    def _candidate_pairs(self):
        """Fill dedup_pair with the pairs of every blocking pass."""
        fields = {rule.field for rule in self.rules}
        passes = [(field, rows) for field, rows in KEY_PASSES if field in fields]
        blocked = {field for field, _rows in passes}
        min_similarity = name_similarity_floor(self.rules, self.threshold, blocked)
        max_count = name_count_limit(self.rules, self.threshold, blocked)
        name_passes = max_count >= 2
        steps = len(passes) + (1 + len(NAME_ORDERS) if name_passes else 0)
        lead_ids = ", ".join("lead(id, %d) OVER w" % k for k in range(1, WINDOW + 1))
        for field, rows in passes:
            self._pass(field, steps, """
                INSERT INTO dedup_pair (a, b)
                SELECT LEAST(s.id, o.other), GREATEST(s.id, o.other)
                  FROM (SELECT id, ARRAY[%s] AS others
                          FROM (%s) k
                         WHERE key IN (SELECT key FROM (%s) c GROUP BY key HAVING count(*) > 1)
                        WINDOW w AS (PARTITION BY key ORDER BY name COLLATE "C", id)) s,
                       unnest(s.others) o(other)
                 WHERE o.other IS NOT NULL AND o.other <> s.id
            """ % (lead_ids, rows, rows))
        if not name_passes:
            return
        # Names borne by more partners than max_count are too common to make
        # a pair on their own (see matching.scoring.name_rarity).
        self.cr.execute("""
            CREATE TEMP TABLE dedup_name AS
            SELECT p.id, p.is_company, p.name, p.address, p.city FROM dedup_partner p
              LEFT JOIN dedup_name_count c ON c.name = p.name
             WHERE p.name IS NOT NULL AND COALESCE(c.n, 1) <= %s
        """, (max_count,))
        # the same name key: neighbours by address, within blocks of one name
        self._pass("name", steps, """
            INSERT INTO dedup_pair (a, b)
            SELECT LEAST(s.id, o.other), GREATEST(s.id, o.other)
              FROM (SELECT id, ARRAY[%s] AS others
                      FROM dedup_name
                     WHERE name IN (SELECT name FROM dedup_name GROUP BY name HAVING count(*) > 1)
                    WINDOW w AS (PARTITION BY name, is_company
                                 ORDER BY address COLLATE "C", city COLLATE "C", id)) s,
                   unnest(s.others) o(other)
             WHERE o.other IS NOT NULL
        """ % lead_ids)
        if min_similarity > 1.0:
            return
        name_ids = ", ".join("lead(id, %d) OVER w" % k for k in range(1, NAME_WINDOW + 1))
        name_names = ", ".join("lead(name, %d) OVER w" % k for k in range(1, NAME_WINDOW + 1))
        for label, order in NAME_ORDERS:
            self._pass("name", steps, """
                INSERT INTO dedup_pair (a, b)
                SELECT LEAST(s.id, o.other), GREATEST(s.id, o.other)
                  FROM (SELECT id, name, ARRAY[%s] AS others, ARRAY[%s] AS other_names
                          FROM dedup_name
                        WINDOW w AS (PARTITION BY is_company ORDER BY (%s) COLLATE "C", id)) s,
                       unnest(s.others, s.other_names) o(other, other_name)
                 WHERE o.other IS NOT NULL AND s.name <> o.other_name
                   AND similarity(s.name, o.other_name) >= %%s
            """ % (name_ids, name_names, order), (min_similarity,), label="name_" + label)

    def _pass(self, step, steps, query, params=(), label=None):
        """Run one blocking pass, reporting progress and keeping its figures."""
        self.progress(5 + 60 * len(self.passes) // steps, 0, step)
        start = time.time()
        # sql-safe: clauses from the ORM's Query or literals; values as params
        self.cr.execute(query, params)
        self.passes.append((label or step, self.cr.rowcount, time.time() - start))

    def _score_and_group(self):
        """Stream the distinct candidate pairs with both partners' keys, score
        them with the rules, and group the pairs at or above the threshold."""
        cr = self.cr
        self.progress(65, 0, "score")
        cr.execute("""
            CREATE TEMP TABLE dedup_rank AS
            SELECT id, row_number() OVER (ORDER BY id) AS rank FROM dedup_domain
        """)
        reader = cr._cnx.cursor("crm_prospect_dedup_pairs")
        reader.itersize = BATCH
        # sql-safe: clauses from the ORM's Query or literals; values as params
        reader.execute("""
            SELECT r.rank, %s, COALESCE(na.n, 1), %s, COALESCE(nb.n, 1),
                   similarity(pa.name, pb.name)
              FROM (SELECT DISTINCT a, b FROM dedup_pair) d
              JOIN dedup_partner pa ON pa.id = d.a
              JOIN dedup_partner pb ON pb.id = d.b
              LEFT JOIN dedup_name_count na ON na.name = pa.name
              LEFT JOIN dedup_name_count nb ON nb.name = pb.name
              LEFT JOIN dedup_rank r ON r.id = CASE WHEN pa.in_domain THEN d.a ELSE d.b END
             WHERE pa.is_company = pb.is_company
               AND (pa.in_domain OR pb.in_domain)
               AND pa.id IS DISTINCT FROM pb.parent_id AND pb.id IS DISTINCT FROM pa.parent_id
               AND pa.id IS DISTINCT FROM pb.commercial_id
               AND pb.id IS DISTINCT FROM pa.commercial_id
               AND NOT EXISTS (SELECT 1 FROM crm_prospect_dedup_dismissal x
                                WHERE x.partner_a_id = d.a AND x.partner_b_id = d.b)
               AND NOT EXISTS (SELECT 1 FROM crm_prospect_dedup_dismissal x
                                WHERE x.partner_a_id = d.b AND x.partner_b_id = d.a)
             ORDER BY r.rank
        """ % (", ".join("pa." + c for c in PARTNER_COLUMNS),
               ", ".join("pb." + c for c in PARTNER_COLUMNS)))
        scorer = self._scorer()
        try:
            last_report = time.time()
            while True:
                rows = reader.fetchmany(BATCH)
                if not rows:
                    break
                scorer.add(rows)
                if time.time() - last_report > 1.0:
                    last_report = time.time()
                    done = rows[-1][0] or 0
                    self.progress(65 + 30 * done // max(self.domain_count, 1), done, "score")
            reader.close()
            cr.execute("DROP TABLE IF EXISTS dedup_rank")
            groups = scorer.groups()
            self.pair_count = scorer.pair_count
        finally:
            scorer.close()
        self.progress(95, self.domain_count, "save")
        return groups

    def _scorer(self):
        """The pair scorer: in a child process for the background checks."""
        rules = [tuple(rule) for rule in self.rules]
        if self.isolated and can_spawn():
            try:
                return ScoringProcess(rules, self.threshold)
            except OSError as error:  # no memory or processes left to start it
                _logger.warning("duplicate check: scoring in the server (%s)", error)
        return PairScorer(rules, self.threshold)
