"""Frequent values count less: the same person's name is weaker evidence when
many partners bear it. A company's name is not discounted: identical company
names borne by many records still group the ones that are the same."""
import math

from .common import DedupCase

NAMESAKES = 8   # other partners bearing the frequent names
OTHERS = 40     # partners with names of their own


class TestTermFrequency(DedupCase):

    @classmethod
    def setUpClass(cls):
        super(TestTermFrequency, cls).setUpClass()
        create = cls.env["res.partner"].sudo(cls.salesperson).with_context(
            default_is_prospect=True).create

        def pair(name, is_company, zip_code, city):
            return [create({"name": name, "is_company": is_company, "zip": zip_code,
                            "city": city}) for _copy in range(2)]

        # pairs with the same evidence (name, zip, city), in places of their own
        cls.frequent_person = pair("Jean Martin", False, "69001", "Lyon")
        cls.rare_person = pair("Zéphyrin Efthimiou", False, "13001", "Marseille")
        cls.frequent_company = pair("Boulangerie du Centre", True, "33000", "Bordeaux")
        cls.rare_company = pair("Fromagerie Efthimiou", True, "44000", "Nantes")
        cls.namesakes = []
        for number in range(NAMESAKES):
            cls.namesakes.append(create({"name": "Jean Martin", "is_company": False}))
            cls.namesakes.append(create({"name": "Boulangerie du Centre", "is_company": True,
                                         "city": "Ville %d" % number}))
        for number in range(OTHERS):
            create({"name": "Client %d" % number, "is_company": True})

    def group_of(self, partners, threshold=0.0001):
        """find_duplicate_groups over the pair PARTNERS, as the salesperson."""
        groups = self.Partner.sudo(self.salesperson).find_duplicate_groups(
            [("id", "in", [partner.id for partner in partners])], threshold=threshold)
        return groups[0] if groups else None

    def name_weight(self, group, field):
        [weight] = [e["weight"] for e in group["explanation"]
                    if (e["field"], e["level"]) == (field, "exact")]
        return weight

    def test_a_frequent_person_name_counts_less(self):
        frequent, rare = self.group_of(self.frequent_person), self.group_of(self.rare_person)
        bearers = len(self.frequent_person) + NAMESAKES
        self.assertAlmostEqual(
            self.name_weight(rare, "person_name") - self.name_weight(frequent, "person_name"),
            math.log2(bearers / 2.0), places=1,
            msg="weaker by the log of how many more partners bear it")
        self.assertLess(frequent["score"], rare["score"],
                        "the same evidence but the name is less sure")

    def test_a_frequent_company_name_still_groups_identical_companies(self):
        frequent = self.group_of(self.frequent_company, threshold=None)
        self.assertIsNotNone(frequent, "grouped at the default threshold")
        self.assertEqual(frequent["partner_ids"], sorted(p.id for p in self.frequent_company))
        rare = self.group_of(self.rare_company, threshold=None)
        self.assertEqual(self.name_weight(frequent, "company_name"),
                         self.name_weight(rare, "company_name"))
        level = self.env.ref("crm_prospect_dedup.rule_company_name").level_ids.filtered(
            lambda l: l.code == "exact")
        self.assertAlmostEqual(self.name_weight(frequent, "company_name"), level.weight,
                               places=2)
        self.assertEqual(frequent["score"], rare["score"])

    def test_namesakes_with_nothing_else_in_common_are_not_grouped(self):
        everyone = self.frequent_company + self.namesakes
        groups = self.Partner.sudo(self.salesperson).find_duplicate_groups(
            [("id", "in", [partner.id for partner in everyone])])
        self.assertEqual([g["partner_ids"] for g in groups],
                         [sorted(p.id for p in self.frequent_company)])
