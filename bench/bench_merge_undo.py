"""Merge with the merge journal, then undo (issue 14).

    .venv/bin/python bench/bench_merge_undo.py -c .run/odoo-bench.conf -d DB \
        [--partners 10] [--scale 1.0]

PARTNERS partners with 1,000 related records each (times SCALE: messages,
opportunities, contacts, followers, activities, attachments, tasks, tags, as
bench_dedup.py's merge) are merged into one through the merge wizard as a CRM
manager, then the merge is undone from its journal. Prints the merge's time,
the journal's share of it (snapshots and lines, timed inside the merge), the
undo's time, and the comparison of every row pointing to the partners before
the merge and after the undo ("0 rows differ"). Everything is rolled back.
"""
import argparse
import collections
import os
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_dedup import RELATED, bench_user  # noqa: E402

FOLLOWERS = ("followers of the partner", 100, """
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT 'res.partner', %(p)s, id FROM res_partner
         WHERE name LIKE 'Bench follower %%' ORDER BY id LIMIT %(n)s""")


class JournalClock:
    """Time spent in the journal's own steps during a merge."""

    def __init__(self, registry):
        self.seconds = 0.0
        self.patched = []
        snapshot = registry["crm.prospect.dedup.merge.snapshot"]
        journal = registry["crm.prospect.dedup.merge.journal"]
        for cls, name in ((snapshot, "_start"), (journal, "_create_for_merge"),
                          (journal, "_finish_merge")):
            self._wrap(cls, name)

    def _wrap(self, cls, name):
        original = getattr(cls, name)
        clock = self

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                clock.seconds += time.perf_counter() - start
        # keep the api decorator of the original
        for attribute in ("_api",):
            if hasattr(original, attribute):
                setattr(timed, attribute, getattr(original, attribute))
        setattr(cls, name, timed)
        self.patched.append((cls, name, original))

    def restore(self):
        for cls, name, original in self.patched:
            setattr(cls, name, original)


def load_partners(env, count, scale):
    cr = env.cr
    for i in range(60):
        env["res.partner.category"].create({"name": "Bench tag %d" % i})
    cr.execute("""
        INSERT INTO res_partner (name, display_name, active, type, is_company, company_id,
                                 create_date)
        SELECT 'Bench follower ' || i, 'Bench follower ' || i, TRUE, 'contact', FALSE, 1, now()
          FROM generate_series(1, 150) i""")
    partners = env["res.partner"].browse()
    for i in range(count):
        partners |= env["res.partner"].create({
            "name": "Bench Merge Company %d" % i, "is_company": True, "is_prospect": True,
            "email": "merge%d@bench.example" % i, "city": "Lyon"})
    related = [FOLLOWERS if kind == FOLLOWERS[0] else (kind, rows, sql)
               for kind, rows, sql in RELATED]
    for partner in partners:
        for _kind, rows, sql in related:
            cr.execute(sql % {"p": partner.id, "n": max(1, int(rows * scale))})
    env["res.partner"].invalidate_cache()
    return partners


def differing_rows(before, after):
    """Rows in one snapshot and not the other (counted with repeats)."""
    differ = 0
    for table in set(before) | set(after):
        old = collections.Counter(before.get(table, []))
        new = collections.Counter(after.get(table, []))
        differ += sum(((old - new) + (new - old)).values())
    return differ


def bench(registry, count, scale):
    from odoo.addons.crm_prospect_dedup.tests.merge_snapshot import (partner_family,
                                                                    reference_snapshot)
    print("== Merge %d partners having %d related records each, with the journal; then undo"
          % (count, int(1000 * scale)), flush=True)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = bench_user(env)
        partners = load_partners(env, count, scale)
        family = partner_family(env, partners.ids)
        before = reference_snapshot(env, family)
        rows_before = sum(len(rows) for rows in before.values())
        wizard = env["crm.prospect.dedup.merge.wizard"].sudo(user).with_context(
            active_model="res.partner", active_ids=partners.ids).create({})
        clock = JournalClock(env.registry)
        try:
            start = time.perf_counter()
            wizard.action_merge()
            merged = time.perf_counter() - start
        finally:
            clock.restore()
        journal = env["crm.prospect.dedup.merge.journal"].sudo(user).search(
            [("kept_partner_id", "=", wizard.dst_partner_id.id)], limit=1)
        cr.execute("SELECT max(id) FROM mail_message")
        last_message = cr.fetchone()[0]
        start = time.perf_counter()
        journal.action_undo()
        undone = time.perf_counter() - start
        env["res.partner"].invalidate_cache()
        after = reference_snapshot(env, family, last_message)
        without = merged - clock.seconds
        print("  rows pointing to the partners (and their contacts): %d" % rows_before)
        print("  journal: %d rows changed, %d duplicate rows dropped (kept whole)"
              % (journal.moved_count, journal.dropped_count))
        print("  merge with the journal: %.2f s (the journal %.2f s: +%.0f %% over the merge "
              "without it, %.2f s)" % (merged, clock.seconds, 100.0 * clock.seconds / without,
                                        without))
        print("  undo: %.2f s" % undone)
        print("  snapshot before the merge / after the undo: %d rows differ"
              % differing_rows(before, after), flush=True)
        cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--partners", type=int, default=10)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="related records per partner, as a share of 1,000")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    bench(odoo.registry(args.database), args.partners, args.scale)


if __name__ == "__main__":
    main()
