"""The duplicate check: candidate pairs in SQL, weights learned, scores in
Python, groups.

1. The partners of the domain (with the user's record rules) are copied with
   their keys into a temporary table.
2. Blocking passes (BLOCKING_PASSES) pair partners that share a key, each
   key tolerant of typos elsewhere: zip and street number, city and the
   first letters of the given name, phonetic keys of the names (PostgreSQL's
   fuzzystrmatch), the street, the e-mail... A true pair with a slip in most
   fields still shares one of them. Each partner is paired with at most the
   next WINDOW partners of its block in name order, so that a block of
   thousands costs linear work. Sorted-neighbourhood passes on the name add
   pairs of near-identical names (pg_trgm's similarity()).
3. The model's m and u probabilities are learned from the data (see
   matching.training) when there are enough partners and pairs, and stored.
4. The pairs are streamed to Python, scored by the model, and those at or
   above the threshold grouped.
"""
import logging
import os
import queue
import time

import psycopg2

from ..matching.child_process import can_spawn
from ..matching.comparisons import COMPARISONS
from ..matching.model import MatchModel
from ..matching.pair_scorer import PairScorer
from ..matching.records import RECORD_COLUMNS
from ..matching.scoring_process import ScoringPool, ScoringProcess, scorer_count
from ..matching.training import IDENTIFIER_PASSES
from ..matching.training_process import TrainingProcess
from ..matching.training_sample import TrainingSample
from .backend_priority import lower_backend_priority
from .planner_settings import planner_settings
from .planner_statistics import partner_total
from .read_ahead import read_ahead
from .second_backend import InThread, copy_rows, second_cursor

_logger = logging.getLogger(__name__)

WINDOW = 4           # pairs per partner in a block of the same key
# pairs per partner in the sorted-neighbourhood name passes (4 and 5 found
# no more true pairs of FEBRL, nor at a million, for a tenth and a fifth
# more of these passes' work)
NAME_WINDOW = 3
NAME_SIMILARITY = 0.5  # pg_trgm similarity of two names to pair them by name alone
# Rows fetched from PostgreSQL at once for the child processes: psycopg2
# builds a batch's Python values, and pickle sends them, holding the
# interpreter's lock throughout; 20,000 rows of two partners held it for
# a second on a loaded machine, and the salespeople's saves waited.
BATCH = 2000
MIN_TRAIN_PARTNERS = 1000  # fewer partners: the stored weights are used
MIN_TRAIN_PAIRS = 500
# candidate pairs from which a background check scores them in several
# processes at once (fewer: starting the second costs more than it saves)
POOL_PAIRS = 100000
# partners from which a background check splits its blocking passes and
# candidate filter over two database backends (fewer: copying the partners
# to the second one costs more than it saves)
SPLIT_PARTNERS = 50000
# Candidate pairs sampled to learn m (and as many of the identifiers'
# passes): a share of a level is then known within 0.3 percentage point.
# 50,000 learned the same at a million partners (precision and recall to the
# fourth decimal) in 1.5 s more, and FEBRL's sets have fewer candidates.
TRAIN_PAIRS = 25000
RANDOM_RECORDS = 4000  # partners sampled for the random pairs that give u
RANDOM_PAIRS = 20000
# Partners whose values tell the u of the "exact" levels (_exact_u): the
# chance that two partners drawn at random share a value is that of two drawn
# at random from a sample of them, chosen by a hash of their ids (counting the
# values of a million partners took 3.1 s).
EXACT_U_PARTNERS = 100000

NAMES = ("person_name", "company_name")
PLACE = ("zip", "city", "state")
STREETS = ("street", "street2")

# Blocking passes: (name, SQL key over dedup_partner's columns, the
# comparisons a pair of the pass agrees on by construction, which the
# training leaves out for this pass). A key is NULL when a part is missing;
# a tuple of keys pairs partners sharing any of them (street in street 2).
# zip_sorted is the zip's characters in order ("4127" and "4217" agree);
# *_flat the value without spaces; *_ph a double metaphone key.
BLOCKING_PASSES = [
    ("email", "email", ("email",)),
    ("phone", "phone", ("phone",)),
    ("mobile", "mobile", ("phone",)),
    ("vat", "vat", ("vat",)),
    ("website", "website", ("website",)),
    ("name", "name", NAMES),
    ("name_phonetic", "LEAST(surname_ph, given_ph) || '|' || GREATEST(surname_ph, given_ph)",
     NAMES),
    ("zip_number", "zip_sorted || '|' || street_number", PLACE + ("street_number",)),
    ("city_number", "city || '|' || street_number", PLACE + ("street_number",)),
    ("street_number", "street_flat || '|' || street_number", STREETS + ("street_number",)),
    ("streets", ("street_flat", "street2_flat"), STREETS),
    ("zip_surname3", "zip_sorted || '|' || left(surname, 3)", PLACE + NAMES),
    ("city_given3", "city || '|' || left(given, 3)", PLACE + NAMES),
]
# The pass of a city and a street number pairs each partner with the next
# BUILDING_WINDOW of its block only: such blocks hold the most partners
# sharing nothing else (3.5 million pairs at a million partners, one in
# eight a candidate), and most of its true pairs share a zip too (the pass
# of a zip and a street number, whose window the incremental check reads
# through an index, keeps WINDOW). With 2, the check finds the same pairs
# on FEBRL (its blocking alone one true pair of dataset2 fewer, not grouped
# at the default threshold) and at a million (bench/README.md).
BUILDING_PASSES = ("city_number",)
BUILDING_WINDOW = 2
# Passes on the street alone pair partners of far-away places too: a street
# name and number are common to many towns. Their pairs must share the
# region of the zip (its first two characters) or the sound of the city,
# unless one of them is missing.
PLACE_CHECKED_PASSES = ("street_number", "streets")


def place_check_sql(own, other):
    """The place check of a pair whose partners' columns are named OWN and
    OTHER followed by the column's name ("s." and "o.", or "" and "other_")."""
    return ("NOT COALESCE({s}zip_region <> {o}zip_region AND {s}city_ph <> {o}city_ph, "
            "FALSE)").format(s=own, o=other)


PLACE_CHECK_SQL = place_check_sql("s.", "o.")
# sorted-neighbourhood passes on the name key: the order of each pass (the
# name, and its second word first: a slip at the start of either word; a
# third pass in the order of the reversed names found no true pair of FEBRL
# the others missed, and 9 of 85,958 at a million, for 9 s of a backend)
NAME_ORDERS = [
    ("name_sorted", "name"),
    ("name_rotated", "CASE WHEN strpos(name, ' ') > 0 THEN substr(name, strpos(name, ' ') + 1) "
                     "|| ' ' || split_part(name, ' ', 1) ELSE name END"),
]
PASS_NAMES = [name for name, _key, _on in BLOCKING_PASSES] + [name for name, _o in NAME_ORDERS]
_KEY_WINDOWS = dict((key, BUILDING_WINDOW) for name, key, _on in BLOCKING_PASSES
                    if name in BUILDING_PASSES)


def key_window(key):
    """How many next partners of its block a partner is paired with by the
    blocking pass on KEY."""
    return _KEY_WINDOWS.get(key, WINDOW)

# the passes whose pairs have pg_trgm similar names, and those whose pairs
# have alike names (the same key, or similar)
NAME_SIMILAR_MASK = sum(1 << PASS_NAMES.index(order) for order, _o in NAME_ORDERS)
NAME_ALIKE_MASK = NAME_SIMILAR_MASK | 1 << PASS_NAMES.index("name")
IDENTIFIER_MASK = sum(1 << PASS_NAMES.index(name) for name in IDENTIFIER_PASSES)
# The training's sample of the candidate pairs d: by a hash of the pair, not
# random() (which follows the order the plan reads the rows in), so the same
# partners learn the same. Each id hashed apart: hashint8(a * 2^32 + b) is
# the hash of a XOR b, the same for every pair of neighbouring ids (a
# record typed twice in a row), which a sample then takes or leaves together.
SAMPLED = "((hashint4(d.a) # hashint4(d.b)) & 2147483647) < %(rate)s * 2147483648.0"
# A candidate pair agrees on at least this many of: the place (zip or city),
# the street number, the street (or its sound), street 2, the given name and
# the surname (or their sounds), alike names; an e-mail, phone, VAT number or
# website in common counts twice; one agreement less is enough with alike
# names or streets (ALIKE_SQL). Two partners sharing only what their block
# shares (a zip and a street number) are not worth scoring, nor namesakes
# (APART_SQL).
MIN_AGREEMENTS = 3
# (NAME_AGREEMENTS_SQL: those of the given name and surname; BEYOND_NAME_SQL:
# those of the rest; FIELD_AGREEMENTS_SQL: all but alike names, which only
# the passes tell)
NAME_AGREEMENTS_SQL = """
    COALESCE(pa.given = pb.given OR pa.given_ph IN (pb.given_ph, pb.surname_ph), FALSE)::int
    + COALESCE(pa.surname = pb.surname OR pa.surname_ph IN (pb.surname_ph, pb.given_ph),
               FALSE)::int
"""
BEYOND_NAME_SQL = """
    COALESCE(pa.zip_sorted = pb.zip_sorted OR pa.city = pb.city, FALSE)::int
    + COALESCE(pa.street_number = pb.street_number, FALSE)::int
    + COALESCE(pa.street_flat = pb.street_flat OR pa.street_ph = pb.street_ph
               OR pa.street_flat = pb.street2_flat OR pa.street2_flat = pb.street_flat, FALSE)::int
    + COALESCE(pa.street2_flat = pb.street2_flat, FALSE)::int
    + 2 * (COALESCE(pa.email = pb.email, FALSE) OR COALESCE(pa.vat = pb.vat, FALSE)
           OR COALESCE(pa.website = pb.website, FALSE)
           OR COALESCE(pa.phone IN (pb.phone, pb.mobile), FALSE)
           OR COALESCE(pa.mobile IN (pb.phone, pb.mobile), FALSE))::int
"""
FIELD_AGREEMENTS_SQL = NAME_AGREEMENTS_SQL + "+" + BEYOND_NAME_SQL
# Namesakes: two persons whose names agree and nothing else, living in places
# known on both sides (a zip or a city) and different, are not worth scoring
# (two companies need more than their names already). At a million partners
# they were 1,473,237 of the 3,413,619 candidate pairs, for 55 of the 87,766
# true pairs; on FEBRL, no true pair was lost (bench/README.md).
# APART_SQL: two partners of places known and different (namesakes, when
# nothing beyond their names agrees).
APART_SQL = "COALESCE(pa.zip_sorted <> pb.zip_sorted OR pa.city <> pb.city, FALSE)"
# Two names or two streets alike enough to stand for the agreement a pair
# lacks: at most one edit in four characters of the shorter, and two at most
# (fuzzystrmatch's levenshtein_less_equal, which stops counting past two,
# and reads at most 255 characters). pg_trgm's similarity() >= 0.5 took
# 1.3 us a pair for the 5.9 million pairs that need it at a million
# partners, this 0.2 us; it kept 24 true pairs of FEBRL where this keeps 27,
# and 551 at a million where this keeps 485, with a third fewer others
# (bench/README.md).
ALIKE_SQL = ("COALESCE(levenshtein_less_equal(left({a}, 255), left({b}, 255), 2) "
             "<= least(2, least(length({a}), length({b})) / 4), FALSE)")
# Pairs found by the passes from which the candidate filter sorts them (to
# merge those found by several passes, then join them to their first partner
# in the order of the partners' index) and hashes their second partners: the
# planner cannot tell how many pairs there are (nor how many are distinct),
# and probed the index for each of millions of pairs. For half of the pairs
# at a million in one backend: 69.9 s probed; 33.7 s hashed (the hash merging
# the pairs spilled to disk); 28.7 s sorted. A few pairs among a million
# partners (a check of a selection against every contact) are probed.
SORTED_FILTER_PAIRS = 1000000
# A table of the pairs of the passes (dedup_pair, and in a split check
# dedup_pair_other): one definition, since the backends of a split check copy
# them from one to the other in binary, which needs the same types.
PAIRS_TABLE_SQL = "CREATE TEMP TABLE {} (a integer, b integer, pass smallint)"
# The half of the pairs (a, b) of dedup_pair that a backend of a split check
# filters: whichever passes found a pair, and in either backend, it is
# filtered by one backend only, with every pass that found it.
HALF_SQL = "((hashint4(a) # hashint4(b)) & 1) = {half}"
# The passes' seconds at a million partners (the longest are shared out first)
PASS_COST = {"name_rotated": 11, "name_sorted": 9, "streets": 6,
             "street_number": 6, "zip_number": 5, "city_number": 5, "name": 3,
             "name_phonetic": 2, "zip_surname3": 2, "city_given3": 2}
EXCLUDED = dict([(name, on) for name, _key, on in BLOCKING_PASSES]
                + [(name, NAMES) for name, _order in NAME_ORDERS])

# The stored keys of a res_partner row aliased p, named as RECORD_COLUMNS
# (but for the shares of its name and city, and phone and mobile apart).
PARTNER_KEYS_SQL = """
    p.id, COALESCE(p.is_company, FALSE) AS is_company, p.parent_id,
    p.commercial_partner_id AS commercial_id, p.dedup_name_key AS name,
    p.dedup_given_key AS given, p.dedup_surname_key AS surname,
    p.dedup_street_number AS street_number, p.dedup_street_key AS street,
    p.dedup_street2_key AS street2, p.dedup_city_key AS city, p.dedup_zip_key AS zip,
    p.state_id AS state, p.dedup_email_key AS email, p.dedup_phone_key AS phone,
    p.dedup_mobile_key AS mobile, p.dedup_vat_key AS vat, p.dedup_domain_key AS website"""

# The characters of a zip ({zip}) in order
ZIP_SORTED_SQL = ("(SELECT string_agg(c, '' ORDER BY c) "
                  "FROM unnest(string_to_array({zip}, NULL)) c)")
# A check of at least this share of all partners reads what it needs of them
# in whole-table scans: the zips in order from those of every distinct zip
# (dedup_zip; computed for each partner, they took 2.2 s at a million), and
# the counts of every name and city (those of its own partners looked up
# took 1.4 s more).
BULK_SHARE = 0.1
ZIP_LOOKUP_SQL = """
    CREATE TEMP TABLE dedup_zip AS
    SELECT zip, {sorted} AS sorted
      FROM (SELECT DISTINCT dedup_zip_key AS zip FROM res_partner
             WHERE dedup_zip_key IS NOT NULL) z
""".format(sorted=ZIP_SORTED_SQL.format(zip="zip"))


def partner_columns_sql(zip_sorted):
    """PARTNER_KEYS_SQL and the keys the blocking passes and the agreements
    of the candidate pairs read: dedup_partner's columns (but in_domain);
    ZIP_SORTED: the SQL of the zip's characters in order."""
    return PARTNER_KEYS_SQL + """,
    dmetaphone(p.dedup_given_key) AS given_ph,
    dmetaphone(p.dedup_surname_key) AS surname_ph,
    dmetaphone(replace(p.dedup_street_key, ' ', '')) AS street_ph,
    replace(p.dedup_street_key, ' ', '') AS street_flat,
    replace(p.dedup_street2_key, ' ', '') AS street2_flat,
    {zip_sorted} AS zip_sorted,
    left(p.dedup_zip_key, 2) AS zip_region,
    dmetaphone(p.dedup_city_key) AS city_ph""".format(zip_sorted=zip_sorted)


PARTNER_COLUMNS_SQL = partner_columns_sql(ZIP_SORTED_SQL.format(zip="p.dedup_zip_key"))

# The SQL of RECORD_COLUMNS of a partner of dedup_partner aliased p, with
# nc/cc its name and city counts; %(total)s is the number of active partners.
RECORD_SQL = ", ".join(
    "COALESCE({a}.n, 1)::float8 / %(total)s".format(a=column[0] + "c")
    if column in ("name_freq", "city_freq") else "p." + column
    for column in RECORD_COLUMNS)


def _leads(column, count):
    return ", ".join("lead(%s, %d) OVER w" % (column, k) for k in range(1, count + 1))


def _next_values(column, count, alias):
    """The values of COLUMN of the next COUNT rows of the window w, one row
    each, as ALIAS. (Unnested in the SELECT list, they are read as they come;
    unnested in FROM, they were copied to a table for each row first: a
    fifth of the pass on a street and a number at a million partners.)"""
    return "unnest(ARRAY[%s]) AS %s" % (_leads(column, count), alias)


def key_rows_sql(key, place_checked):
    """The SELECT of the partners of dedup_partner having KEY (a SQL
    expression, or a tuple of them: a row for each), with the key and the
    columns of the pass (with PLACE_CHECKED, those of the place check)."""
    keys = key if isinstance(key, tuple) else (key,)
    columns = "id, is_company, name, in_domain" + (", zip_region, city_ph" if place_checked else "")
    return " UNION ALL ".join(
        "SELECT {columns}, ({key}) AS key FROM dedup_partner WHERE ({key}) IS NOT NULL".format(
            columns=columns, key=one) for one in keys)


def _key_pass_sql(key, place_checked, shared_only=True):
    """INSERT of the pairs of a pass on KEY (a SQL expression, or a tuple of
    them): each partner with the next key_window(KEY) partners of its block,
    in name order; with PLACE_CHECKED, only those of a compatible place.
    SHARED_ONLY: the partners of the blocks of one partner, and of those
    without a partner of the domain, are left out before the blocks are
    sorted (where most partners share their key with another one, and all
    are of the domain, leaving them out costs more than it saves: 0.3 to 0.8 s
    of a pass at a million partners)."""
    rows, window = key_rows_sql(key, place_checked), key_window(key)
    others, condition = _next_values("id", window, "other"), "TRUE"
    if place_checked:
        others += ", zip_region, city_ph, %s, %s" % (
            _next_values("zip_region", window, "other_zip_region"),
            _next_values("city_ph", window, "other_city_ph"))
        condition = place_check_sql("", "other_")
    blocks, partners = "k AS ({rows})".format(rows=rows), "k"
    if shared_only:
        blocks = ("k AS MATERIALIZED ({rows}), shared AS (SELECT key FROM k GROUP BY key "
                  "HAVING count(*) > 1 AND bool_or(in_domain))").format(rows=rows)
        partners = "k WHERE key IN (SELECT key FROM shared)"
    # (the blocks sorted by their keys' bytes: in the database's collation,
    # C.UTF-8 or a language's, PostgreSQL compares them through strcoll(),
    # a tenth of the pass at a million partners)
    # sql-safe: keys, window and conditions from the module's constants
    return """
        WITH {blocks}
        INSERT INTO dedup_pair (a, b, pass)
        SELECT LEAST(id, other), GREATEST(id, other), %s
          FROM (SELECT id, {others}
                  FROM {partners}
                WINDOW w AS (PARTITION BY key COLLATE "C", is_company
                               ORDER BY name COLLATE "C", id)) s
         WHERE other IS NOT NULL AND other <> id AND {condition}
    """.format(blocks=blocks, partners=partners, others=others, condition=condition)


def _record_sql(alias):
    return RECORD_SQL.replace("p.", alias + ".").replace("nc.", alias + "nc.").replace(
        "cc.", alias + "cc.")


def _queue(items):
    pending = queue.Queue()
    for item in items:
        pending.put(item)
    return pending


class DuplicateFinder(object):
    """Finds the groups of likely duplicates among the partners of `domain`.

    :param env: the environment of the user (record rules apply)
    :param domain: search domain on res.partner
    :param threshold: lowest match probability of a pair, default the configured one
    :param scope: 'among' (pairs inside the domain) or 'all' (partners of the
        domain against every partner the user can see)
    :param progress: callable(percent, partners_done, step) called now and then
    :param isolated: learn the weights and score the pairs in child processes,
        and lower the priority of the database backend while it runs (the
        background checks), so that the server's threads are not slowed down
    """

    # a check that may split its passes over two backends (_split)
    splittable = True

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
        self.model = config._match_model()
        self.progress = progress or (lambda percent, done, step: None)
        self.partner_count = 0
        self.domain_count = 0
        self.total_partners = 1
        self.bulk = False
        self.among = False  # every partner compared is of the domain
        self.passes = []  # (pass, pairs, seconds)
        self.pair_count = 0
        self.candidate_count = 0
        self.trained = False
        self.records_sent = False  # the scorers have every partner of the pairs
        self.timings = {}

    # -- steps -------------------------------------------------------------

    def run(self):
        """The groups: a list of {'partner_ids', 'score', 'reasons'
        ((comparison, level, weight) tuples)}."""
        if not self.isolated:
            return self._find()
        with lower_backend_priority(self.cr):
            return self._find()

    def _find(self):
        self.cr.execute("SET LOCAL work_mem = '256MB'")
        # (on an error the transaction is rolled back, and its temporary tables with it)
        self._timed("select", self._select_partners)
        if self.partner_count < 2 or not self.model.comparisons:
            groups = []
        elif self._split():
            groups = self._find_split()
        else:
            self._timed("pairs", self._candidate_pairs)
            self._timed("train", self._train)
            groups = self._timed("score", lambda: self._score_and_group(self._scorer()))
        self._drop_tables()
        _logger.info("duplicate check of %d partners: %d candidate pairs, %d groups, %s%s; "
                     "passes: %s", self.partner_count, self.pair_count, len(groups),
                     ", ".join("%s %.1fs (%.1fs of CPU in this thread)" % (name, wall, cpu)
                               for name, (wall, cpu) in self.timings.items()),
                     " (weights learned)" if self.trained else "",
                     ", ".join("%s %d pairs %.1fs" % item for item in self.passes))
        return groups

    def _find_split(self):
        """_find's steps in two backends (_split): the passes and the filter
        shared out; then, while this backend learns the weights, the second
        one reads the partners of the candidate pairs, which a thread sends
        to the scorers (they were idle until the weights were learned)."""
        with second_cursor(self.cr) as other:
            with lower_backend_priority(other):
                self._timed("pairs", lambda: self._split_candidates(
                    other, self._dismissed_pairs()))
                self._timed("copy for the records", lambda: self._copy_record_tables(other))
                scorer = self._scorer()
                sender = InThread(self._send_records, other, scorer)
                try:
                    self._timed("train", self._train)
                    self._timed("records", sender.result)
                    scorer.set_model(self.model.as_dict())
                except Exception:
                    self._stop_sending(other, scorer, sender)
                    raise
                self.records_sent = True
                return self._timed("score", lambda: self._score_and_group(scorer))

    @staticmethod
    def _stop_sending(other, scorer, sender):
        """Stop SENDER, the thread sending records to SCORER from OTHER."""
        try:
            other.connection.cancel()
        except psycopg2.Error:  # (its statement runs to its end: waited for)
            pass
        scorer.close()
        sender.wait_quietly()

    def _timed(self, name, method):
        """METHOD's result; its wall time and the CPU time of this thread
        (what it holds the server's interpreter for, in the main) kept."""
        start, cpu = time.time(), time.thread_time()
        result = method()
        self.timings[name] = (time.time() - start, time.thread_time() - cpu)
        return result

    def _drop_tables(self):
        self.cr.execute("DROP TABLE IF EXISTS dedup_domain, dedup_partner, dedup_pair, "
                        "dedup_pair_other, dedup_candidate, dedup_name_count, "
                        "dedup_city_count, dedup_sample, dedup_u_sample, dedup_zip")

    def _select_partners(self):
        """Temporary tables: the partners compared with their keys (with the
        user's record rules), and how many partners bear each name and city."""
        cr = self.cr
        self.progress(0, 0, "select")
        self._drop_tables()
        self.among = self.scope != "all"
        self.total_partners = partner_total(cr)
        if self.among:
            partners, in_domain, where, params = self._domain_partners()
        else:
            partners, in_domain, where, params = self._universe_partners()
        self.bulk = self._bulk()
        columns, zips = PARTNER_COLUMNS_SQL, ""
        if self.bulk:
            cr.execute(ZIP_LOOKUP_SQL)
            columns = partner_columns_sql("z.sorted")
            zips = "LEFT JOIN dedup_zip z ON z.zip = p.dedup_zip_key"
        # sql-safe: clauses from the ORM's Query or literals; values as params
        cr.execute("""
            CREATE TEMP TABLE dedup_partner AS
            SELECT %s, %s AS in_domain
              FROM %s %s
             WHERE %s
        """ % (columns, in_domain, partners, zips, where), params)
        self.partner_count = cr.rowcount
        cr.execute("DROP TABLE IF EXISTS dedup_zip")
        # how many active partners bear each name and city: a frequent value
        # is weaker evidence (term frequency)
        for table, column, key in (("dedup_name_count", "name", "dedup_name_key"),
                                   ("dedup_city_count", "city", "dedup_city_key")):
            self._count_values(table, column, key)
            # sql-safe: table names from the literal tuple above
            cr.execute("CREATE UNIQUE INDEX ON {table} (value)".format(table=table))
            # sql-safe: table names from the literal tuple above
            cr.execute("ANALYZE {table}".format(table=table))
        cr.execute("CREATE UNIQUE INDEX ON dedup_partner (id)")
        self._analyze_partners()
        # sql-safe: a table name literal
        cr.execute(PAIRS_TABLE_SQL.format("dedup_pair"))

    def _domain_partners(self):
        """The partners of the domain, to be compared among themselves: the
        FROM, in_domain and WHERE of dedup_partner's SELECT, and their
        parameters; counted. (Read at once: with a table of their ids joined
        to the partners, the select took 4.75 s at a million partners, this
        3.71 s with the count.)"""
        domain, params = self._domain_select(self.domain, "res_partner.*")
        # sql-safe: the domain's SELECT (the ORM's clauses)
        self.cr.execute("SELECT count(*) FROM (%s) d" % domain, params)
        self.domain_count = self.cr.fetchone()[0]
        return "(%s) p" % domain, "TRUE", "TRUE", params

    def _universe_partners(self):
        """The partners of the universe (_universe_sql), the domain's marked:
        the FROM, in_domain and WHERE of dedup_partner's SELECT, and their
        parameters; dedup_domain, the domain's ids."""
        cr = self.cr
        domain, params = self._domain_select(self.domain, "res_partner.id")
        # (indexed once filled: a primary key filled row by row took 1.3 s
        # for a million ids, this 0.7 s)
        # sql-safe: the domain's SELECT (the ORM's clauses)
        cr.execute("CREATE TEMP TABLE dedup_domain AS " + domain, params)
        self.domain_count = cr.rowcount
        cr.execute("CREATE UNIQUE INDEX ON dedup_domain (id)")
        universe, universe_params = self._universe_sql()
        return ("res_partner p LEFT JOIN dedup_domain d ON d.id = p.id", "d.id IS NOT NULL",
                "p.id IN (%s)" % universe, universe_params)

    def _analyze_partners(self):
        """The planner's statistics of dedup_partner (a hook)."""
        self.cr.execute("ANALYZE dedup_partner")

    def _bulk(self):
        """Whether the check reads what it needs of the partners in
        whole-table scans (BULK_SHARE; a hook)."""
        return self.scope == "all" or self.domain_count >= BULK_SHARE * self.total_partners

    def _count_values(self, table, column, key):
        """TABLE (value, n): how many active partners bear each value of
        COLUMN of dedup_partner in their KEY, when more than one (in a bulk
        check, of every value)."""
        mine = "IS NOT NULL" if self.bulk else "IN (SELECT {} FROM dedup_partner)".format(column)
        # sql-safe: names from the literal tuple of _select_partners
        self.cr.execute("""
            CREATE TEMP TABLE {table} AS
            SELECT {key} AS value, count(*) AS n FROM res_partner
             WHERE active AND {key} {mine}
             GROUP BY {key} HAVING count(*) > 1
        """.format(table=table, key=key, mine=mine))

    def _universe_sql(self):
        """The SELECT of the ids the domain's partners are compared with in
        a check of scope 'all' (a hook: the incremental check narrows it),
        and its parameters."""
        return self._domain_select([], "res_partner.id")

    def _domain_select(self, domain, columns):
        """The SELECT of COLUMNS of the partners of DOMAIN (with the user's
        record rules), and its parameters."""
        from_clause, where_clause, params = self._domain_sql(domain)
        # sql-safe: clauses from the ORM's Query, columns the callers' literals
        return "SELECT %s FROM %s WHERE %s" % (columns, from_clause, where_clause or "TRUE"), params

    def _domain_sql(self, domain):
        partners = self.env["res.partner"]
        query = partners._where_calc(domain)
        partners._apply_ir_rules(query, "read")
        return query.get_sql()

    # -- blocking ----------------------------------------------------------

    def _candidate_pairs(self):
        """dedup_candidate: the distinct pairs of the blocking passes worth
        scoring, with the passes that found each (in this backend; in two at
        once for a large check: _find_split)."""
        dismissed = self._dismissed_pairs()
        statements = self._pass_statements()
        self.passes = self._run_passes(self.cr, _queue(statements), len(statements), report=True)
        self.candidate_count = self._filter_candidates(self.cr, "dedup_pair", dismissed)
        self.cr.execute("DROP TABLE dedup_pair")

    def _split(self):
        """Whether the passes and the filter are split over two backends:
        a background check of many partners, on a machine of several cores."""
        return (self.isolated and self.splittable and self.partner_count >= SPLIT_PARTNERS
                and (os.cpu_count() or 1) > 1)

    def _split_candidates(self, other, dismissed):
        """The passes shared out between this backend and OTHER (a copy of
        the partners), each taking the next one when it is free; then each
        backend filters the pairs of its half (HALF_SQL), those found by the
        other backend copied to it; OTHER's candidates then copied here."""
        backends = (self.cr, other)
        other.execute("SET LOCAL work_mem = '256MB'")
        self._timed("copy partners", lambda: copy_rows(self.cr, other, "dedup_partner",
                                                       create=True))
        other.execute("CREATE UNIQUE INDEX ON dedup_partner (id)")
        other.execute("ANALYZE dedup_partner")
        for cr in backends:
            # sql-safe: a table name literal
            cr.execute(PAIRS_TABLE_SQL.format("dedup_pair_other"))
        # sql-safe: a table name literal
        other.execute(PAIRS_TABLE_SQL.format("dedup_pair"))
        statements = self._pass_statements()
        pending = _queue(sorted(statements, key=lambda item: -PASS_COST.get(item[0], 1)))
        passes = self._timed("passes", lambda: self._both(backends, self._run_passes, [
            (pending, len(statements), True), (pending, len(statements))]))
        order = [name for name, _query, _params in statements]
        self.passes = sorted(passes[0] + passes[1], key=lambda item: order.index(item[0]))
        self._timed("exchange", lambda: self._exchange_pairs(backends))
        counts = self._timed("filter", lambda: self._both(backends, self._filter_candidates, [
            ("(SELECT a, b, pass FROM dedup_pair WHERE {} UNION ALL SELECT a, b, pass "
             "FROM dedup_pair_other) p".format(HALF_SQL.format(half=half)), dismissed)
            for half in (0, 1)]))
        self._timed("copy candidates", lambda: copy_rows(other, self.cr, "dedup_candidate"))
        self.candidate_count = sum(counts)
        self.cr.execute("DROP TABLE dedup_pair, dedup_pair_other")

    def _copy_record_tables(self, other):
        """Copy to OTHER what it needs to read the records of the partners of
        the candidate pairs: this backend's half of the pairs, and the counts
        of the names and cities."""
        # sql-safe: HALF_SQL is a module constant
        copy_rows(self.cr, other, "dedup_candidate",
                  "SELECT a, b, passes FROM dedup_candidate WHERE " + HALF_SQL.format(half=0))
        for table in ("dedup_name_count", "dedup_city_count"):
            copy_rows(self.cr, other, table, create=True)
            # sql-safe: table names from the literal tuple above
            other.execute("ANALYZE " + table)
        other.execute("ANALYZE dedup_candidate")

    @staticmethod
    def _exchange_pairs(backends):
        """Copy the pairs each of BACKENDS found of the other's half into the
        other's dedup_pair_other."""
        for half, (source, target) in enumerate((backends, backends[::-1])):
            # sql-safe: HALF_SQL is a module constant
            copy_rows(source, target, "dedup_pair_other", "SELECT a, b, pass FROM dedup_pair "
                      "WHERE NOT " + HALF_SQL.format(half=half))

    def _both(self, backends, method, arguments):
        """[METHOD(backend, *ARGUMENTS[k]) for the two BACKENDS], run at once
        (the second in a thread). An error in the first cancels the second's
        statement, and is raised when the second has stopped."""
        own, other = backends
        second = InThread(method, other, *arguments[1])
        try:
            first = method(own, *arguments[0])
        except Exception:
            try:
                other.connection.cancel()
            except psycopg2.Error:  # (its statement runs to its end: waited for)
                pass
            second.wait_quietly()
            raise
        return [first, second.result()]

    def _run_passes(self, cr, pending, total, report=False):
        """Run the blocking passes of PENDING (a queue of (name, INSERT,
        parameters)) in CR until none is left; the (pass, pairs, seconds) of
        those it ran. REPORT: tell the progress (of TOTAL passes). On an
        error, the passes left are dropped: the other backend stops too."""
        passes = []
        try:
            while True:
                try:
                    name, query, params = pending.get_nowait()
                except queue.Empty:
                    break
                if report:
                    self.progress(5 + 55 * (total - pending.qsize() - 1) // total, 0, "pairs")
                passes.append(self._run_pass(cr, name, query, params))
        except Exception:
            while not pending.empty():
                pending.get_nowait()
            raise
        if report:
            self.progress(60, 0, "pairs")
        return passes

    @staticmethod
    def _run_pass(cr, name, query, params):
        """Run one blocking pass in CR: its (name, pairs, seconds)."""
        start = time.time()
        # sql-safe: the passes' SQL of this module's constants; values as params
        cr.execute(query, params)
        return name, cr.rowcount, time.time() - start

    def _pass_statements(self):
        """(name, INSERT, parameters) of each blocking pass."""
        statements = [(name, self._key_pass_query(key, name in PLACE_CHECKED_PASSES,
                                                  name in IDENTIFIER_PASSES or not self.among),
                       (number,))
                      for number, (name, key, _on) in enumerate(BLOCKING_PASSES)]
        return statements + [
            (name, self._name_pass_query(order), (len(BLOCKING_PASSES) + offset, NAME_SIMILARITY))
            for offset, (name, order) in enumerate(NAME_ORDERS)]

    def _filter_candidates(self, cr, pairs, dismissed):
        """CR's dedup_candidate: the distinct pairs of PAIRS (a table or a
        subquery aliased, of a, b and pass) worth scoring, with the passes
        that found each, but the DISMISSED ones (two lists of ids, the lower
        first); how many."""
        found = sum(count for _name, count, _seconds in self.passes)
        many = [("enable_nestloop", "off"), ("enable_hashagg", "off")]
        with planner_settings(cr, many if found >= SORTED_FILTER_PAIRS else []):
            return self._create_candidates(cr, pairs, dismissed)

    def _create_candidates(self, cr, pairs, dismissed):
        # (OFFSET 0 keeps the subquery whole: its agreements are computed
        # once, not once for each time the condition reads them; the
        # dismissed pairs are looked up in a hash of them, where NOT EXISTS
        # probed the dismissals once per pair)
        # sql-safe: the agreements and mask from the module's constants; values as params
        cr.execute("""
            CREATE TEMP TABLE dedup_candidate AS
            SELECT a, b, passes FROM (
                SELECT d.a, d.b, d.passes,
                       ({names}) + (d.passes & {alike_mask} <> 0)::int AS of_names,
                       ({beyond}) AS beyond, {apart} AS apart,
                       pa.name AS name_a, pb.name AS name_b,
                       pa.street_flat AS street_a, pb.street_flat AS street_b
                  FROM (SELECT a, b, bit_or(1::bigint << pass) AS passes
                          FROM {pairs} GROUP BY a, b) d
                  JOIN dedup_partner pa ON pa.id = d.a
                  JOIN dedup_partner pb ON pb.id = d.b
                 WHERE d.a <> d.b AND pa.is_company = pb.is_company
                   AND (pa.in_domain OR pb.in_domain)
                   AND pa.id IS DISTINCT FROM pb.parent_id
                   AND pb.id IS DISTINCT FROM pa.parent_id
                   AND pa.id IS DISTINCT FROM pb.commercial_id
                   AND pb.id IS DISTINCT FROM pa.commercial_id
                   AND (d.a, d.b) NOT IN (
                       SELECT x.a, x.b FROM unnest(%(dismissed_a)s::int[],
                                                   %(dismissed_b)s::int[]) x(a, b))
                OFFSET 0
            ) c
             WHERE NOT (beyond = 0 AND apart)
               AND (of_names + beyond >= %(least)s
                    OR of_names + beyond = %(least)s - 1
                       AND (passes & {similar_mask} <> 0 OR {alike_names} OR {alike_streets}))
        """.format(names=NAME_AGREEMENTS_SQL, beyond=BEYOND_NAME_SQL, alike_mask=NAME_ALIKE_MASK,
                   apart=APART_SQL, similar_mask=NAME_SIMILAR_MASK, pairs=pairs,
                   alike_names=ALIKE_SQL.format(a="name_a", b="name_b"),
                   alike_streets=ALIKE_SQL.format(a="street_a", b="street_b")),
            {"least": MIN_AGREEMENTS,
             "dismissed_a": dismissed[0], "dismissed_b": dismissed[1]})
        return cr.rowcount

    def _key_pass_query(self, key, place_checked, shared_only=True):
        """The INSERT of a blocking pass's pairs (a hook: see _key_pass_sql)."""
        return _key_pass_sql(key, place_checked, shared_only)

    def _name_pass_query(self, order):
        """The INSERT of the pairs of a sorted-neighbourhood pass on the name
        in ORDER (a SQL expression): each partner with the next NAME_WINDOW
        partners, when their names differ but are alike (a hook); its
        parameters are the pass's number and NAME_SIMILARITY."""
        # sql-safe: orders and window from the module's constants; values as params
        return """
            INSERT INTO dedup_pair (a, b, pass)
            SELECT LEAST(id, other), GREATEST(id, other), %s
              FROM (SELECT id, name, in_domain, {others}, {names}, {ins}
                      FROM dedup_partner WHERE name IS NOT NULL
                    WINDOW w AS (PARTITION BY is_company ORDER BY ({order}) COLLATE "C", id)) s
             WHERE other IS NOT NULL AND (in_domain OR other_in)
               AND name <> other_name AND similarity(name, other_name) >= %s
        """.format(others=_next_values("id", NAME_WINDOW, "other"),
                   names=_next_values("name", NAME_WINDOW, "other_name"),
                   ins=_next_values("in_domain", NAME_WINDOW, "other_in"), order=order)

    def _dismissed_pairs(self):
        """The pairs dismissed in the companies of this check's user's record
        rule (another company's "not a duplicate" is its own), as two lists
        of ids, the lower first."""
        user = self.env.user
        companies = self.env["res.company"].sudo().search(
            [("id", "child_of", user.company_id.id)]).ids
        self.cr.execute("""
            SELECT COALESCE(array_agg(LEAST(partner_a_id, partner_b_id)), '{}'),
                   COALESCE(array_agg(GREATEST(partner_a_id, partner_b_id)), '{}')
              FROM crm_prospect_dedup_dismissal
             WHERE company_id IS NULL OR company_id = ANY(%s)
        """, (companies,))
        return self.cr.fetchone()

    def _pairs_query(self, where="TRUE", extra="", table="dedup_candidate"):
        """SELECT of the candidate pairs of TABLE with both partners' RECORD_COLUMNS."""
        # sql-safe: fragments from this module's literals; values as params
        return """
            SELECT {extra}, {a}, {b}
              FROM {table} d
              JOIN dedup_partner pa ON pa.id = d.a
              JOIN dedup_partner pb ON pb.id = d.b
              LEFT JOIN dedup_name_count panc ON panc.value = pa.name
              LEFT JOIN dedup_name_count pbnc ON pbnc.value = pb.name
              LEFT JOIN dedup_city_count pacc ON pacc.value = pa.city
              LEFT JOIN dedup_city_count pbcc ON pbcc.value = pb.city
             WHERE {where}
        """.format(extra=extra, a=_record_sql("pa"), b=_record_sql("pb"), where=where,
                   table=table)

    # -- training ----------------------------------------------------------

    def _train(self):
        """Learn m, u and the prior from this data when there is enough of
        it, and store them; otherwise keep the stored model."""
        if self.partner_count < MIN_TRAIN_PARTNERS or self.candidate_count < MIN_TRAIN_PAIRS:
            return
        self.progress(62, 0, "train")
        rate = min(1.0, float(TRAIN_PAIRS) / self.candidate_count)
        sample = self._worker(TrainingProcess, TrainingSample, self.model.as_dict(), PASS_NAMES,
                              EXCLUDED, self._exact_u(), rate, self._comparable_pairs(),
                              RANDOM_PAIRS, 42)
        try:
            self._stream_sample(sample.add_pairs, rate, "d.passes & ~%(identifiers)s")
            # the pairs of the identifiers' passes, sampled apart: a uniform
            # sample of a large database holds too few of them to learn from
            self.cr.execute("SELECT count(*) FROM dedup_candidate WHERE passes & %s <> 0",
                            [IDENTIFIER_MASK])
            count = self.cr.fetchone()[0]
            self._stream_sample(sample.add_pass_pairs,
                                min(1.0, float(TRAIN_PAIRS) / max(count, 1)),
                                "d.passes & %(identifiers)s", "d.passes & %(identifiers)s <> 0")
            # (the partners drawn before their counts are joined: the counts
            # of every partner were joined, then sorted, 0.8 s at a million)
            # sql-safe: RECORD_SQL is a module constant; values as params
            self._stream(sample.add_random_records, """
                SELECT {columns} FROM (SELECT * FROM dedup_partner
                                        ORDER BY hashint4(id), id LIMIT %(limit)s) p
                  LEFT JOIN dedup_name_count nc ON nc.value = p.name
                  LEFT JOIN dedup_city_count cc ON cc.value = p.city
                 ORDER BY hashint4(p.id), p.id
            """.format(columns=RECORD_SQL), {"limit": RANDOM_RECORDS})
            self.model = MatchModel.from_dict(sample.learned())
        finally:
            sample.close()
        self.trained = True
        self._store_model()

    def _stream_sample(self, consume, rate, passes, where="TRUE"):
        """Give CONSUME a share RATE of the candidate pairs matching WHERE,
        with their PASSES (SQL of d.passes), in the ids' order: the same
        sums, whatever order the plan reads them in. The sample is drawn
        first, so that the planner joins its partners knowing how few they
        are (not every partner: 4-5 s instead of 2.5 s at a million)."""
        params = {"rate": rate, "identifiers": IDENTIFIER_MASK}
        self.cr.execute("DROP TABLE IF EXISTS dedup_sample")
        # sql-safe: fragments from this module's literals; values as params
        self.cr.execute("CREATE TEMP TABLE dedup_sample AS SELECT a, b, passes "
                        "FROM dedup_candidate d WHERE ({}) AND {}".format(where, SAMPLED), params)
        self.cr.execute("ANALYZE dedup_sample")
        # sql-safe: fragments from this module's literals; values as params
        self._stream(consume, self._pairs_query("TRUE ORDER BY d.a, d.b", extra=passes,
                                                table="dedup_sample"), params)

    def _exact_u(self):
        """u of each "exact" level: the chance that two partners picked at
        random share a value, from the frequencies of the values (of a
        sample of EXACT_U_PARTNERS partners in a larger check)."""
        keys = {
            "person_name": ("replace(COALESCE(given, '') || surname, ' ', '')",
                            "NOT is_company"),
            "company_name": ("name", "is_company"),
        }
        for comparison in COMPARISONS:  # phone: the phone column (mobiles aside)
            keys.setdefault(comparison.name, (comparison.name, "TRUE"))
        result = {}
        rate, partners = self._u_sample_rate(), "dedup_partner"
        if rate < 1:
            # (the sample drawn once: drawn again for each key, it cost a
            # read of every partner each, 1.6 s at a million)
            partners = "dedup_u_sample"
            self.cr.execute("DROP TABLE IF EXISTS dedup_u_sample")
            self.cr.execute("""
                CREATE TEMP TABLE dedup_u_sample AS SELECT * FROM dedup_partner
                 WHERE (hashint4(id) & 2147483647) < %s * 2147483648.0
            """, (rate,))
        for name, (expression, where) in keys.items():
            # sql-safe: expressions from the literal dict above, a table name literal
            self.cr.execute("""
                SELECT sum(n * (n - 1))::float8, sum(n)::float8 FROM (
                    SELECT count(*) AS n FROM {partners}
                     WHERE ({e}) IS NOT NULL AND {w} GROUP BY ({e})) c
            """.format(e=expression, w=where, partners=partners))
            shared, count = self.cr.fetchone()
            if count and count > 1:
                result[name] = shared / (count * (count - 1))
        self.cr.execute("DROP TABLE IF EXISTS dedup_u_sample")
        return result

    def _u_sample_rate(self):
        """The share of the partners whose values _exact_u counts."""
        return min(1.0, float(EXACT_U_PARTNERS) / max(self.partner_count, 1))

    def _comparable_pairs(self):
        self.cr.execute("SELECT count(*) FILTER (WHERE is_company), "
                        "count(*) FILTER (WHERE NOT is_company) FROM dedup_partner")
        companies, persons = self.cr.fetchone()
        return companies * (companies - 1) / 2.0 + persons * (persons - 1) / 2.0

    def _store_model(self):
        """Keep what was learned, for the next checks, the typing warning and
        the merge dialog: only from a CRM manager's check (a salesperson's
        check learns for itself). A check learning at the same time wins."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            return
        try:
            with self.cr.savepoint():
                self.env["crm.prospect.dedup.rule"]._store_learned(
                    self.model, self.partner_count, self.candidate_count)
        except psycopg2.OperationalError as error:
            _logger.info("duplicate check: learned weights not stored (%s)", error)

    # -- scoring -----------------------------------------------------------

    def _score_and_group(self, scorer):
        """Stream the candidate pairs with both partners' keys to SCORER
        (which is closed after), score them with the model, and group the
        pairs at or above the threshold."""
        self.progress(65, 0, "score")
        try:
            groups = self._scored_groups(scorer)
            self.pair_count = scorer.pair_count
        finally:
            scorer.close()
        self.progress(95, self.domain_count, "save")
        return groups

    def _scored_groups(self, scorer):
        """The groups of the candidate pairs scored by SCORER (a hook: the
        incremental check scores more rounds)."""
        self._timed("pairs scored", lambda: self._score_candidates(scorer))
        return scorer.groups()

    def _score_candidates(self, scorer):
        """Stream the candidate pairs to SCORER in the order of their second
        (higher) partner, each batch after the records of the partners it
        needs, in the order of their ids: the scorers score a batch while
        the server reads the next records (all the records first, then the
        pairs, left them idle while the server read the records); none when
        they were sent already (records_sent)."""
        records = None if self.records_sent else self._records_reader(self.cr)
        pairs = self._reader("crm_prospect_dedup_pairs",
                             "SELECT a, b FROM dedup_candidate ORDER BY b, a")
        try:
            sent, last_record, last_report = 0, 0, time.time()
            for rows in self._batches(pairs):
                while records is not None and last_record < rows[-1][1]:
                    batch = records.fetchmany(BATCH)
                    if not batch:
                        break
                    scorer.add_records(batch)
                    last_record = batch[-1][0]
                scorer.add(rows)
                sent += len(rows)
                if time.time() - last_report > 1.0:
                    last_report = time.time()
                    share = float(sent) / max(self.candidate_count, sent)
                    self.progress(65 + int(30 * share), int(self.domain_count * share), "score")
        finally:
            if records is not None:
                records.close()
            pairs.close()

    def _records_reader(self, cr, ordered=True):
        """A server-side cursor of CR over the records of the partners of the
        candidate pairs; ORDERED: in the order of their ids (sorting them
        delays the first ones by a second at a million partners)."""
        # sql-safe: RECORD_SQL is a module constant; values as params
        return self._reader("crm_prospect_dedup_records", """
            SELECT {columns} FROM dedup_partner p
              LEFT JOIN dedup_name_count nc ON nc.value = p.name
              LEFT JOIN dedup_city_count cc ON cc.value = p.city
             WHERE p.id IN (SELECT a FROM dedup_candidate UNION SELECT b FROM dedup_candidate)
             {order}
        """.format(columns=RECORD_SQL, order="ORDER BY p.id" if ordered else ""), cr=cr)

    def _send_records(self, cr, scorer):
        """Send SCORER every record of _records_reader(CR)."""
        records = self._records_reader(cr, ordered=False)
        try:
            for batch in read_ahead(self._batches(records)):
                scorer.add_records(batch)
        finally:
            records.close()

    def _reader(self, name, query, params=None, cr=None):
        """A server-side cursor NAME of CR (default the check's) over the rows of QUERY."""
        reader = (cr or self.cr)._cnx.cursor(name)
        reader.itersize = BATCH
        # sql-safe: queries of this module's literals; values as params
        reader.execute(query, dict(params or {}, total=self.total_partners))
        return reader

    @staticmethod
    def _batches(reader):
        """The rows of READER, BATCH at a time."""
        while True:
            rows = reader.fetchmany(BATCH)
            if not rows:
                return
            yield rows

    def _stream(self, consume, query, params=None):
        """Fetch the rows of QUERY in batches (a server-side cursor) and give
        each batch to CONSUME."""
        reader = self._reader("crm_prospect_dedup_rows", query, params)
        try:
            for rows in self._batches(reader):
                consume(rows)
        finally:
            reader.close()

    def _scorer(self):
        """The pair scorer: in child processes for the background checks,
        several at once when there are many pairs."""
        pooled = self.candidate_count >= POOL_PAIRS and scorer_count() > 1
        process = ScoringPool if pooled else ScoringProcess
        return self._worker(process, PairScorer, self.model.as_dict(), self.threshold)

    def _worker(self, process, local, *args):
        """PROCESS(*ARGS), a worker in a child process, for the background
        checks; LOCAL(*ARGS), the same work in the server, otherwise."""
        if self.isolated and can_spawn():
            try:
                return process(*args)
            except OSError as error:  # no memory or processes left to start it
                _logger.warning("duplicate check: %s in the server (%s)", process.KIND, error)
        return local(*args)
