from odoo.exceptions import AccessError

from .common import OPERATIONS, ProspectCase, allowed_operations, create_user


class TestAccessRights(ProspectCase):
    """Access rights of the models the addon adds, by role and by operation."""

    @classmethod
    def setUpClass(cls):
        super(TestAccessRights, cls).setUpClass()
        cls.employee = create_user(cls.env, "Emma Employee", "emma", ["base.group_user"])
        cls.portal = create_user(cls.env, "Paul Portal", "paul", ["base.group_portal"])
        cls.roles = {"portal": cls.portal, "employee": cls.employee, "salesperson": cls.salesperson,
                     "sales manager": cls.manager}

    def test_prospect_statuses_are_read_by_employees_and_managed_by_sales_managers(self):
        expected = {"portal": set(), "employee": {"read"}, "salesperson": {"read"},
                    "sales manager": set(OPERATIONS)}
        for role, user in self.roles.items():
            self.assertEqual(allowed_operations(self.env, "crm.prospect.status", user), expected[role],
                             role)

    def test_activity_lines_are_read_only_for_everyone(self):
        expected = {"portal": set(), "employee": {"read"}, "salesperson": {"read"},
                    "sales manager": {"read"}}
        for role, user in self.roles.items():
            self.assertEqual(allowed_operations(self.env, "crm.prospect.activity", user), expected[role],
                             role)

    def test_rights_are_enforced_by_the_orm(self):
        with self.assertRaises(AccessError):
            self.statuses.sudo(self.salesperson).create({"name": "Not mine"})
        with self.assertRaises(AccessError):
            self.statuses.sudo(self.portal).search([])
        created = self.statuses.sudo(self.manager).create({"name": "Manager's status"})
        self.assertTrue(created.exists())
