import math

from odoo.exceptions import UserError

from .common import DedupCase


class TestFindDuplicateGroups(DedupCase):
    """res.partner.find_duplicate_groups(domain, threshold=None): the check
    as plain data, for scripts over XML-RPC."""

    @classmethod
    def setUpClass(cls):
        super(TestFindDuplicateGroups, cls).setUpClass()
        create = cls.env["res.partner"].sudo(cls.salesperson).with_context(
            default_is_prospect=True).create
        cls.jean = create({"name": "Jean Dupont", "email": "jean.dupont@example.com",
                           "is_company": False})
        cls.jean_dup = create({"name": "DUPONT Jean", "email": "JEAN.DUPONT@example.com",
                               "is_company": False})
        cls.marie = create({"name": "Marie Curie", "email": "marie@example.org",
                            "is_company": False})

    def find(self, domain, **kwargs):
        partners = self.env["res.partner"].sudo(self.salesperson)
        return partners.find_duplicate_groups(domain, **kwargs)

    def level_weight(self, field, code):
        rule = self.env["crm.prospect.dedup.rule"].search([("field", "=", field)])
        return rule.level_ids.filtered(lambda level: level.code == code).weight

    def test_returns_plain_groups_with_score_reasons_and_explanation(self):
        groups = self.find([("id", "in", (self.jean | self.jean_dup | self.marie).ids)])
        self.assertEqual([g["partner_ids"] for g in groups],
                         [sorted((self.jean | self.jean_dup).ids)])
        group = groups[0]
        self.assertEqual(set(group), {"partner_ids", "score", "reasons", "explanation"})
        self.assertIsInstance(group["score"], float)
        threshold = self.env["crm.prospect.dedup.rule"]._default_threshold()
        self.assertTrue(threshold <= group["score"] <= 1.0)
        # each comparison the pair reached, the level and the weight it counted
        explanation = {(e["field"], e["level"]): e["weight"] for e in group["explanation"]}
        self.assertEqual(set(explanation), {("email", "exact"), ("person_name", "swapped")},
                         "DUPONT Jean is Jean Dupont typed surname first")
        for (field, level), weight in explanation.items():
            self.assertAlmostEqual(weight, self.level_weight(field, level), places=2)
        # strongest first, one text per entry, in the user's words
        weights = [e["weight"] for e in group["explanation"]]
        self.assertEqual(weights, sorted(weights, key=abs, reverse=True))
        expected = {("email", "exact"): "same E-mail",
                    ("person_name", "swapped"): "given name and surname swapped"}
        self.assertEqual(group["reasons"], [
            "%s (%+.1f)" % (expected[(e["field"], e["level"])], e["weight"])
            for e in group["explanation"]])
        # nothing else was compared (no other value on both): the
        # explanation adds up to the score
        prior = self.env["crm.prospect.dedup.rule"]._prior()
        weight = math.log2(prior / (1 - prior)) + sum(weights)
        self.assertAlmostEqual(group["score"], 2 ** weight / (1 + 2 ** weight), places=3)

    def test_a_disagreement_is_explained_against(self):
        create = self.env["res.partner"].sudo(self.salesperson).create
        jean_lyon = create({"name": "Jean Dupont", "email": "jean.dupont@example.com",
                            "city": "Lyon", "is_company": False})
        jean_paris = create({"name": "Jean Dupont", "email": "jean.dupont@example.com",
                             "city": "Paris", "is_company": False})
        [group] = self.find([("id", "in", (jean_lyon | jean_paris).ids)], threshold=0.01)
        self.assertIn({"field": "city", "level": "else",
                       "weight": round(self.level_weight("city", "else"), 2)},
                      group["explanation"])
        self.assertLess(self.level_weight("city", "else"), 0)
        self.assertIn("different City (%+.1f)" % self.level_weight("city", "else"),
                      group["reasons"])

    def test_threshold_argument(self):
        domain = [("id", "in", (self.jean | self.jean_dup).ids)]
        [group] = self.find(domain, threshold=0.5)
        self.assertEqual(self.find(domain, threshold=group["score"] - 0.001), [group])
        self.assertEqual(self.find(domain, threshold=1.0), [])

    def test_reasons_in_the_users_language(self):
        self.env["res.lang"].load_lang("fr_FR")
        self.env["ir.translation"].load_module_terms(["crm_prospect_dedup"], ["fr_FR"])
        domain = [("id", "in", (self.jean | self.jean_dup).ids)]
        [english] = self.find(domain)
        [french] = self.env["res.partner"].sudo(self.salesperson).with_context(
            lang="fr_FR").find_duplicate_groups(domain)
        self.assertEqual(french["explanation"], english["explanation"])
        words = {("email", "exact"): "même E-mail",
                 ("person_name", "swapped"): "prénom et nom de famille inversés"}
        self.assertEqual(french["reasons"], [
            "%s (%+.1f)" % (words[(e["field"], e["level"])], e["weight"])
            for e in french["explanation"]])
        # the groups of a check, read by a French-speaking user
        check = self.run_check(partners=self.jean | self.jean_dup)
        group = check.group_ids.with_context(lang="fr_FR")
        self.assertIn("même E-mail (+", group.reason_text)
        self.assertIn("prénom et nom de famille inversés (+", group.reason_text)
        self.assertIn("same E-mail (+", check.group_ids.with_context(lang="en_US").reason_text)

    def test_dismissed_pairs_are_not_returned(self):
        domain = [("id", "in", (self.jean | self.jean_dup).ids)]
        self.env["crm.prospect.dedup.dismissal"].sudo(self.salesperson)._dismiss(
            (self.jean | self.jean_dup).ids)
        self.assertEqual(self.find(domain), [])

    def test_a_pair_dismissed_in_either_order_is_not_returned(self):
        """A dismissal created or imported with its partners the other way
        round (the higher id first) hides the pair too."""
        pair = self.jean | self.jean_dup
        domain = [("id", "in", pair.ids)]
        self.assertEqual(len(self.find(domain)), 1)
        self.env["crm.prospect.dedup.dismissal"].create(
            {"partner_a_id": max(pair.ids), "partner_b_id": min(pair.ids)})
        self.assertEqual(self.find(domain), [])

    def test_bad_domain_and_threshold_are_refused_with_a_clear_message(self):
        with self.assertRaisesRegex(UserError, "must be a list of conditions"):
            self.find("is_prospect = True")
        with self.assertRaisesRegex(UserError, "is not valid"):
            self.find([("no_such_field", "=", 1)])
        with self.assertRaisesRegex(UserError, "is not valid"):
            self.find([("id", "=", "not a number")])
        with self.assertRaisesRegex(UserError, "threshold must be a number"):
            self.find([], threshold=2)
        with self.assertRaisesRegex(UserError, "threshold must be a number"):
            self.find([], threshold="high")
        # the transaction is still usable afterwards
        self.assertEqual(len(self.find([("id", "in", (self.jean | self.jean_dup).ids)])), 1)
