"""Score of a pair of partners: how likely they are the same, and why.

Each rule compares one field of the two partners:

* the same value adds evidence: `weight` (for the name, the weight scaled by
  how similar the names are);
* two different values (both filled in) are evidence against: the score is
  multiplied by (1 - `penalty`). Different VAT numbers almost rule a pair
  out; different e-mails hardly do (people have several);
* a value missing on either side says nothing.

score = (1 - product of (1 - evidence)) * product of (1 - penalty), in [0, 1].
"""
import math
from collections import namedtuple

from .normalize import (address_key, normalize_city, normalize_email, normalize_name,
                        normalize_phone, normalize_vat, normalize_website)
from .similarity import trigram_similarity

Rule = namedtuple("Rule", "field weight penalty")

# Names at least this similar count as the same name for the "same name"
# reason; below NAME_LOW they are different names (evidence against).
NAME_SAME = 0.999
NAME_LOW = 0.4

FIELDS = ("vat", "email", "phone", "website", "name", "address", "city")

DEFAULT_RULES = (
    Rule("vat", 0.95, 0.9),
    Rule("email", 0.9, 0.15),
    Rule("phone", 0.8, 0.1),
    Rule("website", 0.7, 0.3),
    Rule("name", 0.8, 0.6),
    Rule("address", 0.7, 0.0),
    Rule("city", 0.2, 0.1),
)
DEFAULT_THRESHOLD = 0.75

# The keys of one partner: what the rules compare. `phones` is the set of
# its phone and mobile keys; `parent_id`/`commercial_id` keep a contact from
# being matched with its own company.
PartnerKeys = namedtuple(
    "PartnerKeys",
    "id is_company parent_id commercial_id name email phones vat website address city name_count")
PartnerKeys.__new__.__defaults__ = (1,)  # name_count: partners bearing the name key
Match = namedtuple("Match", "score reasons conflicts")


def partner_keys(values, country_code=None):
    """The keys of a partner given as a dict of raw field values (name, email,
    phone, mobile, vat, website, street, city, is_company, id, parent_id)."""
    phones = {normalize_phone(values.get(f), country_code) for f in ("phone", "mobile")}
    partner_id = values.get("id") or None
    return PartnerKeys(
        id=partner_id,
        is_company=bool(values.get("is_company")),
        parent_id=values.get("parent_id") or None,
        commercial_id=values.get("commercial_id") or partner_id,
        name=normalize_name(values.get("name")),
        email=normalize_email(values.get("email")),
        phones=frozenset(p for p in phones if p),
        vat=normalize_vat(values.get("vat"), country_code),
        website=normalize_website(values.get("website")),
        address=address_key(values.get("street"), values.get("city")),
        city=normalize_city(values.get("city")),
    )


def _related(a, b):
    """A contact and its own company (or parent) are not duplicates."""
    def points_to(left, right):
        return right.id is not None and right.id != left.id and (
            left.parent_id == right.id or left.commercial_id == right.id)
    return points_to(a, b) or points_to(b, a)


def _compare(field, a, b, name_similarity=None):
    """(similarity in [0, 1], reason) of one field, or None when a side is empty."""
    if field == "phone":
        if not a.phones or not b.phones:
            return None
        return (1.0 if a.phones & b.phones else 0.0), "phone"
    left, right = getattr(a, field), getattr(b, field)
    if not left or not right:
        return None
    if field == "name":
        if left == right:
            similarity = 1.0
        elif name_similarity is not None:
            similarity = name_similarity
        else:
            similarity = trigram_similarity(left, right)
        return similarity, ("name_same" if similarity >= NAME_SAME else "name_similar")
    return (1.0 if left == right else 0.0), field


def name_rarity(count):
    """How much a name borne by `count` partners counts, from 1 (at most 3
    partners: a record and its duplicates) down, with the logarithm of the
    count, as the weight of agreeing on a frequent value in record linkage."""
    return 1.0 / (1.0 + math.log(max(1.0, (count - 1) / 2.0)))


def compare(a, b, rules=DEFAULT_RULES, name_similarity=None):
    """The Match of the pair of PartnerKeys a, b: score between 0 and 1,
    reason codes (vat, email, phone, website, name_same, name_similar,
    address, city) and the fields whose values contradict each other.

    `name_similarity`, when given, is the trigram similarity of the two name
    keys already computed (by PostgreSQL while finding the pair). A name
    shared by many partners ("Jean Martin") is weaker evidence than a rare
    one (see name_rarity). A company and a person, or a contact and its own
    parent, score 0.
    """
    if a.is_company != b.is_company or _related(a, b):
        return Match(0.0, [], [])
    missing_evidence, against = 1.0, 1.0
    reasons, conflicts = [], []
    for rule in rules:
        compared = _compare(rule.field, a, b, name_similarity)
        if compared is None:
            continue
        similarity, reason = compared
        if rule.field == "name":
            strength = max(0.0, (similarity - NAME_LOW) / (1.0 - NAME_LOW))
            strength *= name_rarity(max(a.name_count, b.name_count))
            if similarity < NAME_LOW:
                against *= 1.0 - rule.penalty * (NAME_LOW - similarity) / NAME_LOW
                conflicts.append(rule.field)
        else:
            strength = similarity
            if similarity == 0.0:
                against *= 1.0 - rule.penalty
                if rule.penalty:
                    conflicts.append(rule.field)
        if strength > 0.0:
            missing_evidence *= 1.0 - rule.weight * strength
            reasons.append(reason)
    return Match(round((1.0 - missing_evidence) * against, 4), reasons, conflicts)


def score(a, b, rules=DEFAULT_RULES, name_similarity=None):
    """(score between 0 and 1, reason codes) of the pair a, b: see compare()."""
    match = compare(a, b, rules, name_similarity)
    return match.score, match.reasons


def name_strength_needed(rules, threshold, blocked_fields):
    """The name strength (similarity ramp times rarity, see compare) that a
    pair sharing none of the `blocked_fields` (the fields searched by exact
    key) needs to reach `threshold`, with the best evidence of every other
    rule. Above 1 when a name can never be enough. Pairs found by their
    names only below it are not worth scoring."""
    name_rule = next((rule for rule in rules if rule.field == "name"), None)
    if not name_rule or not name_rule.weight:
        return 2.0
    others = 1.0
    for rule in rules:
        if rule.field not in blocked_fields and rule.field != "name":
            others *= 1.0 - rule.weight
    needed = (1.0 - (1.0 - threshold) / others) / name_rule.weight
    # a little lower, for the rounding of the scores
    return max(0.0, needed - 0.01)


def name_similarity_floor(rules, threshold, blocked_fields):
    """The lowest name similarity with which a pair sharing only its name
    (and what is not in `blocked_fields`) can reach `threshold`; above 1
    when it never can."""
    needed = name_strength_needed(rules, threshold, blocked_fields)
    if needed > 1.0:
        return 2.0
    return NAME_LOW + needed * (1.0 - NAME_LOW)


def name_count_limit(rules, threshold, blocked_fields):
    """The largest number of partners bearing a name for which sharing it
    (and what is not in `blocked_fields`) can reach `threshold`: 0 when it
    never can."""
    needed = name_strength_needed(rules, threshold, blocked_fields)
    if needed > 1.0:
        return 0
    if needed <= 0.0:
        return 2 ** 31 - 1
    # name_rarity(n) >= needed  <=>  n <= 1 + 2 * exp(1 / needed - 1)
    return int(min(2 ** 31 - 1, 1 + 2 * math.exp(min(50.0, 1.0 / needed - 1.0))))
