from .common import DedupCase

OPERATIONS = ("read", "write", "create", "unlink")


class TestAccessRights(DedupCase):
    """Access rights of the duplicate models, by role and by operation."""

    @classmethod
    def setUpClass(cls):
        super(TestAccessRights, cls).setUpClass()
        users = cls.env["res.users"].with_context(no_reset_password=True)
        cls.employee = users.create({
            "name": "Emma Employee", "login": "dedup_emma", "email": "emma@example.com",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id])]})
        cls.roles = {"employee": cls.employee, "salesperson": cls.salesperson,
                     "sales manager": cls.manager}

    def _allowed(self, model, user):
        access = self.env["ir.model.access"].sudo(user)
        return {op for op in OPERATIONS if access.check(model, op, raise_exception=False)}

    def test_rights_by_model_and_role(self):
        everything = set(OPERATIONS)
        expected = {
            "crm.prospect.dedup.rule": {"employee": {"read"}, "salesperson": {"read"},
                                        "sales manager": everything},
            "crm.prospect.dedup.check": {"employee": set(), "salesperson": everything,
                                         "sales manager": everything},
            "crm.prospect.dedup.group": {"employee": set(),
                                         "salesperson": {"read", "write", "create"},
                                         "sales manager": everything},
            "crm.prospect.dedup.dismissal": {"employee": set(), "salesperson": {"read", "create"},
                                             "sales manager": everything},
        }
        for model, by_role in expected.items():
            for role, user in self.roles.items():
                self.assertEqual(self._allowed(model, user), by_role[role], "%s, %s" % (model, role))
