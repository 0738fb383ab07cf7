"""CRM > Configuration > Duplicate detection: the threshold, the rules (one
per compared field) and the weight of each of their levels, learned and
shown to CRM managers, who may override them; nobody else may."""
from odoo.exceptions import AccessError, UserError, ValidationError

from ..matching.comparisons import COMPARISONS, LEVEL_CODES
from ..matching.model import bits
from ..models.crm_prospect_dedup_check_incremental import nightly_enabled
from ..models.crm_prospect_dedup_rule import DEFAULT_THRESHOLD, THRESHOLD_PARAM
from ..models.res_partner_duplicate_block import block_threshold
from .common import DedupCase

LEVEL_ACTION = "crm_prospect_dedup.crm_prospect_dedup_rule_level_action"
CONFIG_ACTION = "crm_prospect_dedup.crm_prospect_dedup_config_wizard_action"


class TestDedupSettings(DedupCase):

    @classmethod
    def setUpClass(cls):
        super(TestDedupSettings, cls).setUpClass()
        create = cls.env["res.partner"].sudo(cls.salesperson).with_context(
            default_is_prospect=True, default_is_company=True).create
        fr = cls.env.ref("base.fr").id
        # one e-mail and city, names that differ: not sure enough by default
        cls.lille = create({"name": "Transports Lefebvre", "email": "contact@lefebvre.fr",
                            "city": "Lille", "country_id": fr})
        cls.lille_2 = create({"name": "Lefebvre Logistique", "email": "Contact@Lefebvre.fr",
                              "city": "Lille", "country_id": fr})
        cls.acme = create({"name": "Acme SARL", "email": "contact@acme.fr", "country_id": fr,
                           "phone": "01 23 45 67 89"})
        cls.acme_dup = create({"name": "ACME", "email": "Contact@Acme.FR", "country_id": fr,
                               "phone": "+33 1 23 45 67 89"})
        cls.zenith = create({"name": "Zénith Industries SA", "vat": "FR 40 303 265 045",
                             "country_id": fr, "website": "https://www.zenith.fr/contact"})
        cls.zenith_dup = create({"name": "Industries Zenith", "vat": "FR40303265045",
                                 "country_id": fr, "website": "zenith.fr"})
        cls.email_exact = cls.env.ref("crm_prospect_dedup.rule_email").level_ids.filtered(
            lambda level: level.code == "exact")

    def pair_group(self, threshold=None):
        """find_duplicate_groups over the Lefebvre pair, as the salesperson."""
        groups = self.Partner.sudo(self.salesperson).find_duplicate_groups(
            [("id", "in", (self.lille | self.lille_2).ids)], threshold=threshold)
        return groups[0] if groups else None

    def levels_as(self, user):
        """What CRM > Configuration > Duplicate detection > Weights of each level lists."""
        action = self.env.ref(LEVEL_ACTION)
        levels = self.env[action.res_model].sudo(user)
        view = levels.fields_view_get(view_type="tree")
        names = [name for name in view["fields"]]
        return levels.search_read([], names), names

    # -- what a manager sees --------------------------------------------------

    def test_every_compared_field_is_a_rule_with_its_levels(self):
        config = self.env["crm.prospect.dedup.config.wizard"].sudo(self.manager).create({})
        self.assertEqual(set(config.rule_ids.mapped("field")), {c.name for c in COMPARISONS})
        for rule in config.rule_ids:
            self.assertEqual(tuple(rule.level_ids.mapped("code")), LEVEL_CODES[rule.field],
                             rule.field)
        self.assertEqual(config.threshold, DEFAULT_THRESHOLD)
        self.assertIn("not yet", config.trained, "the template learned nothing")

    def test_the_learned_weights_are_shown_to_a_crm_manager(self):
        rows, columns = self.levels_as(self.manager)
        for column in ("field", "code", "m_probability", "u_probability", "learned_weight",
                       "override", "override_weight", "weight"):
            self.assertIn(column, columns)
        self.assertEqual(len(rows), sum(len(c.levels) for c in COMPARISONS))
        for row in rows:
            self.assertAlmostEqual(row["learned_weight"],
                                   bits(row["m_probability"], row["u_probability"]), places=2)
            self.assertEqual(row["weight"], row["learned_weight"], "nothing overridden yet")
        by_level = {(row["field"], row["code"]): row for row in rows}
        for comparison in COMPARISONS:
            for level in comparison.levels:
                row = by_level[(comparison.name, level.code)]
                self.assertAlmostEqual(row["m_probability"], level.m, places=6)
                self.assertAlmostEqual(row["u_probability"], level.u, places=6)

    # -- overriding a weight ----------------------------------------------------

    def test_a_managers_override_changes_the_score_of_a_pair(self):
        before = self.pair_group(threshold=0.0001)
        explained = {(e["field"], e["level"]): e["weight"] for e in before["explanation"]}
        self.assertAlmostEqual(explained[("email", "exact")], self.email_exact.weight, places=2)
        self.assertLess(before["score"], DEFAULT_THRESHOLD)
        self.assertIsNone(self.pair_group(), "not proposed at the default threshold")

        self.email_exact.sudo(self.manager).write({"override": True, "override_weight": 40})
        self.assertEqual(self.email_exact.weight, 40)
        after = self.pair_group()
        self.assertIsNotNone(after, "the weight set by hand makes the pair sure enough")
        self.assertGreater(after["score"], before["score"])
        self.assertIn({"field": "email", "level": "exact", "weight": 40.0},
                      after["explanation"])
        self.assertIn("same E-mail (+40.0)", after["reasons"])

        # unticked, the learned weight counts again
        self.email_exact.sudo(self.manager).write({"override": False})
        self.assertEqual(self.email_exact.weight, self.email_exact.learned_weight)
        self.assertEqual(self.pair_group(threshold=0.0001), before)

    def test_an_override_out_of_range_is_refused_and_nothing_changes(self):
        for weight in (40.5, -41, 1e300):
            with self.assertRaisesRegex(ValidationError, "between -40 and 40"), \
                    self.env.cr.savepoint():
                self.email_exact.sudo(self.manager).write({"override": True,
                                                           "override_weight": weight})
            self.email_exact.invalidate_cache()
            self.assertFalse(self.email_exact.override, weight)
            self.assertEqual(self.email_exact.override_weight, 0.0)
        self.email_exact.sudo(self.manager).write({"override": True, "override_weight": -40})
        self.assertEqual(self.email_exact.weight, -40)

    def test_a_learned_probability_outside_zero_and_one_is_refused(self):
        m = self.email_exact.m_probability
        for field, value in (("m_probability", 1.5), ("u_probability", -0.1)):
            with self.assertRaisesRegex(ValidationError, "between 0 and 1"), \
                    self.env.cr.savepoint():
                self.email_exact.sudo(self.manager).write({field: value})
            self.email_exact.invalidate_cache()
        self.assertEqual(self.email_exact.m_probability, m)

    def test_a_salesperson_cannot_change_a_weight_nor_a_rule(self):
        rows, _columns = self.levels_as(self.salesperson)
        self.assertTrue(rows, "a salesperson may read the weights")
        with self.assertRaises(AccessError):
            self.email_exact.sudo(self.salesperson).write({"override": True,
                                                           "override_weight": 30})
        rule = self.env.ref("crm_prospect_dedup.rule_email")
        with self.assertRaises(AccessError):
            rule.sudo(self.salesperson).write({"active": False})
        self.email_exact.invalidate_cache()
        self.assertFalse(self.email_exact.override)
        self.assertTrue(rule.active)

    # -- rules and threshold ----------------------------------------------------

    def test_a_manager_turns_rules_off_and_sets_the_threshold(self):
        config = self.env["crm.prospect.dedup.config.wizard"].sudo(self.manager).create({})
        config.write({"threshold": 0.95, "rule_ids": [
            (1, rule.id, {"active": False}) for rule in config.rule_ids
            if rule.field in ("vat", "website", "company_name")]})
        config.action_save()
        self.assertEqual(self.env["crm.prospect.dedup.rule"]._default_threshold(), 0.95)
        check = self.run_check(partners=self.acme)
        self.assertEqual(check.threshold, 0.95)
        self.assertNotIn(sorted((self.zenith | self.zenith_dup).ids), self.groups_of(check),
                         "without VAT, website and name, nothing links the Zenith pair")
        acme = check.group_ids.filtered(lambda g: self.acme in g.partner_ids)
        self.assertEqual(acme.partner_ids, self.acme | self.acme_dup)
        self.assertNotIn("Company name", acme.reason_text)

    def test_a_crm_manager_sets_the_nightly_check_and_the_refusal_in_the_dialog(self):
        """CRM > Configuration > Duplicate detection: a CRM manager who is not
        an administrator (the Settings page needs one) switches the nightly
        check on and sets the score from which duplicates are refused."""
        self.assertFalse(self.manager.has_group("base.group_system"))
        config = self.env["crm.prospect.dedup.config.wizard"].sudo(self.manager).create({})
        self.assertEqual((config.nightly, config.block_threshold), (False, 0.0))
        config.write({"nightly": True, "block_threshold": 0.9})
        config.action_save()
        self.assertTrue(nightly_enabled(self.env))
        self.assertEqual(block_threshold(self.env), 0.9)
        config = self.env["crm.prospect.dedup.config.wizard"].sudo(self.manager).create({})
        self.assertEqual((config.nightly, config.block_threshold), (True, 0.9))
        refused = self.env["crm.prospect.dedup.config.wizard"].sudo(self.manager).create(
            {"nightly": False, "block_threshold": 1.5})
        with self.assertRaisesRegex(ValidationError, "between 0 and 1"):
            refused.action_save()
        self.assertEqual((nightly_enabled(self.env), block_threshold(self.env)), (True, 0.9))
        salesperson = self.env["crm.prospect.dedup.config.wizard"].sudo(
            self.salesperson).create({"block_threshold": 0.0})
        with self.assertRaises(AccessError):
            salesperson.action_save()
        self.assertEqual(block_threshold(self.env), 0.9)

    def test_a_bad_threshold_is_refused_and_nothing_changes(self):
        params = self.env["ir.config_parameter"].sudo()
        before = params.get_param(THRESHOLD_PARAM)
        for value in (0, -0.5, 1.5):
            config = self.env["crm.prospect.dedup.config.wizard"].sudo(self.manager).create(
                {"threshold": value})
            with self.assertRaisesRegex(UserError, "above 0 and at most 1"):
                config.action_save()
            settings = self.env["res.config.settings"].create({"dedup_threshold": value})
            with self.assertRaisesRegex(UserError, "above 0 and at most 1"), \
                    self.env.cr.savepoint():
                settings.execute()
            self.assertEqual(params.get_param(THRESHOLD_PARAM), before, value)
        rules = self.env["crm.prospect.dedup.rule"]
        for value in (None, "high", "", [0.5], float("nan"), float("inf")):
            with self.assertRaisesRegex(UserError, "above 0 and at most 1"):
                rules._check_threshold(value)
        self.assertEqual(rules._check_threshold("0.5"), 0.5)
        self.assertEqual(rules._check_threshold(1), 1.0)
