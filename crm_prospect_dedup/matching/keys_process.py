"""The duplicate keys of partners computed in child processes (child_process),
so that the install's fill of a million partners' keys uses every core:
the server sends batches of rows and reads back each batch's keys."""
from collections import deque

from .child_process import ChildProcess


class KeysProcess(ChildProcess):
    """KeyRows in a child: send_rows("keys", rows) then reply() gives their keys."""

    KIND = "keys"

    def __init__(self):
        super(KeysProcess, self).__init__("keys")


def keys_in_children(batches, processes, write):
    """Give each of BATCHES (lists of rows of batch_key_values) to one of
    PROCESSES (KeysProcess), one batch at a time each, and WRITE the keys of
    each batch, in order, while the others compute theirs."""
    free, busy = list(processes), deque()
    for rows in batches:
        if not free:
            process = busy.popleft()
            write(process.reply())
            free.append(process)
        process = free.pop()
        process.send_rows("keys", rows)
        busy.append(process)
    while busy:
        write(busy.popleft().reply())
