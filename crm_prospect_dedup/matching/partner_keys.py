"""The duplicate keys of a partner (the res_partner columns of KEY_FIELDS)
from its raw field values: one partner at a time (`key_values`, the ORM's
compute) or a batch of rows (`KeyRows`, the install's fill, which runs it
in child processes: keys_process), with the same functions."""
from .normalize import (normalize_city, normalize_email, normalize_name, normalize_phone,
                        normalize_street, normalize_vat, normalize_website, normalize_zip,
                        person_name_parts, split_name_parts, street_parts)
from .records import cut_key


def key_values(is_company, name, email, phone, mobile, vat, website, street, street2, city,
               zip_code, country_code, firstname=None, lastname=None):
    """The duplicate keys of one partner, in the order of KEY_FIELDS (given
    name and surname for persons only), each cut to KEY_MAX characters."""
    return (_name_keys(is_company, name, firstname, lastname)
            + (cut_key(normalize_email(email)),
               cut_key(normalize_phone(phone, country_code)),
               cut_key(normalize_phone(mobile, country_code)),
               cut_key(normalize_vat(vat, country_code)),
               cut_key(normalize_website(website)))
            + _street_keys(street)
            + (cut_key(normalize_street(street2)), cut_key(normalize_city(city)),
               cut_key(normalize_zip(zip_code))))


def _name_keys(is_company, name, firstname, lastname):
    """(name key, given name, surname), each cut."""
    given, surname = (None, None) if is_company else (
        split_name_parts(firstname, lastname) or person_name_parts(name))
    return cut_key(normalize_name(name)), cut_key(given), cut_key(surname)


def _street_keys(street):
    """(street number, street name), each cut."""
    number, street_name = street_parts(street)
    return cut_key(number), cut_key(street_name)


def batch_key_values(rows):
    """(id, key...) of each (id, is_company, name, email, phone, mobile, vat, website,
    street, street2, city, zip, country code[, firstname, lastname]) row."""
    return [(row[0],) + key_values(*row[1:]) for row in rows]


class KeyRows(object):
    """The keys of batches of partner rows, in a child process: each batch's
    keys are sent back as soon as they are computed (REPLIES)."""

    BATCH_METHODS = ("keys",)  # what a child process is fed with
    REPLIES = True
    ANSWER = "done"

    def keys(self, rows):
        return batch_key_values(rows)

    def done(self):
        return None
