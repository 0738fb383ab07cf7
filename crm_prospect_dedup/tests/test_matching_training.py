"""Learning m, u and the prior without labels, on synthetic samples drawn
from known probabilities with a seeded generator: the estimates must find
them again. No database."""
import random
import unittest
from collections import Counter

from ..matching import MatchModel, record_from_values, training
from ..matching.comparisons import BY_NAME, COMPARISONS

# a few comparisons and the truth the samples are drawn from
USED = tuple(BY_NAME[name] for name in ("email", "zip", "city", "street_number"))
TRUE_M = {
    "email": {"exact": 0.70, "else": 0.30},
    "zip": {"exact": 0.80, "close": 0.12, "else": 0.08},
    "city": {"exact": 0.85, "close": 0.10, "else": 0.05},
    "street_number": {"exact": 0.90, "else": 0.10},
}
TRUE_U = {
    "email": {"exact": 0.001, "else": 0.999},
    "zip": {"exact": 0.02, "close": 0.08, "else": 0.90},
    "city": {"exact": 0.05, "close": 0.05, "else": 0.90},
    "street_number": {"exact": 0.10, "else": 0.90},
}
MISSING = {"email": 0.4, "zip": 0.1, "city": 0.05, "street_number": 0.2}
TOLERANCE = 0.03


def draw(rng, distribution):
    """A level drawn from {level: probability}."""
    point, total = rng.random(), 0.0
    for level, share in sorted(distribution.items()):
        total += share
        if point < total:
            return level
    return level


def vector(rng, is_match, comparisons=USED):
    """The comparison vector of one pair, a duplicate or not."""
    levels = []
    for comparison in comparisons:
        name = comparison.name
        if name not in TRUE_M or rng.random() < MISSING[name]:
            levels.append(None)
        else:
            levels.append(draw(rng, (TRUE_M if is_match else TRUE_U)[name]))
    return tuple(levels)


def sample(seed, count, lam, comparisons=USED, keep=None):
    """Counter of the vectors of COUNT pairs, a share LAM of duplicates,
    and the number of duplicates; KEEP(vector) filters them as a blocking
    pass would (drawing again until COUNT are kept)."""
    rng = random.Random(seed)
    patterns, matches = Counter(), 0
    while sum(patterns.values()) < count:
        is_match = rng.random() < lam
        pattern = vector(rng, is_match, comparisons)
        if keep and not keep(dict(zip((c.name for c in comparisons), pattern))):
            continue
        patterns[pattern] += 1
        matches += is_match
    return patterns, matches


def start_m(comparisons=USED):
    """A poor start: every level equally likely."""
    return {c.name: {level.code: 1.0 / len(c.levels) for level in c.levels}
            for c in comparisons}


class TestExpectationMaximisation(unittest.TestCase):

    def assertCloseTo(self, found, truth, tolerance=TOLERANCE):
        for name, levels in truth.items():
            for level, value in levels.items():
                self.assertLess(abs(found[name][level] - value), tolerance,
                                "%s %s: %.4f found, %.4f true" % (
                                    name, level, found[name][level], value))

    def test_em_with_u_fixed_recovers_m_and_lambda(self):
        patterns, matches = sample(seed=7, count=20000, lam=0.25)
        m, expected, lam = training.em_pass(patterns, start_m(), TRUE_U, excluded=(),
                                            comparisons=USED)
        self.assertCloseTo(m, TRUE_M)
        self.assertLess(abs(lam - matches / 20000.0), 0.01)
        self.assertLess(abs(expected - matches), 0.03 * matches)

    def test_each_pass_learns_only_what_it_does_not_block_on(self):
        # a pass on the e-mail proposes pairs sharing it, a pass on the zip
        # pairs sharing that: each biased on its key, unbiased on the others
        by_email, _n = sample(seed=1, count=12000, lam=0.1,
                              keep=lambda levels: levels["email"] == "exact")
        by_zip, _n = sample(seed=2, count=12000, lam=0.1,
                            keep=lambda levels: levels["zip"] == "exact")
        passes = {"email": by_email, "zip": by_zip}
        excluded = {"email": ("email",), "zip": ("zip",)}
        m, expected = training.estimate_m(passes, excluded, start_m(), TRUE_U, USED)
        self.assertCloseTo(m, TRUE_M)
        self.assertEqual(set(expected), {"email", "zip"})
        # without the exclusion, the pass on the e-mail would teach that
        # every duplicate shares its e-mail
        m_email, _e, _l = training.em_pass(by_email, start_m(), TRUE_U, excluded=(),
                                           comparisons=USED)
        self.assertGreater(m_email["email"]["exact"], 0.95)

    def test_the_passes_of_identifiers_teach_m_where_unrelated_neighbours_would_not(self):
        # a pass on the zip and street number of a large database: mostly
        # unrelated neighbours, who share their city too, and a few duplicates
        rng = random.Random(41)
        neighbours, _n = sample(seed=42, count=1000, lam=1.0)
        for _pair in range(20000):
            email = None if rng.random() < MISSING["email"] else draw(rng, TRUE_U["email"])
            neighbours[(email, "exact", "exact", "exact")] += 1
        by_phone, _n = sample(seed=43, count=3000, lam=0.9)
        excluded = {"zip_number": ("zip", "street_number"), "phone": ()}
        alone, _e = training.estimate_m({"zip_number": neighbours}, excluded, start_m(),
                                        TRUE_U, USED)
        self.assertGreater(alone["email"]["else"], TRUE_M["email"]["else"] + 0.2,
                           "EM takes the neighbours for duplicates that changed e-mail")
        m, expected = training.estimate_m({"zip_number": neighbours, "phone": by_phone},
                                          excluded, start_m(), TRUE_U, USED)
        self.assertIn("phone", training.IDENTIFIER_PASSES)
        self.assertCloseTo(m, TRUE_M)
        self.assertEqual(set(expected), {"zip_number", "phone"})

    def test_a_comparison_every_pass_blocks_on_keeps_its_starting_m(self):
        passes = {"zip": sample(seed=3, count=5000, lam=0.2)[0]}
        m, _e = training.estimate_m(passes, {"zip": ("zip", "street_number")}, start_m(),
                                    TRUE_U, USED)
        self.assertEqual(m["street_number"], start_m()["street_number"])
        self.assertEqual(m["zip"], start_m()["zip"])
        self.assertNotEqual(m["city"], start_m()["city"])

    def test_a_pass_with_too_few_pairs_teaches_nothing(self):
        few, _n = sample(seed=4, count=training.MIN_PAIRS_PER_PASS - 1, lam=0.5)
        enough, _n = sample(seed=5, count=5000, lam=0.2)
        m, expected = training.estimate_m({"few": few}, {}, start_m(), TRUE_U, USED)
        self.assertEqual(m, start_m())
        self.assertEqual(expected, {})
        m, expected = training.estimate_m({"few": few, "enough": enough}, {}, start_m(),
                                          TRUE_U, USED)
        self.assertEqual(set(expected), {"enough"})
        self.assertEqual(m, training.em_pass(enough, start_m(), TRUE_U, (), USED)[0])


class TestEstimateU(unittest.TestCase):

    def counts_of_random_pairs(self, seed, count):
        rng = random.Random(seed)
        counts = {c.name: Counter() for c in USED}
        for _pair in range(count):
            for comparison, level in zip(USED, vector(rng, False)):
                if level is not None:
                    counts[comparison.name][level] += 1
        return counts

    def test_u_is_the_share_of_random_pairs_reaching_each_level(self):
        u = training.estimate_u(self.counts_of_random_pairs(11, 50000), comparisons=USED)
        for name, levels in TRUE_U.items():
            self.assertAlmostEqual(sum(u[name].values()), 1.0)
            for level, value in levels.items():
                self.assertLess(abs(u[name][level] - value), 0.005, "%s %s" % (name, level))

    def test_the_exact_level_from_value_frequencies_the_rest_shared_as_counted(self):
        counts = self.counts_of_random_pairs(12, 50000)
        plain = training.estimate_u(counts, comparisons=USED)
        u = training.estimate_u(counts, exact_u={"zip": 0.0004}, comparisons=USED)
        self.assertEqual(u["zip"]["exact"], 0.0004)
        self.assertAlmostEqual(sum(u["zip"].values()), 1.0)
        self.assertAlmostEqual(u["zip"]["close"] / u["zip"]["else"],
                               plain["zip"]["close"] / plain["zip"]["else"])
        self.assertEqual(u["city"], plain["city"])

    def test_too_few_random_pairs_keep_the_defaults(self):
        u = training.estimate_u(self.counts_of_random_pairs(13, 50), comparisons=USED)
        for comparison in USED:
            self.assertEqual(u[comparison.name],
                             {level.code: level.u for level in comparison.levels})

    def test_level_counts_of_random_pairs_of_partners(self):
        # 200 persons in 10 zips (20 each) and 4 cities (50 each): two
        # different partners picked at random share the zip 19 times in 199
        cities = ("Lyon", "Paris", "Nantes", "Lille")
        records = [record_from_values({"id": i, "name": "Person %d" % i,
                                       "zip": "690%02d" % (i % 10), "city": cities[i % 4]}, "fr")
                   for i in range(200)]
        counts = training.level_counts(records, 30000, seed=3)
        self.assertEqual(sum(counts["zip"].values()), 30000)
        self.assertEqual(sum(counts["email"].values()), 0, "no e-mail, nothing counted")
        u = training.estimate_u(counts)
        self.assertLess(abs(u["zip"]["exact"] - 19 / 199.0), 0.01)
        self.assertLess(abs(u["city"]["exact"] - 49 / 199.0), 0.01)
        self.assertEqual(u["email"], {level.code: level.u for level in BY_NAME["email"].levels})

    def test_companies_and_persons_are_not_paired(self):
        records = [record_from_values({"id": i, "name": "Acme", "is_company": i % 2}, "fr")
                   for i in range(2)]
        counts = training.level_counts(records, 100, seed=1)
        self.assertEqual(sum(sum(c.values()) for c in counts.values()), 0)


class TestPriorAndTraining(unittest.TestCase):

    def test_the_prior_is_the_share_of_duplicates_among_every_pair(self):
        # every pair of a small database, 2% of duplicates; blocking keeps
        # the pairs that share something, the others count as unrelated
        total_pairs, lam = 100000, 0.02
        rng = random.Random(21)
        candidates, half, matches = Counter(), Counter(), 0
        for _pair in range(total_pairs):
            is_match = rng.random() < lam
            pattern = vector(rng, is_match)
            if "exact" in pattern:
                candidates[pattern] += 1
                matches += is_match
                if rng.random() < 0.5:
                    half[pattern] += 1
        prior = training.estimate_prior(candidates, 1.0, total_pairs, TRUE_M, TRUE_U,
                                        comparisons=USED)
        truth = matches / float(total_pairs)
        self.assertLess(abs(prior - truth), 0.1 * truth, "%.5f found, %.5f true" % (prior, truth))
        # from a sample of half the candidate pairs, the same
        from_half = training.estimate_prior(half, 0.5, total_pairs, TRUE_M, TRUE_U,
                                            comparisons=USED)
        self.assertLess(abs(from_half - truth), 0.1 * truth)

    def test_train_learns_from_the_data_and_keeps_the_managers_choices(self):
        every = tuple(COMPARISONS)

        def widen(patterns):
            """Vectors over USED as vectors over every comparison."""
            names = [c.name for c in USED]
            wide = Counter()
            for pattern, count in patterns.items():
                levels = dict(zip(names, pattern))
                wide[tuple(levels.get(c.name) for c in every)] += count
            return wide

        candidates, _n = sample(seed=31, count=20000, lam=0.25)
        rng = random.Random(32)
        random_counts = {c.name: Counter() for c in every}
        for _pair in range(20000):
            for comparison, level in zip(USED, vector(rng, False)):
                if level is not None:
                    random_counts[comparison.name][level] += 1
        active = [c.name for c in every if c.name != "website"]
        start = MatchModel(overrides={"vat": {"exact": 12.0}}, active=active)
        model = training.train(start, random_counts, {"email": 0.0005},
                               {"zip_number": widen(candidates)}, widen(candidates),
                               {"zip_number": ()}, 1.0, 2000000)
        self.assertEqual(model.overrides, start.overrides)
        self.assertEqual([c.name for c in model.comparisons], active)
        learned_m = {name: {level: m for level, (m, _u) in levels.items()}
                     for name, levels in model.parameters.items() if name in TRUE_M}
        for name, levels in TRUE_M.items():
            for level, value in levels.items():
                self.assertLess(abs(learned_m[name][level] - value), TOLERANCE, name)
        self.assertEqual(model.parameters["email"]["exact"][1], 0.0005)
        self.assertNotEqual(model.prior, start.prior)
        for level, (m, u) in start.parameters["vat"].items():
            self.assertAlmostEqual(model.parameters["vat"][level][0], m, places=9,
                                   msg="nothing tells about the VAT number: its defaults stay")
            self.assertEqual(model.parameters["vat"][level][1], u)


class TestPassWithoutDuplicates(unittest.TestCase):
    """A blocking pass whose pairs are all unrelated teaches nothing: EM would
    call some of them duplicates and pull m towards u."""

    def test_a_pass_of_unrelated_pairs_is_not_learned_from(self):
        rng = random.Random(7)
        names = [comparison.name for comparison in COMPARISONS]
        u = training.estimate_u({})  # the defaults
        patterns = Counter()
        for _i in range(5000):
            vector = []
            for name in names:
                codes, weights = zip(*u[name].items())
                vector.append(rng.choices(codes, weights)[0])
            patterns[tuple(vector)] += 1
        start_m = {name: {code: m for code, (m, _u) in levels.items()}
                   for name, levels in MatchModel().parameters.items()}
        learned, expected = training.estimate_m({"noise": patterns}, {}, start_m, u)
        self.assertIn("noise", expected)
        self.assertEqual(learned, start_m)
