"""The scorer of candidate pairs, in the server and in its own process,
without a database."""
import unittest

from ..matching import DEFAULT_RULES, DEFAULT_THRESHOLD
from ..matching.scoring_process import ScoringProcess, ScoringProcessError


def partner(partner_id, name, email=None, phone=None, vat=None, city=None):
    """The columns of one partner in a row of candidate pair (see PARTNER_COLUMNS)."""
    return (partner_id, True, None, partner_id, name, email, phone, None, vat, None, None, city,
            1)


ROWS = [
    (1,) + partner(1, "acme", "contact@acme.fr", "+33123456789") +
    partner(2, "acme", "contact@acme.fr", "+33123456789") + (1.0,),
    (2,) + partner(2, "acme", "contact@acme.fr", "+33123456789") +
    partner(3, "acme industries", "contact@acme.fr", None, None, "Lyon") + (0.6,),
    (4,) + partner(4, "zenith", vat="FR40303265045") + partner(5, "zenith sa",
                                                              vat="FR40303265045") + (0.7,),
    (6,) + partner(6, "martin", "a@martin.fr") + partner(7, "durand", "b@durand.fr") + (0.0,),
]


class TestScoringProcess(unittest.TestCase):

    def score_in_a_child(self, batches):
        scorer = ScoringProcess(DEFAULT_RULES, DEFAULT_THRESHOLD)
        try:
            for rows in batches:
                scorer.add(rows)
            return scorer.groups(), scorer.pair_count
        finally:
            scorer.close()

    def test_the_child_finds_the_groups_the_server_would(self):
        from ..matching.pair_scorer import PairScorer
        here = PairScorer(DEFAULT_RULES, DEFAULT_THRESHOLD)
        here.add(ROWS)
        groups, count = self.score_in_a_child([ROWS[:1], ROWS[1:3], ROWS[3:]])
        self.assertEqual(groups, here.groups())
        self.assertEqual(count, 4)
        self.assertEqual([group["partner_ids"] for group in groups], [[4, 5], [1, 2, 3]])
        self.assertIn("vat", groups[0]["reasons"])

    def test_a_failing_child_is_reported_with_its_error(self):
        with self.assertRaises(ScoringProcessError) as raised:
            self.score_in_a_child([ROWS, [(9, "not a pair")]])
        self.assertIn("ValueError", str(raised.exception))
