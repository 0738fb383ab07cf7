"""What a check learned besides the levels' weights is kept as a training
record, which earlier versions kept as system parameters: an upgrade moves
them, and CRM managers read them but nobody writes them."""
from odoo.exceptions import AccessError

from ..models.crm_prospect_dedup_training import (PRIOR_PARAM, TRAINED_PARAM,
                                                  adopt_learned_parameters)
from .common import DedupCase


class TestTrainingRecord(DedupCase):

    def set_parameters(self, prior, trained):
        self.env.cr.execute("DELETE FROM crm_prospect_dedup_training")
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(PRIOR_PARAM, prior)
        params.set_param(TRAINED_PARAM, trained)

    def parameters_left(self):
        self.env.cr.execute("SELECT count(*) FROM ir_config_parameter WHERE key IN %s",
                            ((PRIOR_PARAM, TRAINED_PARAM),))
        return self.env.cr.fetchone()[0]

    def test_the_upgrade_moves_the_learned_parameters_into_a_training(self):
        self.set_parameters("0.00042", '{"partners": 1200, "pairs": 3456, '
                                       '"date": "2026-11-02 03:04:05"}')
        adopt_learned_parameters(self.env.cr)
        latest = self.env["crm.prospect.dedup.training"]._latest()
        self.assertEqual((latest["prior"], latest["partner_count"], latest["pair_count"]),
                         (0.00042, 1200, 3456))
        self.assertTrue(latest["create_date"].startswith("2026-11-02 03:04:05"))
        self.assertEqual(self.parameters_left(), 0)
        self.assertEqual(self.env["crm.prospect.dedup.rule"]._match_model().prior, 0.00042)
        config = self.env["crm.prospect.dedup.config.wizard"].sudo(self.manager).create({})
        self.assertIn("from 1200 partners and 3456 candidate pairs", config.trained)

    def test_unreadable_parameters_are_dropped_without_inventing_a_training(self):
        self.set_parameters("not a number", "{broken")
        adopt_learned_parameters(self.env.cr)
        self.assertIsNone(self.env["crm.prospect.dedup.training"]._latest())
        self.assertEqual(self.parameters_left(), 0)
        self.set_parameters("0.001", '["not", "facts"]')
        adopt_learned_parameters(self.env.cr)
        latest = self.env["crm.prospect.dedup.training"]._latest()
        self.assertEqual((latest["prior"], latest["partner_count"]), (0.001, None))

    def test_managers_read_the_trainings_and_nobody_writes_them(self):
        training = self.env["crm.prospect.dedup.training"]._record(0.0005, 2000, 3000)
        self.assertEqual(training.sudo(self.manager).read(["prior"])[0]["prior"], 0.0005)
        with self.assertRaises(AccessError):
            training.sudo(self.salesperson).read(["prior"])
        for user in (self.manager, self.salesperson):
            trainings = self.env["crm.prospect.dedup.training"].sudo(user)
            with self.assertRaises(AccessError):
                trainings.create({"prior": 0.5})
            with self.assertRaises(AccessError):
                training.sudo(user).write({"prior": 0.5})
            with self.assertRaises(AccessError):
                training.sudo(user).unlink()
        self.assertEqual(training.prior, 0.0005)
