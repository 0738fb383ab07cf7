"""Set-based initialisation of the columns this addon adds to res_partner
(fast on databases with a million partners, where an ORM loop would not be),
and what install changes outside its own columns, recorded so that uninstall
puts it back.

The company sets are OCA's (partner_multi_company): install never changes
them. It only replaces OCA's partner rule, which tests the set for every
partner, by this addon's index-friendly rules."""
import json

from odoo import SUPERUSER_ID, api

from .models.table_indexes import indexes_set_aside

OCA_RELATION = "res_company_assignment_res_partner_rel"
OCA_PARTNER, OCA_COMPANY = "res_partner_id", "res_company_assignment_id"
# the rules this addon's own rules replace while it is installed
REPLACED_RULES = ("base.res_partner_rule",)
INSTALL_RECORD = "crm_prospect_status.install_changes"


def create_company_mirrors(cr):
    """Create the stored mirrors of OCA's company sets before Odoo does, and
    fill them in SQL: Odoo would otherwise compute them partner by partner."""
    cr.execute("ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS company_visible_to_all boolean")
    cr.execute("ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS company_single_id integer")
    cr.execute("""
        CREATE TABLE IF NOT EXISTS res_partner_company_multi_rel (
            partner_id integer NOT NULL REFERENCES res_partner(id) ON DELETE CASCADE,
            company_id integer NOT NULL REFERENCES res_company(id) ON DELETE CASCADE,
            UNIQUE (partner_id, company_id))
    """)
    cr.execute("CREATE INDEX IF NOT EXISTS res_partner_company_multi_rel_company_id_partner_id_idx "
               "ON res_partner_company_multi_rel (company_id, partner_id)")
    fill_company_mirrors(cr)


def fill_company_mirrors(cr):
    """The mirrors of every partner, from OCA's sets. Like the ORM, which reads
    the set through res.company.assignment, they skip a company that no longer
    exists (OCA's table has no foreign key on it)."""
    # sql-safe: OCA_* are constants of this module
    cr.execute("""
        WITH sets AS (
            SELECT {partner} AS partner_id, count(*) AS size, min({company}) AS company_id
              FROM {relation} JOIN res_company c ON c.id = {company} GROUP BY {partner})
        UPDATE res_partner p
           SET company_visible_to_all = (s.partner_id IS NULL),
               company_single_id = CASE WHEN s.size = 1 THEN s.company_id END
          FROM res_partner q LEFT JOIN sets s ON s.partner_id = q.id
         WHERE q.id = p.id
           AND (p.company_visible_to_all IS DISTINCT FROM (s.partner_id IS NULL)
                OR p.company_single_id IS DISTINCT FROM CASE WHEN s.size = 1 THEN s.company_id END)
    """.format(partner=OCA_PARTNER, company=OCA_COMPANY, relation=OCA_RELATION))
    cr.execute("DELETE FROM res_partner_company_multi_rel")
    # sql-safe: OCA_* are constants of this module
    cr.execute("""
        INSERT INTO res_partner_company_multi_rel (partner_id, company_id)
        SELECT {partner}, {company} FROM {relation} JOIN res_company c ON c.id = {company}
         WHERE {partner} IN (SELECT {partner} FROM {relation} JOIN res_company c ON c.id = {company}
                              GROUP BY {partner} HAVING count(*) > 1)
    """.format(partner=OCA_PARTNER, company=OCA_COMPANY, relation=OCA_RELATION))


def fill_address_flags(cr):
    """Existing invoice and delivery addresses get the flag of their type."""
    cr.execute("UPDATE res_partner SET is_invoice_address = TRUE "
               "WHERE type = 'invoice' AND parent_id IS NOT NULL")
    cr.execute("UPDATE res_partner SET is_delivery_address = TRUE "
               "WHERE type = 'delivery' AND parent_id IS NOT NULL")


def replace_rules(env):
    """Deactivate the rules ours replace, recording their state first."""
    params = env["ir.config_parameter"].sudo()
    recorded = json.loads(params.get_param(INSTALL_RECORD) or "{}")
    rules = recorded.setdefault("rules", {})
    for xmlid in REPLACED_RULES:
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule is None:
            continue
        rules.setdefault(xmlid, {"active": rule.active, "domain_force": rule.domain_force})
        rule.write({"active": False})
    params.set_param(INSTALL_RECORD, json.dumps(recorded, sort_keys=True))


def restore_rules(env):
    """Put back the rules as install found them."""
    params = env["ir.config_parameter"].sudo()
    recorded = json.loads(params.get_param(INSTALL_RECORD) or "{}")
    for xmlid, state in recorded.get("rules", {}).items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule is not None:
            rule.write(state)
    params.search([("key", "=", INSTALL_RECORD)]).unlink()


def pre_init_hook(cr):
    # every partner's row is rewritten: res_partner's indexes are built afresh after
    with indexes_set_aside(cr, "res_partner"):
        create_company_mirrors(cr)


def post_init_hook(cr, registry):
    fill_address_flags(cr)
    replace_rules(api.Environment(cr, SUPERUSER_ID, {}))


def uninstall_hook(cr, registry):
    restore_rules(api.Environment(cr, SUPERUSER_ID, {}))
