"""What the benchmarks of duplicates kept out share: the partners loaded by
generate_partners.py given their company (OCA's set and its mirrors, which
the record rules read), and the CRM manager who runs the checks."""
import argparse

import odoo

from bench_dedup import bench_user  # noqa: F401 (the CRM manager who runs the checks)


def give_companies(cr):
    """Partners loaded by SQL without a company set get their company_id's
    (generate_partners.py does not fill them): returns how many."""
    # (imported once the command line has set the addons path)
    from odoo.addons.crm_prospect_status.hooks import (OCA_COMPANY, OCA_PARTNER, OCA_RELATION,
                                                       fill_company_mirrors)
    # sql-safe: OCA_* are constants of crm_prospect_status.hooks
    cr.execute("""
        INSERT INTO {relation} ({partner}, {company})
        SELECT p.id, p.company_id FROM res_partner p
         WHERE p.company_id IS NOT NULL AND p.id IN (SELECT partner_id FROM bench_dedup_label)
           AND NOT EXISTS (SELECT 1 FROM {relation} r WHERE r.{partner} = p.id)
    """.format(relation=OCA_RELATION, partner=OCA_PARTNER, company=OCA_COMPANY))
    added = cr.rowcount
    if added:
        fill_company_mirrors(cr)
    return added


def arguments_and_registry(description, options):
    """The command line (-c, -d and OPTIONS: {name: (type, default)}) and
    the registry of the database."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    for name, (kind, default) in options.items():
        parser.add_argument("--" + name, type=kind, default=default)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    return args, odoo.registry(args.database)
