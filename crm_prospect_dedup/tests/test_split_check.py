import time
from unittest.mock import patch

import psycopg2

from ..models import duplicate_finder
from ..models.duplicate_finder import DuplicateFinder
from ..models.planner_settings import planner_settings
from ..models.second_backend import copy_rows
from .common import DedupCase

PAIRS = 24  # companies typed twice: enough pairs for both halves of a split check
TRADES = ("Menuiserie", "Boulangerie", "Plomberie", "Imprimerie", "Quincaillerie", "Serrurerie")
FAMILIES = ("Lefebvre", "Garnier", "Rousseau", "Fontaine")
PLACES = (("69003", "Lyon"), ("13001", "Marseille"), ("33000", "Bordeaux"), ("59000", "Lille"))


class TestSplitCheck(DedupCase):
    """A background check of many partners finds and filters half of its
    candidate pairs in a second database backend (SPLIT_PARTNERS, lowered
    here): the same groups as in one backend, from data the second backend
    could not read itself (this test's transaction is never committed)."""

    @classmethod
    def setUpClass(cls):
        super(TestSplitCheck, cls).setUpClass()
        create = cls.env["res.partner"].with_context(
            default_is_prospect=True, default_is_company=True).create
        cls.pairs = []
        for number in range(PAIRS):
            trade, family = TRADES[number % 6], FAMILIES[number // 6]
            zip_code, city = PLACES[number % 4]
            values = {"name": "%s %s" % (trade, family), "city": city, "zip": zip_code,
                      "email": "%s@%s.fr" % (family.lower(), trade.lower()),
                      "street": "%d rue Garibaldi" % (number + 1), "country_id": cls.france.id}
            first = create(values)
            second = create(dict(values, name="%s %s SARL" % (family.upper(), trade.upper())))
            cls.pairs.append(first | second)
        cls.domain = [("id", "in", sum(cls.pairs, cls.env["res.partner"]).ids)]

    def find(self, **options):
        """The groups, candidate count and pairs of each pass of a check."""
        finder = DuplicateFinder(self.env, self.domain, **options)
        groups = finder.run()
        return groups, finder.candidate_count, [(name, pairs) for name, pairs, _s in finder.passes]

    def split_find(self):
        """find() of a background check split over two backends; what each
        backend's passes and filter returned ((method, in the check's own
        backend, result) tuples), and the tables copied from one to the other."""
        returned = []

        def spy(name):
            original = getattr(DuplicateFinder, name)

            def method(finder, cr, *args):
                result = original(finder, cr, *args)
                returned.append((name, cr is finder.cr, result))
                return result
            return method
        with patch.object(duplicate_finder, "SPLIT_PARTNERS", 0), \
                patch.object(duplicate_finder, "copy_rows", wraps=copy_rows) as copies, \
                patch.object(DuplicateFinder, "_run_passes", spy("_run_passes")), \
                patch.object(DuplicateFinder, "_filter_candidates", spy("_filter_candidates")):
            found = self.find(isolated=True)
        return found, returned, [call[0][2] for call in copies.call_args_list]

    def test_a_split_check_finds_the_same_groups_and_pairs_as_one_backend(self):
        one_backend = self.find()
        self.assertEqual(len(one_backend[0]), PAIRS)
        split, returned, copied = self.split_find()
        self.assertEqual(split, one_backend)
        self.assertEqual(copied, ["dedup_partner", "dedup_pair_other", "dedup_pair_other",
                                  "dedup_candidate", "dedup_candidate", "dedup_name_count",
                                  "dedup_city_count"])
        # each backend ran passes, and kept candidates of its half
        passes = [(own, [name for name, _p, _s in ran]) for step, own, ran in returned
                  if step == "_run_passes"]
        self.assertEqual(sorted(own for own, names in passes if names), [False, True], passes)
        self.assertEqual(sorted(sum((names for _own, names in passes), [])),
                         sorted(duplicate_finder.PASS_NAMES), "each pass in one backend")
        kept = [(own, count) for step, own, count in returned if step == "_filter_candidates"]
        self.assertEqual(sorted(own for own, count in kept if count > 0), [False, True], kept)
        self.assertEqual(sum(count for _own, count in kept), split[1])

    def test_the_records_sent_while_learning_are_scored_with_the_weights_learned(self):
        """The second backend reads the partners of the pairs for the
        scorers while the weights are learned: the scores are those of the
        weights learned, as in one backend."""
        senders = []
        original = DuplicateFinder._send_records

        def send(finder, cr, scorer):
            senders.append(cr is finder.cr)
            return original(finder, cr, scorer)
        stored = self.find()[0]
        # (each check learns from the shipped weights: none is stored)
        with patch.object(duplicate_finder, "MIN_TRAIN_PARTNERS", 2), \
                patch.object(duplicate_finder, "MIN_TRAIN_PAIRS", 2), \
                patch.object(DuplicateFinder, "_store_model", lambda finder: None):
            one_backend = self.find()
            with patch.object(DuplicateFinder, "_send_records", send):
                split = self.split_find()[0]
        self.assertEqual(split, one_backend)
        self.assertEqual(senders, [False], "the records are read in the second backend")
        self.assertNotEqual(stored, one_backend[0],
                            "the stored weights weigh the reasons alike: the test would not tell")

    def test_an_error_while_learning_stops_the_records_and_fails_the_check(self):
        def failing(finder):
            raise psycopg2.DataError("learning failed")
        with patch.object(duplicate_finder, "SPLIT_PARTNERS", 0), \
                patch.object(DuplicateFinder, "_train", failing):
            with self.assertRaisesRegex(psycopg2.DataError, "learning failed"):
                self.find(isolated=True)
        self.assertEqual(len(self.find()[0]), PAIRS)

    def test_a_pair_dismissed_in_this_transaction_stays_out_of_both_backends(self):
        dismissed = self.pairs[:PAIRS // 2]
        for pair in dismissed:
            self.env["crm.prospect.dedup.dismissal"].create(
                {"partner_a_id": pair[1].id, "partner_b_id": pair[0].id})
        (groups, _count, _passes), _returned, _copied = self.split_find()
        self.assertEqual(sorted(sorted(group["partner_ids"]) for group in groups),
                         sorted(sorted(pair.ids) for pair in self.pairs[PAIRS // 2:]))

    def test_an_error_in_either_backend_fails_the_check_with_its_message(self):
        original = DuplicateFinder._filter_candidates
        for own in (False, True):
            def failing(finder, cr, *args):
                if (cr is finder.cr) == own:
                    raise psycopg2.DataError("filter failed in backend %s" % own)
                return original(finder, cr, *args)
            with patch.object(duplicate_finder, "SPLIT_PARTNERS", 0), \
                    patch.object(DuplicateFinder, "_filter_candidates", failing):
                with self.assertRaisesRegex(psycopg2.DataError,
                                            "filter failed in backend %s" % own):
                    self.find(isolated=True)
        # the check's transaction is still usable, and a next check finds the groups
        self.assertEqual(len(self.find()[0]), PAIRS)

    def test_a_pass_failing_stops_the_passes_of_both_backends(self):
        """The longest pass, shared out first, fails: the other backend
        finishes the pass it runs and takes no other one."""
        original = DuplicateFinder._pass_statements

        def statements(finder):
            return [(name, "SELECT no_such_column FROM dedup_partner", ())
                    if name == "name_rotated" else (name, query, params)
                    for name, query, params in original(finder)]
        ran = []
        original_run = DuplicateFinder._run_pass

        def run(cr, name, query, params):
            result = original_run(cr, name, query, params)
            ran.append(name)
            # (the failing backend's error reaches Python while this one
            # runs: not a race that passes of a few milliseconds could win)
            time.sleep(0.2)
            return result
        with patch.object(duplicate_finder, "SPLIT_PARTNERS", 0), \
                patch.object(DuplicateFinder, "_pass_statements", statements), \
                patch.object(DuplicateFinder, "_run_pass", staticmethod(run)):
            with self.assertRaisesRegex(psycopg2.ProgrammingError, "no_such_column"):
                with self.cr.savepoint():
                    self.find(isolated=True)
        self.assertLessEqual(len(ran), 2, "passes run after the failure: %s" % ran)

    def test_a_check_of_fewer_partners_stays_in_one_backend(self):
        with patch.object(duplicate_finder, "copy_rows") as copies:
            self.assertEqual(len(self.find(isolated=True)[0]), PAIRS)
        copies.assert_not_called()

    def test_many_pairs_are_filtered_sorted_into_the_same_groups(self):
        """Past SORTED_FILTER_PAIRS pairs the filter sorts them and joins
        them to their partners without looking each up in the index (the
        planner, which cannot count them, probed the index for each): the
        same groups."""
        def settings():
            with patch.object(duplicate_finder, "planner_settings",
                              wraps=planner_settings) as wrapped:
                found = self.find()
            return found, [call[0][1] for call in wrapped.call_args_list]
        probed, probed_settings = settings()
        with patch.object(duplicate_finder, "SORTED_FILTER_PAIRS", 0):
            merged, merged_settings = settings()
        self.assertEqual(merged, probed)
        self.assertEqual((probed_settings, merged_settings),
                         ([[]], [[("enable_nestloop", "off"), ("enable_hashagg", "off")]]))
