import contextlib
from unittest import mock

from odoo.addons.crm_prospect_status.tests.common import SALESPERSON, create_user

from ..models import crm_prospect_dedup_check as check_module
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
        self.assertTrue(running._claim(self.env.cr))
        self.assertFalse(waiting._claim(self.env.cr))
        waiting.invalidate_cache()
        self.assertEqual(waiting.state, "queued")

    def test_running_checks_are_limited_for_everyone(self):
        self.env["ir.config_parameter"].set_param("crm_prospect_dedup.max_running_checks", "2")
        users = [create_user(self.env, "Seller %d" % i, "dedup_limit_%d" % i, [SALESPERSON])
                 for i in range(3)]
        checks = [self.queued_check(user) for user in users]
        self.assertEqual([check._claim(self.env.cr) for check in checks], [True, True, False])

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

    def test_a_failed_check_stores_a_message_without_the_traceback(self):
        check = self.queued_check(self.salesperson)
        cursor = type(self.env.cr)

        @contextlib.contextmanager
        def same_cursor():
            yield self.env.cr

        # the worker's cursors are the test's, whose commit and rollback do nothing
        registry = mock.Mock(cursor=same_cursor)
        with mock.patch.object(check_module.odoo, "registry", return_value=registry), \
                mock.patch.object(cursor, "commit"), mock.patch.object(cursor, "rollback"), \
                mock.patch.object(DuplicateFinder, "run",
                                  side_effect=RuntimeError("boom in /srv/odoo/secret.py")):
            check_module._run_check(self.env.cr.dbname, self.salesperson.id, {}, check.id)
        check.invalidate_cache()
        self.assertEqual(check.state, "failed")
        self.assertNotIn("Traceback", check.error)
        self.assertNotIn(".py", check.sudo(self.salesperson).error)
        self.assertIn("server log", check.error)
