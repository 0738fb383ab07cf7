"""Normalised keys of a partner's fields: two values that a sales assistant
would call the same get the same key.

Every function takes the raw field value (or None/False) and returns a
string, or None when there is nothing to compare.
"""
import re
import unicodedata
from urllib.parse import urlsplit

import phonenumbers
from stdnum.eu import vat as eu_vat
from stdnum.util import get_cc_module

from .legal_forms import LEGAL_FORM_PAIRS, LEGAL_FORMS, STOPWORDS

# Letters that NFKD does not decompose (PostgreSQL's unaccent maps them too).
_EXTRA_LETTERS = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH",
    "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
})
# Dots and apostrophes join what they separate ("S.A.R.L." is "sarl",
# "L'Oréal" is "loreal"); any other character that is not a letter or a
# digit separates words.
_JOINERS = re.compile(r"[.'’`´]")
_SEPARATORS = re.compile(r"[^\w]+|_")


def unaccent(text):
    """`text` without accents: "Société Générale" -> "Societe Generale"."""
    text = text.replace("\x00", "")
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_EXTRA_LETTERS))
    return "".join(c for c in text if not unicodedata.combining(c))


def _words(text):
    text = _JOINERS.sub("", unaccent(text).casefold())
    return [word for word in _SEPARATORS.split(text) if word]


def _drop_legal_forms(words):
    kept, i = [], 0
    while i < len(words):
        if (words[i], words[i + 1] if i + 1 < len(words) else None) in LEGAL_FORM_PAIRS:
            i += 2
            continue
        if words[i] not in LEGAL_FORMS and words[i] not in STOPWORDS:
            kept.append(words[i])
        i += 1
    return kept


def normalize_name(name):
    """Name key: no accents, case, punctuation, legal forms or filler words,
    words in alphabetical order. "Dupont & Fils S.A.R.L." -> "dupont fils"."""
    if not name:
        return None
    words = _words(name)
    # A name made only of legal forms ("SA") is still a name.
    words = _drop_legal_forms(words) or words
    return " ".join(sorted(words)) or None


_EMAIL = re.compile(r"[^@\s<>,;:\"()\[\]]+@[^@\s<>,;:\"()\[\]]+\.[^@\s<>,;:\"()\[\]]+")


def normalize_email(email):
    """E-mail key: the first address of the field, in lower case."""
    if not email:
        return None
    found = _EMAIL.search(email.replace("\x00", "").strip())
    return found.group(0).casefold().rstrip(".") if found else None


def normalize_phone(number, country_code=None):
    """Phone key: the E.164 form ("+33123456789") when the number can be read
    (with the partner's country for national numbers), else its digits."""
    number = (number or "").replace("\x00", "")
    if not number:
        return None
    region = (country_code or "").upper() or None
    try:
        parsed = phonenumbers.parse(number, region)
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    digits = re.sub(r"\D", "", number.split("x")[0])
    return digits if len(digits) >= 6 else None


def normalize_vat(vat, country_code=None):
    """VAT key: the compact form with its country prefix ("FR40303265045"),
    with the partner's country when the number has no prefix."""
    if not vat:
        return None
    raw = re.sub(r"[^0-9A-Za-z]", "", unaccent(vat)).upper()
    if not raw:
        return None
    prefix = raw[:2].lower()
    if prefix in eu_vat.MEMBER_STATES or prefix == "gr":
        return _compact(eu_vat, "EL" + raw[2:] if prefix == "gr" else raw)
    cc = (country_code or "").lower()
    if cc:
        eu_cc = "el" if cc == "gr" else cc
        if eu_cc in eu_vat.MEMBER_STATES:
            return _compact(eu_vat, eu_cc.upper() + raw)
        module = get_cc_module(cc, "vat")
        compact = _compact(module, raw) if module else raw
        return compact if compact.startswith(cc.upper()) else cc.upper() + compact
    return raw


def _compact(module, number):
    try:
        return module.compact(number).upper()
    except Exception:  # stdnum raises its own errors on malformed numbers
        return number


def normalize_website(website):
    """Website key: the domain, without "www.": "https://WWW.Acme.fr/contact" -> "acme.fr"."""
    if not website:
        return None
    text = website.replace("\x00", "").strip().casefold()
    if "//" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return None
    host = re.sub(r"^www\d*\.", "", host.rstrip("."))
    return host if "." in host else None


_STREET_WORDS = {
    "av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard", "blvd": "boulevard",
    "bvd": "boulevard", "pl": "place", "imp": "impasse", "rte": "route", "ch": "chemin",
    "chem": "chemin",
    "all": "allee", "sq": "square", "fg": "faubourg", "fbg": "faubourg", "str": "strasse",
    "rd": "road", "st": "saint", "ste": "sainte",
}
_CITY_WORDS = {"st": "saint", "ste": "sainte", "s": "saint"}


def normalize_street(street):
    """Street key: no accents, case or punctuation, usual abbreviations spelt out."""
    if not street:
        return None
    words = [_STREET_WORDS.get(w, w) for w in _words(street)]
    return " ".join(words) or None


def normalize_city(city):
    """City key: "St-Étienne" -> "saint etienne"."""
    if not city:
        return None
    words = [_CITY_WORDS.get(w, w) for w in _words(city)]
    return " ".join(words) or None




def person_name_parts(name):
    """(given names, surname) of a person's name, in the order typed:
    "Jean-Pierre Dupont" -> ("jean pierre", "dupont"); a single word is a
    surname. Accents, case and punctuation are gone."""
    if not name:
        return None, None
    words = _words(name)
    if not words:
        return None, None
    return " ".join(words[:-1]) or None, words[-1]


_NUMBER = re.compile(r"^\d+[a-z]?$|^\d+(bis|ter|quater)$")
_NUMBER_SUFFIXES = frozenset(["bis", "ter", "quater", "a", "b", "c"])


def split_name_parts(firstname, lastname):
    """(given names, surname) of a person whose name is kept in two fields
    (OCA's partner_firstname), normalised as person_name_parts does: None
    when neither is set."""
    if not (firstname or lastname):
        return None
    given, surname = (" ".join(_words(part or "")) or None for part in (firstname, lastname))
    return given, surname


def street_parts(street):
    """(number, street name) of a street line: "12 bis, Av. Foch" ->
    ("12bis", "avenue foch"); "Hauptstr. 5" -> ("5", "hauptstr"). Either may
    be None."""
    words = (normalize_street(street) or "").split()
    if not words:
        return None, None
    number = None
    if _NUMBER.match(words[0]):
        number, words = words[0], words[1:]
        if words and words[0] in _NUMBER_SUFFIXES and len(words) > 1:
            number, words = number + words[0], words[1:]
    elif len(words) > 1 and _NUMBER.match(words[-1]):
        number, words = words[-1], words[:-1]
    return number, " ".join(words) or None


def normalize_zip(zip_code):
    """Postal code key: upper case, no spaces or dashes ("75 008" -> "75008")."""
    if not zip_code:
        return None
    return re.sub(r"[^0-9A-Za-z]", "", unaccent(zip_code)).upper() or None
