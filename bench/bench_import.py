"""The duplicate report of a partner import (base_import, a CSV file) on a
database loaded by generate_partners.py: ROWS rows, of which PLANTED
duplicate existing partners and INSIDE duplicate other rows of the file.
Prints what the import reports, its precision and recall, and the time of
the import with and without the check.

    .venv/bin/python bench/bench_import.py -c .run/odoo-bench.conf -d DB \
        [--rows 1000 --planted 100 --inside 20]

Nothing is committed but the company sets of the loaded partners.
"""
import csv
import io
import os
import random
import sys
import time

from odoo import SUPERUSER_ID, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_setup import arguments_and_registry, bench_user  # noqa: E402
from population import Population  # noqa: E402

FIELDS = ["name", "email", "phone", "vat", "website", "street", "zip", "city", "is_company",
          "is_prospect"]


def existing_companies(cr, count, seed):
    """COUNT loaded companies (with their entity) to plant duplicates of."""
    cr.execute("SELECT setseed(%s)", (seed,))
    cr.execute("""
        SELECT p.id, l.entity, p.name, p.email, p.phone, p.mobile, p.vat, p.website, p.street,
               p.zip, p.city
          FROM res_partner p JOIN bench_dedup_label l ON l.partner_id = p.id
         WHERE p.is_company AND l.entity = p.id AND p.street IS NOT NULL AND p.city IS NOT NULL
           AND p.zip IS NOT NULL
         ORDER BY random() LIMIT %s
    """, (count,))
    names = ("id", "entity", "name", "email", "phone", "mobile", "vat", "website", "street",
             "zip", "city")
    return [dict(zip(names, row), is_company=True) for row in cr.fetchall()]


def build_file(cr, args):
    """The CSV text, and the truth: {row: ('existing', entity) or ('row', row)}."""
    population = Population(args.seed + 1)
    rows, truth = [], {}
    fresh = args.rows - args.planted - args.inside
    for _ in range(fresh):
        rows.append(population.company())
    for partner in existing_companies(cr, args.planted, args.seed / 10.0):
        truth[len(rows)] = ("existing", partner["entity"])
        rows.append(population.duplicate(partner))
    rnd = random.Random(args.seed)
    for original in rnd.sample(range(fresh), args.inside):
        truth[len(rows)] = ("row", original)
        rows.append(population.duplicate(rows[original]))
    order = list(range(len(rows)))
    rnd.shuffle(order)
    position = {old: new for new, old in enumerate(order)}
    truth = {position[row]: (kind, position[target] if kind == "row" else target)
             for row, (kind, target) in truth.items()}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    for old in order:
        row = rows[old]
        writer.writerow([row.get(f) or "" for f in FIELDS[:-2]] + ["1", "1"])
    return out.getvalue(), truth


def run_import(env, user, text, mode):
    record = env["base_import.import"].sudo(user).create({
        "res_model": "res.partner", "file": text.encode(), "file_type": "text/csv"})
    start = time.time()
    messages = record.with_context(tracking_disable=True).do(
        FIELDS, {"headers": True, "separator": ",", "quoting": '"', "encoding": "utf-8",
                 "prospect_dedup": mode})
    return messages, time.time() - start


def quality(cr, messages, truth, first_id):
    """Precision and recall of the reported rows (a row is right when it
    points at the planted partner's entity, or at the planted row)."""
    right = 0
    for message in messages:
        kind_target = truth.get(message["record"])
        if not kind_target:
            continue
        kind, target = kind_target
        if kind == "row":
            right += message["partner_id"] == first_id + target
        else:
            cr.execute("SELECT entity FROM bench_dedup_label WHERE partner_id = %s",
                       (message["partner_id"],))
            found = cr.fetchone()
            right += bool(found) and found[0] == target
    return right / float(len(messages) or 1), right / float(len(truth) or 1)


def main():
    args, registry = arguments_and_registry(__doc__.splitlines()[0], {
        "rows": (int, 1000), "planted": (int, 100), "inside": (int, 20), "seed": (int, 7),
        "show": (int, 10)})
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = bench_user(env)
        cr.commit()
        text, truth = build_file(cr, args)
        _none, plain = run_import(env, user, text, "off")
        cr.rollback()
        cr.execute("SELECT last_value + 1 FROM res_partner_id_seq")
        first_id = cr.fetchone()[0]
        messages, checked = run_import(env, user, text, "report")
        errors = [m for m in messages if m["type"] == "error"]
        reported = [m for m in messages if m["type"] == "warning"]
        for message in reported[:args.show]:
            print("  row %d: %s" % (message["record"] + 2, message["message"]))
        precision, recall = quality(cr, reported, truth, first_id)
        print("import of %d rows (%d planted duplicates of existing partners, %d inside the "
              "file): %d rows reported, %d errors; precision %.3f, recall %.3f"
              % (args.rows, args.planted, args.inside, len(reported), len(errors), precision,
                 recall))
        print("import time: %.1f s without the check, %.1f s with it (x%.2f, target <= 2)"
              % (plain, checked, checked / plain))
        cr.rollback()


if __name__ == "__main__":
    main()
