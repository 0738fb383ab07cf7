"""The pair scorer in processes of its own (child_process): the server
streams the partners and the candidate pairs, and reads back the groups."""
import itertools
import os
import pickle

from .child_process import ChildProcess

# the scorers of a large check: one per core, at most this many (each holds
# every partner of the check's pairs, the first's copies sharing its pages)
MAX_SCORERS = 2
# The first scorer groups the pairs all of them kept, at the end (about a
# second at a million partners): it takes FIRST_TURNS batches of pairs for
# every COPY_TURNS of each of its copies, so that it is not the last to be done.
FIRST_TURNS, COPY_TURNS = 3, 4


class ScoringProcess(ChildProcess):
    """PairScorer's interface (add_records, add, linked, groups, close,
    pair_count), in a child."""

    KIND = "scoring"

    def __init__(self, model, threshold, spares=0):
        super(ScoringProcess, self).__init__("score", model, threshold, spares=spares)
        self.pair_count = 0

    def add_records(self, rows):
        """Send the partners' ROWS (RECORD_COLUMNS), before their pairs."""
        self.send_rows("add_records", rows)

    def set_model(self, model):
        """Send MODEL (a MatchModel's as_dict()), for the next pairs."""
        self.send_rows("set_model", model)

    def add(self, rows):
        """Send ROWS of pairs (the child scores them while the caller fetches more)."""
        self.send_rows("add", rows)
        self.pair_count += len(rows)

    def linked(self):
        return self.ask("linked")

    def groups(self):
        return self.answer()


def turns(count):
    """The order in which COUNT scorers (the first, then its copies) take the
    batches of pairs, over and over: the first FIRST_TURNS batches for every
    COPY_TURNS of each copy."""
    copies = list(range(1, count))
    return [turn for round_ in range(COPY_TURNS)
            for turn in ([0] if round_ < FIRST_TURNS else []) + copies]


def scorer_count():
    """How many scoring processes a large check runs at once."""
    return max(1, min(MAX_SCORERS, os.cpu_count() or 1))


class ScoringPool(object):
    """ScoringProcess's interface over SIZE children working at once (by
    default scorer_count()): the first is sent the partners, and the others
    are forked from it when the first pairs come, sharing the records it
    built (built in each, they cost each child 2 us a partner, 2 s at a
    million); the batches of pairs then go to each in turn (turns()), with
    any more partners sent to all. The first then groups the pairs that all
    of them kept. The groups are those of one scorer (grouping sorts the
    pairs it is given)."""

    KIND = "scoring"

    def __init__(self, model, threshold, size=None):
        self.children = [ScoringProcess(model, threshold, spares=(size or scorer_count()) - 1)]
        self._turns = None  # the children's turns, once the copies are forked

    @property
    def pair_count(self):
        return sum(child.pair_count for child in self.children)

    def add_records(self, rows):
        # pickled once for all the children: the server's thread does it
        message = pickle.dumps(("add_records", rows), protocol=pickle.HIGHEST_PROTOCOL)
        for child in self.children:
            child.send_pickled(message)

    def set_model(self, model):
        for child in self.children:
            child.set_model(model)

    def add(self, rows):
        if self._turns is None:
            self.children.extend(self.children[0].fork())
            self._turns = itertools.cycle(turns(len(self.children)))
        self.children[next(self._turns)].add(rows)

    def linked(self):
        return sorted(set().union(*(child.linked() for child in self.children)))

    def groups(self):
        first = self.children[0]
        for child in self.children[1:]:
            first.send_rows("add_accepted", child.ask("accepted"))
        return first.groups()

    def close(self):
        for child in self.children:
            child.close()
