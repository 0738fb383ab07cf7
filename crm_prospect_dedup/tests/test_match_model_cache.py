from .common import DedupCase


class TestMatchModelCache(DedupCase):
    """The matching model is built once for each state of the stored weights
    (the typing warning asked for it on every change of the form), and a
    weight a manager sets is used at once."""

    def test_model_is_built_once_then_again_after_a_weight_changes(self):
        rules = self.env["crm.prospect.dedup.rule"].sudo(self.salesperson)
        first = rules._match_model()
        self.assertIs(rules._match_model(), first)
        email = self.env.ref("crm_prospect_dedup.rule_email").level_ids.filtered(
            lambda level: level.code == "exact")
        email.sudo(self.manager).write({"override": True, "override_weight": 40})
        overridden = rules._match_model()
        self.assertIsNot(overridden, first)
        self.assertEqual(overridden.weights["email"]["exact"], 40)
        email.sudo(self.manager).write({"override_weight": 30})
        self.assertEqual(rules._match_model().weights["email"]["exact"], 30)

    def test_a_rule_turned_off_leaves_the_model(self):
        rules = self.env["crm.prospect.dedup.rule"].sudo(self.salesperson)
        self.assertIn("website", [c.name for c in rules._match_model().comparisons])
        self.env.ref("crm_prospect_dedup.rule_website").sudo(self.manager).active = False
        self.assertNotIn("website", [c.name for c in rules._match_model().comparisons])

    def test_a_newly_learned_prior_is_used_at_once(self):
        rules = self.env["crm.prospect.dedup.rule"].sudo(self.salesperson)
        before = rules._match_model()
        self.env["crm.prospect.dedup.training"]._record(0.000123, 5000, 7000)
        self.assertNotEqual(before.prior, 0.000123)
        self.assertEqual(rules._match_model().prior, 0.000123)
