"""Install hooks: the pg_trgm and fuzzystrmatch extensions, and the partners' duplicate keys
filled in set-based batches rather than by the ORM one partner at a time."""
import logging

from odoo import SUPERUSER_ID, api

from .models.res_partner import KEY_FIELDS as KEY_COLUMNS
from .models.incremental_windows import block_indexes
from .models.res_partner_change_index import INCREMENTAL_INDEXES
from .models.value_counts import TABLE as VALUE_COUNT_TABLE

_logger = logging.getLogger(__name__)


def pre_init_hook(cr):
    """Create the pg_trgm and fuzzystrmatch extensions (a superuser is needed
    before PostgreSQL 13, the database owner since) and the key columns, so that the ORM does
    not compute the keys of every existing partner one by one at install.

    Accents are removed in Python (matching.normalize), by the same code for
    every write and for the bulk fill below, so that a key never depends on
    the path that computed it: PostgreSQL's unaccent is not needed."""
    cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    cr.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch")
    for column in KEY_COLUMNS:
        # sql-safe: column names from the module constant KEY_COLUMNS
        cr.execute('ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS "%s" varchar' % column)


def post_init_hook(cr, registry):
    env = api.Environment(cr, SUPERUSER_ID, {})
    count = env["res.partner"]._dedup_backfill_keys()
    _logger.info("Duplicate keys computed for %d partners", count)


def uninstall_hook(cr, registry):
    """The indexes and counts of the incremental check (res_partner_change_index.py),
    and the checks' jobs, job function and channel in the job queue (which
    stays: other modules' jobs are left as they are)."""
    for name, _definition in INCREMENTAL_INDEXES + block_indexes():
        # sql-safe: index names from the module constants
        cr.execute("DROP INDEX IF EXISTS %s" % name)
    cr.execute("DROP FUNCTION IF EXISTS dedup_sorted_chars(text)")
    # sql-safe: the table name is a module constant
    cr.execute("DROP TABLE IF EXISTS %s" % VALUE_COUNT_TABLE)
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["queue.job"].search([("model_name", "=", "crm.prospect.dedup.check")]).unlink()
    functions = env["queue.job.function"].search(
        [("name", "=like", "<crm.prospect.dedup.check>.%")])
    channels = functions.mapped("channel_id").filtered(lambda channel: channel.parent_id)
    functions.unlink()
    (channels - env["queue.job.function"].search([]).mapped("channel_id")).unlink()
