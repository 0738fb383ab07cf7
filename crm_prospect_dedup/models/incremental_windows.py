"""The windows of the incremental check in the big blocks of a building
(WINDOW_PASSES): for each changed partner, the partners the full check's
pass puts within its window (those before and after it in name order in
a block of the same zip, or street, and street number), read from
res_partner through indexes ordered as the pass orders its blocks.

The partners of such a block are hundreds, and which of them are the
changed partner's neighbours depends on all of them: ranking the few that
share another key with it misses pairs of the full check. Here the
neighbours are the full check's ones, and the pairs of these passes are
made from them directly."""
import re

from .duplicate_finder import (ALIKE_SQL, BLOCKING_PASSES, FIELD_AGREEMENTS_SQL,
                               MIN_AGREEMENTS, NAME_SIMILARITY, PLACE_CHECKED_PASSES,
                               key_window, place_check_sql)

# The passes read through windows: an index each (about 50 MB and 10 s of
# build on a million partners, and a cost on every save). The others rank
# their blocks among the partners compared (incremental_passes). With the
# rounds of the check, these two gave the full check's groups on both
# samples of bench_incremental.py, each other pass's window alone no pair,
# and either of these alone not all (bench/README.md).
WINDOW_PASSES = ("zip_number", "street_number")
# The columns of the check's dedup_partner the passes use, over res_partner
# ({p}: the alias and its dot); a pass's key and order written over the
# former are read over the latter
PARTNER_COLUMNS = {
    "name": "{p}dedup_name_key",
    "given": "{p}dedup_given_key",
    "surname": "{p}dedup_surname_key",
    "given_ph": "dmetaphone({p}dedup_given_key)",
    "surname_ph": "dmetaphone({p}dedup_surname_key)",
    "street_number": "{p}dedup_street_number",
    "street_flat": "replace({p}dedup_street_key, ' ', '')",
    "street2_flat": "replace({p}dedup_street2_key, ' ', '')",
    "city": "{p}dedup_city_key",
    "zip_sorted": "dedup_sorted_chars({p}dedup_zip_key)",
    "zip_region": "left({p}dedup_zip_key, 2)",
    "city_ph": "dmetaphone({p}dedup_city_key)",
    "street": "{p}dedup_street_key",
    "street_ph": "dmetaphone(replace({p}dedup_street_key, ' ', ''))",
    "email": "{p}dedup_email_key",
    "vat": "{p}dedup_vat_key",
    "website": "{p}dedup_domain_key",
    "phone": "{p}dedup_phone_key",
    "mobile": "{p}dedup_mobile_key",
}
# zip_sorted of duplicate_finder._select_partners, as an immutable function
# that an index may use
SORTED_CHARS_SQL = """
    CREATE OR REPLACE FUNCTION dedup_sorted_chars(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT string_agg(c, '' ORDER BY c) FROM unnest(string_to_array($1, NULL)) c $$
"""
IS_COMPANY = "COALESCE({p}is_company, FALSE)"
ORDER_NAME = '{p}dedup_name_key COLLATE "C"'
_COLUMN = re.compile(r"\b(?:(s|o|pa|pb)\.)?(%s)\b" % "|".join(sorted(PARTNER_COLUMNS, key=len,
                                                                        reverse=True)))


def over_partner(expression, alias="", aliases=None):
    """EXPRESSION (SQL over dedup_partner's columns) over res_partner ALIAS;
    with ALIASES ({'s': alias, 'o': alias}...), prefixed columns too."""
    def column(match):
        prefix = (aliases or {}).get(match.group(1), alias) if match.group(1) else alias
        return PARTNER_COLUMNS[match.group(2)].format(p=prefix + "." if prefix else "")
    return _COLUMN.sub(column, expression)


# What a pair of a changed partner pa and its neighbour pb needs to become a
# candidate of duplicate_finder._candidate_pairs, whichever passes pair it:
# a pass that tells alike names (agreements + 1) pairs alike names only. A
# neighbour that no pair can make a candidate is left out of the check.
CANDIDATE_SQL = """
    a.n >= {least}
    OR a.n = {least} - 1 AND ({alike_names} OR {alike_streets})
    OR a.n >= {least} - 2 AND similarity(pa.name, pb.name) >= {similar}
""".format(least=MIN_AGREEMENTS, similar=NAME_SIMILARITY,
           alike_names=ALIKE_SQL.format(a="pa.name", b="pb.name"),
           alike_streets=ALIKE_SQL.format(a="pa.street_flat", b="pb.street_flat"))
# the condition of the passes on the street alone on their pairs: the place
PLACE_SQL = place_check_sql("pa.", "pb.")


def _window_passes():
    """(pass number, [its keys], place checked) of the big-block passes."""
    for number, (name, key, _on) in enumerate(BLOCKING_PASSES):
        if name in WINDOW_PASSES:
            yield number, list(key) if isinstance(key, tuple) else [key], \
                name in PLACE_CHECKED_PASSES


KEY_WINDOWS = list(_window_passes())


def block_indexes():
    """(name, definition) of the indexes on res_partner that give a
    partner's neighbours in each big block of WINDOW_PASSES, in order."""
    indexes = []
    for number, keys, _checked in KEY_WINDOWS:
        for position, key in enumerate(keys):
            expression = over_partner(key)
            indexes.append((
                "res_partner_dedup_block_%d_%d_idx" % (number, position),
                "((%s), (%s), %s, id) WHERE (%s) IS NOT NULL" % (
                    expression, IS_COMPANY.format(p=""), ORDER_NAME.format(p=""), expression)))
    return indexes


def _side(source, where, order, window, after):
    """The WINDOW partners x of SOURCE (a FROM clause) meeting WHERE, just
    after (or before) the changed partner c in ORDER, then id."""
    # sql-safe: fragments from this module's constants
    return ("(SELECT x.id, {order} AS sort FROM {source} WHERE {where} "
            "AND ({order}, x.id) {op} ({c_order}, c.id) "
            "ORDER BY {order} {direction}, x.id {direction} LIMIT {window})").format(
                source=source, where=where, order=order, window=window,
                c_order=order.replace("x.", "c."), op=">" if after else "<",
                direction="ASC" if after else "DESC")


def _neighbours(blocks, order, window):
    """SQL of the WINDOW partners each side of c in the union of BLOCKS
    (FROM clause, condition): a partner of two blocks (street, street 2)
    holds a place in each, as in the full pass."""
    sides = []
    for after in (True, False):
        union = " UNION ALL ".join(_side(source, where, order, window, after)
                                   for source, where in blocks)
        # sql-safe: fragments from this module's constants
        sides.append("(SELECT id FROM ({union}) m ORDER BY sort {direction}, id {direction} "
                     "LIMIT {window})".format(union=union, window=window,
                                              direction="ASC" if after else "DESC"))
    return " UNION ALL ".join(sides)


def key_window_sql(number, keys, source, changed):
    """INSERTs into dedup_window of the neighbours of each partner of
    CHANGED (a table of ids) in its blocks of pass NUMBER on KEYS; SOURCE:
    the FROM clause of the partners x (res_partner, or those the user may
    read)."""
    same_company = "{x} = {c}".format(x=IS_COMPANY.format(p="x."), c=IS_COMPANY.format(p="c."))
    statements = []
    for changed_key in keys:
        value = over_partner(changed_key, "c")
        blocks = [(source, "{x} = {c} AND {company}".format(
            x=over_partner(key, "x"), c=value, company=same_company)) for key in keys]
        statements.append(_insert(number, changed, value + " IS NOT NULL",
                                  _neighbours(blocks, ORDER_NAME.format(p="x."),
                                              key_window(BLOCKING_PASSES[number][1]))))
    return statements


def _insert(number, changed, changed_where, neighbours):
    # sql-safe: fragments from this module's constants
    return """
        INSERT INTO dedup_window (id, other, pass)
        SELECT c.id, n.id, {number}
          FROM {changed} d JOIN res_partner c ON c.id = d.id
         CROSS JOIN LATERAL ({neighbours}) n
         WHERE {changed_where} AND n.id <> c.id
    """.format(number=number, changed=changed, neighbours=neighbours,
               changed_where=changed_where)


def window_statements(source="res_partner x", changed="dedup_domain"):
    """The INSERTs of every big-block pass's windows of the partners of
    CHANGED (a table of ids) among the partners of SOURCE."""
    statements = []
    for number, keys, place_checked in KEY_WINDOWS:
        statements += key_window_sql(number, keys, source, changed)
    return statements


def kept_sql():
    """UPDATE of dedup_window: kept, the pairs that the pass pairs and that
    can become candidates, over dedup_window_keys (the keys of the changed
    partners and of their neighbours, computed once each)."""
    place = [number for number, _keys, checked in KEY_WINDOWS if checked]
    # sql-safe: fragments and pass numbers from this module's constants
    return """
        UPDATE dedup_window w
           SET kept = COALESCE(CASE WHEN w.pass IN ({place}) THEN {place_sql} ELSE TRUE END
                               AND ({candidate}), FALSE)
          FROM dedup_window_keys pa, dedup_window_keys pb,
               LATERAL (SELECT {agreements} AS n) a
         WHERE pa.id = w.id AND pb.id = w.other
    """.format(place=", ".join(map(str, place)), place_sql=PLACE_SQL,
               candidate=CANDIDATE_SQL, agreements=FIELD_AGREEMENTS_SQL)


def window_pass_sql(number):
    """INSERT into dedup_pair of the kept pairs of pass NUMBER whose
    partners are both compared (the user may read them); its parameter is
    the pass's number."""
    # sql-safe: the pass number is an integer of this module
    return """
        INSERT INTO dedup_pair (a, b, pass)
        SELECT LEAST(w.id, w.other), GREATEST(w.id, w.other), %s
          FROM dedup_window w JOIN dedup_partner o ON o.id = w.other
          JOIN dedup_partner s ON s.id = w.id
         WHERE w.kept AND w.pass = {number}
    """.format(number=int(number))
