"""11.0.2.0.0: every partner's new keys in set-based batches, and the levels
of the rules with their default weights."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._dedup_backfill_keys()
    env["crm.prospect.dedup.rule"]._sync_levels()
