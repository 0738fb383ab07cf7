"""MatchRecords from a partner's raw values (a form being typed) or from the
columns of its stored keys (the check's SQL rows)."""
from .comparisons import MatchRecord
from .normalize import (normalize_city, normalize_email, normalize_name, normalize_phone,
                        normalize_street, normalize_vat, normalize_website, normalize_zip,
                        person_name_parts, split_name_parts, street_parts)

# The columns of a partner in the check's rows, in MatchRecord's order but
# for `phones` (its phone and mobile columns).
RECORD_COLUMNS = ("id", "is_company", "parent_id", "commercial_id", "name", "given", "surname",
                  "street_number", "street", "street2", "city", "zip", "state", "email",
                  "phone", "mobile", "vat", "website", "name_freq", "city_freq")
WIDTH = len(RECORD_COLUMNS)
# A key longer than this is cut: a value of thousands of characters (which
# Odoo stores) must neither exceed what a btree index row holds nor make the
# comparisons of the typing warning slow.
KEY_MAX = 200


def record_from_row(row):
    """MatchRecord of a row of RECORD_COLUMNS."""
    return _record_of_row(row, _phone_set, _same)


def compact_record_from_row(row, shared):
    """record_from_row(ROW) in less memory, for the scorer that holds every
    partner of a million candidate pairs: `phones` is a tuple rather than a
    frozenset, and the values that many partners bear (given names, cities,
    zips, streets, their shares) are one object each, kept in the dict SHARED."""
    return _record_of_row(row, _phone_tuple, shared.setdefault)


def _record_of_row(row, phones, share):
    """MatchRecord of ROW: its phones as PHONES(phone, mobile) makes them,
    the values many partners bear passed through SHARE(value, value)."""
    (partner_id, is_company, parent_id, commercial_id, name, given, surname, number, street,
     street2, city, zip_code, state, email, phone, mobile, vat, website, name_freq,
     city_freq) = row
    return MatchRecord(
        partner_id, bool(is_company), parent_id, commercial_id or partner_id, name,
        share(given, given), share(surname, surname), share(number, number),
        share(street, street), share(street2, street2), share(city, city),
        share(zip_code, zip_code), state, email, phones(phone, mobile), vat, website,
        share(name_freq, name_freq), share(city_freq, city_freq))


def _same(value, _default):
    return value


def _phone_set(phone, mobile):
    return frozenset(p for p in (phone, mobile) if p)


def _phone_tuple(phone, mobile):
    if phone and mobile:
        return (phone, mobile)
    return (phone,) if phone else (mobile,) if mobile else ()


def record_from_values(values, country_code=None):
    """MatchRecord of a partner given as a dict of raw field values (name,
    email, phone, mobile, vat, website, street, street2, city, zip, state_id,
    is_company, id, parent_id, commercial_id, and firstname and lastname
    where OCA's partner_firstname splits names), as typed."""
    name = values.get("name")
    given, surname = (split_name_parts(values.get("firstname"), values.get("lastname"))
                      or person_name_parts(name))
    number, street = street_parts(values.get("street"))
    phones = {cut_key(normalize_phone(values.get(f), country_code)) for f in ("phone", "mobile")}
    partner_id = values.get("id") or None
    return MatchRecord(
        id=partner_id, is_company=bool(values.get("is_company")),
        parent_id=values.get("parent_id") or None,
        commercial_id=values.get("commercial_id") or partner_id,
        name=cut_key(normalize_name(name)), given=cut_key(given), surname=cut_key(surname),
        street_number=cut_key(number), street=cut_key(street),
        street2=cut_key(normalize_street(values.get("street2"))),
        city=cut_key(normalize_city(values.get("city"))),
        zip=cut_key(normalize_zip(values.get("zip"))),
        state=values.get("state_id") or None, email=cut_key(normalize_email(values.get("email"))),
        phones=frozenset(p for p in phones if p),
        vat=cut_key(normalize_vat(values.get("vat"), country_code)),
        website=cut_key(normalize_website(values.get("website"))))


def cut_key(value):
    """VALUE, a normalised key, cut to KEY_MAX characters."""
    return value[:KEY_MAX] if value else value
