"""The pair scorer in a process of its own (child_process): the server
streams the partners and the candidate pairs, and reads back the groups."""
from .child_process import ChildProcess


class ScoringProcess(ChildProcess):
    """PairScorer's interface (add_records, add, linked, groups, close,
    pair_count), in a child."""

    KIND = "scoring"

    def __init__(self, model, threshold):
        super(ScoringProcess, self).__init__("score", model, threshold)
        self.pair_count = 0

    def add_records(self, rows):
        """Send the partners' ROWS (RECORD_COLUMNS), before their pairs."""
        self.send_rows("add_records", rows)

    def add(self, rows):
        """Send ROWS of pairs (the child scores them while the caller fetches more)."""
        self.send_rows("add", rows)
        self.pair_count += len(rows)

    def linked(self):
        return self.ask("linked")

    def groups(self):
        return self.answer()
