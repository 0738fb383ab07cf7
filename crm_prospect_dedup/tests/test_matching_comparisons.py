"""Every level of every comparison, reached by a pair of partners as they are
typed, without a database.

CASES lists, for each comparison of matching.comparisons.COMPARISONS and
each of its levels, pairs of raw field values that reach exactly that level,
and under None pairs where a value is missing (which says nothing). The test
walks COMPARISONS: a comparison or a level added without its pairs here
fails.
"""
import unittest

from ..matching import COMPARISONS, gamma, record_from_values
from ..matching.model import bits

MISSING = None


def person(name, **values):
    return dict(values, name=name, is_company=False)


def company(name, **values):
    return dict(values, name=name, is_company=True)


CASES = {
    "person_name": {
        "exact": [(person("Jean Dupont"), person("jean  DUPONT")),
                  (person("Jean-Pierre Dupont"), person("Jean Pierre DUPONT")),
                  (person("Ako T"), person("AkoT"))],  # a space typed inside the name
        "swapped": [(person("Jean Dupont"), person("DUPONT Jean"))],
        "close": [(person("Jean Dupont"), person("Jean Dupotn")),
                  (person("Michel Dupont"), person("Michael Dupond"))],
        "near": [(person("Jonathan Smith"), person("Jonathon Smyth")),
                 (person("Anne Moreau"), person("Annie Moreno"))],
        "surname": [(person("Jean Dupont"), person("Marie Dupont")),
                    (person("Dupont"), person("Jean Dupont"))],
        "given": [(person("Jean Dupont"), person("Jean Martin")),
                  (person("Jean"), person("Jean Dupont")),
                  (person("Jean Dupont"), person("J. Durand"))],  # an initial
        "else": [(person("Jean Dupont"), person("Marie Curie"))],
        MISSING: [(person("Jean Dupont"), person(False)),
                  (person("Jean Dupont"), company("Jean Dupont"))],
    },
    "company_name": {
        "exact": [(company("Dupont & Fils SARL"), company("FILS DUPONT")),
                  (company("Acme S.A."), company("ACME"))],
        "close": [(company("Acme Industries"), company("Acme Industires")),
                  (company("Boucherie Moreau"), company("Boucheries Moreaux SA"))],
        "near": [(company("Transports Lefebvre"), company("Transport Lefevre et fils")),
                 (company("Leroy Merlin"), company("Leroi Merlain"))],
        "else": [(company("Acme"), company("Zenith"))],
        MISSING: [(company("Acme"), company(False)), (company("Acme"), person("Acme"))],
    },
    "street_number": {
        "exact": [({"street": "12 rue de la Paix"}, {"street": "12, av. Foch"}),
                  ({"street": "12 bis rue X"}, {"street": "12bis rue X"})],
        "else": [({"street": "12 rue de la Paix"}, {"street": "14 rue de la Paix"})],
        MISSING: [({"street": "rue de la Paix"}, {"street": "14 rue de la Paix"})],
    },
    "street": {
        "exact": [({"street": "12, av. de la Gare"}, {"street": "3 Avenue de la gare"})],
        "close": [({"street": "rue de la Gare"}, {"street": "rue de la Gaer"}),
                  ({"street": "chemin des Vignes"}, {"street": "chemin des Vignerons"})],
        "near": [({"street": "avenue Jean Jaures"}, {"street": "avenue Jean Jaurez Prolongee"})],
        "else": [({"street": "rue de la Gare"}, {"street": "av. Foch"})],
        MISSING: [({"street": "12"}, {"street": "12 rue de la Gare"}),
                  ({"street": False}, {"street": "rue de la Gare"})],
    },
    "street2": {
        "exact": [({"street2": "Bâtiment B"}, {"street2": "batiment b"})],
        "close": [({"street2": "Residence les Pins"}, {"street2": "Residence les Pin"})],
        "else": [({"street2": "Batiment B"}, {"street2": "Residence les Pins"})],
        MISSING: [({"street2": "Batiment B"}, {})],
    },
    "city": {
        "exact": [({"city": "St-Étienne"}, {"city": "SAINT ETIENNE"})],
        "close": [({"city": "Marseille"}, {"city": "Marseile"})],
        "else": [({"city": "Lyon"}, {"city": "Paris"})],
        MISSING: [({"city": "Lyon"}, {"city": " "})],
    },
    "zip": {
        "exact": [({"zip": "75 008"}, {"zip": "75008"})],
        "close": [({"zip": "75008"}, {"zip": "75018"}),   # a digit changed
                  ({"zip": "75008"}, {"zip": "57008"}),   # two swapped
                  ({"zip": "75008"}, {"zip": "7508"})],   # one dropped
        "else": [({"zip": "75008"}, {"zip": "13001"})],
        MISSING: [({"zip": "75008"}, {})],
    },
    "state": {
        "exact": [({"state_id": 5}, {"state_id": 5})],
        "else": [({"state_id": 5}, {"state_id": 6})],
        MISSING: [({"state_id": 5}, {"state_id": False})],
    },
    "email": {
        "exact": [({"email": " Jean.Dupont@Example.COM"}, {"email": "jean.dupont@example.com"})],
        "else": [({"email": "jean@example.com"}, {"email": "jean.dupont@example.com"})],
        MISSING: [({"email": "jean@example.com"}, {"email": "not an address"})],
    },
    "phone": {
        "exact": [({"phone": "01 23 45 67 89"}, {"mobile": "+33 1 23 45 67 89"}),
                  ({"mobile": "06 12 34 56 78"}, {"phone": "0612345678", "mobile": "0611"})],
        "else": [({"phone": "01 23 45 67 89"}, {"phone": "01 23 45 67 88"})],
        MISSING: [({"phone": "01 23 45 67 89"}, {"phone": "n/a"})],
    },
    "vat": {
        "exact": [({"vat": "FR 40 303 265 045"}, {"vat": "40303265045"})],
        "else": [({"vat": "FR40303265045"}, {"vat": "FR83404833048"})],
        MISSING: [({"vat": "FR40303265045"}, {})],
    },
    "website": {
        "exact": [({"website": "https://www.acme.fr/contact"}, {"website": "ACME.fr"})],
        "else": [({"website": "acme.fr"}, {"website": "acme.com"})],
        MISSING: [({"website": "acme.fr"}, {"website": "acme"})],
    },
}


def record(values):
    """The MatchRecord of a partner typed with VALUES, in France."""
    return record_from_values(values, "fr")


class TestComparisonLevels(unittest.TestCase):

    def test_every_level_of_every_comparison_is_reached_by_its_pairs(self):
        for comparison in COMPARISONS:
            self.assertIn(comparison.name, CASES,
                          "comparison %s: add pairs of each of its levels to CASES"
                          % comparison.name)
            cases = CASES[comparison.name]
            for code in [level.code for level in comparison.levels] + [MISSING]:
                self.assertTrue(cases.get(code), "comparison %s: no pair of level %s in CASES"
                                % (comparison.name, code))
                for left, right in cases[code]:
                    a, b = record(left), record(right)
                    self.assertEqual(comparison.compare(a, b), code,
                                     "%s of %s / %s" % (comparison.name, left, right))
                    self.assertEqual(comparison.compare(b, a), code,
                                     "%s of %s / %s, the other way round"
                                     % (comparison.name, right, left))

    def test_cases_name_only_existing_comparisons_and_levels(self):
        levels = {comparison.name: {level.code for level in comparison.levels} | {MISSING}
                  for comparison in COMPARISONS}
        for name, cases in CASES.items():
            self.assertIn(name, levels, "CASES has a comparison that does not exist")
            self.assertLessEqual(set(cases), levels[name], name)

    def test_gamma_is_the_level_of_each_comparison_in_order(self):
        a = record(person("Jean Dupont", email="jean@example.com", city="Lyon", zip="69001"))
        b = record(person("DUPONT Jean", email="jean@example.com", city="Lyon", zip="69002"))
        vector = gamma(a, b)
        self.assertEqual(len(vector), len(COMPARISONS))
        by_name = dict(zip((c.name for c in COMPARISONS), vector))
        self.assertEqual(by_name["person_name"], "swapped")
        self.assertEqual(by_name["email"], "exact")
        self.assertEqual(by_name["city"], "exact")
        self.assertEqual(by_name["zip"], "close")
        self.assertIsNone(by_name["company_name"], "persons have no company name")
        self.assertIsNone(by_name["vat"])


class TestDefaultWeights(unittest.TestCase):
    """The defaults serve a database too small to learn from: they must be
    probability distributions, and agreeing must count for, differing against."""

    def test_m_and_u_of_each_comparison_are_distributions(self):
        for comparison in COMPARISONS:
            for side in ("m", "u"):
                values = [getattr(level, side) for level in comparison.levels]
                self.assertTrue(all(0 < value < 1 for value in values), comparison.name)
                self.assertAlmostEqual(sum(values), 1.0, places=3,
                                       msg="%s of %s" % (side, comparison.name))

    def test_the_same_value_counts_for_and_a_different_one_against(self):
        for comparison in COMPARISONS:
            weights = {level.code: bits(level.m, level.u) for level in comparison.levels}
            self.assertGreater(weights["exact"], 0, comparison.name)
            self.assertLess(weights["else"], 0, comparison.name)
            self.assertIn(max(weights, key=weights.get), ("exact", "swapped"),
                          "%s: no level may count more than the same value" % comparison.name)
