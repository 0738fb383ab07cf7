"""A check of a large share of the partners reads the sorted characters of
every distinct zip and the counts of every name and city in whole-table
scans (duplicate_finder.BULK_SHARE): its partners, their keys and the counts
they are scored with are those a check of a few partners computes for each."""
from unittest.mock import patch

from ..models import duplicate_finder
from ..models.duplicate_finder import DuplicateFinder
from .common import DedupCase

PARTNERS = [
    dict(name="Jean Dupont", zip="69001", city="Lyon"),
    dict(name="Jean Dupont", zip="69010", city="Lyon"),
    dict(name="Marie Curie", zip="1000 AB", city="Amsterdam"),
    dict(name="Marie Curie", zip="SW1A 1AA", city="London"),
    dict(name="Paul Girard", zip="10096", city="Lyon"),
    dict(name="Paul Girard"),
]


class TestBulkSelect(DedupCase):

    def selected(self, partners, share):
        """(bulk, the rows of dedup_partner, the counts of their names and
        cities) of a check of PARTNERS with BULK_SHARE at SHARE."""
        finder = DuplicateFinder(self.env(user=self.salesperson),
                                 [("id", "in", partners.ids)])
        with patch.object(duplicate_finder, "BULK_SHARE", share):
            finder._select_partners()
        cr = self.env.cr
        try:
            cr.execute("SELECT * FROM dedup_partner ORDER BY id")
            rows = cr.dictfetchall()
            cr.execute("""
                SELECT p.id, nc.n, cc.n FROM dedup_partner p
                  LEFT JOIN dedup_name_count nc ON nc.value = p.name
                  LEFT JOIN dedup_city_count cc ON cc.value = p.city
                 ORDER BY p.id
            """)
            return finder.bulk, rows, cr.fetchall()
        finally:
            finder._drop_tables()

    def test_a_bulk_check_selects_what_a_small_one_does(self):
        partners = self.env["res.partner"]
        for values in PARTNERS:
            partners |= self.create_prospect(**values)
        bulk, bulk_rows, bulk_counts = self.selected(partners, 0.0)
        small, rows, counts = self.selected(partners, 2.0)
        self.assertTrue(bulk)
        self.assertFalse(small)
        self.assertEqual(bulk_rows, rows)
        self.assertEqual(bulk_counts, counts)
        by_id = {row["id"]: row for row in rows}
        self.assertEqual(by_id[partners[0].id]["zip_sorted"], "00169")
        self.assertEqual(by_id[partners[3].id]["zip_sorted"], "11AAASW")
        self.assertIsNone(by_id[partners[5].id]["zip_sorted"])
        names = dict((partner_id, name) for partner_id, name, _city in counts)
        self.assertGreaterEqual(names[partners[0].id], 2, "Jean Dupont is borne twice")
