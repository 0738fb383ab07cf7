"""The incremental duplicate check on a database loaded by generate_partners.py:
CHANGED partners changed since the last check, each compared with every
partner; its time, and whether it finds the groups a full check finds for
those partners.

    .venv/bin/python bench/bench_incremental.py -c .run/odoo-bench.conf -d DB [--changed 1000] \
        [--full-groups FILE] [--seed 0.42] [--explain 1] [--candidates 1]

(--full-groups: the full check's groups are saved there, and read from there
when it exists, to measure the incremental check again without the full one.)

1. A full check over every partner, as the CRM manager (it learns and
   stores the weights, which the incremental check then uses).
2. A previous incremental check is recorded as done, then CHANGED random
   partners are changed after it (their write_date, moved past the last
   check); the incremental check runs as the nightly job runs it.
3. For the changed partners, the pairs (changed partner, other member of its
   group) of both checks are compared.
4. With --explain 1, each pair that one check has and the other has not is
   printed with, for each blocking pass of the full check, the distance of
   its two partners in the pass's block (a pass pairs them at a distance of
   at most its window; "-": not in one block), over every partner (a full
   check's selection, about half a minute on a million partners).
5. With --candidates 1, the candidate pairs with a changed partner (and the
   passes that found each) of a full check's blocking (its selection and
   passes, no learning nor scores: minutes on a million partners) and of the
   incremental check's are compared.
Nothing is committed but the company sets of the loaded partners (and the
full check's learned weights).
"""
import json
import logging
import os
import sys
import time

from odoo import SUPERUSER_ID, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_setup import arguments_and_registry, bench_user  # noqa: E402


def pairs_of(groups, changed):
    """{(changed partner, other member)} of the groups (lists of ids)."""
    return {(member, other) for group in groups for member in group if member in changed
            for other in group if other != member}


def block_ranks(cr, ids):
    """{pass: {id: (block, rank)}} of IDS in each pass of the full check,
    over the partners of the full check's dedup_partner."""
    from odoo.addons.crm_prospect_dedup.models.duplicate_finder import (
        BLOCKING_PASSES, NAME_ORDERS, key_rows_sql)
    ranks = {}
    for name, key, _on in BLOCKING_PASSES:
        cr.execute("""
            WITH k AS MATERIALIZED ({rows})
            SELECT id, key || '/' || is_company::text, rank FROM (
                SELECT id, key, is_company, row_number() OVER (
                    PARTITION BY key, is_company ORDER BY name COLLATE "C", id) AS rank
                  FROM k WHERE key IN (SELECT key FROM k WHERE id = ANY(%s))) r
             WHERE id = ANY(%s)
        """.format(rows=key_rows_sql(key, False)), (ids, ids))
        ranks[name] = cr.fetchall()
    for name, order in NAME_ORDERS:
        cr.execute("""
            SELECT id, is_company::text, rank FROM (
                SELECT id, is_company, row_number() OVER (
                    PARTITION BY is_company ORDER BY ({order}) COLLATE "C", id) AS rank
                  FROM dedup_partner WHERE name IS NOT NULL) r
             WHERE id = ANY(%s)
        """.format(order=order), (ids,))
        ranks[name] = cr.fetchall()
    return ranks


def explain(env, user, pairs, label):
    """Print PAIRS with the distance of their partners in each pass's block."""
    from odoo.addons.crm_prospect_dedup.models.duplicate_finder import DuplicateFinder
    if not pairs:
        return
    finder = DuplicateFinder(env(user=user.id), [])
    finder._select_partners()
    ids = sorted({pid for pair in pairs for pid in pair})
    ranks = block_ranks(env.cr, ids)
    names = dict(env["res.partner"].browse(ids).mapped(lambda p: (p.id, p.name)))
    for a, b in sorted(pairs):
        distances = []
        for name, rows in ranks.items():
            seen = {}
            for pid, block, rank in rows:
                seen.setdefault(pid, []).append((block, rank))
            near = [abs(ra - rb) for block_a, ra in seen.get(a, [])
                    for block_b, rb in seen.get(b, []) if block_a == block_b]
            distances.append("%s %s" % (name, min(near) if near else "-"))
        print("  %s %d %r / %d %r: %s" % (label, a, names[a], b, names[b], ", ".join(distances)))
    finder._drop_tables()


def candidates(finder, changed):
    """{(a, b): passes} of FINDER's candidate pairs with a partner of CHANGED."""
    finder._select_partners()
    finder._candidate_pairs()
    finder.cr.execute("SELECT a, b, passes FROM dedup_candidate WHERE a = ANY(%s) OR b = ANY(%s)",
                      (list(changed), list(changed)))
    pairs = {(a, b): passes for a, b, passes in finder.cr.fetchall()}
    finder._drop_tables()
    return pairs


def compare_candidates(env, user, changed):
    from odoo.addons.crm_prospect_dedup.models.duplicate_finder import DuplicateFinder
    from odoo.addons.crm_prospect_dedup.models.incremental_finder import IncrementalFinder
    start = time.time()
    full = candidates(DuplicateFinder(env(user=user.id), []), changed)
    full_time, start = time.time() - start, time.time()
    incremental = candidates(IncrementalFinder(env(user=user.id), [("id", "in", sorted(changed))],
                                               scope="all"), changed)
    both = set(full) & set(incremental)
    print("candidate pairs of the changed partners: full check's blocking %d (%.1f s), "
          "incremental %d (%.1f s), in both %d, found by the same passes %d" % (
              len(full), full_time, len(incremental), time.time() - start, len(both),
              sum(1 for pair in both if full[pair] == incremental[pair])), flush=True)
    return full, incremental


def full_check(env, user, path):
    """The groups of a full check (learning and storing the weights, then
    committed), or those a previous run saved in PATH."""
    if path and os.path.exists(path):
        with open(path) as saved:
            return json.load(saved), None
    from odoo.addons.crm_prospect_dedup.models.duplicate_finder import DuplicateFinder
    start = time.time()
    groups = [group["partner_ids"] for group in DuplicateFinder(env(user=user.id), []).run()]
    elapsed = time.time() - start
    env.cr.commit()
    if path:
        with open(path, "w") as saved:
            json.dump(groups, saved)
    return groups, elapsed


def change_partners(cr, count, seed):
    """COUNT random loaded partners changed after a last check: the last one
    is dated one hour ahead, the changes two hours ahead (rather than every
    other partner moved back in time, a write over the whole table)."""
    cr.execute("SELECT setseed(%s)", (seed,))
    cr.execute("""
        WITH picked AS (SELECT partner_id FROM bench_dedup_label ORDER BY random() LIMIT %s)
        UPDATE res_partner SET write_date = (now() at time zone 'UTC') + interval '2 hours'
         WHERE id IN (SELECT partner_id FROM picked) RETURNING id
    """, (count,))
    return {row[0] for row in cr.fetchall()}


def previous_check(env, user):
    """A previous incremental check, done; the groups of earlier checks are
    removed (they would hide the incremental check's, which reports new
    groups only)."""
    env.cr.execute("DELETE FROM crm_prospect_dedup_group")
    check = env["crm.prospect.dedup.check"].sudo(user).create({"domain": "[]", "scope": "all"})
    check._set_run_state({"incremental": True, "state": "done"})
    env.cr.execute("UPDATE crm_prospect_dedup_check SET date_start = "
                   "(now() at time zone 'UTC') + interval '1 hour' WHERE id = %s", (check.id,))
    check.invalidate_cache()


def main():
    args, registry = arguments_and_registry(__doc__.splitlines()[0], {
        "changed": (int, 1000), "seed": (float, 0.42), "full-groups": (str, None),
        "explain": (int, 0), "candidates": (int, 0)})
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = bench_user(env)
        cr.commit()
        cr.execute("SELECT count(*) FROM res_partner")
        total = cr.fetchone()[0]
        full, full_time = full_check(env, user, args.full_groups)
        print("full check of %d partners: %s, %d groups" % (
            total, "%.1f s" % full_time if full_time else "groups read from " + args.full_groups,
            len(full)), flush=True)
        previous_check(env, user)
        from odoo.addons.crm_prospect_dedup.models.value_counts import recount_values
        start = time.time()
        recount_values(env)
        print("names and cities counted for the incremental checks (once a week): %.1f s"
              % (time.time() - start), flush=True)
        changed = change_partners(cr, args.changed, args.seed)
        # the finder logs the time of each step at INFO
        logging.getLogger("odoo.addons.crm_prospect_dedup").setLevel(logging.INFO)
        checks = env["crm.prospect.dedup.check"].sudo(user).with_context(dedup_run_inline=True)
        start = time.time()
        check = checks.browse(checks.start_incremental([]))
        incremental_time = time.time() - start
        incremental = [group.partner_ids.ids for group in check.group_ids]
        expected, found = pairs_of(full, changed), pairs_of(incremental, changed)
        both = expected & found
        print("incremental check of %d changed partners among %d: %.2f s (target 1,000 among "
              "1,000,000 in 5 s), %d partners compared, %d groups"
              % (len(changed), total, incremental_time, check.partner_count, len(incremental)))
        print("pairs of the changed partners: full check %d, incremental %d, in both %d; "
              "same groups: %s; recall of the full check's %.3f, pairs the full check has not %d"
              % (len(expected), len(found), len(both), "yes" if expected == found else "no",
                 len(both) / float(len(expected) or 1), len(found - expected)), flush=True)
        if args.explain:
            undirected = lambda pairs: {tuple(sorted(pair)) for pair in pairs}  # noqa: E731
            explain(env, user, undirected(expected - found), "missed")
            explain(env, user, undirected(found - expected), "extra")
        if args.candidates:
            full_pairs, incremental_pairs = compare_candidates(env, user, changed)
            if args.explain:
                explain(env, user, set(full_pairs) ^ set(incremental_pairs), "candidate")
        cr.rollback()


if __name__ == "__main__":
    main()
