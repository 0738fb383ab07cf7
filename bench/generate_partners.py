"""Load a labelled population of partners into an Odoo database where
crm_prospect_dedup is installed, by set-based SQL, then compute their
duplicate keys as the addon's install does.

    .venv/bin/python bench/generate_partners.py -c .run/odoo-bench.conf -d DB --partners 1000000

The rows are drawn in Python (bench/population.py), streamed with COPY into
a staging table, and inserted into res_partner with one INSERT ... SELECT.
The table bench_dedup_label(partner_id, entity) tells which partners are the
same real-world entity: duplicates share the entity of their original.
"""
import argparse
import io
import os
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from population import Population  # noqa: E402

COLUMNS = ("id", "parent_id", "entity", "is_company", "name", "email", "phone", "mobile", "vat",
           "website", "street", "zip", "city")


def _copy_value(value):
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def load(cr, count, seed):
    """Insert COUNT partners; returns the number of labelled duplicate pairs."""
    from odoo.addons.crm_prospect_status.hooks import (OCA_COMPANY, OCA_PARTNER, OCA_RELATION,
                                                       fill_company_mirrors)
    population = Population(seed)
    cr.execute("SELECT COALESCE(max(id), 0) FROM res_partner")
    first_id = cr.fetchone()[0] + 1
    cr.execute("SELECT setval('res_partner_id_seq', %s)", (first_id + count,))
    cr.execute("""
        DROP TABLE IF EXISTS bench_partner_stage;
        CREATE UNLOGGED TABLE bench_partner_stage (
            id integer, parent_id integer, entity integer, is_company boolean, name varchar,
            email varchar, phone varchar, mobile varchar, vat varchar, website varchar,
            street varchar, zip varchar, city varchar)
    """)
    buffer = io.StringIO()
    for number, (row, entity) in enumerate(population.rows(count)):
        parent = first_id + row["parent"] if row["parent"] is not None else None
        values = [first_id + number, parent, first_id + entity, row["is_company"]] + [
            row[key] for key in COLUMNS[4:]]
        buffer.write("\t".join(_copy_value(v) for v in values) + "\n")
        if buffer.tell() > 32 * 1024 * 1024:
            buffer.seek(0)
            cr.copy_expert("COPY bench_partner_stage FROM STDIN", buffer)
            buffer = io.StringIO()
    buffer.seek(0)
    cr.copy_expert("COPY bench_partner_stage FROM STDIN", buffer)
    cr.execute("SELECT id FROM res_country WHERE code = 'FR'")
    france = cr.fetchone()[0]
    cr.execute("""
        INSERT INTO res_partner (
            id, parent_id, commercial_partner_id, name, display_name, is_company, is_prospect,
            customer, supplier, employee, active, type, email, phone, mobile, vat, website,
            street, zip, city, country_id, company_id, company_single_id, company_visible_to_all,
            lang, color, partner_share, opt_out, message_bounce, create_uid, write_uid,
            create_date, write_date)
        SELECT s.id, s.parent_id, COALESCE(s.parent_id, s.id), s.name,
               CASE WHEN p.name IS NULL THEN s.name ELSE p.name || ', ' || s.name END,
               s.is_company, s.parent_id IS NULL, FALSE, FALSE, FALSE, TRUE, 'contact',
               s.email, s.phone, s.mobile, s.vat, s.website, s.street, s.zip, s.city, %s, 1, 1, FALSE,
               'fr_FR', 0, TRUE, FALSE, 0, 1, 1,
               (now() at time zone 'UTC') - (s.id %% 1000) * interval '1 day',
               (now() at time zone 'UTC')
          FROM bench_partner_stage s LEFT JOIN bench_partner_stage p ON p.id = s.parent_id
         ORDER BY s.id
    """, (france,))
    # their company set (OCA's partner_multi_company), as a salesperson's create gives
    cr.execute("INSERT INTO {relation} ({partner}, {company}) "  # sql-safe: constants
               "SELECT id, 1 FROM bench_partner_stage".format(
                   relation=OCA_RELATION, partner=OCA_PARTNER, company=OCA_COMPANY))
    fill_company_mirrors(cr)
    cr.execute("""
        DROP TABLE IF EXISTS bench_dedup_label;
        CREATE TABLE bench_dedup_label AS SELECT id AS partner_id, entity FROM bench_partner_stage;
        ALTER TABLE bench_dedup_label ADD PRIMARY KEY (partner_id);
        CREATE INDEX ON bench_dedup_label (entity);
        DROP TABLE bench_partner_stage;
    """)
    cr.execute("""
        SELECT COALESCE(sum(n * (n - 1) / 2), 0)::bigint, count(*) FILTER (WHERE n > 1)
          FROM (SELECT count(*) AS n FROM bench_dedup_label GROUP BY entity) e
    """)
    return cr.fetchone()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--partners", type=int, default=1000000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        start = time.time()
        pairs, clusters = load(cr, args.partners, args.seed)
        loaded = time.time() - start
        print("loaded %d partners in %.1f s (%d labelled duplicate pairs in %d clusters)"
              % (args.partners, loaded, pairs, clusters), flush=True)
        env = api.Environment(cr, SUPERUSER_ID, {})
        start = time.time()
        count = env["res.partner"]._dedup_backfill_keys()
        print("duplicate keys of %d partners computed in %.1f s (the addon's install step)"
              % (count, time.time() - start), flush=True)
        cr.commit()
    # dead rows of the key update: reclaim them before measuring anything
    with registry.cursor() as cr:
        cr.autocommit(True)
        start = time.time()
        cr.execute("VACUUM ANALYZE res_partner")
        print("VACUUM ANALYZE res_partner in %.1f s" % (time.time() - start), flush=True)


if __name__ == "__main__":
    main()
