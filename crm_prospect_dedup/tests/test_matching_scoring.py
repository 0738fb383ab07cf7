"""The scorer, the trigram similarity and the grouping, without a database."""
import unittest

from ..matching import (DEFAULT_RULES, DEFAULT_THRESHOLD, Rule, group_pairs, partner_keys,
                        score, trigram_similarity)


def keys(**values):
    return partner_keys(values, values.pop("country", "fr"))


class TestSimilarity(unittest.TestCase):

    def test_trigram_similarity_is_pg_trgm_similarity(self):
        # the figure of PostgreSQL's pg_trgm documentation
        self.assertAlmostEqual(trigram_similarity("word", "two words"), 0.36363637, places=6)
        self.assertEqual(trigram_similarity("dupont jean", "dupont jean"), 1.0)
        self.assertEqual(trigram_similarity("abc", "xyz"), 0.0)
        self.assertEqual(trigram_similarity("", "xyz"), 0.0)

    def test_a_typo_keeps_names_similar(self):
        self.assertGreater(trigram_similarity("dupont jean", "dupotn jean"), 0.55)


class TestScore(unittest.TestCase):

    def test_same_vat_number_is_a_duplicate_whatever_the_name(self):
        a = keys(id=1, is_company=True, name="Acme Industries", vat="FR40303265045")
        b = keys(id=2, is_company=True, name="ACME Ind.", vat="FR 40 303 265 045")
        value, reasons = score(a, b)
        self.assertGreaterEqual(value, DEFAULT_THRESHOLD)
        self.assertIn("vat", reasons)

    def test_different_vat_numbers_rule_out_a_same_name(self):
        a = keys(id=1, is_company=True, name="Acme", vat="FR40303265045", city="Lyon")
        b = keys(id=2, is_company=True, name="Acme", vat="FR83404833048", city="Lyon")
        self.assertLess(score(a, b)[0], 0.3)

    def test_legal_form_case_and_word_order_give_the_same_name(self):
        a = keys(id=1, is_company=True, name="Dupont & Fils SARL", phone="01 23 45 67 89")
        b = keys(id=2, is_company=True, name="FILS DUPONT", phone="+33 1 23 45 67 89")
        value, reasons = score(a, b)
        self.assertGreater(value, 0.9)
        self.assertEqual(reasons, ["phone", "name_same"])

    def test_typo_in_the_name_with_the_same_email(self):
        a = keys(id=1, name="Jean Dupont", email="jean.dupont@example.com")
        b = keys(id=2, name="Jean Dupotn", email="Jean.Dupont@example.com")
        value, reasons = score(a, b)
        self.assertGreaterEqual(value, DEFAULT_THRESHOLD)
        self.assertEqual(reasons, ["email", "name_similar"])

    def test_colleagues_sharing_a_generic_email_are_not_duplicates(self):
        a = keys(id=1, name="Jean Dupont", email="info@acme.fr", phone="0123456789")
        b = keys(id=2, name="Marie Lefebvre", email="info@acme.fr", phone="0123456789")
        self.assertLess(score(a, b)[0], DEFAULT_THRESHOLD)

    def test_namesakes_with_other_email_and_phone_are_not_duplicates(self):
        a = keys(id=1, name="Jean Martin", email="jm@one.fr", phone="0123456789", city="Paris")
        b = keys(id=2, name="Jean Martin", email="jean@two.fr", phone="0499999999", city="Lyon")
        self.assertLess(score(a, b)[0], DEFAULT_THRESHOLD)

    def test_phone_matches_mobile(self):
        a = keys(id=1, name="Jean Martin", phone="06 12 34 56 78")
        b = keys(id=2, name="Martin Jean", mobile="+33612345678")
        value, reasons = score(a, b)
        self.assertIn("phone", reasons)
        self.assertGreater(value, 0.9)

    def test_company_is_never_matched_with_a_person(self):
        a = keys(id=1, is_company=True, name="Jean Martin", email="jm@example.com")
        b = keys(id=2, is_company=False, name="Jean Martin", email="jm@example.com")
        self.assertEqual(score(a, b), (0.0, []))

    def test_contact_is_never_matched_with_its_own_parent(self):
        company = keys(id=1, name="Martin", email="jm@example.com")
        contact = keys(id=2, parent_id=1, commercial_id=1, name="Martin", email="jm@example.com")
        self.assertEqual(score(company, contact), (0.0, []))
        self.assertEqual(score(contact, company), (0.0, []))

    def test_rules_are_configurable(self):
        a = keys(id=1, name="Acme", email="x@acme.fr")
        b = keys(id=2, name="Zenith", email="x@acme.fr")
        self.assertIn("email", score(a, b)[1])
        without_email = [r for r in DEFAULT_RULES if r.field != "email"]
        self.assertEqual(score(a, b, without_email), (0.0, []))
        heavy_email = [Rule("email", 1.0, 0.0)]
        self.assertEqual(score(a, b, heavy_email), (1.0, ["email"]))

    def test_missing_values_say_nothing(self):
        a = keys(id=1, name="Acme")
        b = keys(id=2, name="Acme", email="x@acme.fr", vat="FR40303265045")
        value, reasons = score(a, b)
        self.assertEqual(reasons, ["name_same"])
        self.assertAlmostEqual(value, 0.8)


class TestGrouping(unittest.TestCase):

    def test_linked_pairs_make_one_group_scored_by_its_weakest_link(self):
        groups = group_pairs([(1, 2, 0.9, ["email"]), (2, 3, 0.8, ["email", "phone"]),
                              (7, 5, 0.99, ["vat"])])
        self.assertEqual(groups, [
            {"partner_ids": [5, 7], "score": 0.99, "reasons": ["vat"]},
            {"partner_ids": [1, 2, 3], "score": 0.8, "reasons": ["email", "phone"]},
        ])

    def test_no_pairs_no_groups(self):
        self.assertEqual(group_pairs([]), [])
