"""What the duplicate check compares, as data: one comparison per field, each
a list of levels from the strongest agreement down to "different".

A comparison reads two MatchRecords and returns the code of the first level
the pair reaches, or None when a value is missing on either side (a missing
value says nothing). Each level has default m and u probabilities: m, how
often a true duplicate reaches it; u, how often two unrelated partners do.
The check learns both from the database itself (see `training`); the
defaults serve a database too small to learn from.

String closeness is Jaro-Winkler (rapidfuzz) for single words and
addresses, the normalised Indel (edit) similarity for company names, and the
Damerau-Levenshtein distance for postal codes.
"""
from collections import namedtuple

from rapidfuzz.distance import DamerauLevenshtein, Indel, JaroWinkler

# The normalised values of a partner that the comparisons read. `phones` is
# a frozenset or a tuple (phone and mobile); `name_freq` and `city_freq` are the shares
# of partners bearing the same name and city (term frequencies).
MatchRecord = namedtuple(
    "MatchRecord",
    "id is_company parent_id commercial_id name given surname street_number street street2 "
    "city zip state email phones vat website name_freq city_freq")
MatchRecord.__new__.__defaults__ = (None, None)

# (the comparisons read a record's fields by position: they run for each of
# millions of pairs)
_FIELD_INDEX = {field: position for position, field in enumerate(MatchRecord._fields)}

Level = namedtuple("Level", "code m u")
Comparison = namedtuple("Comparison", "name levels compare tf_field")

CLOSE = 0.92  # Jaro-Winkler at or above: a typo or two
NEAR = 0.80   # Jaro-Winkler at or above: recognisably the same word
COMPANY_CLOSE = 0.90  # edit similarity of two company names with a typo or two


def _jw(left, right, cutoff=0.0):
    """Jaro-Winkler similarity; 0 when below `cutoff` (computed faster)."""
    return JaroWinkler.similarity(left, right, score_cutoff=cutoff)


def _same_or_close(left, right, bar=CLOSE):
    return bool(left) and bool(right) and (left == right or _jw(left, right, bar) >= bar)


def compare_person_name(a, b):
    """Given names and surnames, straight or swapped; a space typed inside a
    name ("Ako T") does not change it."""
    if a.is_company or b.is_company or not a.surname or not b.surname:
        return None
    if a.surname == b.surname and a.given == b.given:  # the most frequent, without copies
        return "exact"
    full_a = ((a.given or "") + a.surname).replace(" ", "")
    full_b = ((b.given or "") + b.surname).replace(" ", "")
    if full_a == full_b:
        return "exact"
    if not a.given or not b.given:  # one word on a side: a surname, or a given name
        if _same_or_close(a.surname, b.surname):
            return "surname"
        if _same_or_close(a.surname, b.given) or _same_or_close(a.given, b.surname):
            return "given"
        return "else"
    if (a.given + a.surname).replace(" ", "") == (b.surname + b.given).replace(" ", ""):
        return "swapped"
    given = _jw(a.given, b.given, NEAR)
    surname = _jw(a.surname, b.surname, NEAR)
    both = min(given, surname)
    if both < CLOSE:
        both = max(both, min(_jw(a.given, b.surname, NEAR), _jw(a.surname, b.given, NEAR)))
    if both >= CLOSE:
        return "close"
    if both >= NEAR or _jw(full_a, full_b, CLOSE) >= CLOSE:
        return "near"
    if surname >= CLOSE:
        return "surname"
    if given >= CLOSE or a.given[0] == b.given[0] and (len(a.given) == 1 or len(b.given) == 1):
        return "given"
    return "else"


def compare_company_name(a, b):
    """Company names without legal forms, words in any order (the keys are
    sorted), compared by edit distance: a shared first word ("Boucherie
    Martin", "Boucherie Simon") is not enough, as Jaro-Winkler would say."""
    if not a.is_company or not b.is_company or not a.name or not b.name:
        return None
    if a.name == b.name:
        return "exact"
    if a.name.replace(" ", "") == b.name.replace(" ", ""):
        return "exact"
    similarity = Indel.normalized_similarity(a.name, b.name, score_cutoff=NEAR)
    if similarity >= COMPANY_CLOSE:
        return "close"
    if similarity >= NEAR:
        return "near"
    return "else"


def _text_levels(field, close=CLOSE, near=None, cross=None):
    """Levels of a text field: the same (spaces aside), close, near or
    different. With `cross`, a value typed in the other field (street in
    street 2) counts as well."""
    at = _FIELD_INDEX[field]
    cross_at = _FIELD_INDEX[cross] if cross else None

    def compare(a, b):
        left, right = a[at], b[at]
        if not left or not right:
            return None
        if left == right:  # the most frequent, without the pairs below
            return "exact"
        pairs = [(left, right)]
        if cross:
            pairs += [(v, w) for v, w in ((left, b[cross_at]), (a[cross_at], right)) if v and w]
        if any(v == w or v.replace(" ", "") == w.replace(" ", "") for v, w in pairs):
            return "exact"
        bar = close if near is None else near
        similarity = max(_jw(v, w, bar) for v, w in pairs)
        if similarity >= close:
            return "close"
        if near is not None and similarity >= near:
            return "near"
        return "else"
    compare.__doc__ = "%s: the same, close or different." % field
    return compare


def _exact(field):
    at = _FIELD_INDEX[field]

    def compare(a, b):
        left, right = a[at], b[at]
        if not left or not right:
            return None
        return "exact" if left == right else "else"
    compare.__doc__ = "%s: the same or different." % field
    return compare


def compare_zip(a, b):
    """Postal codes: the same, one slip (a digit changed, added, dropped or
    two swapped), or different."""
    if not a.zip or not b.zip:
        return None
    if a.zip == b.zip:
        return "exact"
    return "close" if DamerauLevenshtein.distance(a.zip, b.zip) <= 1 else "else"


def compare_phone(a, b):
    """Any of the phone and mobile numbers in common."""
    if not a.phones or not b.phones:
        return None
    # phones are a set, or a tuple in the scorer's records (compact_record_from_row)
    for phone in a.phones:
        if phone in b.phones:
            return "exact"
    return "else"


# Default m and u of each level. The m of a level is the share of true
# duplicates reaching it; u the share of unrelated pairs (a value shared by
# 1 partner in N has u near 1/N). They are replaced by learned ones.
COMPARISONS = (
    Comparison("person_name", (
        Level("exact", 0.70, 0.0002), Level("swapped", 0.02, 0.00001),
        Level("close", 0.12, 0.0002), Level("near", 0.05, 0.001),
        Level("surname", 0.05, 0.01), Level("given", 0.03, 0.02),
        Level("else", 0.03, 0.9688)), compare_person_name, "name_freq"),
    Comparison("company_name", (
        Level("exact", 0.80, 0.00005), Level("close", 0.12, 0.0002),
        Level("near", 0.05, 0.002), Level("else", 0.03, 0.99775)), compare_company_name, None),
    Comparison("street_number", (
        Level("exact", 0.90, 0.05), Level("else", 0.10, 0.95)), _exact("street_number"), None),
    Comparison("street", (
        Level("exact", 0.80, 0.002), Level("close", 0.10, 0.002), Level("near", 0.04, 0.02),
        Level("else", 0.06, 0.976)), _text_levels("street", near=NEAR, cross="street2"), None),
    Comparison("street2", (
        Level("exact", 0.80, 0.01), Level("close", 0.10, 0.01),
        Level("else", 0.10, 0.98)), _text_levels("street2", close=0.90, cross="street"), None),
    Comparison("city", (
        Level("exact", 0.85, 0.01), Level("close", 0.08, 0.005),
        Level("else", 0.07, 0.985)), _text_levels("city", close=0.90), "city_freq"),
    Comparison("zip", (
        Level("exact", 0.85, 0.003), Level("close", 0.08, 0.02),
        Level("else", 0.07, 0.977)), compare_zip, None),
    Comparison("state", (
        Level("exact", 0.95, 0.3), Level("else", 0.05, 0.7)), _exact("state"), None),
    Comparison("email", (
        Level("exact", 0.75, 0.00001), Level("else", 0.25, 0.99999)), _exact("email"), None),
    Comparison("phone", (
        Level("exact", 0.75, 0.00001), Level("else", 0.25, 0.99999)), compare_phone, None),
    Comparison("vat", (
        Level("exact", 0.95, 0.00001), Level("else", 0.05, 0.99999)), _exact("vat"), None),
    Comparison("website", (
        Level("exact", 0.75, 0.0001), Level("else", 0.25, 0.9999)), _exact("website"), None),
)
COMPARISON_NAMES = tuple(comparison.name for comparison in COMPARISONS)
BY_NAME = {comparison.name: comparison for comparison in COMPARISONS}
LEVEL_CODES = {comparison.name: tuple(level.code for level in comparison.levels)
               for comparison in COMPARISONS}


def _points_to(left, right):
    return right.id is not None and right.id != left.id and (
        left.parent_id == right.id or left.commercial_id == right.id)


def related(a, b):
    """A contact and its own company (or parent) are not duplicates."""
    return _points_to(a, b) or _points_to(b, a)


def comparable(a, b):
    """Whether a and b may be duplicates at all: two persons or two
    companies, not a contact and its own company."""
    return bool(a.is_company) == bool(b.is_company) and not related(a, b)


# What the contacts of one company share with it (its phone, address,
# website): between two contacts of the same company, no evidence.
COMPANY_FIELDS = frozenset(["street_number", "street", "street2", "city", "zip", "state",
                            "phone", "website"])


NOTHING_SKIPPED = frozenset()


def skipped(a, b):
    """The comparisons that say nothing about the pair a, b."""
    if a.parent_id and a.parent_id == b.parent_id:
        return COMPANY_FIELDS
    return NOTHING_SKIPPED


def gamma(a, b, comparisons=COMPARISONS):
    """The comparison vector of a pair: the level code of each comparison
    (None where a value is missing or says nothing)."""
    skip = skipped(a, b)
    return tuple(None if comparison.name in skip else comparison.compare(a, b)
                 for comparison in comparisons)
