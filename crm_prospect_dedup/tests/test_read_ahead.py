"""Batches read ahead in a thread (the records sent to the scorers while the
database computes the next ones), without a database."""
import threading
import time
import unittest

from ..models import read_ahead as module
from ..models.read_ahead import read_ahead


class Source(object):
    """An iterator of COUNT batches that records how many were taken, and
    raises ERROR after them when given."""

    def __init__(self, count, error=None):
        self.count, self.error, self.taken = count, error, 0

    def __iter__(self):
        for number in range(self.count):
            self.taken += 1
            yield [number]
        if self.error:
            raise self.error


def readers():
    return [thread for thread in threading.enumerate()
            if thread.name == "crm_prospect_dedup read ahead"]


def wait_for(condition, seconds=5.0):
    deadline = time.time() + seconds
    while not condition() and time.time() < deadline:
        time.sleep(0.01)
    return condition()


class TestReadAhead(unittest.TestCase):

    def test_every_batch_comes_in_order(self):
        self.assertEqual(list(read_ahead(iter(Source(10)))), [[n] for n in range(10)])
        self.assertEqual(readers(), [])

    def test_the_next_batches_are_read_while_the_caller_works_on_one(self):
        source = Source(10)
        batches = read_ahead(iter(source), depth=3)
        self.assertEqual(next(batches), [0])
        # the caller holds batch 0: three more wait in the queue, a fourth
        # is taken from the source and waits for room
        self.assertTrue(wait_for(lambda: source.taken == 5), source.taken)
        batches.close()
        self.assertEqual(source.taken, 5)

    def test_an_error_of_the_source_reaches_the_caller_after_its_batches(self):
        batches = read_ahead(iter(Source(3, ValueError("backend gone"))))
        self.assertEqual([next(batches) for _n in range(3)], [[0], [1], [2]])
        with self.assertRaisesRegex(ValueError, "backend gone"):
            next(batches)
        self.assertEqual(readers(), [])

    def test_a_caller_that_stops_stops_the_thread(self):
        source = Source(1000)
        batches = read_ahead(iter(source), depth=2)
        with self.assertRaises(RuntimeError):
            for batch in batches:
                raise RuntimeError("the scorer died")
        # (the generator is closed when it is dropped; close() does it at once)
        batches.close()
        self.assertEqual(readers(), [])
        self.assertLess(source.taken, 10)

    def test_a_thread_waiting_for_room_sees_the_caller_stop(self):
        original = module._WAIT
        module._WAIT = 0.01
        self.addCleanup(setattr, module, "_WAIT", original)
        source = Source(100)
        batches = read_ahead(iter(source), depth=1)
        next(batches)
        # one batch held, one queued, one waiting for room
        self.assertTrue(wait_for(lambda: source.taken == 3))
        batches.close()
        self.assertEqual((source.taken, readers()), (3, []))
