"""The training in a process of its own (child_process): the server streams
the sampled pairs and the random partners, and reads back the model learned."""
from .child_process import ChildProcess


class TrainingProcess(ChildProcess):
    """TrainingSample's interface (add_pairs, add_pass_pairs, add_random_records,
    learned, close), in a child."""

    KIND = "training"

    def __init__(self, *args):
        super(TrainingProcess, self).__init__("train", *args)

    def add_pairs(self, rows):
        self.send_rows("add_pairs", rows)

    def add_pass_pairs(self, rows):
        self.send_rows("add_pass_pairs", rows)

    def add_random_records(self, rows):
        self.send_rows("add_random_records", rows)

    def learned(self):
        return self.answer()
