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
import copy
import fcntl
import gc
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import threading

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
    process can be started, WorkerProcessError when the child fails.

    SPARES: how many copies of the child fork() may make later (their pipes
    are opened now, so that the child inherits them)."""

    KIND = "worker"  # named in the error

    def __init__(self, worker, *args, spares=0):
        self._stderr = tempfile.TemporaryFile()
        self._spares = [_Channel() for _number in range(spares)]
        inherited = [fd for channel in self._spares for fd in channel.child_ends]
        try:
            child = subprocess.Popen([sys.executable, "-c", _CHILD], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self._stderr,
                                     pass_fds=inherited)
        except OSError:
            for channel in self._spares:
                channel.close()
            self._stderr.close()
            raise
        finally:
            for fd in inherited:
                os.close(fd)
        self._attach(child.stdin, child.stdout, _Spawned(child))
        try:
            self._send((worker, args))
        except WorkerProcessError:
            self.close()
            raise

    def _attach(self, requests, replies, process):
        """Talk to PROCESS through the pipes REQUESTS (its input) and REPLIES."""
        _widen(requests)
        self._requests, self._replies, self._process = requests, replies, process

    def fork(self):
        """Copies of the child as it is now (its worker, with all it was
        sent), one per spare: what a child built is shared with its copies
        (copy-on-write) rather than sent and built again in each."""
        spares, self._spares = self._spares, []
        if not spares:
            return []
        try:
            self._send(("fork", [channel.child_ends for channel in spares]))
            pids = self.reply()
        except WorkerProcessError:
            for channel in spares:
                channel.close()
            raise
        forks = []
        for channel, pid in zip(spares, pids):
            fork = copy.copy(self)
            fork._attach(os.fdopen(channel.requests, "wb"), os.fdopen(channel.replies, "rb"),
                         _Forked(pid))
            forks.append(fork)
        return forks

    def send_rows(self, method, rows):
        """Give ROWS to the worker's METHOD (it works while the caller fetches more)."""
        self._send((method, rows))

    def send_pickled(self, message):
        """Send MESSAGE, a (method, rows) already pickled (the same rows sent
        to several children are pickled once)."""
        try:
            self._requests.write(message)
            self._requests.flush()
        except (BrokenPipeError, OSError):
            raise self._error()

    def ask(self, question):
        """The answer of the worker's method QUESTION (one of its QUESTIONS)
        to the batches sent so far; the worker goes on taking batches."""
        self._send((question, None))
        return self.reply()

    def answer(self):
        """The worker's answer, once every batch is sent. (The child then
        ends by itself: close() does not wait for it to free its memory,
        0.4 s for the scorers of a million partners.)"""
        self._send(None)
        answer = self.reply()
        self._process.answered = True
        return answer

    def reply(self):
        """The next value the child sends back."""
        try:
            return pickle.load(self._replies)
        except (EOFError, pickle.UnpicklingError, OSError):
            raise self._error()

    def close(self):
        self._process.stop()
        for stream in (self._requests, self._replies):
            stream.close()
        for channel in self._spares:
            channel.close()
        if isinstance(self._process, _Spawned):  # (its copies write to the same file)
            self._stderr.close()

    def _send(self, value):
        self.send_pickled(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def _error(self):
        code = self._process.stop()
        self._stderr.seek(0)
        tail = self._stderr.read().decode("utf-8", "replace").strip().splitlines()[-3:]
        return WorkerProcessError("The %s process stopped (exit code %s): %s"
                                  % (self.KIND, code, " | ".join(tail) or "no message"))


class _Spawned(object):
    """A child started by the server."""

    def __init__(self, popen):
        self.popen = popen
        self.answered = False  # it gave its answer, and ends by itself

    def stop(self):
        """Kill the child if it still runs and has not answered (one that has
        is waited for in a thread); its exit code when it is known."""
        if self.answered:
            threading.Thread(target=self.popen.wait, name="crm_prospect_dedup child end",
                             daemon=True).start()
            return None
        if self.popen.poll() is None:
            self.popen.kill()
        return self.popen.wait()


class _Forked(object):
    """A copy forked by a child: that child waits for it (at its end)."""

    def __init__(self, pid):
        self.pid = pid
        self.answered = False

    def stop(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return None


class _Channel(object):
    """The two pipes of a copy of a child not forked yet: the copy reads
    requests and writes replies at child_ends; the server keeps the others."""

    def __init__(self):
        child_requests, self.requests = os.pipe()
        self.replies, child_replies = os.pipe()
        self.child_ends = (child_requests, child_replies)

    def close(self):
        for fd in (self.requests, self.replies):
            os.close(fd)


def _widen(pipe):
    """Make PIPE hold PIPE_BYTES, where the system allows it."""
    try:
        fcntl.fcntl(pipe.fileno(), F_SETPIPE_SZ, PIPE_BYTES)
    except OSError:  # above the system's pipe-max-size, or not Linux
        pass


def serve():
    """Body of the child: (worker name, arguments), batches of (method,
    rows) or questions (a method of the worker's QUESTIONS, None), each
    answered at once, or ("fork", channels) (answered with the pids of the
    copies, which serve the channels); then None; then the worker's answer."""
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
    forks = []
    while True:
        batch = pickle.load(source)
        if batch is None:
            break
        method, rows = batch
        if method == "fork":
            forks = _fork(rows, output)
            if forks is not None:
                pickle.dump(forks, output, protocol=pickle.HIGHEST_PROTOCOL)
                output.flush()
            forks = forks or []
            continue
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
    for pid in forks:  # (their work is over: the server asked them for it)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _fork(channels, output):
    """Fork a copy of this child for each of CHANNELS ((requests, replies)
    file descriptors): in this child, the copies' pids; in a copy, None,
    its standard input and OUTPUT then being its channel's. (Nothing is
    left unread in the standard input: the server waits for the pids.)"""
    pids = []
    for requests, replies in channels:
        pid = os.fork()
        if pid == 0:
            os.dup2(requests, 0)
            os.dup2(replies, output.fileno())
            for fd in {fd for channel in channels for fd in channel}:
                os.close(fd)
            return None
        pids.append(pid)
    for fd in {fd for channel in channels for fd in channel}:
        os.close(fd)
    return pids


def _lower_priority():
    os.nice(NICENESS)
    try:
        import resource
        _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass
