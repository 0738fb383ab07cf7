"""A second PostgreSQL backend for a background check, so that its blocking
passes and candidate filter use two cores: PostgreSQL runs a statement on
temporary tables in one process (parallel workers never read them), and the
check's other connection cannot see them.

The second backend works on temporary tables of its own, copied from the
check's connection (COPY in binary, through a pipe): it reads no table of
the database, so it computes what the check's transaction sees, committed or
not. Its statements run in a thread of the server, which waits in libpq
without holding the interpreter.
"""
import contextlib
import os
import threading

import odoo


@contextlib.contextmanager
def second_cursor(cr):
    """A cursor on a new connection to CR's database, rolled back and closed
    after the block (its temporary tables go with its transaction)."""
    other = odoo.sql_db.db_connect(cr.dbname).cursor()
    try:
        yield other
    finally:
        other.close()


def copy_rows(source, target, table, query=None, create=False):
    """Append the rows of SOURCE's TABLE (or of its QUERY) to TARGET's TABLE
    (the same columns of the same types), streamed from one backend to the
    other; CREATE: first create TARGET's TABLE, a temporary one with the
    columns of SOURCE's."""
    if create:
        # sql-safe: table names are the callers' literals, the columns PostgreSQL's
        target.execute("CREATE TEMP TABLE %s (%s)" % (table, _columns_sql(source, table)))
    read_fd, write_fd = os.pipe()
    reader, writer = os.fdopen(read_fd, "rb"), os.fdopen(write_fd, "wb")
    # sql-safe: table names and queries are the callers' literals
    sender = InThread(_copy_out, source, "COPY %s TO STDOUT (FORMAT binary)" % (
        "(%s)" % query if query else table), writer)
    try:
        # sql-safe: table names are the callers' literals
        target.copy_expert("COPY %s FROM STDIN (FORMAT binary)" % table, reader)
    except Exception:
        reader.close()  # the sender's next write fails: it stops too
        sender.wait_quietly()
        raise
    reader.close()
    sender.result()


def _columns_sql(cr, table):
    """The columns of CR's TABLE with their types, as in CREATE TABLE."""
    cr.execute("""
        SELECT string_agg(quote_ident(attname) || ' ' || format_type(atttypid, atttypmod), ', '
                          ORDER BY attnum)
          FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped
    """, (table,))
    return cr.fetchone()[0]


def _copy_out(source, statement, writer):
    try:
        source.copy_expert(statement, writer)
    finally:
        writer.close()  # the reader sees the end of the rows, or an incomplete copy


class InThread(object):
    """FUNCTION(*ARGS) run in a thread; result() waits for it and returns
    what it returned, or raises what it raised."""

    def __init__(self, function, *args):
        self._outcome = None
        self._thread = threading.Thread(target=self._run, args=(function,) + args,
                                        name="crm_prospect_dedup second backend")
        self._thread.daemon = True
        self._thread.start()

    def _run(self, function, *args):
        try:
            self._outcome = (True, function(*args))
        except BaseException as error:  # handed to the caller of result()
            self._outcome = (False, error)

    def result(self):
        self._thread.join()
        succeeded, value = self._outcome
        if not succeeded:
            raise value
        return value

    def wait_quietly(self):
        """Wait for the thread, its error left aside (another one is raised)."""
        self._thread.join()
