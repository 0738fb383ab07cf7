"""The training fed row by row, in the server and in a process of its own
(as the background checks learn), without a database: both learn the same
model from the same rows."""
import random
import unittest
from collections import Counter

from ..matching import MatchModel, record_from_values
from ..matching.child_process import WorkerProcessError
from ..matching.comparisons import gamma
from ..matching.records import WIDTH, record_from_row
from ..matching.training_process import TrainingProcess
from ..matching.training_sample import TrainingSample
from .test_matching_pair_scorer import columns

PASS_NAMES = ["email", "zip_number", "name"]
EXCLUDED = {"email": ("email",), "zip_number": ("zip", "street_number"),
            "name": ("person_name", "company_name")}
SURNAMES = ["Martin", "Bernard", "Dubois", "Durand", "Leroy", "Moreau", "Simon", "Laurent"]
CITIES = [("69001", "Lyon"), ("75011", "Paris"), ("44000", "Nantes"), ("59000", "Lille")]


def persons(seed, count):
    """COUNT persons, every third typed again with a slip (the next record)."""
    rng = random.Random(seed)
    records = []
    while len(records) < count:
        zip_code, city = rng.choice(CITIES)
        values = {"id": len(records) + 1, "is_company": False,
                  "name": "%s %d" % (rng.choice(SURNAMES), rng.randrange(300)),
                  "street": "%d rue de la Paix" % rng.randint(1, 90), "zip": zip_code,
                  "city": city, "email": "p%d@example.com" % rng.randrange(10 ** 6)}
        records.append(record_from_values(values, "fr"))
        if len(records) % 3 == 0:
            again = dict(values, id=len(records) + 1, name=values["name"] + "e",
                         email=rng.choice([values["email"], None]))
            records.append(record_from_values(again, "fr"))
    return records


def pair_rows(records, seed):
    """Rows of candidate pairs as the check streams them: the passes that
    found the pair (a bit mask over PASS_NAMES), then both partners."""
    rng = random.Random(seed)
    rows = []
    for index in range(len(records) - 1):
        for other in (index + 1, rng.randrange(len(records))):
            if other != index:
                passes = rng.randrange(1, 1 << len(PASS_NAMES))
                rows.append((passes,) + columns(records[index]) + columns(records[other]))
    return rows


def learn(sample, pairs, partners, batch=150):
    """What SAMPLE learns from PAIRS and PARTNERS given in batches."""
    try:
        for start in range(0, len(pairs), batch):
            sample.add_pairs(pairs[start:start + batch])
        for start in range(0, len(partners), batch):
            sample.add_random_records(partners[start:start + batch])
        return sample.learned()
    finally:
        sample.close()


class TestTrainingProcess(unittest.TestCase):

    def setUp(self):
        records = persons(seed=5, count=600)
        self.pairs = pair_rows(records, seed=6)
        self.partners = [columns(record) for record in records]
        self.start = MatchModel(overrides={"vat": {"exact": 12.0}})
        self.args = (self.start.as_dict(), PASS_NAMES, EXCLUDED, {"email": 0.0004}, 0.5,
                     179700.0, 5000, 42)

    def test_the_child_learns_the_model_the_server_would(self):
        here = learn(TrainingSample(*self.args), self.pairs, self.partners)
        child = TrainingProcess(*self.args)
        self.assertIsNone(child._process.popen.poll(), "a child process runs")
        in_the_child = learn(child, self.pairs, self.partners)
        self.assertEqual(in_the_child, here)
        self.assertEqual(in_the_child["overrides"], self.start.overrides)
        for name in ("person_name", "email", "zip", "city"):
            self.assertNotEqual(in_the_child["parameters"][name], self.start.parameters[name],
                                "%s learned from the rows" % name)
        self.assertNotEqual(in_the_child["prior"], self.start.prior)

    def test_the_order_of_the_random_partners_counts_in_both(self):
        """The random pairs are drawn from the partners in the order sent:
        the same seed over another order learns another u (the test above
        would not see a child that sorted them)."""
        here = learn(TrainingSample(*self.args), self.pairs, self.partners)
        other = learn(TrainingSample(*self.args), self.pairs, self.partners[::-1])
        self.assertNotEqual(other["parameters"], here["parameters"])

    def test_a_failing_child_is_reported_with_its_error(self):
        with self.assertRaises(WorkerProcessError) as raised:
            learn(TrainingProcess(*self.args), self.pairs[:10] + [(1, "not a pair")], [])
        self.assertIn("training process stopped", str(raised.exception))
        self.assertIn("Error", str(raised.exception))


class TestTrainingSampleVectors(unittest.TestCase):

    def test_each_pair_is_counted_with_its_own_vector(self):
        """The vectors counted are gamma() of each pair of the rows (a partner
        in several pairs with each of its partners), under every pass that
        found the pair."""
        records = persons(seed=7, count=90)
        rows = pair_rows(records, seed=8)
        by_id = {record.id: record_from_row(columns(record)) for record in records}
        expected = Counter()
        for row in rows:
            expected[gamma(by_id[row[1]], by_id[row[1 + WIDTH]])] += 1
        sample = TrainingSample(MatchModel().as_dict(), PASS_NAMES, EXCLUDED, {}, 1.0,
                                4005.0, 100, 1)
        sample.add_pairs(rows)
        self.assertEqual(sample.distinct, expected)
        self.assertGreater(len(expected), 3, "the pairs reach several vectors")
        by_pass = sum(sample.patterns_by_pass.values(), Counter())
        self.assertGreaterEqual(sum(by_pass.values()), len(rows))
