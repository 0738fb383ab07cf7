"""Plain-Python matching rules of the duplicate check: no Odoo import here.

Data flows one way: partner fields -> normalised keys (`normalize`) ->
MatchRecords (`records`) -> a pair compared field by field in levels
(`comparisons`) -> its match probability under the Fellegi-Sunter model
(`model`, whose weights `training` learns from the data) -> groups
(`grouping`).
"""
from .normalize import (  # noqa: F401
    normalize_name, normalize_email, normalize_phone, normalize_vat, normalize_website,
    normalize_street, normalize_city, normalize_zip, person_name_parts, split_name_parts,
    street_parts, unaccent,
)
from .comparisons import COMPARISONS, MatchRecord, comparable, gamma  # noqa: F401
from .model import MatchModel, Match  # noqa: F401
from .records import RECORD_COLUMNS, record_from_row, record_from_values  # noqa: F401
from .grouping import group_pairs  # noqa: F401
