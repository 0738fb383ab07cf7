"""11.0.2.3.0: checks run as jobs of OCA's job queue. The scheduler's safety
net of the worker threads goes, with the heartbeat column; the checks that
were waiting or running in a thread are put in the job queue as their users."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("crm_prospect_dedup.ir_cron_run_stale_checks", raise_if_not_found=False)
    if cron:
        cron.unlink()
    cr.execute("ALTER TABLE crm_prospect_dedup_check DROP COLUMN IF EXISTS heartbeat")
    checks = env["crm.prospect.dedup.check"].search([("state", "in", ("queued", "running"))])
    for check in checks:
        check._set_run_state({"state": "queued"})
        check.sudo(check.user_id)._enqueue()
