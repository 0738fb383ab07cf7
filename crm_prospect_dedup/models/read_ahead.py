"""Batches read ahead in a thread: while the caller works on one batch (a
scorer's records pickled and sent), the next ones are fetched, so that the
database backend computes them meanwhile instead of waiting for the next
fetch. (The records of a million partners' pairs: the backend, the server's
thread and the scorer each worked half of the time, in turn.)"""
import queue
import threading

DEPTH = 4  # batches read ahead at most
_WAIT = 0.1  # seconds between two looks at whether the caller stopped


def read_ahead(batches, depth=DEPTH):
    """The items of the iterator BATCHES, read up to DEPTH ahead in a thread.
    An error of BATCHES is raised to the caller; a caller that stops early
    (an error of its own, or close()) stops the thread at its next batch."""
    ready, stopped = queue.Queue(depth), threading.Event()
    reader = threading.Thread(target=_read, args=(batches, ready, stopped),
                              name="crm_prospect_dedup read ahead")
    reader.daemon = True
    reader.start()
    try:
        while True:
            kind, value = ready.get()
            if kind == "error":
                raise value
            if kind == "end":
                return
            yield value
    finally:
        stopped.set()
        reader.join()


def _read(batches, ready, stopped):
    try:
        for batch in batches:
            if not _put(ready, stopped, ("batch", batch)):
                return
        _put(ready, stopped, ("end", None))
    except BaseException as error:  # handed to the caller
        _put(ready, stopped, ("error", error))


def _put(ready, stopped, item):
    """Put ITEM in READY unless the caller STOPPED; whether it was put."""
    while not stopped.is_set():
        try:
            ready.put(item, timeout=_WAIT)
            return True
        except queue.Full:
            continue
    return False
