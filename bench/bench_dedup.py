"""Benchmarks of crm_prospect_dedup on a database loaded by generate_partners.py.

    .venv/bin/python bench/bench_dedup.py -c .run/odoo-bench.conf -d DB \
        [--only check,stock,typing,merge]

1. check:  Check duplicates over every partner, run as the background job
           runs it, in a fresh Odoo process: time and peak memory (VmHWM) of
           that process; precision and recall on the labelled pairs.
2. stock:  Odoo 11's own "Deduplicate Contacts" grouping
           (base.partner.merge.automatic.wizard: exact lower(name), lower(email),
           VAT without spaces) on the same data: time, precision, recall.
3. typing: the warning of the partner form, on prospects being typed
           (existing ones with slips, and new ones): median and 95th percentile.
4. merge:  10 partners with 1,000 related records each merged into one through
           the merge wizard: time, and references counted before and after.
"""
import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from population import Population  # noqa: E402
from common import peak_rss_mb  # noqa: E402

BENCH_LOGIN = "bench_manager"


def child_peak_rss_mb():
    """Peak memory of the largest child process (the pair scorer)."""
    import resource
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0


def bench_user(env):
    users = env["res.users"].with_context(active_test=False)
    user = users.search([("login", "=", BENCH_LOGIN)])
    if not user:
        user = users.with_context(no_reset_password=True).create({
            "name": "Bench Manager", "login": BENCH_LOGIN,
            "groups_id": [(6, 0, [env.ref("sales_team.group_sale_manager").id])]})
    return user


# -- 1. the check, in its own process ------------------------------------------------

def run_check_process(args):
    """Child process: create a check over every partner as the CRM manager and
    run it as the job runner does; print JSON with time and memory."""
    from common import run_check_job
    # the finder logs its passes (pairs and seconds of each) at INFO
    logging.getLogger("odoo.addons.crm_prospect_dedup").setLevel(logging.INFO)
    registry = odoo.registry(args.database)
    with api.Environment.manage():
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            user = bench_user(env)
            check = env["crm.prospect.dedup.check"].sudo(user).create({"domain": "[]"})
            check._set_run_state({"state": "queued"})
            check_id = check.id
            cr.commit()
        rss_before = peak_rss_mb()
        start = time.time()
        run_check_job(args.database, check_id)
        elapsed = time.time() - start
        with registry.cursor() as cr:
            cr.execute("SELECT state, partner_count, pair_count, error "
                       "FROM crm_prospect_dedup_check WHERE id = %s", (check_id,))
            state, partners, pairs, error = cr.fetchone()
    print(json.dumps({"check_id": check_id, "seconds": elapsed, "state": state, "error": error,
                      "partners": partners, "pairs": pairs, "rss_before_mb": rss_before,
                      "peak_rss_mb": peak_rss_mb(), "child_peak_rss_mb": child_peak_rss_mb()}))


def pair_quality(cr, groups_sql, params=()):
    """(predicted pairs, true pairs among them, labelled pairs) for the groups
    returned by GROUPS_SQL (one array of partner ids per row)."""
    cr.execute("CREATE TEMP TABLE IF NOT EXISTS bench_found (partner_id integer, grp integer)")
    cr.execute("TRUNCATE bench_found")
    cr.execute("INSERT INTO bench_found SELECT unnest(ids), row_number() OVER () FROM (%s) g(ids)"
               % groups_sql, params)
    cr.execute("""
        SELECT count(*), count(*) FILTER (WHERE la.entity = lb.entity)
          FROM bench_found a JOIN bench_found b ON a.grp = b.grp AND a.partner_id < b.partner_id
          JOIN bench_dedup_label la ON la.partner_id = a.partner_id
          JOIN bench_dedup_label lb ON lb.partner_id = b.partner_id
    """)
    predicted, correct = cr.fetchone()
    cr.execute("SELECT COALESCE(sum(n * (n - 1) / 2), 0) FROM "
               "(SELECT count(*) AS n FROM bench_dedup_label GROUP BY entity) e")
    labelled = cr.fetchone()[0]
    return predicted, correct, labelled


def report_quality(name, predicted, correct, labelled):
    precision = correct / predicted if predicted else 1.0
    recall = correct / labelled if labelled else 1.0
    print("  %-38s precision %.4f  recall %.4f  (%d pairs proposed, %d right, %d labelled)"
          % (name, precision, recall, predicted, correct, labelled), flush=True)
    return precision, recall


def bench_check(args, registry):
    print("== Check duplicates over every partner (background job, fresh process)", flush=True)
    output = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "-c", args.config, "-d", args.database,
         "--check-process"], stdout=subprocess.PIPE, check=True).stdout.decode()
    result = json.loads(output.strip().splitlines()[-1])
    if result["state"] != "done":
        raise SystemExit("the check failed: %s" % result["error"])
    print("  %d partners, %d candidate pairs scored: %.1f s; peak memory of the Odoo process "
          "%.0f MB (%.0f MB before the check), of its largest pair scorer process %.0f MB" % (
              result["partners"], result["pairs"], result["seconds"], result["peak_rss_mb"],
              result["rss_before_mb"], result["child_peak_rss_mb"]), flush=True)
    with registry.cursor() as cr:
        cr.execute("SELECT count(*), COALESCE(max(partner_count), 0) FROM crm_prospect_dedup_group "
                   "WHERE check_id = %s", (result["check_id"],))
        groups, biggest = cr.fetchone()
        print("  %d groups (largest: %d partners)" % (groups, biggest))
        cr.execute("SELECT threshold FROM crm_prospect_dedup_check WHERE id = %s",
                   (result["check_id"],))
        threshold = cr.fetchone()[0]
        quality = pair_quality(cr, """
            SELECT array_agg(r.partner_id) FROM crm_prospect_dedup_group g
              JOIN crm_prospect_dedup_group_partner_rel r ON r.group_id = g.id
             WHERE g.check_id = %s GROUP BY g.id""", (result["check_id"],))
        precision, recall = report_quality("ours at the default threshold %.2f" % threshold,
                                           *quality)
        result.update(method="ours", path="background check", precision=precision,
                      recall=recall, f1=2 * precision * recall / (precision + recall or 1),
                      peak_mb=result["peak_rss_mb"] + result["child_peak_rss_mb"])
        cr.execute("""
            SELECT g.reasons, count(*) FROM crm_prospect_dedup_group g
             WHERE g.check_id = %s GROUP BY 1 ORDER BY 2 DESC LIMIT 8""", (result["check_id"],))
        print("  most frequent reasons: " + "; ".join("%s: %d" % row for row in cr.fetchall()))
    return result


def export_csv(registry, path):
    """The partners with their labels, as bench/splink_peer.py --csv reads
    them (entity empty for a partner with no duplicate)."""
    with registry.cursor() as cr, open(path, "w") as output:
        cr.copy_expert("""
            COPY (SELECT p.id, CASE WHEN e.n > 1 THEN l.entity END AS entity, p.is_company,
                         p.name, p.street, p.street2, p.city, p.zip, p.email,
                         COALESCE(p.phone, p.mobile) AS phone, p.vat, p.website
                    FROM res_partner p
                    LEFT JOIN bench_dedup_label l ON l.partner_id = p.id
                    LEFT JOIN (SELECT entity, count(*) AS n FROM bench_dedup_label
                                GROUP BY entity) e ON e.entity = l.entity
                   WHERE p.active)
            TO STDOUT WITH (FORMAT csv, HEADER)""", output)
    print("  partners exported to %s" % path, flush=True)


# -- 2. Odoo's own grouping ------------------------------------------------------------

def bench_stock(args, registry):
    print("== Odoo 11 Deduplicate Contacts grouping (base.partner.merge.automatic.wizard)",
          flush=True)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        wizard = env["base.partner.merge.automatic.wizard"]
        union = []
        total = 0.0
        for fields in (["name"], ["email"], ["vat"], ["name", "email"]):
            query = wizard._generate_query(fields, maximum_group=0)
            start = time.time()
            cr.execute(query)
            groups = [ids for _min_id, ids in cr.fetchall()]
            elapsed = time.time() - start
            if len(fields) == 1:
                union.extend(groups)
                total += elapsed
            cr.execute("CREATE TEMP TABLE IF NOT EXISTS bench_stock (ids integer[])")
            cr.execute("TRUNCATE bench_stock")
            cr.execute("INSERT INTO bench_stock SELECT unnest(%s::text[])::integer[]",
                       (["{%s}" % ",".join(map(str, ids)) for ids in groups],))
            print("  group by %-12s %.1f s, %d groups" % ("+".join(fields), elapsed, len(groups)),
                  flush=True)
            report_quality("stock, by " + "+".join(fields),
                           *pair_quality(cr, "SELECT ids FROM bench_stock"))
        # the three criteria one after the other, as a user would run them
        cr.execute("TRUNCATE bench_stock")
        cr.execute("INSERT INTO bench_stock SELECT unnest(%s::text[])::integer[]",
                   (["{%s}" % ",".join(map(str, ids)) for ids in _merge_groups(union)],))
        print("  name, then e-mail, then VAT: %.1f s of grouping queries" % total)
        report_quality("stock, name | e-mail | VAT",
                       *pair_quality(cr, "SELECT ids FROM bench_stock"))
        # what the wizard then does per group before showing the first one
        sample = union[:2000]
        merge = wizard.create({"group_by_email": True})
        start = time.time()
        for ids in sample:
            partners = env["res.partner"].search([("id", "in", ids)])
            env["base.partner.merge.line"].create({"wizard_id": merge.id, "min_id": min(ids),
                                                   "aggr_ids": partners.ids})
        per_group = (time.time() - start) / max(len(sample), 1)
        print("  the wizard then searches and stores every group: %.1f ms per group, so about "
              "%.0f s for the %d groups above"
              % (per_group * 1000, per_group * len(union), len(union)))
        cr.rollback()


def _merge_groups(groups):
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x
    for ids in groups:
        for other in ids[1:]:
            a, b = find(ids[0]), find(other)
            if a != b:
                parent[b] = a
    merged = {}
    for x in parent:
        merged.setdefault(find(x), []).append(x)
    return [ids for ids in merged.values() if len(ids) > 1]


# -- 3. the warning while typing ------------------------------------------------------

def bench_typing(args, registry, samples=1000):
    print("== Warning while typing a new prospect (the form's duplicate check)", flush=True)
    population = Population(seed=7)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = bench_user(env)
        cr.execute("""
            SELECT id, name, email, phone, is_company FROM res_partner
             WHERE parent_id IS NULL AND id IN (SELECT partner_id FROM bench_dedup_label)
             ORDER BY md5(id::text) LIMIT %s""", (samples // 2,))
        existing = [dict(zip(("id", "name", "email", "phone", "is_company"), row))
                    for row in cr.fetchall()]
        rows = []
        for row in existing:
            rows.append(("an existing prospect, typed again", dict(population.typed(row))))
        for row, _entity in population.rows(samples - len(rows), dup_rate=0):
            if row["parent"] is None:
                rows.append(("a new prospect", {k: row[k] for k in ("name", "email", "phone",
                                                                     "is_company")}))
        partners = env["res.partner"].sudo(user).with_context(default_is_prospect=True)
        france = env.ref("base.fr").id
        timings = {}
        warned = {}
        for kind, values in rows:
            record = partners.new(dict(values, country_id=france))
            start = time.perf_counter()
            record._compute_dedup_warning()
            timings.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
            warned[kind] = warned.get(kind, 0) + bool(record.dedup_warning)
        everything = sorted(t for values in timings.values() for t in values)
        for kind, values in sorted(timings.items()) + [("every check", everything)]:
            values = sorted(values)
            print("  %-34s n=%4d  median %.1f ms  p95 %.1f ms  max %.1f ms%s" % (
                kind, len(values), statistics.median(values), values[int(len(values) * 0.95) - 1],
                values[-1], "  (warned %d)" % warned[kind] if kind in warned else ""), flush=True)
        cr.rollback()


# -- 4. merge 10 partners x 1,000 related records ----------------------------------------

RELATED = [  # kind, rows per partner, SQL (partner id %(p)s, n rows %(n)s)
    ("messages on the partner", 300, """
        INSERT INTO mail_message (model, res_id, body, message_type, date, author_id, create_date)
        SELECT 'res.partner', %(p)s, 'note ' || i, 'comment', now(), %(p)s, now()
          FROM generate_series(1, %(n)s) i"""),
    ("opportunities", 200, """
        INSERT INTO crm_lead (name, type, partner_id, active, create_date, user_id, company_id)
        SELECT 'Deal ' || i, 'opportunity', %(p)s, TRUE, now(), 1, 1
          FROM generate_series(1, %(n)s) i"""),
    ("child contacts", 100, """
        INSERT INTO res_partner (name, display_name, parent_id, commercial_partner_id, active, type,
                                 is_company, company_id, create_date)
        SELECT 'Contact ' || i, 'Contact ' || i, %(p)s, %(p)s, TRUE, 'contact', FALSE, 1, now()
          FROM generate_series(1, %(n)s) i"""),
    ("followers of the partner", 100, """
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT 'res.partner', %(p)s, id FROM res_partner
         WHERE id IN (SELECT partner_id FROM bench_dedup_label) ORDER BY id LIMIT %(n)s"""),
    ("activities", 100, """
        INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                                   summary, date_deadline, user_id, create_date)
        SELECT (SELECT id FROM ir_model WHERE model = 'res.partner'), 'res.partner', %(p)s, 'x',
               (SELECT min(id) FROM mail_activity_type), 'Call ' || i, current_date + i, 1, now()
          FROM generate_series(1, %(n)s) i"""),
    ("attachments", 100, """
        INSERT INTO ir_attachment (name, type, url, res_model, res_id, create_date)
        SELECT 'doc ' || i, 'url', 'https://example.com/' || i, 'res.partner', %(p)s, now()
          FROM generate_series(1, %(n)s) i"""),
    ("project tasks", 50, """
        INSERT INTO project_task (name, partner_id, kanban_state, active, create_date)
        SELECT 'Task ' || i, %(p)s, 'normal', TRUE, now() FROM generate_series(1, %(n)s) i"""),
    ("tags", 50, """
        INSERT INTO res_partner_res_partner_category_rel (category_id, partner_id)
        SELECT id, %(p)s FROM res_partner_category WHERE name LIKE 'Bench tag %%'
         ORDER BY id LIMIT %(n)s"""),
]


def bench_merge(args, registry, count=10):
    print("== Merge %d partners having 1,000 related records each" % count, flush=True)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = bench_user(env)
        for i in range(60):
            env["res.partner.category"].create({"name": "Bench tag %d" % i})
        partners = env["res.partner"].browse()
        for i in range(count):
            partners |= env["res.partner"].create({
                "name": "Bench Merge Company %d" % i, "is_company": True, "is_prospect": True,
                "email": "merge%d@bench.example" % i, "city": "Lyon"})
        for partner in partners:
            for _kind, rows, sql in RELATED:
                cr.execute(sql % {"p": partner.id, "n": rows})
        env["res.partner"].invalidate_cache()
        merger = env["base.partner.merge.automatic.wizard"]
        before = merger._dedup_count_references(partners.ids)
        total_before = sum(before.values())
        start = time.time()
        wizard = env["crm.prospect.dedup.merge.wizard"].sudo(user).with_context(
            active_model="res.partner", active_ids=partners.ids).create({})
        opened = time.time() - start
        dst = wizard.dst_partner_id
        wizard.action_merge()
        elapsed = time.time() - start
        env["res.partner"].invalidate_cache()
        after_dst = merger._dedup_count_references(dst.ids)
        after_src = merger._dedup_count_references((partners - dst).ids)
        report = json.loads(wizard.merge_report)
        dropped = sum(value[1] for value in report.values())
        print("  merge wizard opened in %.1f s; merged in %.1f s in all (as a CRM manager)"
              % (opened, elapsed))
        print("  %-48s %8s %8s %8s" % ("references (table.column)", "before", "kept", "merged"))
        for key in sorted(set(before) | set(after_dst) | set(after_src)):
            print("  %-48s %8d %8d %8d" % ("%s.%s" % key, before.get(key, 0), after_dst.get(key, 0),
                                          after_src.get(key, 0)))
        total_after = sum(after_dst.values())
        print("  %-48s %8d %8d %8d" % ("total", total_before, total_after, sum(after_src.values())))
        print("  duplicate rows dropped (same tag / follower on several partners): %d; chatter "
              "line added: 1; before - dropped + 1 = %d = after: %s" % (
                  dropped, total_before - dropped + 1, total_before - dropped + 1 == total_after))
        print("  archived: %d of %d" % (len((partners - dst).with_context(active_test=False)
                                            .filtered(lambda p: not p.active)), count - 1))
        cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--only", default="check,stock,typing,merge")
    parser.add_argument("--check-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", help="write the check's figures to this file")
    parser.add_argument("--export-csv", help="write the labelled partners to this CSV file "
                                             "(for bench/splink_peer.py --csv)")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    if args.check_process:
        return run_check_process(args)
    registry = odoo.registry(args.database)
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM res_partner")
        print("database %s: %d partners" % (args.database, cr.fetchone()[0]))
    steps = args.only.split(",")
    if "check" in steps:
        result = bench_check(args, registry)
        if args.json:
            with open(args.json, "w") as output:
                json.dump([dict(result, data="generated")], output)
    if args.export_csv:
        export_csv(registry, args.export_csv)
    if "stock" in steps:
        bench_stock(args, registry)
    if "typing" in steps:
        bench_typing(args, registry)
    if "merge" in steps:
        bench_merge(args, registry)


if __name__ == "__main__":
    main()
