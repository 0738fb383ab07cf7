"""MatchRecords from a partner's raw values (a form being typed) or from the
columns of its stored keys (the check's SQL rows)."""
from .comparisons import MatchRecord
from .normalize import (normalize_city, normalize_email, normalize_name, normalize_phone,
                        normalize_street, normalize_vat, normalize_website, normalize_zip,
                        person_name_parts, street_parts)

# The columns of a partner in the check's rows, in MatchRecord's order but
# for `phones` (its phone and mobile columns).
RECORD_COLUMNS = ("id", "is_company", "parent_id", "commercial_id", "name", "given", "surname",
                  "street_number", "street", "street2", "city", "zip", "state", "email",
                  "phone", "mobile", "vat", "website", "name_freq", "city_freq")
WIDTH = len(RECORD_COLUMNS)


def record_from_row(row):
    """MatchRecord of a row of RECORD_COLUMNS."""
    (partner_id, is_company, parent_id, commercial_id, name, given, surname, number, street,
     street2, city, zip_code, state, email, phone, mobile, vat, website, name_freq,
     city_freq) = row
    return MatchRecord(
        partner_id, bool(is_company), parent_id, commercial_id or partner_id, name, given,
        surname, number, street, street2, city, zip_code, state, email,
        frozenset(p for p in (phone, mobile) if p), vat, website, name_freq, city_freq)


def record_from_values(values, country_code=None):
    """MatchRecord of a partner given as a dict of raw field values (name,
    email, phone, mobile, vat, website, street, street2, city, zip, state_id,
    is_company, id, parent_id, commercial_id), as typed."""
    name = values.get("name")
    given, surname = person_name_parts(name)
    number, street = street_parts(values.get("street"))
    phones = {normalize_phone(values.get(f), country_code) for f in ("phone", "mobile")}
    partner_id = values.get("id") or None
    return MatchRecord(
        id=partner_id, is_company=bool(values.get("is_company")),
        parent_id=values.get("parent_id") or None,
        commercial_id=values.get("commercial_id") or partner_id,
        name=normalize_name(name), given=given, surname=surname,
        street_number=number, street=street, street2=normalize_street(values.get("street2")),
        city=normalize_city(values.get("city")), zip=normalize_zip(values.get("zip")),
        state=values.get("state_id") or None, email=normalize_email(values.get("email")),
        phones=frozenset(p for p in phones if p),
        vat=normalize_vat(values.get("vat"), country_code),
        website=normalize_website(values.get("website")))
