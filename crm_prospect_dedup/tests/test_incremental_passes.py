"""The incremental check's blocking passes but those of its windows
(incremental_passes), anchored on the changed partners, find exactly the
pairs of the full check's passes that have a changed partner among the
partners compared, block windows included (test_incremental_windows: the
windows, against a full check)."""
from ..models.duplicate_finder import (BLOCKING_PASSES, NAME_ORDERS, NAME_SIMILARITY,
                                       PLACE_CHECKED_PASSES, WINDOW, DuplicateFinder)
from ..models.incremental_finder import IncrementalFinder
from ..models.incremental_windows import WINDOW_PASSES
from .common import DedupCase
from .test_blocking_passes import EXAMPLES, company


class TestIncrementalPasses(DedupCase):

    @classmethod
    def setUpClass(cls):
        super(TestIncrementalPasses, cls).setUpClass()
        create = cls.env["res.partner"].sudo(cls.salesperson).with_context(
            default_is_prospect=True, default_customer=False).create
        fr = cls.env.ref("base.fr").id
        cls.changed = cls.env["res.partner"]
        for left, right in EXAMPLES.values():
            cls.changed |= create(dict(left, country_id=fr))
            create(dict(right, country_id=fr))
        # a block longer than a pass's window on each side of a changed partner
        cls.block = [create(dict(company("Acme Atelier %02d" % number, email="atelier@acme.fr",
                                    street="3 rue Haute", city="Lyon"), country_id=fr))
                 for number in range(3 * WINDOW)]
        cls.changed |= cls.block[WINDOW + 1] | cls.block[-1]

    def pairs(self, query, params):
        """The pairs of QUERY (an INSERT into dedup_pair) with a changed partner."""
        cr = self.env.cr
        cr.execute("DELETE FROM dedup_pair")
        cr.execute(query, params)
        cr.execute("SELECT a, b FROM dedup_pair WHERE a IN (SELECT id FROM dedup_domain) "
                   "OR b IN (SELECT id FROM dedup_domain)")
        return set(cr.fetchall())

    def test_the_changed_partners_pairs_are_those_of_the_full_passes(self):
        finder = IncrementalFinder(self.env(user=self.salesperson), [("id", "in", self.changed.ids)],
                                   scope="all")
        finder._select_partners()
        self.assertGreater(finder.partner_count, len(self.changed))
        found = 0
        for number, (name, key, _on) in enumerate(BLOCKING_PASSES):
            if name in WINDOW_PASSES:
                continue
            checked = name in PLACE_CHECKED_PASSES
            full = self.pairs(DuplicateFinder._key_pass_query(finder, key, checked), (number,))
            self.assertEqual(self.pairs(finder._key_pass_query(key, checked), (number,)), full,
                             "pass %s" % name)
            found += len(full)
        for offset, (name, order) in enumerate(NAME_ORDERS):
            params = (len(BLOCKING_PASSES) + offset, NAME_SIMILARITY)
            full = self.pairs(DuplicateFinder._name_pass_query(finder, order), params)
            self.assertEqual(self.pairs(finder._name_pass_query(order), params), full,
                             "pass %s" % name)
            found += len(full)
        self.assertGreater(found, len(EXAMPLES))
        # the block's window: the changed partner in the middle of it is
        # paired with the WINDOW partners before and after it, no further
        block = {partner.id for partner in self.block}
        by_email = {(a, b) for a, b in self.pairs(finder._key_pass_query("email", False), (0,))
                    if a in block}
        self.assertEqual(len(by_email), 2 * WINDOW + WINDOW)
        finder._drop_tables()
