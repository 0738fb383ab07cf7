"""The partner record rule at scale (issues 3 and 16): the prospect list's
first page (80 rows and the count) for a salesperson, on the same partners,
with this project's company-set rule, with the rule it replaces (OCA
partner_multi_company's, which tests the set itself), and with Odoo's stock
rule (the partner's single company) in a database of Odoo's crm and contacts
alone: the reference of the 1.5x target.

    .venv/bin/python bench/bench_partner_rule.py [--partners 1000000] [--runs 20]
        [--oca-runs 20]

Fills a copy of the test template with PARTNERS partners spread over three
companies (set-based SQL), 1 % of them shared by two companies.
"""
import argparse
import time

from common import fresh_database, odoo_registry, shell, timed

LIST_FIELDS = ["display_name", "phone", "email", "city", "country_id", "user_id", "team_id",
               "prospect_status_id"]
STOCK_LIST_FIELDS = LIST_FIELDS[:-1]


def fill(cr, companies, partners):
    """PARTNERS companies, half of them prospects, spread over COMPANIES; one
    in a hundred is shared between its company and the next one."""
    start = time.time()
    cr.execute("""
        CREATE TEMP TABLE bench_rows AS
        SELECT nextval('res_partner_id_seq') AS id, i,
               (%s::int[])[1 + i %% 3] AS company, (%s::int[])[1 + (i + 1) %% 3] AS second_company,
               i %% 100 = 0 AS shared
          FROM generate_series(1, %s) AS i
    """, (companies, companies, partners))
    cr.execute("""
        INSERT INTO res_partner (id, name, display_name, is_company, is_prospect, customer, active, type,
                                 company_id, company_single_id, commercial_partner_id,
                                 company_visible_to_all,
                                 partner_share, city, email, lang, color)
        SELECT id, 'Bench Partner ' || i, 'Bench Partner ' || i, TRUE, i % 2 = 0, i % 2 = 1, TRUE,
               'contact', company, CASE WHEN shared THEN NULL ELSE company END, id, FALSE, TRUE,
               'City ' || (i % 500), 'partner' || i || '@example.com', 'en_US', 0
          FROM bench_rows
    """)
    cr.execute("""
        INSERT INTO res_company_assignment_res_partner_rel (res_partner_id, res_company_assignment_id)
        SELECT id, company FROM bench_rows
        UNION ALL SELECT id, second_company FROM bench_rows WHERE shared
    """)
    cr.execute("""
        INSERT INTO res_partner_company_multi_rel (partner_id, company_id)
        SELECT id, company FROM bench_rows WHERE shared
        UNION ALL SELECT id, second_company FROM bench_rows WHERE shared
    """)
    cr.execute("ANALYZE res_partner; ANALYZE res_company_assignment_res_partner_rel; "
               "ANALYZE res_partner_company_multi_rel")
    return time.time() - start


def fill_stock(cr, companies, partners):
    """The same partners in a database of Odoo's crm and contacts alone: the
    prospects' half are its customers, the shared ones have no company
    (stock Odoo's "every company")."""
    start = time.time()
    cr.execute("""
        INSERT INTO res_partner (name, display_name, is_company, customer, active, type,
                                 company_id, partner_share, city, email, lang, color)
        SELECT 'Bench Partner ' || i, 'Bench Partner ' || i, TRUE, i %% 2 = 0, TRUE, 'contact',
               CASE WHEN i %% 100 = 0 THEN NULL ELSE (%s::int[])[1 + i %% 3] END, TRUE,
               'City ' || (i %% 500), 'partner' || i || '@example.com', 'en_US', 0
          FROM generate_series(1, %s) AS i
    """, (companies, partners))
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL")
    cr.execute("ANALYZE res_partner")
    return time.time() - start


def stock_figures(args):
    """The first page of the customers, Odoo's crm and contacts alone, with
    the partner rule that Odoo ships switched on (partners of the user's
    company, its parents and children, and those of no company)."""
    import odoo
    db = args.db + "_stock"
    shell('drop_db "$1"; install_db "$RUN_DIR/odoo-test.conf" "$1" crm,contacts '
          '"$RUN_DIR/$1.log" --without-demo=all', db)
    registry = odoo_registry(db)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        companies, user = companies_and_user(env)
        env.ref("base.res_partner_rule").active = True
        seconds = fill_stock(cr, [c.id for c in companies], args.partners)
        cr.commit()
        page = first_page(env, user, [("customer", "=", True)], STOCK_LIST_FIELDS)
        print("stock Odoo (crm, contacts): filled in %.1f s; the salesperson of company B sees "
              "%d customers" % (seconds, page.visible))
        figures = timed(page, args.runs)
    odoo.sql_db.close_db(db)
    if not args.keep:
        shell('drop_db "$1"', db)
    return figures


def companies_and_user(env):
    """Companies A, B and C, none the parent of another, and a salesperson of B."""
    company_b = env["res.company"].create({"name": "Bench Company B", "parent_id": False})
    company_c = env["res.company"].create({"name": "Bench Company C", "parent_id": False})
    user = env["res.users"].with_context(no_reset_password=True).create({
        "name": "Bench Salesperson", "login": "bench_sales", "company_id": company_b.id,
        "company_ids": [(6, 0, [company_b.id])],
        "groups_id": [(6, 0, [env.ref("sales_team.group_sale_salesman").id])]})
    return [env.ref("base.main_company"), company_b, company_c], user


def use_rule(env, stock):
    """Ours (read and write rules) or the partner rule they replace (OCA's)."""
    ours = (env.ref("crm_prospect_status.res_partner_rule_company_share")
            | env.ref("crm_prospect_status.res_partner_rule_company_share_write"))
    theirs = env.ref("base.res_partner_rule")
    ours.write({"active": not stock})
    theirs.write({"active": stock})
    env.cr.commit()


def first_page(env, user, domain, fields):
    partners = env["res.partner"].sudo(user)

    def run():
        partners.search_read(domain, fields, limit=80)
        partners.search_count(domain)
        partners.invalidate_cache()
    run.visible = partners.search_count(domain)
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--partners", type=int, default=1000000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--oca-runs", type=int, default=None,
                        help="runs of OCA's rule (seconds each at a million partners)")
    parser.add_argument("--db", default="bench_partner_rule")
    parser.add_argument("--keep", action="store_true", help="keep the database (to explain its plans)")
    args = parser.parse_args()

    stock = stock_figures(args)
    print("%-31s first page + count: median %7.1f ms   p95 %7.1f ms   (%d runs)"
          % (("stock Odoo's own database",) + stock + (args.runs,)))
    db = fresh_database(args.db)
    registry = odoo_registry(db)
    import odoo
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        companies, user = companies_and_user(env)
        seconds = fill(cr, [c.id for c in companies], args.partners)
        cr.commit()
        page = first_page(env, user, [("is_prospect", "=", True)], LIST_FIELDS)
        print("filled %d partners over 3 companies in %.1f s; the salesperson of company B "
              "sees %d prospects" % (args.partners, seconds, page.visible))
        figures = {}
        for name, which, runs in (("OCA's rule (company_ids)", "oca", args.oca_runs or args.runs),
                                  ("this project's rule", "ours", args.runs)):
            use_rule(env, which == "oca")
            figures[which] = timed(page, runs)
            print("%-31s first page + count: median %7.1f ms   p95 %7.1f ms   (%d runs)"
                  % ((name,) + figures[which] + (runs,)))
        print("ratio (ours / stock Odoo's own database, medians): %.2f   target <= 1.5 "
              "and ours < 300 ms" % (figures["ours"][0] / stock[0]))
        print("ratio (ours / OCA's, medians): %.2f" % (figures["ours"][0] / figures["oca"][0]))
        use_rule(env, False)
    odoo.sql_db.close_db(db)
    if not args.keep:
        shell('drop_db "$1"', db)


if __name__ == "__main__":
    main()
