"""Learning the model's m and u probabilities from the database, without labels.

As Splink does it:

1. u, how often unrelated partners reach each level: from pairs of partners
   picked at random (almost all unrelated), and for the "exact" levels from
   the frequencies of the values themselves (`exact_u`), which random pairs
   of a large database would almost never show.
2. m, how often true duplicates reach each level: expectation-maximisation
   over the candidate pairs of each blocking pass, u held fixed. A pass's
   pairs agree on the fields it blocks on, so those comparisons are left out
   of its estimation (`excluded`) and learned from the other passes.
3. the prior, the probability that two partners picked at random are the
   same: the expected number of duplicates among the candidate pairs,
   over the number of pairs of partners.
"""
import random
from collections import Counter

from .comparisons import COMPARISONS, comparable
from .model import PROBABILITY_FLOOR, MatchModel

EM_ITERATIONS = 25
EM_TOLERANCE = 1e-5
MIN_PAIRS_PER_PASS = 50    # a pass with fewer pairs teaches nothing reliable
MIN_MATCHES = 20.0         # expected duplicates below which a pass is not used
# A pass whose learned m differ this little from u (total variation,
# averaged over its comparisons) found no duplicates to learn from: EM then
# calls a slice of unrelated pairs duplicates, and is not used.
MIN_SEPARATION = 0.2
SMOOTHING = 0.5            # added to each count of random pairs (Laplace)
# The passes of the values one partner bears: nearly all their pairs are
# duplicates. Where they tell, m is learned from them alone: in a large
# database the other passes are mostly unrelated partners alike by chance
# (namesakes of the same city), which EM takes for duplicates.
IDENTIFIER_PASSES = ("email", "phone", "mobile", "vat", "website")


def level_counts(records, pair_count, seed=0, comparisons=COMPARISONS):
    """{comparison: Counter(level)} over `pair_count` random pairs of
    comparable `records` (missing values not counted)."""
    rng = random.Random(seed)
    counts = {comparison.name: Counter() for comparison in comparisons}
    size = len(records)
    if size < 2:
        return counts
    tries = 0
    drawn = 0
    while drawn < pair_count and tries < pair_count * 4:
        tries += 1
        a, b = records[rng.randrange(size)], records[rng.randrange(size)]
        if a is b or not comparable(a, b):
            continue
        drawn += 1
        for comparison in comparisons:
            level = comparison.compare(a, b)
            if level is not None:
                counts[comparison.name][level] += 1
    return counts


def estimate_u(counts, exact_u=None, comparisons=COMPARISONS):
    """{comparison: {level: u}} from the level counts of random pairs; the
    "exact" level from `exact_u` ({comparison: u}) when given, the other
    levels sharing the rest in the proportions of the counts."""
    exact_u = exact_u or {}
    u = {}
    for comparison in comparisons:
        codes = [level.code for level in comparison.levels]
        seen = counts.get(comparison.name, Counter())
        total = float(sum(seen.values()))
        if total < 100:  # too few pairs with both values: keep the defaults
            u[comparison.name] = {level.code: level.u for level in comparison.levels}
            continue
        smoothed = {code: (seen[code] + SMOOTHING) / (total + SMOOTHING * len(codes))
                    for code in codes}
        if comparison.name in exact_u and "exact" in smoothed:
            exact = min(max(exact_u[comparison.name], PROBABILITY_FLOOR), 0.5)
            rest = sum(value for code, value in smoothed.items() if code != "exact")
            smoothed = {code: exact if code == "exact" else value * (1.0 - exact) / rest
                        for code, value in smoothed.items()}
        u[comparison.name] = smoothed
    return u


def _bayes_factor(pattern, names, m, u, used):
    factor = 1.0
    for index, level in enumerate(pattern):
        if level is None or index not in used:
            continue
        name = names[index]
        factor *= max(m[name][level], PROBABILITY_FLOOR) / max(u[name][level], PROBABILITY_FLOOR)
    return factor


def em_pass(patterns, m, u, excluded, comparisons=COMPARISONS, start_lambda=0.3):
    """EM over the comparison vectors of one blocking pass, u fixed.

    :param patterns: Counter {comparison vector (level codes): pairs}
    :param m: starting {comparison: {level: m}}
    :param excluded: names of the comparisons the pass blocks on
    :return: (m of the comparisons not excluded, expected duplicates, lambda)
    """
    names = [comparison.name for comparison in comparisons]
    used = {i for i, name in enumerate(names) if name not in excluded}
    m = {name: dict(levels) for name, levels in m.items()}
    lam = start_lambda
    expected = 0.0
    for _iteration in range(EM_ITERATIONS):
        sums = {names[i]: Counter() for i in used}
        expected = 0.0
        total = 0
        for pattern, count in patterns.items():
            factor = _bayes_factor(pattern, names, m, u, used)
            posterior = lam * factor / (lam * factor + 1.0 - lam)
            expected += count * posterior
            total += count
            for i in used:
                if pattern[i] is not None:
                    sums[names[i]][pattern[i]] += count * posterior
        new_lambda = expected / total if total else lam
        change = abs(new_lambda - lam)
        lam = min(max(new_lambda, 1e-6), 1 - 1e-6)
        for i in used:
            name = names[i]
            weight = sum(sums[name].values())
            if weight <= 0:
                continue
            codes = list(m[name])
            new = {code: (sums[name][code] + 1e-3) / (weight + 1e-3 * len(codes))
                   for code in codes}
            change = max(change, max(abs(new[c] - m[name][c]) for c in codes))
            m[name] = new
        if change < EM_TOLERANCE:
            break
    return {names[i]: m[names[i]] for i in used}, expected, lam


def separation(m, u):
    """How far the m of each comparison are from its u (total variation
    distance), on average over the comparisons of `m`."""
    distances = [0.5 * sum(abs(levels[code] - u[name].get(code, 0.0)) for code in levels)
                 for name, levels in m.items() if name in u]
    return sum(distances) / len(distances) if distances else 0.0


def estimate_m(patterns_by_pass, excluded_by_pass, start_m, u, comparisons=COMPARISONS):
    """m of every comparison: the estimates of the passes that do not block
    on it, weighted by the duplicates each expects (those of the
    IDENTIFIER_PASSES alone where they tell); the starting m where no pass
    tells. Returns ({comparison: {level: m}}, {pass: expected duplicates})."""
    # by (comparison, from identifier passes): sums of m x expected, and of expected
    totals, weights, expected_by_pass = {}, Counter(), {}
    for name, patterns in patterns_by_pass.items():
        if sum(patterns.values()) < MIN_PAIRS_PER_PASS:
            continue
        m, expected, _lam = em_pass(patterns, start_m, u, excluded_by_pass.get(name, ()),
                                    comparisons)
        expected_by_pass[name] = expected
        if expected < MIN_MATCHES or separation(m, u) < MIN_SEPARATION:
            continue
        for comparison, levels in m.items():
            key = (comparison, name in IDENTIFIER_PASSES)
            target = totals.setdefault(key, Counter())
            for code, value in levels.items():
                target[code] += expected * value
            weights[key] += expected
    result = {}
    for comparison in comparisons:
        name = comparison.name
        key = (name, bool(weights[(name, True)]))
        if weights[key]:
            result[name] = {code: totals[key][code] / weights[key] for code in start_m[name]}
        else:
            result[name] = dict(start_m[name])
    return result, expected_by_pass


def estimate_prior(pattern_counts, sample_rate, total_pairs, m, u, start=1e-4,
                   comparisons=COMPARISONS):
    """Probability that two partners picked at random are the same: EM on the
    share of duplicates among every pair, the pairs no pass proposed counting
    as unrelated. `pattern_counts` are the vectors of a sample (a share
    `sample_rate`) of the distinct candidate pairs."""
    if not total_pairs or not pattern_counts:
        return start
    names = [comparison.name for comparison in comparisons]
    used = set(range(len(names)))
    factors = [(count, _bayes_factor(pattern, names, m, u, used))
               for pattern, count in pattern_counts.items()]
    prior = start
    for _iteration in range(50):
        expected = sum(count * prior * f / (prior * f + 1.0 - prior) for count, f in factors)
        new = min(max(expected / sample_rate / total_pairs, 1e-12), 0.5)
        if abs(new - prior) <= prior * 1e-4:
            prior = new
            break
        prior = new
    return prior


def train(start_model, random_counts, exact_u, patterns_by_pass, distinct_patterns,
          excluded_by_pass, sample_rate, total_pairs):
    """A new MatchModel learned from the data (the manager's overrides and
    the active comparisons of `start_model` kept).

    :param random_counts: level counts of random pairs (level_counts)
    :param exact_u: {comparison: u of its exact level} from value frequencies
    :param patterns_by_pass: {pass: Counter of comparison vectors} of a
        sample of each pass's candidate pairs
    :param distinct_patterns: Counter of the comparison vectors of the
        sampled pairs, each pair once (whichever passes found it)
    :param sample_rate: the share of the candidate pairs in the sample
    :param total_pairs: how many pairs of comparable partners there are
    """
    u = estimate_u(random_counts, exact_u)
    start_m = {name: {code: m for code, (m, _u) in levels.items()}
               for name, levels in start_model.parameters.items()}
    m, _expected = estimate_m(patterns_by_pass, excluded_by_pass, start_m, u)
    prior = estimate_prior(distinct_patterns, sample_rate, total_pairs, m, u, start_model.prior)
    parameters = {name: {code: (m[name][code], u[name][code]) for code in m[name]}
                  for name in m}
    return MatchModel(parameters, prior, start_model.overrides,
                      [comparison.name for comparison in start_model.comparisons])
