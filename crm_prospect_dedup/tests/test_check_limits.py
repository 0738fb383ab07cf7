from unittest import mock

from odoo.tools import config, mute_logger

from odoo.addons.crm_prospect_status.tests.common import SALESPERSON, create_user
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.jobrunner.channels import ChannelManager

from ..models.crm_prospect_dedup_check_job import CHANNEL
from ..models.duplicate_finder import DuplicateFinder
from .common import DedupCase


class TestCheckLimits(DedupCase):
    """Review findings 8 and 11: one running check per user, a global limit,
    what the typing warning compares is capped, and a failed check tells its
    user what happened without the server's traceback."""

    def queued_check(self, user):
        check = self.env["crm.prospect.dedup.check"].sudo(user).create({"domain": "[]"})
        check._set_run_state({"state": "queued"})
        return check

    def test_a_second_check_of_the_same_user_waits(self):
        running, waiting = self.queued_check(self.salesperson), self.queued_check(self.salesperson)
        running._mark_running(self.env.cr)
        waiting._enqueue()
        waiting.invalidate_cache()
        self.assertEqual(waiting.state, "queued")
        job = waiting.sudo().queue_job_id
        self.assertEqual((job.state, job.retry), ("pending", 0), "tried again later, not a failure")
        self.assertTrue(job.eta)
        with self.assertRaises(RetryableJobError):
            waiting._mark_running(self.env.cr)

    def test_another_users_check_runs_meanwhile(self):
        self.queued_check(self.salesperson)._mark_running(self.env.cr)
        other = create_user(self.env, "Seller", "dedup_limit_other", [SALESPERSON])
        check = self.queued_check(other)
        check._enqueue()
        check.invalidate_cache()
        self.assertEqual((check.state, check.job_state), ("done", "done"))

    def test_running_checks_are_limited_for_everyone_by_their_channel(self):
        """The job runner's configuration (the [queue_job] section that
        scripts/odoo-conf.sh writes) runs at most two checks at once."""
        channels = config.misc.get("queue_job", {}).get("channels")
        self.assertIn(CHANNEL, channels or "")
        manager = ChannelManager()
        manager.simple_configure(channels)
        checks = [self.queued_check(create_user(
            self.env, "Seller %d" % i, "dedup_limit_%d" % i, [SALESPERSON])) for i in range(3)]
        for check in checks:
            job = check.with_delay(channel=CHANNEL)._run_job().db_record().sudo()
            manager.notify(self.env.cr.dbname, job.channel, job.uuid, job.id, 0, job.priority,
                           None, "pending")
        self.assertEqual(len(list(manager.get_jobs_to_run(now=0))), 2)

    def test_the_typing_warning_compares_at_most_200_characters(self):
        typed = self.env["res.partner"].new({
            "name": "Dupont " + "x" * 8000, "email": "a" * 8000 + "@example.com",
            "street": "1 rue " + "y" * 8000, "zip": "75001", "city": "z" * 8000})
        compared = []
        original = type(self.env["res.partner"])._dedup_candidate_branches

        def spy(partners, record):
            compared.append(record)
            return original(partners, record)

        with mock.patch.object(type(self.env["res.partner"]), "_dedup_candidate_branches", spy):
            typed._dedup_similar_partners()
        record = compared[0]
        for value in (record.name, record.email, record.street, record.city):
            self.assertLessEqual(len(value), 200)

    @mute_logger("odoo.addons.crm_prospect_dedup.models.crm_prospect_dedup_check_job")
    def test_a_failed_check_stores_a_message_without_the_traceback(self):
        check = self.queued_check(self.salesperson)
        with mock.patch.object(DuplicateFinder, "run",
                               side_effect=RuntimeError("boom in /srv/odoo/secret.py")):
            check._enqueue()
        check.invalidate_cache()
        self.assertEqual(check.state, "failed")
        self.assertNotIn("Traceback", check.error)
        self.assertNotIn(".py", check.sudo(self.salesperson).error)
        self.assertIn("server log", check.error)
        self.assertEqual(check.job_state, "failed")
        self.assertIn("boom", check.sudo().queue_job_id.exc_info)
