import ast
import logging
import os
import psycopg2
from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_prospect_status.models.record_ids import is_search_domain
from odoo.addons.crm_prospect_status.models.table_indexes import indexes_set_aside

from ..matching.child_process import can_spawn
from ..matching.keys_process import KeysProcess, keys_in_children
from ..matching.partner_keys import batch_key_values, key_values
from ..matching.records import record_from_row
from .duplicate_finder import PARTNER_KEYS_SQL, RECORD_SQL, DuplicateFinder
from .planner_statistics import common_shares, partner_total

_logger = logging.getLogger(__name__)

KEY_FIELDS = ("dedup_name_key", "dedup_given_key", "dedup_surname_key", "dedup_email_key",
              "dedup_phone_key", "dedup_mobile_key", "dedup_vat_key", "dedup_domain_key",
              "dedup_street_number", "dedup_street_key", "dedup_street2_key", "dedup_city_key",
              "dedup_zip_key")
# the partner's fields its keys are computed from, in the order of
# key_values (the country last: its code is passed)
KEY_SOURCE_FIELDS = ("is_company", "name", "email", "phone", "mobile", "vat", "website", "street",
                     "street2", "city", "zip", "country_id")
# From this many partners, the install computes their keys in child
# processes, one per core (res_partner._dedup_backfill_keys).
BACKFILL_PROCESSES_FROM = 50000
# Keys searched by the warning while typing (and counted, for the names and
# cities) get a partial btree index; the name key also one of its reverse.
EXACT_KEY_FIELDS = ("dedup_name_key", "dedup_email_key", "dedup_phone_key", "dedup_mobile_key",
                    "dedup_vat_key", "dedup_domain_key", "dedup_street_key", "dedup_zip_key",
                    "dedup_city_key")
# Keys whose partners are counted (up to FREQUENT) for their shares: their
# index carries `active`, so that the count reads the index alone.
COUNTED_KEY_FIELDS = ("dedup_name_key", "dedup_city_key")
# Names and cities borne by more partners than this are frequent: their
# share is read from PostgreSQL's statistics rather than counted.
FREQUENT = 500
# (value, n) of the distinct {column} of the CTE p, counted up to FREQUENT
# through the index of {key} (which carries `active`); those the statistics
# list as frequent (the parameter named as {key}) are not counted
COUNTED_VALUES_SQL = """
    SELECT v.value, CASE WHEN v.value = ANY(%({key})s) THEN %(cap)s ELSE (
               SELECT count(*) FROM (SELECT 1 FROM res_partner x
                                      WHERE x.active AND x.{key} = v.value
                                      LIMIT %(cap)s) s) END AS n
      FROM (SELECT DISTINCT {column} AS value FROM p) v
"""
# What a check accepts as its domain (a selection of thousands of ids is
# one condition): more is refused.
MAX_DOMAIN_TERMS = 100
MAX_DOMAIN_TEXT = 200000
# the bulk fill's UPDATE of one batch of (id, key...) rows
# sql-safe: column names from KEY_FIELDS, values passed as parameters
WRITE_KEYS_STATEMENT = ("UPDATE res_partner p SET %s FROM (VALUES %%s) AS v(id, %s) "
                        "WHERE p.id = v.id") % (
    ", ".join('"%s" = v."%s"' % (field, field) for field in KEY_FIELDS),
    ", ".join('"%s"' % field for field in KEY_FIELDS))
WRITE_KEYS_TEMPLATE = "(%s" + ", %s::varchar" * len(KEY_FIELDS) + ")"


# OCA's partner_firstname keeps a person's name in two fields, whose order in
# the full name is a setting ("Lastname Firstname" by default): where they
# exist, the given name and surname keys are read from them.
SPLIT_NAME_FIELDS = ("firstname", "lastname")


def key_arguments(value_of, country_code, split):
    """The arguments of key_values, in its order: VALUE_OF each field of
    KEY_SOURCE_FIELDS but the country, its COUNTRY_CODE, then the SPLIT
    name fields."""
    return (tuple(value_of(name) for name in KEY_SOURCE_FIELDS[:-1]) + (country_code,)
            + tuple(value_of(name) for name in split))


def key_index_name(column):
    """The name of the partial index of the key COLUMN."""
    return "res_partner_%s_%s" % (column, "active_idx" if column in COUNTED_KEY_FIELDS else "idx")


def key_index_columns(column):
    return '"%s", active' % column if column in COUNTED_KEY_FIELDS else '"%s"' % column


class ResPartner(models.Model):
    """Normalised keys of the fields compared by the duplicate check, kept up
    to date on write and indexed, and the check's XML-RPC entry point."""

    _inherit = "res.partner"

    dedup_name_key = fields.Char("Name key", compute="_compute_dedup_keys", store=True)
    dedup_email_key = fields.Char("E-mail key", compute="_compute_dedup_keys", store=True)
    dedup_phone_key = fields.Char("Phone key", compute="_compute_dedup_keys", store=True)
    dedup_mobile_key = fields.Char("Mobile key", compute="_compute_dedup_keys", store=True)
    dedup_vat_key = fields.Char("VAT key", compute="_compute_dedup_keys", store=True)
    dedup_domain_key = fields.Char("Website key", compute="_compute_dedup_keys", store=True)
    dedup_given_key = fields.Char("Given name key", compute="_compute_dedup_keys", store=True)
    dedup_surname_key = fields.Char("Surname key", compute="_compute_dedup_keys", store=True)
    dedup_street_number = fields.Char("Street number key", compute="_compute_dedup_keys",
                                      store=True)
    dedup_street_key = fields.Char("Street key", compute="_compute_dedup_keys", store=True)
    dedup_street2_key = fields.Char("Street 2 key", compute="_compute_dedup_keys", store=True)
    dedup_city_key = fields.Char("City key", compute="_compute_dedup_keys", store=True)
    dedup_zip_key = fields.Char("Zip key", compute="_compute_dedup_keys", store=True)

    @api.depends(lambda partners: ("is_company", "name", "email", "phone", "mobile", "vat",
                                   "website", "street", "street2", "city", "zip", "country_id")
                 + partners._dedup_split_name_fields())
    def _compute_dedup_keys(self):
        split = self._dedup_split_name_fields()
        sources = self._dedup_key_sources(split)
        for partner in self:
            values = key_values(*sources.get(partner.id) or key_arguments(
                partner.__getitem__, partner.country_id.code, split))
            for field_name, value in zip(KEY_FIELDS, values):
                partner[field_name] = value

    @api.multi
    def _dedup_key_sources(self, split):
        """{id: the arguments of key_values} of the saved partners, read in
        one query of those columns only: the first field read after a save
        would otherwise load the whole partner (every prefetched field, about
        200), which nothing else of a save needs. Computed sources (OCA's
        name from first and last names) are left to the ORM, which computes
        them first if they are due."""
        names = KEY_SOURCE_FIELDS + split
        saved = [pid for pid in self.ids if isinstance(pid, int)]
        if not saved or any(self._fields[name].compute for name in names):
            return {}
        rows = self.sudo().browse(saved).read(list(names), load="_classic_write")
        codes = self._dedup_country_codes({row["country_id"] for row in rows} - {False})
        return {row["id"]: key_arguments(row.__getitem__, codes.get(row["country_id"]), split)
                for row in rows}

    @api.model
    def _dedup_country_codes(self, country_ids):
        if not country_ids:
            return {}
        self.env.cr.execute("SELECT id, code FROM res_country WHERE id IN %s",
                            (tuple(country_ids),))
        return dict(self.env.cr.fetchall())

    @api.model
    def _dedup_split_name_fields(self):
        """firstname and lastname where OCA's partner_firstname is installed."""
        return tuple(field for field in SPLIT_NAME_FIELDS if field in self._fields)

    @api.model_cr
    def init(self):
        super(ResPartner, self).init()
        self._dedup_create_indexes()

    @api.model
    def _dedup_create_indexes(self):
        cr = self.env.cr
        for column in COUNTED_KEY_FIELDS:
            # the index of earlier versions, without `active`
            # sql-safe: names from COUNTED_KEY_FIELDS
            cr.execute('DROP INDEX IF EXISTS "res_partner_%s_idx"' % column)
        for column in EXACT_KEY_FIELDS:
            # sql-safe: names from KEY_COLUMNS, or the literal above
            cr.execute('CREATE INDEX IF NOT EXISTS "%s" ON res_partner (%s) WHERE "%s" IS NOT NULL'
                       % (key_index_name(column), key_index_columns(column), column))
        # the trigram index of earlier versions (the warning's neighbour names replace it)
        cr.execute("DROP INDEX IF EXISTS res_partner_dedup_name_key_trgm_idx")
        cr.execute("CREATE INDEX IF NOT EXISTS res_partner_dedup_name_key_reversed_idx "
                   "ON res_partner (reverse(dedup_name_key)) WHERE dedup_name_key IS NOT NULL")

    @api.model
    def _dedup_drop_indexes(self):
        for column in EXACT_KEY_FIELDS:
            # sql-safe: names from KEY_COLUMNS, or the literal above
            self.env.cr.execute('DROP INDEX IF EXISTS "%s"' % key_index_name(column))
        self.env.cr.execute("DROP INDEX IF EXISTS res_partner_dedup_name_key_reversed_idx")

    @api.model
    def _dedup_backfill_keys(self, partner_ids=None, batch_size=5000, processes=None):
        """Compute the keys of every partner (or of `partner_ids`) without the
        ORM: read with a server-side cursor, normalise in Python, write back
        with one UPDATE ... FROM (VALUES ...) per batch. For every partner,
        every index of res_partner is dropped first and built again at the
        end (indexes_set_aside). Returns the number of partners updated.

        The keys are computed by PROCESSES child processes (by default one per
        core for every partner of a large database, none otherwise: starting
        them costs more than a few thousand partners' keys), each batch while
        PostgreSQL writes the previous one."""
        cr = self.env.cr
        if processes is None:
            large = partner_ids is None and partner_total(cr) >= BACKFILL_PROCESSES_FROM
            processes = (os.cpu_count() or 1) if large else 0
        if partner_ids is not None:
            count = self._dedup_fill_keys(partner_ids, batch_size, processes)
        else:
            self._dedup_drop_indexes()
            with indexes_set_aside(cr, "res_partner"):
                count = self._dedup_fill_keys(partner_ids, batch_size, processes)
            self._dedup_create_indexes()
            cr.execute("ANALYZE res_partner")
        self.invalidate_cache(fnames=list(KEY_FIELDS))
        return count

    @api.model
    def _dedup_fill_keys(self, partner_ids, batch_size, processes):
        """Read the partners (every one when PARTNER_IDS is None), compute
        their keys and write them: _dedup_backfill_keys without the indexes."""
        reader = self.env.cr._cnx.cursor("crm_prospect_dedup_backfill")
        reader.itersize = batch_size
        split = ", ".join("p.%s" % field for field in self._dedup_split_name_fields())
        # sql-safe: column names from SPLIT_NAME_FIELDS
        query = """
            SELECT p.id, p.is_company, p.name, p.email, p.phone, p.mobile, p.vat, p.website,
                   p.street, p.street2, p.city, p.zip, c.code %s
              FROM res_partner p LEFT JOIN res_country c ON c.id = p.country_id
        """ % (split and ", " + split)
        if partner_ids is None:
            # sql-safe: names from KEY_COLUMNS, or the literal above
            reader.execute(query)
        else:
            # sql-safe: names from KEY_COLUMNS, or the literal above
            reader.execute(query + " WHERE p.id = ANY(%s)", (list(partner_ids),))
        written = []

        def write(values):
            written.append(self._dedup_write_keys(values, batch_size))

        try:
            self._dedup_keys_by_batch(iter(lambda: reader.fetchmany(batch_size), []),
                                      processes, write)
        finally:
            reader.close()
        return sum(written)

    @api.model
    def _dedup_keys_by_batch(self, batches, processes, write):
        """WRITE the keys of each of BATCHES, computed in PROCESSES child
        processes, or here when there are none or none can start."""
        children = []
        try:
            for _ in range(processes if can_spawn() else 0):
                children.append(KeysProcess())
        except OSError as error:  # no memory or processes left to start one
            _logger.warning("duplicate keys: computed in the server (%s)", error)
        try:
            if children:
                keys_in_children(batches, children, write)
            else:
                for rows in batches:
                    write(batch_key_values(rows))
        finally:
            for child in children:
                child.close()

    @api.model
    def _dedup_write_keys(self, values, batch_size):
        """Write (id, key...) tuples with one UPDATE; returns how many."""
        execute_values(self.env.cr._obj, WRITE_KEYS_STATEMENT, values,
                       template=WRITE_KEYS_TEMPLATE, page_size=batch_size)
        return len(values)

    @api.model
    def find_duplicate_groups(self, domain, threshold=None):
        """Groups of likely duplicates among the partners matching `domain`
        that the user can see (callable over XML-RPC).

        :param domain: a search domain on res.partner, e.g. [('is_prospect', '=', True)]
        :param threshold: the lowest score of a pair to report, between 0 and 1
            (default: the threshold of CRM > Configuration > Settings)
        :return: a list of {'partner_ids': [ids], 'score': the match
            probability of the group's weakest link, in [0, 1], 'reasons':
            [text, ...], 'explanation': [{'field', 'level', 'weight'}, ...]
            (weight in bits: how much each comparison counted, on average
            over the group's links)}, best groups first; dismissed pairs are
            not proposed.
        """
        found = DuplicateFinder(self.env, domain, threshold=threshold).run()
        texts = self.env["crm.prospect.dedup.group"]._reason_texts(
            [group["reasons"] for group in found])
        return [{"partner_ids": group["partner_ids"], "score": group["score"],
                 "reasons": text,
                 "explanation": [{"field": field, "level": level, "weight": weight}
                                 for field, level, weight in group["reasons"]]}
                for group, text in zip(found, texts)]

    @api.multi
    def _dedup_match_records(self, total=None):
        """MatchRecords of these partners from their stored keys (with the
        shares of partners bearing their name and city), by id. TOTAL: about
        how many partners there are, when the caller knows it."""
        cr = self.env.cr
        total = total or partner_total(cr)
        common = {column: common_shares(cr, column) for column in COUNTED_KEY_FIELDS}
        # the values PostgreSQL's statistics already show frequent are not counted
        frequent = {column: [value for value, share in shares.items() if share * total >= FREQUENT]
                    for column, shares in common.items()}
        # the statements are module constants; values as params
        # sql-safe: PARTNER_KEYS_SQL, RECORD_SQL, COUNTED_VALUES_SQL are module constants
        cr.execute("""
            WITH p AS (SELECT %s FROM res_partner p WHERE p.id = ANY(%%(ids)s))
            , nc AS (%s)
            , cc AS (%s)
            SELECT %s FROM p
              LEFT JOIN nc ON nc.value = p.name
              LEFT JOIN cc ON cc.value = p.city
        """ % (PARTNER_KEYS_SQL,
               COUNTED_VALUES_SQL.format(column="name", key="dedup_name_key"),
               COUNTED_VALUES_SQL.format(column="city", key="dedup_city_key"), RECORD_SQL),
            {"ids": self.ids, "total": total, "cap": FREQUENT,
             "dedup_name_key": frequent["dedup_name_key"],
             "dedup_city_key": frequent["dedup_city_key"]})
        records = {row[0]: record_from_row(row) for row in cr.fetchall()}
        return {partner_id: self._dedup_frequent_shares(record, total, common)
                for partner_id, record in records.items()}

    @api.model
    def _dedup_frequent_shares(self, record, total, common):
        """`record` with the shares of its name and city taken from the
        planner's statistics (COMMON: {column: {value: share}}) when they are
        frequent (counted up to FREQUENT)."""
        changes = {}
        for field, column in (("name", "dedup_name_key"), ("city", "dedup_city_key")):
            share = getattr(record, field + "_freq")
            if share is not None and share * total >= FREQUENT:
                changes[field + "_freq"] = max(share, common[column].get(
                    getattr(record, field), 0.0))
        return record._replace(**changes) if changes else record

    @api.model
    def _dedup_check_domain(self, domain):
        """Refuse what is not a search domain, with a clear message; returns
        the domain as a list of tuples."""
        if not is_search_domain(domain):
            raise UserError(_("The domain must be a list of conditions, such as "
                              "[('is_prospect', '=', True)]."))
        if len(domain) > MAX_DOMAIN_TERMS:
            raise UserError(_("The domain has %d conditions: at most %d are accepted.")
                            % (len(domain), MAX_DOMAIN_TERMS))
        domain = [term if isinstance(term, str) else tuple(term) for term in domain]
        try:
            with self.env.cr.savepoint():
                self.search_count(domain)
        except (ValueError, KeyError, TypeError, IndexError, AssertionError,
                psycopg2.Error) as error:
            raise UserError(_("The domain %s is not valid: %s") % (domain, error))
        return domain

    @api.model
    def _dedup_domain_from_text(self, text):
        """The domain written as TEXT: a literal list of conditions, read
        without evaluating any expression, then checked."""
        if not isinstance(text, str) or len(text) > MAX_DOMAIN_TEXT:
            raise UserError(_("The domain must be the text of a list of conditions of at most "
                              "%d characters.") % MAX_DOMAIN_TEXT)
        try:
            domain = ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            raise UserError(_("The domain %s is not valid: write a list of conditions, such as "
                              "[('is_prospect', '=', True)].") % text[:200])
        return self._dedup_check_domain(domain)
