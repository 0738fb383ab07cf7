"""Scoring of the candidate pairs streamed by the duplicate check, and their
grouping: plain Python, run in the server or in a process of its own
(scoring_process)."""
from .grouping import group_pairs
from .model import MatchModel
from .records import compact_record_from_row

# A pair this unlikely does not end in one group, whatever links its two
# partners through others: a chain of weak links does not join strangers.
CANNOT_LINK = 0.01
# contributions of a pair worth telling (bits, either way)
NOTABLE = 1.0


class PairScorer(object):
    """Scores candidate pairs with a MatchModel and keeps those at or above
    `threshold`; `groups()` then links them into groups. A pair's partners
    come before it (`add_records`: rows of RECORD_COLUMNS), then the pair
    (`add`: rows of the ids of both partners), so that a partner in many
    pairs is sent and read once."""

    BATCH_METHODS = ("add_records", "set_model", "add", "add_accepted")  # what a child process is fed with
    ANSWER = "groups"
    QUESTIONS = ("linked", "accepted")  # what a child process answers between batches

    def __init__(self, model, threshold):
        self.model = model if isinstance(model, MatchModel) else MatchModel.from_dict(model)
        self.threshold = threshold
        self.pair_count = 0
        self._accepted, self._records, self._shared = [], {}, {}

    def set_model(self, model):
        """Score the next pairs with MODEL (a MatchModel's as_dict()): the
        partners may be sent while the model is being learned."""
        self.model = MatchModel.from_dict(model)

    def add_records(self, rows):
        records, shared = self._records, self._shared
        for row in rows:
            records[row[0]] = compact_record_from_row(row, shared)

    def add(self, rows):
        model, threshold, records = self.model, self.threshold, self._records
        needed = model.weight_threshold(threshold)
        # (the candidate filter only pairs comparable partners: two companies
        # or two persons, neither the other's company)
        for a_id, b_id in rows:
            a, b = records[a_id], records[b_id]
            if model.weight_if_above(a, b, needed, known_comparable=True) < needed:
                continue
            match = model.explain(a, b)
            if match.probability >= threshold:
                self._accepted.append((a.id, b.id, match.probability, notable(match)))
        self.pair_count += len(rows)

    def add_accepted(self, pairs):
        """Add PAIRS another scorer kept (its `accepted()`), to be grouped here."""
        self._accepted.extend(pairs)

    def accepted(self):
        """The pairs kept so far: (id a, id b, probability, notable reasons)."""
        return self._accepted

    def linked(self):
        """The ids of the partners of the pairs kept so far, sorted."""
        return sorted({pid for a, b, _score, _reasons in self._accepted for pid in (a, b)})

    def groups(self):
        """Groups as matching.group_pairs returns them."""
        records, model = self._records, self.model
        # a pair kept is at or above the threshold: when that is above
        # CANNOT_LINK, it is not scored again (most links join two partners
        # alone, whose only pair is the one that links them)
        kept = set()
        if self.threshold >= CANNOT_LINK:
            kept = {(a, b) for a, b, _score, _reasons in self._accepted}

        def cannot_link(x, y):
            if (x, y) in kept or (y, x) in kept:
                return False
            return model.score(records[x], records[y]) < CANNOT_LINK

        return group_pairs(self._accepted, cannot_link)

    def close(self):
        pass


def notable(match):
    """The contributions of a Match worth telling: (comparison, level, bits)."""
    return tuple(part for part in match.contributions if abs(part[2]) >= NOTABLE)
