from odoo.exceptions import AccessError
from odoo.tests.common import TransactionCase

from odoo.addons.crm_prospect_status.tests.common import create_user

from ..models.crm_prospect_dedup_check import RUN_FIELDS


class TestCheckRunFields(TransactionCase):
    """Who runs a duplicate check, and its state, are the check's own: a
    client cannot make the scheduler run a check as another user."""

    def setUp(self):
        super(TestCheckRunFields, self).setUp()
        self.salesperson = create_user(self.env, "Run Fields", "dedup_run_fields",
                                       ["sales_team.group_sale_salesman_all_leads"])
        self.checks = self.env["crm.prospect.dedup.check"].sudo(self.salesperson)

    def test_create_ignores_the_user_and_the_state_sent(self):
        check = self.checks.create({"domain": "[('name', 'ilike', 'x')]",
                                    "user_id": self.env.ref("base.user_root").id,
                                    "state": "queued", "error": "injected"})
        self.assertEqual(check.user_id, self.salesperson)
        self.assertEqual(check.state, "draft")
        self.assertFalse(check.error)

    def test_every_run_field_is_refused_on_write_and_nothing_changes(self):
        check = self.checks.create({"domain": "[]"})
        values = {"user_id": self.env.ref("base.user_root").id, "state": "queued",
                  "company_id": self.env.ref("base.main_company").id, "progress": 50.0,
                  "error": "x", "step": "score", "partner_count": 3, "partners_done": 1,
                  "pair_count": 9, "duration": 1.0}
        self.assertTrue(set(values) <= RUN_FIELDS)
        for field, value in values.items():
            before = check.read([field])[0][field]
            with self.assertRaises(AccessError, msg=field):
                check.write({field: value})
            check.invalidate_cache()
            self.assertEqual(check.read([field])[0][field], before, field)
