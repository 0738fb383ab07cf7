"""Upgrading from 11.0.1.x: the company sets move into OCA's partner_multi_company.

Until 11.0.1.1.0 this addon kept its own sets in res_partner_company_share_rel
(an empty set meaning every company), and its install had emptied the sets of
internal users' and companies' partners. OCA's addon, installed by the upgrade
as a new dependency, has just filled its own table from company_id, which then
held only the single company of a set of one. Here, before the models load:

- every partner's set becomes the one this addon kept, in OCA's table;
- internal users' and companies' partners left without a set get back the
  company Odoo gives them (their user's current company, the company itself),
  so that other companies may read but no longer change them;
- the rule mirrors are filled in SQL, the old table dropped.
"""
import logging

from odoo.addons.crm_prospect_status.hooks import (
    OCA_COMPANY, OCA_PARTNER, OCA_RELATION, create_company_mirrors)
from odoo.tools import sql

_logger = logging.getLogger(__name__)
OLD_RELATION = "res_partner_company_share_rel"


def migrate(cr, version):
    if not version:
        return
    if sql.table_exists(cr, OLD_RELATION):
        move_company_sets(cr)
    create_company_mirrors(cr)


def move_company_sets(cr):
    # sql-safe: OCA_* and OLD_RELATION are constants
    cr.execute("DELETE FROM {relation}".format(relation=OCA_RELATION))
    # sql-safe: table and column names are the module's constants
    cr.execute("""
        INSERT INTO {relation} ({partner}, {company})
        SELECT partner_id, company_id FROM {old} ON CONFLICT DO NOTHING
    """.format(relation=OCA_RELATION, partner=OCA_PARTNER, company=OCA_COMPANY,
               old=OLD_RELATION))
    moved = cr.rowcount
    # sql-safe: table and column names are the module's constants
    cr.execute("""
        INSERT INTO {relation} ({partner}, {company})
        SELECT DISTINCT ON (p.id) p.id, u.company_id
          FROM res_partner p JOIN res_users u ON u.partner_id = p.id
         WHERE p.partner_share IS FALSE AND NOT u.share
           AND NOT EXISTS (SELECT 1 FROM {relation} r WHERE r.{partner} = p.id)
         ORDER BY p.id, u.active DESC, u.id
    """.format(relation=OCA_RELATION, partner=OCA_PARTNER, company=OCA_COMPANY))
    users = cr.rowcount
    # sql-safe: table and column names are the module's constants
    cr.execute("""
        INSERT INTO {relation} ({partner}, {company})
        SELECT DISTINCT ON (c.partner_id) c.partner_id, c.id FROM res_company c
         WHERE c.partner_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM {relation} r WHERE r.{partner} = c.partner_id)
         ORDER BY c.partner_id, c.id
    """.format(relation=OCA_RELATION, partner=OCA_PARTNER, company=OCA_COMPANY))
    companies = cr.rowcount
    # sql-safe: table and column names are the module's constants
    cr.execute("DROP TABLE {old}".format(old=OLD_RELATION))
    cr.execute("DELETE FROM ir_model_relation WHERE name = %s", (OLD_RELATION,))
    _logger.info("company sets moved into partner_multi_company: %d links, "
                 "%d internal users' and %d companies' partners given their company",
                 moved, users, companies)
