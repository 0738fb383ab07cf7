from unittest import mock

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from ..models.crm_prospect_dedup_check_job import CHANNEL
from ..models.duplicate_finder import DuplicateFinder
from .security_common import TwoCompaniesCase

JOB_LOGGER = "odoo.addons.crm_prospect_dedup.models.crm_prospect_dedup_check_job"


class TestCheckJob(TwoCompaniesCase):
    """Issue 16: a duplicate check is a job of OCA's job queue, run as the
    user who started it, with that user's companies."""

    def start_check(self, user, partners):
        wizard = self.open_check_wizard(user, partners)
        return self.env["crm.prospect.dedup.check"].sudo(user).browse(
            wizard.action_check()["res_id"])

    def test_the_check_is_a_job_of_its_user_in_the_checks_channel(self):
        check = self.start_check(self.bob, self.b_one | self.b_two)
        job = check.sudo().queue_job_id
        self.assertEqual((job.user_id, job.channel, job.model_name, job.method_name),
                         (self.bob, CHANNEL, "crm.prospect.dedup.check", "_run_job"))
        self.assertEqual(job.record_ids, check.ids)
        self.assertEqual((check.state, check.job_state), ("done", "done"))

    def test_the_job_runs_as_the_checks_user_and_sees_only_their_companies(self):
        seen = {}
        run = DuplicateFinder.run

        def spy(finder):
            seen["uid"], seen["company"] = finder.env.uid, finder.env.user.company_id
            return run(finder)

        alpha_dup = self.company_partner("Alpha Only", self.company_a)
        bravo_dup = self.company_partner("Bravo One", self.company_b)
        domain = [("name", "ilike", "o")]
        with mock.patch.object(DuplicateFinder, "run", spy):
            check = self.run_check(user=self.bob, domain=domain)
        self.assertEqual((seen["uid"], seen["company"]), (self.bob.id, self.company_b))
        found = check.mapped("group_ids.partner_ids")
        self.assertEqual(found & (self.b_one | bravo_dup), self.b_one | bravo_dup)
        self.assertFalse(found & (self.a_only | alpha_dup), "no partner of company A only")

    def test_a_salesperson_reads_the_job_state_but_not_the_job(self):
        check = self.start_check(self.bob, self.b_one | self.b_two)
        self.assertEqual(check.read(["job_state"])[0]["job_state"], "done")
        with self.assertRaises(AccessError):
            check.read(["queue_job_id"])
        with self.assertRaises(AccessError):
            check.write({"queue_job_id": False})
        self.assertTrue(check.sudo().queue_job_id)

    @mute_logger(JOB_LOGGER)
    def test_a_check_with_a_broken_stored_domain_fails_with_words(self):
        check = self.start_check(self.bob, self.b_one | self.b_two)
        self.env.cr.execute("UPDATE crm_prospect_dedup_check SET domain = %s, state = 'queued' "
                            "WHERE id = %s", ("[('no_such_field', '=', 1)]", check.id))
        check.invalidate_cache()
        check._enqueue()
        check.invalidate_cache()
        self.assertEqual((check.state, check.job_state), ("failed", "failed"))
        self.assertIn("is not valid", check.error)
        self.assertNotIn("Traceback", check.error)
        self.assertFalse(check.group_ids)

    def test_the_nightly_check_is_a_job_that_notifies_the_managers(self):
        self.env["ir.config_parameter"].set_param("crm_prospect_dedup.nightly", "1")
        checks = self.env["crm.prospect.dedup.check"]
        before = checks.search([])
        self.env.ref("crm_prospect_dedup.ir_cron_nightly_incremental_check").method_direct_trigger()
        nightly = checks.search([]) - before
        self.assertTrue(nightly)
        for check in nightly:
            self.assertEqual(check.sudo().queue_job_id.user_id, check.user_id)
            self.assertNotEqual(check.user_id, self.env.ref("base.user_root"))
            self.assertEqual(check.state, "done")
