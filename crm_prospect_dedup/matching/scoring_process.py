"""The pair scorer in a process of its own, so that a check over a large
database does not hold the web server's interpreter (its GIL) for the tens
of seconds of scoring: the server's other threads keep answering at once.

The server streams the rows of candidate pairs to the child's standard input
(pickled lists of plain values) and reads back the groups. The child runs at
a lower priority than the server, and without the CPU limit of the Odoo
worker that started it.
"""
import os
import pickle
import subprocess
import sys
import tempfile

from .pair_scorer import PairScorer

_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_CHILD = ("import sys; sys.path.append(%r); "
          "from matching.scoring_process import serve; serve()" % _PACKAGE_PARENT)
NICENESS = 10


class ScoringProcessError(RuntimeError):
    """The scoring process stopped before it answered."""


def can_spawn():
    """Whether this interpreter can start a Python child (not when embedded)."""
    return os.path.basename(sys.executable or "").startswith("python")


class ScoringProcess(object):
    """PairScorer's interface (add, groups, close, pair_count), in a child."""

    def __init__(self, model, threshold):
        self._stderr = tempfile.TemporaryFile()
        self._child = subprocess.Popen([sys.executable, "-c", _CHILD], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=self._stderr)
        self.pair_count = 0
        try:
            self._send(model)
            self._send(threshold)
        except ScoringProcessError:
            self.close()
            raise

    def add_records(self, rows):
        """Send the partners' ROWS (RECORD_COLUMNS), before their pairs."""
        self._send(("records", rows))

    def add(self, rows):
        """Send ROWS of pairs (the child scores them while the caller fetches more)."""
        self._send(("pairs", rows))
        self.pair_count += len(rows)

    def groups(self):
        self._send(None)
        try:
            groups = pickle.load(self._child.stdout)
        except (EOFError, pickle.UnpicklingError, OSError):
            raise self._error()
        self._child.wait()
        return groups

    def close(self):
        if self._child.poll() is None:
            self._child.kill()
            self._child.wait()
        for stream in (self._child.stdin, self._child.stdout, self._stderr):
            stream.close()

    def _send(self, value):
        try:
            pickle.dump(value, self._child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._child.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._error()

    def _error(self):
        self._child.kill()
        code = self._child.wait()
        self._stderr.seek(0)
        tail = self._stderr.read().decode("utf-8", "replace").strip().splitlines()[-3:]
        return ScoringProcessError("The scoring process stopped (exit code %s): %s"
                                   % (code, " | ".join(tail) or "no message"))


def serve():
    """Body of the child: the model (as a dict), threshold, batches of
    ("records" or "pairs", rows), None; then the groups."""
    output = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not corrupt the answer
    _lower_priority()
    source = sys.stdin.buffer
    scorer = PairScorer(pickle.load(source), pickle.load(source))
    methods = {"records": scorer.add_records, "pairs": scorer.add}
    while True:
        batch = pickle.load(source)
        if batch is None:
            break
        kind, rows = batch
        methods[kind](rows)
    pickle.dump(scorer.groups(), output, protocol=pickle.HIGHEST_PROTOCOL)
    output.flush()


def _lower_priority():
    os.nice(NICENESS)
    try:
        import resource
        _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass
