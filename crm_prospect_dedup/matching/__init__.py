"""Plain-Python matching rules of the duplicate check: no Odoo import here.

Data flows one way: partner fields -> normalised keys (`normalize`) -> a pair
of partners scored by the rules (`scoring`) -> groups (`grouping`).
"""
from .normalize import (  # noqa: F401
    normalize_name, normalize_email, normalize_phone, normalize_vat,
    normalize_website, normalize_street, normalize_city, address_key, unaccent,
)
from .similarity import trigram_similarity, trigrams  # noqa: F401
from .scoring import (  # noqa: F401
    Rule, PartnerKeys, Match, DEFAULT_RULES, DEFAULT_THRESHOLD, FIELDS, partner_keys, score,
    compare,
    name_similarity_floor, name_count_limit, name_rarity,
)
from .grouping import group_pairs  # noqa: F401
