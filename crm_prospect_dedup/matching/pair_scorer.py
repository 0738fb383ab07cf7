"""Scoring of the candidate pairs streamed by the duplicate check, and their
grouping: plain Python, run in the server or in a process of its own
(scoring_process)."""
from .grouping import group_pairs
from .normalize import normalize_city
from .scoring import PartnerKeys, Rule, compare

# A row of candidate pair: rank, then each partner's 12 columns and the count
# of partners bearing its name, then the similarity of the two names.
PARTNER_COLUMNS = ("id", "is_company", "parent_id", "commercial_id", "name", "email", "phone",
                   "mobile", "vat", "website", "address", "city")
_WIDTH = len(PARTNER_COLUMNS) + 1


class PairScorer(object):
    """Scores rows of candidate pairs with `rules` and keeps the pairs at or
    above `threshold`; `groups()` then links them into groups."""

    def __init__(self, rules, threshold):
        self.rules = [Rule(*rule) for rule in rules]
        self.threshold = threshold
        self.pair_count = 0
        self._accepted, self._keys, self._cities = [], {}, {}

    def add(self, rows):
        rules, threshold = self.rules, self.threshold
        for row in rows:
            a = self._partner(row[1:1 + _WIDTH])
            b = self._partner(row[1 + _WIDTH:1 + 2 * _WIDTH])
            match = compare(a, b, rules, name_similarity=row[1 + 2 * _WIDTH])
            if match.score >= threshold:
                self._accepted.append((a.id, b.id, match.score, match.reasons))
                self._keys[a.id], self._keys[b.id] = a, b
        self.pair_count += len(rows)

    def groups(self):
        """Groups as matching.group_pairs returns them."""
        keys, rules, threshold = self._keys, self.rules, self.threshold

        def cannot_link(x, y):
            """Two partners contradict each other (different e-mails, VAT
            numbers...) and are not close enough to be duplicates anyway."""
            match = compare(keys[x], keys[y], rules)
            return match.score < threshold and bool(match.conflicts)

        return group_pairs(self._accepted, cannot_link)

    def close(self):
        pass

    def _partner(self, row):
        """PartnerKeys of a partner's columns (city normalised, with a cache)."""
        (partner_id, is_company, parent_id, commercial_id, name, email, phone, mobile, vat,
         website, address, city, name_count) = row
        cities = self._cities
        if city not in cities:
            cities[city] = normalize_city(city)
        return PartnerKeys(
            id=partner_id, is_company=is_company, parent_id=parent_id,
            commercial_id=commercial_id, name=name, email=email,
            phones=frozenset(p for p in (phone, mobile) if p), vat=vat, website=website,
            address=address, city=cities[city], name_count=name_count)
