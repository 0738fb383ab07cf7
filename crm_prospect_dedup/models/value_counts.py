"""How many active partners bear each name and city, kept in a table for
the incremental check: counting them afresh reads most of the partners
("Paris", "Martin"), a cost that grows with the database. The table is
recounted when it is older than COUNT_AGE; the values it lacks (new ones,
or borne by one partner when it was counted) are counted through the
key's index."""
import datetime
import logging

import psycopg2

_logger = logging.getLogger(__name__)

TABLE = "crm_prospect_dedup_value_count"
COUNTED_PARAM = "crm_prospect_dedup.value_counts_date"
COUNT_AGE = datetime.timedelta(days=7)
COUNTED_KEYS = ("dedup_name_key", "dedup_city_key")

CREATE_SQL = """
    CREATE TABLE IF NOT EXISTS crm_prospect_dedup_value_count (
        key varchar NOT NULL, value varchar NOT NULL, n integer NOT NULL,
        PRIMARY KEY (key, value))
"""
# sql-safe: {key} is one of COUNTED_KEYS (checked by the callers)
RECOUNT_SQL = """
    INSERT INTO crm_prospect_dedup_value_count (key, value, n)
    SELECT %(key)s, {key}, count(*) FROM res_partner
     WHERE active AND {key} IS NOT NULL GROUP BY {key} HAVING count(*) > 1
"""
# TABLE (value, n) of the values of COLUMN of dedup_partner borne by more
# than one partner: the kept counts, and the others counted now
COUNT_SQL = """
    CREATE TEMP TABLE {table} AS
    WITH wanted AS (SELECT DISTINCT {column} AS value FROM dedup_partner
                     WHERE {column} IS NOT NULL),
    kept AS (SELECT c.value, c.n FROM crm_prospect_dedup_value_count c
              WHERE c.key = %(key)s AND c.value IN (SELECT value FROM wanted))
    SELECT value, n FROM kept
    UNION ALL
    SELECT w.value, c.n FROM wanted w
     CROSS JOIN LATERAL (SELECT count(*) AS n FROM res_partner
                          WHERE {key} = w.value AND active) c
     WHERE w.value NOT IN (SELECT value FROM kept) AND c.n > 1
"""


def counts_are_fresh(env):
    date = env["ir.config_parameter"].sudo().get_param(COUNTED_PARAM)
    try:
        counted = datetime.datetime.strptime(date or "", "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return False
    return datetime.datetime.utcnow() - counted < COUNT_AGE


def recount_values(env):
    """Count again how many active partners bear each name and city (a few
    seconds over a million partners). Another transaction recounting at
    the same time wins: these counts are then kept as they are."""
    cr = env.cr
    try:
        with cr.savepoint():
            cr.execute("LOCK TABLE crm_prospect_dedup_value_count IN EXCLUSIVE MODE NOWAIT")
            cr.execute("DELETE FROM crm_prospect_dedup_value_count")
            for key in COUNTED_KEYS:
                # sql-safe: key from the module constant; values as params
                cr.execute(RECOUNT_SQL.format(key=key), {"key": key})
            cr.execute("ANALYZE crm_prospect_dedup_value_count")
    except psycopg2.OperationalError as error:
        _logger.info("duplicate check: names and cities not recounted (%s)", error)
        return False
    env["ir.config_parameter"].sudo().set_param(
        COUNTED_PARAM, datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S"))
    return True


def create_counts(env, table, column, key):
    """Fill the temporary TABLE with the counts of the values of COLUMN of
    dedup_partner (KEY: its res_partner column, one of COUNTED_KEYS)."""
    assert key in COUNTED_KEYS
    if not counts_are_fresh(env):
        recount_values(env)
    # sql-safe: table and column from the finder's literals, key checked above
    env.cr.execute(COUNT_SQL.format(table=table, column=column, key=key), {"key": key})
