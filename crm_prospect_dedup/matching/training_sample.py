"""What the training learns from, gathered row by row as the duplicate check
streams it (in the server, or in a process of its own: training_process):
the comparison vectors of a sample of the candidate pairs, by blocking pass,
and partners picked at random for the random pairs that give u."""
from collections import Counter

from . import training
from .comparisons import gamma
from .model import MatchModel
from .records import WIDTH, record_from_row


class TrainingSample(object):
    """Feed `add_pairs` (rows of the pair's passes as a bit mask, then both
    partners' RECORD_COLUMNS), `add_pass_pairs` (the same, a sample of some
    passes' pairs drawn apart) and `add_random_records` (rows of
    RECORD_COLUMNS); `learned()` is then the model learned, as a dict.

    :param start_model: MatchModel.as_dict() of the model to start from
    :param pass_names: the blocking passes, in the order of the mask's bits
    :param excluded: {pass: the comparisons its pairs agree on by construction}
    :param exact_u: {comparison: u of its exact level} from value frequencies
    :param sample_rate: the share of the candidate pairs sampled
    :param total_pairs: how many pairs of comparable partners there are
    :param random_pairs: how many random pairs of the random partners to draw
    :param seed: of the drawing of the random pairs
    """

    BATCH_METHODS = ("add_pairs", "add_pass_pairs", "add_random_records")  # fed to a child
    ANSWER = "learned"

    def __init__(self, start_model, pass_names, excluded, exact_u, sample_rate, total_pairs,
                 random_pairs, seed):
        self.start_model = MatchModel.from_dict(start_model)
        self.pass_names = pass_names
        self.excluded = excluded
        self.exact_u = exact_u
        self.sample_rate = sample_rate
        self.total_pairs = total_pairs
        self.random_pairs = random_pairs
        self.seed = seed
        self.patterns_by_pass = {name: Counter() for name in pass_names}
        self.distinct = Counter()
        self.random_records = []

    def add_pairs(self, rows):
        self._add(rows, distinct=True)

    def add_pass_pairs(self, rows):
        """Pairs of a sample of their own, for their passes' m only (the
        sample the prior is learned from is add_pairs')."""
        self._add(rows, distinct=False)

    def _add(self, rows, distinct):
        bits = list(enumerate(self.pass_names))
        for row in rows:
            vector = gamma(record_from_row(row[1:1 + WIDTH]), record_from_row(row[1 + WIDTH:]))
            if distinct:
                self.distinct[vector] += 1
            for number, name in bits:
                if row[0] & (1 << number):
                    self.patterns_by_pass[name][vector] += 1

    def add_random_records(self, rows):
        self.random_records.extend(record_from_row(row) for row in rows)

    def learned(self):
        """The MatchModel learned, as MatchModel.as_dict() (plain values)."""
        random_counts = training.level_counts(self.random_records, self.random_pairs,
                                              seed=self.seed)
        return training.train(
            self.start_model, random_counts, self.exact_u, self.patterns_by_pass,
            self.distinct, self.excluded, self.sample_rate, self.total_pairs).as_dict()

    def close(self):
        pass
