"""PostgreSQL's statistics of res_partner: about how many partners there are,
and the shares of the most common names and cities.

They change only when the table is analysed, so each server process keeps
what it read for a few minutes: the warning while typing asked for them on
every change of the form, one round trip each."""
import time

KEPT_SECONDS = 300
# below this many partners (by the estimate), they are counted every time
ESTIMATED_FROM = 10000
_READ = {}  # (database, what) -> (time read, value)


def _kept(cr, what, read):
    """The value READ(cr) gives, read again after KEPT_SECONDS."""
    key = (cr.dbname, what)
    now = time.time()
    found = _READ.get(key)
    if found is None or now - found[0] > KEPT_SECONDS:
        found = _READ[key] = (now, read(cr))
    return found[1]


def _estimate(cr):
    cr.execute("SELECT reltuples FROM pg_class WHERE oid = 'res_partner'::regclass")
    return cr.fetchone()[0] or 0


def partner_total(cr):
    """About how many partners there are (the planner's estimate: the shares
    of names and cities need no exact count); counted when there are few."""
    estimate = _kept(cr, "estimate", _estimate)
    if estimate >= ESTIMATED_FROM:
        return int(estimate)
    cr.execute("SELECT count(*) FROM res_partner WHERE active")
    return max(cr.fetchone()[0], 1)


def common_shares(cr, column):
    """{value: share of partners} of the most common values of the
    res_partner column COLUMN."""
    def read(cursor):
        cursor.execute("""
            SELECT f.val, f.freq FROM pg_stats s,
                   unnest(s.most_common_vals::text::text[], s.most_common_freqs) f(val, freq)
             WHERE s.tablename = 'res_partner' AND s.attname = %s
        """, (column,))
        return dict(cursor.fetchall())
    return _kept(cr, "common " + column, read)
