"""The full duplicate check's SQL stages one by one, in this process, rolled
back at the end: the select, each blocking pass, the candidate filter.

    .venv/bin/python bench/bench_check_stages.py -c CONF -d DB \
        [--pairs-out FILE] [--sample-out FILE]

--pairs-out writes the candidate pairs (a, b, passes, sorted) to compare two
versions of the code; --sample-out pickles a fixed sample of the candidate
pairs with both partners' rows and the model, for bench_pair_cpu.py.
"""
import argparse
import os
import pickle
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_dedup import bench_user  # noqa: E402

SAMPLE_MODULO = 20  # about one candidate pair in 20, chosen by their ids


def backend_cpu(pid):
    """CPU seconds used so far by the PostgreSQL backend PID (same machine)."""
    with open("/proc/%d/stat" % pid) as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / float(os.sysconf("SC_CLK_TCK"))


def measure_backend(finder, cpu):
    """Wrap the finder's steps to add their backend CPU seconds to CPU."""
    finder.cr.execute("SELECT pg_backend_pid()")
    pid = finder.cr.fetchone()[0]

    def wrap(name, label):
        method = getattr(finder, name, None)
        if method is None:  # not in this version of the finder
            return

        def run(*args):
            before = backend_cpu(pid)
            result = method(*args)
            key = label(args)
            cpu[key] = cpu.get(key, 0.0) + backend_cpu(pid) - before
            return result
        setattr(finder, name, run)
    wrap("_run_pass", lambda args: args[1])
    wrap("_name_passes", lambda args: "name passes")
    wrap("_candidate_pairs", lambda args: "candidate pairs")
    wrap("_select_partners", lambda args: "select")
    return pid


def print_backend_cpu(finder, cpu):
    passes = [name for name, _pairs, _seconds in finder.passes]
    name_passes = passes[-3:]
    similarity = cpu.pop("name passes", None)
    if similarity is not None:
        cpu["name similarity"] = similarity - sum(cpu[name] for name in name_passes)
    steps = passes + ["name similarity"]
    cpu["candidate filter"] = cpu["candidate pairs"] - sum(cpu.get(name, 0.0) for name in steps)
    print("  CPU seconds of the PostgreSQL backend:")
    for name in ["select"] + steps + ["candidate filter", "candidate pairs"]:
        if name in cpu:
            print("    %-49s %6.1f s" % (name, cpu[name]))
    print("    name passes, name similarity and candidate filter  %6.1f s" % sum(
        cpu.get(name, 0.0) for name in name_passes + ["name similarity", "candidate filter"]),
        flush=True)


def timed(label, function):
    start, cpu = time.time(), time.process_time()
    result = function()
    print("  %-28s %7.1f s (%.1f s of CPU in this process)"
          % (label, time.time() - start, time.process_time() - cpu), flush=True)
    return result


def write_pairs(cr, path):
    with open(path, "w") as output:
        cr.copy_expert("COPY (SELECT a, b, passes FROM dedup_candidate ORDER BY a, b) TO STDOUT",
                       output)
    print("  candidate pairs written to %s" % path)


def write_sample(finder, path):
    """Pickle for bench_pair_cpu.py: the model and threshold, the sampled
    pairs (passes, then both partners' RECORD_COLUMNS), partners for the
    random pairs, and the training's other arguments."""
    from odoo.addons.crm_prospect_dedup.models import duplicate_finder
    cr = finder.cr
    where = "hashint8(d.a::bigint * 1000003 + d.b) %% {0} = 0".format(SAMPLE_MODULO)
    cr.execute(finder._pairs_query(where, extra="d.passes"), {"total": finder.total_partners})
    rows = cr.fetchall()
    # sql-safe: RECORD_SQL is a module constant; values as params
    cr.execute("""
        SELECT {columns} FROM dedup_partner p
          LEFT JOIN dedup_name_count nc ON nc.value = p.name
          LEFT JOIN dedup_city_count cc ON cc.value = p.city
         WHERE p.id %% 25 = 0 ORDER BY p.id LIMIT %(limit)s
    """.format(columns=duplicate_finder.RECORD_SQL),
               {"limit": duplicate_finder.RANDOM_RECORDS, "total": finder.total_partners})
    random_rows = cr.fetchall()
    sample = {"model": finder.model.as_dict(), "threshold": finder.threshold, "rows": rows,
              "random_rows": random_rows, "pass_names": duplicate_finder.PASS_NAMES,
              "excluded": duplicate_finder.EXCLUDED, "exact_u": finder._exact_u(),
              "sample_rate": float(len(rows)) / finder.candidate_count,
              "total_pairs": finder._comparable_pairs(),
              "random_pairs": duplicate_finder.RANDOM_PAIRS}
    with open(path, "wb") as output:
        pickle.dump(sample, output, protocol=pickle.HIGHEST_PROTOCOL)
    print("  %d sampled pairs written to %s" % (len(rows), path))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--pairs-out")
    parser.add_argument("--sample-out")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    from odoo.addons.crm_prospect_dedup.models.duplicate_finder import DuplicateFinder
    registry = odoo.registry(args.database)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        finder = DuplicateFinder(env(user=bench_user(env).id), [])
        cr.execute("SET LOCAL work_mem = '256MB'")
        cpu = {}
        measure_backend(finder, cpu)
        timed("select", finder._select_partners)
        print("  %d partners" % finder.partner_count)
        start = time.time()
        timed("candidate pairs", finder._candidate_pairs)
        passes = sum(seconds for _name, _pairs, seconds in finder.passes)
        for name, pairs, seconds in finder.passes:
            print("    pass %-22s %9d pairs %6.1f s" % (name, pairs, seconds))
        steps = dict(finder.timings)
        for name, (wall, _cpu) in sorted(steps.items()):
            print("    %-49s %6.1f s" % (name, wall))
        print("    candidate filter %23d pairs %6.1f s"
              % (finder.candidate_count,
                 time.time() - start - passes - sum(wall for wall, _cpu in steps.values())),
              flush=True)
        print_backend_cpu(finder, cpu)
        if args.pairs_out:
            write_pairs(cr, args.pairs_out)
        if args.sample_out:
            write_sample(finder, args.sample_out)
        cr.rollback()


if __name__ == "__main__":
    main()
