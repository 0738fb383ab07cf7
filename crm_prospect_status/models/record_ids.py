"""Checks of the ids and commands that callers send, so that a malformed call
gets an error message instead of an error of the database."""
import psycopg2
from psycopg2 import errorcodes

from odoo import _
from odoo.exceptions import MissingError, UserError
from odoo.osv.expression import DOMAIN_OPERATORS, TERM_OPERATORS

MAX_ID = 2 ** 31 - 1


def is_record_id(value):
    """Whether VALUE can be the id of a record (an integer that PostgreSQL takes)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def is_x2many_commands(commands):
    """Whether COMMANDS is a well-formed list of Odoo x2many commands or ids."""
    if not isinstance(commands, (list, tuple)):
        return False
    for command in commands:
        if is_record_id(command):
            continue
        if not isinstance(command, (list, tuple)) or not command or command[0] not in range(7):
            return False
        code = command[0]
        if code in (1, 2, 3, 4) and (len(command) < 2 or not is_record_id(command[1])):
            return False
        if code == 6 and (len(command) < 3 or not isinstance(command[2], (list, tuple))
                          or not all(is_record_id(i) for i in command[2])):
            return False
    return True


def is_record_ids(values):
    """Whether VALUES is a list of record ids."""
    return isinstance(values, (list, tuple)) and all(is_record_id(value) for value in values)


def is_search_domain(domain):
    """Whether DOMAIN is a list of search terms: the operators '&', '|', '!'
    and (field, operator, value) triples of a field name and a known operator
    (the arity of the operators is left to the search)."""
    if not isinstance(domain, (list, tuple)):
        return False
    for term in domain:
        if isinstance(term, str) and term in DOMAIN_OPERATORS:
            continue
        if not isinstance(term, (list, tuple)) or len(term) != 3:
            return False
        field, operator, _value = term
        if not isinstance(field, str) or not field or operator not in TERM_OPERATORS:
            return False
    return True


def ensure_records(records):
    """The records an action is called on exist, at least one, and the user may
    read them: a message for the caller rather than an action on nothing."""
    if not records:
        raise UserError(_("Select at least one %s.") % records._description)
    ensure_records_exist(records)
    records.check_access_rule("read")


def ensure_records_exist(records):
    """Every record of RECORDS exists (none is also fine)."""
    missing = records - records.exists()
    if missing:
        raise MissingError(_("%s #%s does not exist (any more).")
                           % (records._description, ", ".join(map(str, missing.ids))))


def ensure_one_record(records):
    """Like ensure_one, with a message for the caller instead of a ValueError."""
    if len(records) != 1:
        raise UserError(_("This action applies to exactly one %s, not to %d.")
                        % (records._description, len(records)))
    ensure_records(records)


def lock_or_retry_later(records, what):
    """Lock the rows of RECORDS for this transaction, or refuse at once when
    another transaction holds them (a merge, a status change): the user is
    asked to try again rather than left waiting or half-served.

    The lock is the one an UPDATE takes (FOR NO KEY UPDATE): it excludes the
    other changers, but not the rows that refer to these records meanwhile
    (a new opportunity, the groups of a duplicate check), whose foreign keys
    FOR UPDATE would block or make fail to serialise."""
    if not records:
        return
    cr = records.env.cr
    try:
        with cr.savepoint():
            # sql-safe: the table name comes from the model
            cr.execute('SELECT id FROM "%s" WHERE id = ANY(%%s) FOR NO KEY UPDATE NOWAIT'
                       % records._table, (records.ids,))
    except psycopg2.OperationalError as error:
        if error.pgcode != errorcodes.LOCK_NOT_AVAILABLE:
            raise
        raise UserError(_("%s: these records are being changed by someone else right now "
                          "(a merge or an edit). Try again in a moment.") % what)
