from odoo.addons.crm_prospect_status.tests.common import (OPERATIONS, allowed_operations,
                                                            create_user)

from .common import DedupCase


class TestAccessRights(DedupCase):
    """Access rights of the duplicate models, by role and by operation."""

    @classmethod
    def setUpClass(cls):
        super(TestAccessRights, cls).setUpClass()
        cls.employee = create_user(cls.env, "Emma Employee", "dedup_emma", ["base.group_user"])
        cls.roles = {"employee": cls.employee, "salesperson": cls.salesperson,
                     "sales manager": cls.manager}

    def test_rights_by_model_and_role(self):
        everything = set(OPERATIONS)
        expected = {
            "crm.prospect.dedup.rule": {"employee": {"read"}, "salesperson": {"read"},
                                        "sales manager": everything},
            # levels come with their rule: a manager sets weights, nobody adds or removes one
            "crm.prospect.dedup.rule.level": {"employee": {"read"}, "salesperson": {"read"},
                                              "sales manager": {"read", "write"}},
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
                self.assertEqual(allowed_operations(self.env, model, user), by_role[role],
                                 "%s, %s" % (model, role))
