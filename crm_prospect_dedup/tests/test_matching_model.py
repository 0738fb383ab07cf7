"""The Fellegi-Sunter model and the grouping, without a database: a pair's
weight is the prior plus the weight of each level it reaches, each weight
log2(m / u) of the model's parameters (or a manager's override)."""
import math
import unittest

from hypothesis import given, settings
from hypothesis import strategies as st

from ..matching import MatchModel, gamma, group_pairs, record_from_values
from ..matching.comparisons import BY_NAME, COMPARISONS
from ..matching.model import TF_FLOOR, bits, default_parameters, probability


def person(**values):
    return record_from_values(dict(values, is_company=False), "fr")


def company(**values):
    return record_from_values(dict(values, is_company=True), "fr")


def default_bits(comparison, level):
    m, u = default_parameters()[comparison][level]
    return bits(m, u)


JEAN = dict(id=1, name="Jean Dupont", email="jean.dupont@example.com", city="Lyon",
            zip="69001", street="3 rue de la Paix")
JEAN_AGAIN = dict(id=2, name="DUPONT Jean", email="Jean.Dupont@example.com", city="Lyon",
                  zip="69002", street="3 r de la Paix")


class TestMatchWeight(unittest.TestCase):

    def setUp(self):
        self.model = MatchModel()

    def test_weight_is_the_prior_plus_log2_m_over_u_of_each_level_reached(self):
        a, b = person(**JEAN), person(**JEAN_AGAIN)
        match = self.model.explain(a, b)
        reached = [(c.name, level) for c, level in zip(COMPARISONS, gamma(a, b)) if level]
        self.assertEqual([(name, level) for name, level, _w in match.contributions], reached)
        expected = self.model.prior_weight + sum(default_bits(*item) for item in reached)
        self.assertAlmostEqual(match.weight, expected, places=9)
        self.assertAlmostEqual(self.model.prior_weight,
                               math.log2(self.model.prior / (1 - self.model.prior)))
        for name, level, weight in match.contributions:
            self.assertAlmostEqual(weight, default_bits(name, level), places=2)
        odds = 2.0 ** match.weight
        self.assertAlmostEqual(match.probability, odds / (1 + odds), places=4)
        self.assertAlmostEqual(self.model.score(a, b), odds / (1 + odds), places=9)

    def test_a_missing_value_says_nothing(self):
        a = person(**dict(JEAN, email=False))
        with_email, without = person(**JEAN_AGAIN), person(**dict(JEAN_AGAIN, email=False))
        one_sided = self.model.explain(a, with_email)
        self.assertNotIn("email", [name for name, _l, _w in one_sided.contributions])
        self.assertAlmostEqual(one_sided.weight, self.model.explain(a, without).weight)

    def test_a_different_value_counts_against_by_its_weight(self):
        a, b = company(id=1, name="Acme", city="Lyon"), company(id=2, name="Acme", city="Lyon")
        same = self.model.explain(a, b)
        a_vat = a._replace(vat="FR40303265045")
        other_vat = self.model.explain(a_vat, b._replace(vat="FR83404833048"))
        self.assertIn(("vat", "else", round(default_bits("vat", "else"), 2)),
                      other_vat.contributions)
        self.assertAlmostEqual(other_vat.weight - same.weight, default_bits("vat", "else"))
        self.assertLess(other_vat.probability, same.probability)

    def test_learned_parameters_give_the_weights(self):
        parameters = default_parameters()
        parameters["email"] = {"exact": (0.5, 0.5), "else": (0.5, 0.5)}
        model = MatchModel(parameters)
        a, b = person(**JEAN), person(**JEAN_AGAIN)
        self.assertIn(("email", "exact", 0.0), model.explain(a, b).contributions)
        self.assertLess(model.score(a, b), self.model.score(a, b))

    def test_an_override_replaces_the_learned_weight(self):
        a, b = person(**JEAN), person(**JEAN_AGAIN)
        overridden = MatchModel(overrides={"email": {"exact": -5.0}})
        match = overridden.explain(a, b)
        self.assertIn(("email", "exact", -5.0), match.contributions)
        self.assertAlmostEqual(self.model.explain(a, b).weight - match.weight,
                               default_bits("email", "exact") + 5.0)

    def test_inactive_comparisons_are_left_out(self):
        a, b = person(**JEAN), person(**JEAN_AGAIN)
        active = [c.name for c in COMPARISONS if c.name != "email"]
        match = MatchModel(active=active).explain(a, b)
        self.assertNotIn("email", [name for name, _l, _w in match.contributions])
        self.assertAlmostEqual(self.model.explain(a, b).weight - match.weight,
                               default_bits("email", "exact"))

    def test_a_company_is_never_matched_with_a_person(self):
        a = company(id=1, name="Jean Martin", email="jm@example.com")
        b = person(id=2, name="Jean Martin", email="jm@example.com")
        self.assertEqual(self.model.explain(a, b), (0.0, float("-inf"), ()))
        self.assertEqual(self.model.score(a, b), 0.0)

    def test_a_contact_is_never_matched_with_its_own_company(self):
        acme = company(id=1, name="Martin", email="jm@example.com")
        contact = company(id=2, parent_id=1, commercial_id=1, name="Martin",
                          email="jm@example.com")
        self.assertEqual(self.model.score(acme, contact), 0.0)
        self.assertEqual(self.model.score(contact, acme), 0.0)

    def test_contacts_of_one_company_compare_without_what_they_share_with_it(self):
        shared = dict(parent_id=9, commercial_id=9, phone="04 72 00 00 00", street="1 rue X",
                      city="Lyon", zip="69001", website="acme.fr")
        a = person(id=1, name="Jean Dupont", email="jean@acme.fr", **shared)
        b = person(id=2, name="Marie Curie", email="marie@acme.fr", **shared)
        compared = [name for name, _l, _w in self.model.explain(a, b).contributions]
        self.assertEqual(compared, ["person_name", "email"])
        self.assertLess(self.model.score(a, b), 0.01)
        # the same values on two partners of no company are evidence
        alone = self.model.explain(a._replace(parent_id=None, commercial_id=1),
                                   b._replace(parent_id=None, commercial_id=2))
        self.assertIn("phone", [name for name, _l, _w in alone.contributions])

    def test_plain_values_give_the_same_model(self):
        model = MatchModel(prior=0.001, overrides={"vat": {"else": -20.0}},
                           active=["person_name", "email", "city"])
        copy = MatchModel.from_dict(model.as_dict())
        a, b = person(**JEAN), person(**JEAN_AGAIN)
        self.assertEqual(copy.explain(a, b), model.explain(a, b))
        self.assertEqual([c.name for c in copy.comparisons], ["person_name", "city", "email"])

    def test_the_weight_threshold_is_the_weight_of_the_probability_threshold(self):
        for threshold in (0.5, 0.9, 0.99, 0.999):
            weight = self.model.weight_threshold(threshold)
            self.assertAlmostEqual(probability(weight), threshold, places=9)
            self.assertGreaterEqual(probability(weight + 1e-8), threshold)
        self.assertEqual(self.model.weight_threshold(1.0), float("inf"))


class TestTermFrequency(unittest.TestCase):
    """A name many partners bear is weaker evidence than a rare one."""

    def setUp(self):
        self.model = MatchModel()

    def name_weight(self, a, b, comparison="person_name"):
        return dict(((name, level), weight) for name, level, weight
                    in self.model.explain(a, b).contributions)[(comparison, "exact")]

    def test_a_frequent_person_name_counts_less_than_a_rare_one(self):
        a, b = person(id=1, name="Jean Martin"), person(id=2, name="Jean Martin")
        rare = self.name_weight(a._replace(name_freq=2e-5), b._replace(name_freq=2e-5))
        frequent = self.name_weight(a._replace(name_freq=0.01), b._replace(name_freq=0.01))
        self.assertLess(frequent, rare)
        m = default_parameters()["person_name"]["exact"][0]
        self.assertAlmostEqual(frequent, bits(m, 0.01), places=2)
        self.assertAlmostEqual(rare, bits(m, 2e-5), places=2)
        # the share of the more frequent side counts; below the floor, no surer
        self.assertAlmostEqual(
            self.name_weight(a._replace(name_freq=1e-9), b._replace(name_freq=0.01)), frequent)
        self.assertAlmostEqual(
            self.name_weight(a._replace(name_freq=1e-9), b._replace(name_freq=1e-9)),
            bits(m, TF_FLOOR), places=2)

    def test_a_frequent_company_name_is_not_discounted(self):
        a, b = company(id=1, name="Acme"), company(id=2, name="Acme")
        frequent = self.name_weight(a._replace(name_freq=0.05), b._replace(name_freq=0.05),
                                    "company_name")
        self.assertAlmostEqual(frequent, default_bits("company_name", "exact"), places=2)
        self.assertIsNone(BY_NAME["company_name"].tf_field)

    def test_a_frequent_city_counts_less(self):
        a, b = person(id=1, name="Jean Martin", city="Paris"), person(id=2, name="Marc Dupont",
                                                                      city="Paris")
        rare = self.name_weight(a._replace(city_freq=1e-4), b._replace(city_freq=1e-4), "city")
        frequent = self.name_weight(a._replace(city_freq=0.2), b._replace(city_freq=0.2), "city")
        self.assertLess(frequent, rare)

    def test_an_overridden_level_keeps_its_weight_whatever_the_frequency(self):
        model = MatchModel(overrides={"person_name": {"exact": 7.0}})
        a, b = person(id=1, name="Jean Martin"), person(id=2, name="Jean Martin")
        for share in (1e-5, 0.01, 0.3):
            match = model.explain(a._replace(name_freq=share), b._replace(name_freq=share))
            self.assertIn(("person_name", "exact", 7.0), match.contributions)


class TestGrouping(unittest.TestCase):

    def test_linked_pairs_make_one_group_scored_by_its_weakest_link(self):
        groups = group_pairs([
            (1, 2, 0.99, (("email", "exact", 16.0), ("city", "else", -3.0))),
            (2, 3, 0.95, (("email", "exact", 14.0),)),
            (7, 5, 0.999, (("vat", "exact", 16.6),)),
        ])
        self.assertEqual([g["partner_ids"] for g in groups], [[5, 7], [1, 2, 3]])
        self.assertEqual([g["score"] for g in groups], [0.999, 0.95])
        self.assertEqual(groups[1]["reasons"], [("email", "exact", 15.0), ("city", "else", -3.0)],
                         "each reason's mean weight over the group's links, strongest first")

    def test_groups_that_cannot_be_together_are_not_joined(self):
        pairs = [(1, 2, 0.99, ()), (2, 3, 0.98, ()), (3, 4, 0.97, ())]
        self.assertEqual([g["partner_ids"] for g in group_pairs(pairs)], [[1, 2, 3, 4]])
        apart = {frozenset((1, 3))}
        groups = group_pairs(pairs, lambda x, y: frozenset((x, y)) in apart)
        self.assertEqual([g["partner_ids"] for g in groups], [[1, 2], [3, 4]])

    def test_no_pairs_no_groups(self):
        self.assertEqual(group_pairs([]), [])


NAMES = ["Jean Dupont", "DUPONT Jean", "Jean Dupond", "Marie Curie", "Jean", "Dupont"]
CITIES = ["Lyon", "Lyons", "Paris", None]
STREETS = ["3 rue de la Paix", "3 r de la Paix", "5 rue de la Paix", "3 avenue Foch", None]


class TestWeightIfAbove(unittest.TestCase):
    """The check's scorer stops a pair as soon as it cannot reach the
    threshold: it must keep exactly the pairs, and the weights, of the full
    sum."""

    @given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(CITIES),
                              st.sampled_from(STREETS), st.sampled_from(["69001", "69002", None]),
                              st.sampled_from(["a@x.fr", "b@x.fr", None]),
                              st.floats(min_value=1e-7, max_value=0.5)),
                    min_size=2, max_size=2),
           st.floats(min_value=0.01, max_value=0.999))
    @settings(max_examples=300, deadline=None)
    def test_same_pairs_and_weights_as_the_full_sum(self, values, threshold):
        a, b = [person(id=n + 1, name=name, city=city, street=street, zip=zip_code, email=email)
                ._replace(name_freq=share, city_freq=share)
                for n, (name, city, street, zip_code, email, share) in enumerate(values)]
        model = MatchModel()
        needed = model.weight_threshold(threshold)
        full = model.match_weight(a, b)
        fast = model.weight_if_above(a, b, needed)
        self.assertEqual(fast >= needed, full >= needed)
        if full >= needed:
            self.assertAlmostEqual(fast, full)

    def test_a_pair_far_below_stops_before_the_names(self):
        calls = []
        model = MatchModel()
        compare = BY_NAME["person_name"].compare
        a = person(id=1, name="Jean Dupont", email="a@x.fr", phone="0102030405", city="Lyon",
                   zip="69001", street="3 rue de la Paix")
        b = person(id=2, name="Jean Dupont", email="b@y.fr", phone="0607080910", city="Brest",
                   zip="29200", street="8 avenue Foch")
        model._bounded = {kind: tuple(
            (c, name, (lambda x, y, f=run: calls.append(1) or f(x, y))
             if name == "person_name" else run, w, tf, rest)
            for c, name, run, w, tf, rest in bounded) for kind, bounded in model._bounded.items()}
        self.assertEqual(model.weight_if_above(a, b, model.weight_threshold(0.9)), float("-inf"))
        self.assertEqual(calls, [], "the names were compared though nothing else agreed")
        self.assertEqual(compare(a, b), "exact")

    def test_a_company_pair_above_the_threshold_is_not_stopped_by_the_person_name(self):
        """Two companies never reach a person name level: their bound leaves
        it out, and a pair just above the threshold keeps its full weight."""
        model = MatchModel()
        a = company(id=1, name="Boulangerie Martin", city="Lyon", zip="69001",
                    street="3 rue de la Paix")
        b = company(id=2, name="Boulangerie Martin", city="Lyon", zip="69001",
                    street="3 rue de la Paix")
        full = model.match_weight(a, b)
        self.assertAlmostEqual(model.weight_if_above(a, b, full - 1e-6), full)
        self.assertEqual(model.weight_if_above(a, b, full + 1e-6), float("-inf"))
        bounded = dict((name, rest) for _c, name, _f, _w, _tf, rest in model._bounded[True])
        self.assertNotIn("person_name", bounded)
        self.assertNotIn("company_name", dict(
            (name, rest) for _c, name, _f, _w, _tf, rest in model._bounded[False]))
