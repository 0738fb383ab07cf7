"""Work of the duplicate check in a Python process of its own, so that a
check over a large database does not hold the web server's interpreter (its
GIL) for the tens of seconds of its Python work: the server's other threads
keep answering at once.

The server starts the child with the name of a worker (WORKERS) and its
arguments, streams it batches of rows (pickled lists of plain values) to its
standard input, and reads back the worker's answer. The child runs at a
lower priority than the server (so that the server's threads win the cores
when they compete), and without the CPU limit of the Odoo worker that
started it.
"""
import fcntl
import gc
import os
import pickle
import subprocess
import sys
import tempfile

_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_CHILD = ("import sys; sys.path.append(%r); "
          "from matching.child_process import serve; serve()" % _PACKAGE_PARENT)
NICENESS = 10
# The child's input pipe holds this many bytes (Linux's fcntl F_SETPIPE_SZ,
# 1031): the server writes a few batches ahead of a child that is busy, where
# a pipe's 64 KB made it wait for each child in turn (and the other children
# then wait for it).
PIPE_BYTES = 1 << 20
F_SETPIPE_SZ = 1031


class WorkerProcessError(RuntimeError):
    """The child process stopped before it answered."""


def can_spawn():
    """Whether this interpreter can start a Python child (not when embedded)."""
    return os.path.basename(sys.executable or "").startswith("python")


def workers():
    """{name: worker class}: a worker has BATCH_METHODS, fed with rows, and
    ANSWER, the method whose plain value the child sends back; with REPLIES,
    what each batch method returns is sent back too, as soon as it returns."""
    from .pair_scorer import PairScorer
    from .partner_keys import KeyRows
    from .training_sample import TrainingSample
    return {"score": PairScorer, "train": TrainingSample, "keys": KeyRows}


class ChildProcess(object):
    """A worker of WORKERS run in a child process; raises OSError when no
    process can be started, WorkerProcessError when the child fails."""

    KIND = "worker"  # named in the error

    def __init__(self, worker, *args):
        self._stderr = tempfile.TemporaryFile()
        self._child = subprocess.Popen([sys.executable, "-c", _CHILD], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=self._stderr)
        _widen(self._child.stdin)
        try:
            self._send((worker, args))
        except WorkerProcessError:
            self.close()
            raise

    def send_rows(self, method, rows):
        """Give ROWS to the worker's METHOD (it works while the caller fetches more)."""
        self._send((method, rows))

    def send_pickled(self, message):
        """Send MESSAGE, a (method, rows) already pickled (the same rows sent
        to several children are pickled once)."""
        try:
            self._child.stdin.write(message)
            self._child.stdin.flush()
        except (BrokenPipeError, OSError):
            raise self._error()

    def ask(self, question):
        """The answer of the worker's method QUESTION (one of its QUESTIONS)
        to the batches sent so far; the worker goes on taking batches."""
        self._send((question, None))
        return self.reply()

    def answer(self):
        """The worker's answer, once every batch is sent."""
        self._send(None)
        answer = self.reply()
        self._child.wait()
        return answer

    def reply(self):
        """The next value the child sends back."""
        try:
            return pickle.load(self._child.stdout)
        except (EOFError, pickle.UnpicklingError, OSError):
            raise self._error()

    def close(self):
        if self._child.poll() is None:
            self._child.kill()
            self._child.wait()
        for stream in (self._child.stdin, self._child.stdout, self._stderr):
            stream.close()

    def _send(self, value):
        self.send_pickled(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def _error(self):
        self._child.kill()
        code = self._child.wait()
        self._stderr.seek(0)
        tail = self._stderr.read().decode("utf-8", "replace").strip().splitlines()[-3:]
        return WorkerProcessError("The %s process stopped (exit code %s): %s"
                                  % (self.KIND, code, " | ".join(tail) or "no message"))


def _widen(pipe):
    """Make PIPE hold PIPE_BYTES, where the system allows it."""
    try:
        fcntl.fcntl(pipe.fileno(), F_SETPIPE_SZ, PIPE_BYTES)
    except OSError:  # above the system's pipe-max-size, or not Linux
        pass


def serve():
    """Body of the child: (worker name, arguments), batches of (method,
    rows) or questions (a method of the worker's QUESTIONS, None), each
    answered at once, then None; then the worker's answer."""
    output = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not corrupt the answer
    _lower_priority()
    # A worker keeps plain values (a million partners' records, the pairs it
    # scored) that their reference counts free: the cyclic garbage
    # collector's rounds over them only cost time (the scores of a check at a
    # million partners: 26.7 -> 22.3 s).
    gc.disable()
    source = sys.stdin.buffer
    name, args = pickle.load(source)
    worker = workers()[name](*args)
    methods = {method: getattr(worker, method) for method in worker.BATCH_METHODS}
    replies = getattr(worker, "REPLIES", False)
    questions = getattr(worker, "QUESTIONS", ())
    while True:
        batch = pickle.load(source)
        if batch is None:
            break
        method, rows = batch
        if method in questions:
            pickle.dump(getattr(worker, method)(), output, protocol=pickle.HIGHEST_PROTOCOL)
            output.flush()
            continue
        result = methods[method](rows)
        if replies:
            pickle.dump(result, output, protocol=pickle.HIGHEST_PROTOCOL)
            output.flush()
    pickle.dump(getattr(worker, worker.ANSWER)(), output, protocol=pickle.HIGHEST_PROTOCOL)
    output.flush()


def _lower_priority():
    os.nice(NICENESS)
    try:
        import resource
        _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass
