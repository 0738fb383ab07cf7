"""The scorer of candidate pairs, in the server and in its own process, and
its grouping that does not chain strangers, without a database."""
import fcntl
import time
import unittest

from ..matching import MatchModel, group_pairs, record_from_row, record_from_values
from ..matching import child_process
from ..matching.child_process import WorkerProcessError
from ..matching.comparisons import compare_phone
from ..matching.pair_scorer import CANNOT_LINK, PairScorer
from ..matching.records import RECORD_COLUMNS, compact_record_from_row
from ..matching.scoring_process import ScoringPool, ScoringProcess, turns

THRESHOLD = 0.99
F_GETPIPE_SZ = 1032  # Linux's fcntl: the size of a pipe


def partner(partner_id, **values):
    """The MatchRecord of a partner typed with VALUES in France."""
    return record_from_values(dict(values, id=partner_id, is_company=values.get(
        "is_company", True)), "fr")


def columns(record):
    """The RECORD_COLUMNS of RECORD, as the check's SQL sends them."""
    phones = sorted(record.phones)
    values = dict(record._asdict(), phone=phones[0] if phones else None,
                  mobile=phones[1] if len(phones) > 1 else None)
    return tuple(values[column] for column in RECORD_COLUMNS)


def row(a, b):
    return (a.id, b.id)


def feed(scorer, rows, records):
    """Give SCORER the partners (as the check's SQL sends them), then ROWS."""
    scorer.add_records([columns(record) for record in records])
    scorer.add(rows)


ACME = partner(1, name="Acme SARL", email="contact@acme.fr", phone="01 23 45 67 89")
ACME_2 = partner(2, name="ACME", email="Contact@Acme.fr", phone="+33 1 23 45 67 89")
ACME_3 = partner(3, name="Acme S.A.", email="contact@acme.fr", city="Lyon")
ZENITH = partner(4, name="Zenith", vat="FR40303265045")
ZENITH_2 = partner(5, name="Zenith SA", vat="FR 40 303 265 045")
MARTIN = partner(6, name="Martin", email="a@martin.fr")
DURAND = partner(7, name="Durand", email="b@durand.fr")
ROWS = [row(ACME, ACME_2), row(ACME_2, ACME_3), row(ZENITH, ZENITH_2),
        row(MARTIN, DURAND)]
RECORDS = [ACME, ACME_2, ACME_3, ZENITH, ZENITH_2, MARTIN, DURAND]


class TestPairScorer(unittest.TestCase):

    def test_rows_carry_the_records(self):
        for record in (ACME, ACME_2, ZENITH_2):
            self.assertEqual(record_from_row(columns(record)), record)

    def test_compact_records_compare_as_the_plain_ones(self):
        """The scorer's records share the values many partners bear and keep
        the phones in a tuple: every comparison of every pair reaches the
        same level as with the records of record_from_row."""
        model, shared = MatchModel(), {}
        plain = {record.id: record_from_row(columns(record)) for record in RECORDS}
        compact = {record.id: compact_record_from_row(columns(record), shared)
                   for record in RECORDS}
        self.assertIsInstance(compact[1].phones, tuple)
        for a in RECORDS:
            for b in RECORDS:
                self.assertEqual(model.explain(compact[a.id], compact[b.id]),
                                 model.explain(plain[a.id], plain[b.id]))
        # ACME and ACME_2 have a phone in common; another number differs; ZENITH has none
        other = compact_record_from_row(columns(partner(8, name="Acme", phone="0299999999",
                                                        mobile="0123456788")), shared)
        self.assertEqual(compare_phone(compact[1], compact[2]), "exact")
        self.assertEqual(compare_phone(compact[1], other), "else")
        self.assertIsNone(compare_phone(compact[1], compact[4]))
        # one object for a value many partners bear
        twin = compact_record_from_row(columns(ACME_3), shared)
        self.assertIs(twin.city, compact[3].city)

    def test_pairs_at_or_above_the_threshold_are_grouped(self):
        model = MatchModel()
        scorer = PairScorer(model, THRESHOLD)
        feed(scorer, ROWS, RECORDS)
        groups = scorer.groups()
        self.assertEqual(scorer.pair_count, 4)
        self.assertEqual(sorted(group["partner_ids"] for group in groups), [[1, 2, 3], [4, 5]])
        for group in groups:
            self.assertGreaterEqual(group["score"], THRESHOLD)
        self.assertLess(model.score(MARTIN, DURAND), THRESHOLD)
        zenith = next(group for group in groups if group["partner_ids"] == [4, 5])
        self.assertIn(("vat", "exact"), [reason[:2] for reason in zenith["reasons"]])
        # a model given as plain values (as sent to a child process) scores the same
        plain = PairScorer(model.as_dict(), THRESHOLD)
        feed(plain, ROWS, RECORDS)
        self.assertEqual(plain.groups(), groups)

    def test_a_partner_like_two_others_does_not_chain_them_into_one_group(self):
        """B has A's e-mail and C's phone: A~B and B~C are sure, but A and C
        differ on both and live apart, so they do not end in one group."""
        a = partner(1, is_company=False, name="Jean Dupont", email="jean@one.fr",
                    phone="01 11 11 11 11", city="Paris", zip="75001")
        b = partner(2, is_company=False, name="Jean Dupont", email="jean@one.fr",
                    phone="04 44 44 44 44")
        c = partner(3, is_company=False, name="Jean Dupont", email="dupont@two.fr",
                    phone="04 44 44 44 44", city="Marseille", zip="13001")
        model = MatchModel()
        self.assertGreaterEqual(model.score(a, b), THRESHOLD)
        self.assertGreaterEqual(model.score(b, c), THRESHOLD)
        self.assertLess(model.score(a, c), CANNOT_LINK)
        scorer = PairScorer(model, THRESHOLD)
        feed(scorer, [row(a, b), row(b, c), row(a, c)], [a, b, c])
        groups = [group["partner_ids"] for group in scorer.groups()]
        self.assertEqual(len(groups), 1)
        self.assertIn(2, groups[0], "B joins the one it resembles most")
        self.assertFalse({1, 3} <= set(groups[0]))
        # what the scorer prevents: linking pairs alone would chain them
        pairs = [(x.id, y.id, model.score(x, y), ()) for x, y in ((a, b), (b, c))]
        self.assertEqual([g["partner_ids"] for g in group_pairs(pairs)], [[1, 2, 3]])


class TestScoringProcess(unittest.TestCase):

    def test_the_server_may_write_batches_ahead_of_a_busy_child(self):
        """The child's input pipe holds several batches (Linux's default
        64 KB held less than one, and the server waited for each child in
        turn)."""
        scorer = ScoringProcess(MatchModel().as_dict(), THRESHOLD)
        try:
            size = fcntl.fcntl(scorer._requests.fileno(), F_GETPIPE_SZ)
        finally:
            scorer.close()
        with open("/proc/sys/fs/pipe-max-size") as limit:  # what the system allows
            self.assertGreaterEqual(size, min(child_process.PIPE_BYTES, int(limit.read())))

    def score_in_a_child(self, batches):
        scorer = ScoringProcess(MatchModel().as_dict(), THRESHOLD)
        try:
            scorer.add_records([columns(record) for record in RECORDS])
            for rows in batches:
                scorer.add(rows)
            return scorer.groups(), scorer.pair_count
        finally:
            scorer.close()

    def test_the_child_finds_the_groups_the_server_would(self):
        here = PairScorer(MatchModel(), THRESHOLD)
        feed(here, ROWS, RECORDS)
        groups, count = self.score_in_a_child([ROWS[:1], ROWS[1:3], ROWS[3:]])
        self.assertEqual(groups, here.groups())
        self.assertEqual(count, 4)
        self.assertEqual(sorted(group["partner_ids"] for group in groups), [[1, 2, 3], [4, 5]])

    def test_a_child_that_answered_ends_by_itself(self):
        scorer = ScoringProcess(MatchModel().as_dict(), THRESHOLD)
        feed(scorer, ROWS, RECORDS)
        self.assertTrue(scorer.groups())
        scorer.close()
        self.assertEqual(scorer._process.popen.wait(timeout=5), 0, "ended, not killed")

    def test_a_failing_child_is_reported_with_its_error(self):
        with self.assertRaises(WorkerProcessError) as raised:
            self.score_in_a_child([ROWS, [(9, 10, "not a pair")]])
        self.assertIn("ValueError", str(raised.exception))

    def test_a_pair_of_a_partner_never_sent_is_an_error(self):
        with self.assertRaises(WorkerProcessError) as raised:
            self.score_in_a_child([[(ACME.id, 999)]])
        self.assertIn("KeyError", str(raised.exception))


class TestScoringPool(unittest.TestCase):

    def setUp(self):
        self.pool = ScoringPool(MatchModel().as_dict(), THRESHOLD, size=2)
        self.addCleanup(self.pool.close)
        self.pool.add_records([columns(record) for record in RECORDS])

    def test_the_children_share_the_pairs_and_find_the_groups_of_one_scorer(self):
        here = PairScorer(MatchModel(), THRESHOLD)
        feed(here, ROWS, RECORDS)
        for rows in ([ROWS[0]], ROWS[1:3], [ROWS[3]]):
            self.pool.add(rows)
        self.assertEqual([child.pair_count for child in self.pool.children], [2, 2])
        self.assertEqual(self.pool.pair_count, 4)
        # each child scored a share: both are needed to link Acme's three
        self.assertEqual(self.pool.linked(), here.linked())
        self.assertEqual(self.pool.groups(), here.groups())

    def test_a_failing_child_of_the_pool_is_reported_with_its_error(self):
        self.pool.add(ROWS[:1])
        self.pool.add([(9, 10, "not a pair")])
        with self.assertRaises(WorkerProcessError) as raised:
            self.pool.groups()
        self.assertIn("ValueError", str(raised.exception))

    def test_the_partners_sent_before_the_pairs_are_built_once_and_shared(self):
        self.assertEqual(len(self.pool.children), 1, "one child builds the partners")
        self.pool.add([ROWS[0]])
        first, copy = self.pool.children
        self.assertNotEqual(copy._process.pid, first._process.popen.pid)
        # the copy scores pairs of partners it was never sent
        copy.add(ROWS[1:3])
        self.assertEqual(copy.linked(), [ACME_2.id, ACME_3.id, ZENITH.id, ZENITH_2.id])

    def test_partners_sent_after_the_copies_reach_every_child(self):
        late = partner(8, name="Zenith S.A.", vat="FR40303265045")
        self.pool.add([ROWS[3]])
        self.pool.add_records([columns(late)])
        for child in self.pool.children:
            child.add([row(ZENITH, late)])
        self.assertEqual([child.linked() for child in self.pool.children],
                         [[ZENITH.id, late.id]] * 2)

    def test_no_process_is_left_once_the_groups_are_read(self):
        self.pool.add(ROWS[:2])
        self.pool.add(ROWS[2:])
        processes = [self.pool.children[0]._process.popen.pid,
                     self.pool.children[1]._process.pid]
        self.assertTrue(self.pool.groups())
        self.pool.close()  # (the first ends by itself: it is not waited for)
        self.assertEqual([running(pid, wait=5.0) for pid in processes], [False, False])

    def test_the_first_scorer_which_groups_takes_fewer_batches(self):
        for _number in range(7):
            self.pool.add([ROWS[0]])
        self.assertEqual([child.pair_count for child in self.pool.children], [3, 4])
        self.assertEqual(turns(3), [0, 1, 2, 0, 1, 2, 0, 1, 2, 1, 2])

    def test_closing_the_pool_stops_its_copies(self):
        self.pool.add(ROWS)
        copy = self.pool.children[1]._process.pid
        self.pool.close()
        self.assertFalse(running(copy, wait=5.0))


def running(pid, wait=0.0):
    """Whether process PID still runs after WAIT seconds at most (a killed
    process takes a moment to stop)."""
    deadline = time.time() + wait
    while _running(pid) and time.time() < deadline:
        time.sleep(0.01)
    return _running(pid)


def _running(pid):
    """Whether process PID runs (neither gone nor a zombie left to reap)."""
    try:
        with open("/proc/%d/stat" % pid) as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
