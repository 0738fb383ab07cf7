"""A background check lowers the CPU priority of its database backend while
it runs, and gives it back; where that is not allowed or not possible (a
remote database, no right to renice it or to restore it), the check runs
unchanged."""
import os
from types import SimpleNamespace
from unittest.mock import patch

from ..models import backend_priority
from ..models.backend_priority import NICENESS, lower_backend_priority
from ..models.duplicate_finder import DuplicateFinder
from .common import DedupCase

SETPRIORITY = "odoo.addons.crm_prospect_dedup.models.backend_priority.os.setpriority"
MAY_RESTORE = "odoo.addons.crm_prospect_dedup.models.backend_priority._may_restore"


class TestBackendPriority(DedupCase):

    def setUp(self):
        super(TestBackendPriority, self).setUp()
        for name in ("Acme SARL", "ACME", "Zenith"):
            self.create_prospect(name=name, email="contact@%s.fr" % name.split()[0].lower())
        self.cr.execute("SELECT pg_backend_pid()")
        self.backend = self.cr.fetchone()[0]
        self.before = os.getpriority(os.PRIO_PROCESS, self.backend)
        # what this test's process may do where the database runs: here a
        # local backend whose priority it may give back
        self.allowed = bool(backend_priority._local_backend(self.cr)) and \
            backend_priority._may_restore(self.backend)

    def priorities_while_checking(self, **options):
        """The backend's priority seen while a check selects its partners,
        and the check's groups."""
        seen, original = [], DuplicateFinder._select_partners

        def select(finder):
            seen.append(os.getpriority(os.PRIO_PROCESS, self.backend))
            return original(finder)

        with patch.object(DuplicateFinder, "_select_partners", select):
            groups = DuplicateFinder(self.env, self.prospect_domain, **options).run()
        return seen, groups

    def test_a_background_check_lowers_its_backend_and_gives_it_back(self):
        self.assertTrue(self.allowed, "the test database runs here, reniced by its owner")
        seen, groups = self.priorities_while_checking(isolated=True)
        self.assertEqual(seen, [min(self.before + NICENESS, 19)])
        self.assertEqual(os.getpriority(os.PRIO_PROCESS, self.backend), self.before)
        in_the_foreground, same_groups = self.priorities_while_checking()
        self.assertEqual(in_the_foreground, [self.before], "a check a user waits for: unchanged")
        self.assertEqual(groups, same_groups)
        self.assertEqual(len(groups), 1)

    def test_a_background_check_saves_its_groups_at_the_lower_priority_too(self):
        self.assertTrue(self.allowed, "the test database runs here, reniced by its owner")
        check = self.run_check(self.manager)
        groups = DuplicateFinder(self.env, self.prospect_domain).run()
        Check, seen = type(check), []
        original = Check._insert_groups

        def insert(record, groups_):
            seen.append(os.getpriority(os.PRIO_PROCESS, self.backend))
            return original(record, groups_)

        # (the background commits its groups: not this test's transaction)
        with patch.object(Check, "_insert_groups", insert), patch.object(self.cr, "commit"):
            check._store_groups(groups, background=True)
            check._store_groups(groups, background=False)
        self.assertEqual(seen, [min(self.before + NICENESS, 19), self.before])
        self.assertEqual(os.getpriority(os.PRIO_PROCESS, self.backend), self.before)
        self.assertEqual(len(check.group_ids), 3, "the check's group, and the same saved twice")

    def test_the_priority_is_given_back_when_the_check_fails(self):
        with self.assertRaises(ZeroDivisionError):
            with lower_backend_priority(self.cr) as lowered:
                self.assertTrue(lowered)
                1 / 0
        self.assertEqual(os.getpriority(os.PRIO_PROCESS, self.backend), self.before)

    def test_no_right_to_renice_the_backend_leaves_it_alone(self):
        with patch(SETPRIORITY, side_effect=PermissionError(1, "Operation not permitted")):
            seen, groups = self.priorities_while_checking(isolated=True)
        self.assertEqual(seen, [self.before])
        self.assertEqual(len(groups), 1, "the check ran")

    def test_a_priority_that_could_not_be_given_back_is_not_lowered(self):
        with patch(MAY_RESTORE, return_value=False):
            seen, groups = self.priorities_while_checking(isolated=True)
        self.assertEqual(seen, [self.before])
        self.assertEqual(len(groups), 1)

    def test_a_database_on_another_machine_is_not_reniced(self):
        def cursor(host):
            parameters = {"host": host} if host else {}
            cnx = SimpleNamespace(get_dsn_parameters=lambda: parameters)
            return SimpleNamespace(_cnx=cnx, execute=self.cr.execute, fetchone=self.cr.fetchone)
        self.assertIsNone(backend_priority._local_backend(cursor("db.example.com")))
        self.assertEqual(backend_priority._local_backend(cursor(None)), self.backend)
        self.assertEqual(backend_priority._local_backend(cursor("/var/run/postgresql")),
                         self.backend)
