"""The u of the "exact" levels, learned from how often two partners share a
value: from every partner of a check, or from a sample of them in a large
check, which tells the same chance."""
from unittest.mock import patch

from ..models import duplicate_finder
from ..models.duplicate_finder import DuplicateFinder
from .common import DedupCase

CITIES = ("Lyon", "Paris", "Nantes")
PER_CITY = 100
# two partners of one city among all: 3 * 100 * 99 / (300 * 299)
SAME_CITY = len(CITIES) * PER_CITY * (PER_CITY - 1.0) / (
    len(CITIES) * PER_CITY * (len(CITIES) * PER_CITY - 1.0))


class TestExactU(DedupCase):

    @classmethod
    def setUpClass(cls):
        super(TestExactU, cls).setUpClass()
        cls.env.cr.execute("""
            INSERT INTO res_partner (name, display_name, is_company, active, city,
                                     dedup_city_key, email, dedup_email_key)
            SELECT 'Client ' || n, 'Client ' || n, TRUE, TRUE, c.city, lower(c.city),
                   'client' || n || lower(c.city) || '@example.com',
                   'client' || n || lower(c.city) || '@example.com'
              FROM generate_series(1, %s) n, unnest(%s::text[]) c(city)
            RETURNING id
        """, (PER_CITY, list(CITIES)))
        cls.ids = [row[0] for row in cls.env.cr.fetchall()]

    def exact_u(self):
        """_exact_u of a check of the partners above, and its sample's share."""
        finder = DuplicateFinder(self.env(user=self.salesperson), [("id", "in", self.ids)])
        finder._select_partners()
        try:
            return finder._exact_u(), finder._u_sample_rate()
        finally:
            finder._drop_tables()

    def test_every_partner_of_a_small_check_counts(self):
        u, rate = self.exact_u()
        self.assertEqual(rate, 1.0)
        self.assertAlmostEqual(u["city"], SAME_CITY, places=9)
        self.assertEqual(u["email"], 0.0, "no two partners share an e-mail")

    def test_a_large_check_counts_a_sample_telling_the_same_chance(self):
        with patch.object(duplicate_finder, "EXACT_U_PARTNERS", 150):
            u, rate = self.exact_u()
        self.assertEqual(rate, 0.5)
        self.assertNotAlmostEqual(u["city"], SAME_CITY, places=9, msg="a sample was counted")
        self.assertAlmostEqual(u["city"], SAME_CITY, delta=0.05)
        self.assertEqual(u["email"], 0.0)
