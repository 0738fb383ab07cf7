"""The Fellegi-Sunter model of the duplicate check: how much each level of
each comparison counts, and the match probability of a pair.

A level's weight is log2(m / u) bits: positive when true duplicates reach it
more often than unrelated partners, negative otherwise. A pair's match weight
is the prior (log2 of the odds that two partners picked at random are the
same) plus the weights of the levels it reaches; its probability is
2^w / (1 + 2^w). A level with a term frequency (names, cities) counts by the
frequency of the value itself: sharing "Martin" counts less than sharing
"Efthimiou". A CRM manager may override any level's weight.
"""
import math
from collections import namedtuple

from .comparisons import COMPARISONS, comparable, skipped

# A share of partners below this is no surer: one partner in a hundred thousand
TF_FLOOR = 1e-5
PROBABILITY_FLOOR = 1e-6
DEFAULT_PRIOR = 0.0001

# The comparisons in the order weight_if_above() runs them: exact ones first,
# then those of short values, the names last.
COST_ORDER = ("email", "phone", "vat", "website", "street_number", "state", "zip", "city",
              "street2", "street", "company_name", "person_name")
# The comparisons of one kind of pair only (companies: True, persons:
# False); for the other kind they return None. weight_if_above leaves them
# out, so that the most the rest can add is not counted twice.
KIND_ONLY = {"company_name": True, "person_name": False}
# probability in [0, 1]; weight in bits; contributions: (comparison, level, bits)
Match = namedtuple("Match", "probability weight contributions")
NO_MATCH = Match(0.0, float("-inf"), ())


def bits(m, u):
    """log2(m / u), with both kept away from 0."""
    return math.log2(max(m, PROBABILITY_FLOOR) / max(u, PROBABILITY_FLOOR))


def probability(weight):
    """Match probability of a match weight in bits."""
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = 2.0 ** weight
    return odds / (1.0 + odds)


def default_parameters(comparisons=COMPARISONS):
    """{comparison: {level: (m, u)}} of the shipped defaults."""
    return {comparison.name: {level.code: (level.m, level.u) for level in comparison.levels}
            for comparison in comparisons}


class MatchModel(object):
    """Weights of every level, and the scoring of pairs of MatchRecords.

    :param parameters: {comparison: {level: (m, u)}}
    :param prior: probability that two partners picked at random are the same
    :param overrides: {comparison: {level: weight in bits}} set by a manager
    :param active: the names of the comparisons used (default: all)
    """

    def __init__(self, parameters=None, prior=DEFAULT_PRIOR, overrides=None, active=None,
                 comparisons=COMPARISONS):
        self.parameters = parameters or default_parameters(comparisons)
        self.prior = min(max(prior, 1e-12), 0.5)
        self.overrides = overrides or {}
        self.comparisons = tuple(c for c in comparisons
                                 if (active is None or c.name in active)
                                 and c.name in self.parameters)
        self.prior_weight = math.log2(self.prior / (1.0 - self.prior))
        self.weights = {}
        for comparison in self.comparisons:
            levels = self.parameters[comparison.name]
            overridden = self.overrides.get(comparison.name, {})
            self.weights[comparison.name] = {
                code: overridden[code] if code in overridden else bits(m, u)
                for code, (m, u) in levels.items()}

        # per comparison: its weights, and whether its exact level uses term frequencies
        self._compiled = tuple(
            (comparison, self.weights[comparison.name],
             bool(comparison.tf_field) and "exact" not in self.overrides.get(comparison.name, {}))
            for comparison in self.comparisons)
        self._bounded = self._compile_bounds()
        self._tf_weights = {}

    def _compile_bounds(self):
        """{is_company: the comparisons of such pairs, cheapest first, each
        with its name, compare function and weights (unpacked once:
        weight_if_above runs for every pair) and the most that the
        comparisons after it can still add}."""
        return {companies: self._bounds(companies) for companies in (True, False)}

    def _bounds(self, companies):
        items = sorted((item for item in self._compiled
                        if KIND_ONLY.get(item[0].name, companies) == companies),
                       key=lambda item: COST_ORDER.index(item[0].name)
                       if item[0].name in COST_ORDER else len(COST_ORDER))
        bounded, rest = [], 0.0
        for comparison, weights, term_frequency in reversed(items):
            bounded.append((comparison, comparison.name, comparison.compare, weights,
                            term_frequency, rest))
            best = max(weights.values())
            if term_frequency:
                best = max(best, bits(self.parameters[comparison.name]["exact"][0], TF_FLOOR))
            rest += max(best, 0.0)
        return tuple(reversed(bounded))

    def as_dict(self):
        """Plain values (for a child process, or to store)."""
        return {"parameters": self.parameters, "prior": self.prior,
                "overrides": self.overrides,
                "active": [comparison.name for comparison in self.comparisons]}

    @classmethod
    def from_dict(cls, values):
        return cls(values["parameters"], values["prior"], values.get("overrides"),
                   values.get("active"))

    def level_weight(self, comparison, level, a, b):
        """Bits of `level` of `comparison` for the pair (term frequency applied)."""
        weight = self.weights[comparison.name][level]
        if comparison.tf_field and level == "exact" \
                and level not in self.overrides.get(comparison.name, {}):
            share = max(getattr(a, comparison.tf_field) or 0.0,
                        getattr(b, comparison.tf_field) or 0.0)
            if share:
                weight = self._tf_weight(comparison.name, level, share)
        return weight

    def _tf_weight(self, name, level, share):
        """Bits of LEVEL of comparison NAME for a value borne by SHARE of the
        partners (kept: the shares of a check's names and cities are a few
        thousand values, met in millions of pairs)."""
        key = (name, level, share)
        weight = self._tf_weights.get(key)
        if weight is None:
            weight = self._tf_weights[key] = bits(self.parameters[name][level][0],
                                                  max(share, TF_FLOOR))
        return weight

    def _parts(self, a, b):
        """(comparison, level, bits) of each comparison that says something."""
        skip = skipped(a, b)
        for comparison, weights, term_frequency in self._compiled:
            if skip and comparison.name in skip:
                continue
            level = comparison.compare(a, b)
            if level is None:
                continue
            if term_frequency and level == "exact":
                yield comparison.name, level, self.level_weight(comparison, level, a, b)
            else:
                yield comparison.name, level, weights[level]

    def weight_if_above(self, a, b, needed, known_comparable=False):
        """The match weight of a pair when it reaches NEEDED bits, else -inf;
        the same as match_weight() for the pairs that reach it, and faster for
        the others: it stops as soon as what remains cannot make up the gap.
        KNOWN_COMPARABLE: the caller checked that the pair is comparable()."""
        if not known_comparable and not comparable(a, b):
            return float("-inf")
        skip = skipped(a, b)
        total = self.prior_weight
        for comparison, name, compare, weights, term_frequency, rest in \
                self._bounded[bool(a.is_company)]:
            if skip and name in skip:
                continue
            level = compare(a, b)
            if level is not None:
                if term_frequency and level == "exact":
                    total += self.level_weight(comparison, level, a, b)
                else:
                    total += weights[level]
            if total + rest < needed:
                return float("-inf")
        return total

    def match_weight(self, a, b):
        """The match weight of a pair in bits (-inf when they cannot match):
        explain() without the details, for the many pairs below the threshold."""
        if not comparable(a, b):
            return float("-inf")
        return self.prior_weight + sum(part[2] for part in self._parts(a, b))

    def explain(self, a, b):
        """The Match of a pair: probability, weight and each comparison's part."""
        if not comparable(a, b):
            return NO_MATCH
        parts = tuple(self._parts(a, b))
        total = self.prior_weight + sum(part[2] for part in parts)
        return Match(round(probability(total), 4), total,
                     tuple((name, level, round(weight, 2)) for name, level, weight in parts))

    def score(self, a, b):
        """Match probability of a pair."""
        return probability(self.match_weight(a, b))

    def weight_threshold(self, threshold):
        """The match weight (bits) a pair needs to reach probability `threshold`."""
        if threshold >= 1.0:
            return float("inf")
        return math.log2(threshold / (1.0 - threshold)) - 1e-9
