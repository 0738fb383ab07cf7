"""Salespeople's saves while a duplicate check runs over the whole database
(issue 7): how long each save takes, without and with the check running.

    .venv/bin/python bench/bench_saves_during_check.py -c .run/odoo-bench.conf -d DB \
        [--salespeople 4] [--baseline 20] [--workers 0]

On a database loaded by generate_partners.py (`make bench` runs this after
bench_dedup.py), a real Odoo server is started on 127.0.0.1 (threaded, as
`make run` serves it, or with --workers N). Salespeople, each on their own
XML-RPC connection in their own thread, keep saving their prospects as the
form does (a write of the phone, the street or the status, then the read of
the saved record). First for --baseline seconds alone; then the
administrator starts "Check duplicates" over every partner through the
wizard, and the saves go on until the check has finished. Printed: the
figures of both phases (median, 95th percentile, slowest save, saves over a
second) and the check's duration; the target is no save over 1 s.
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import xmlrpc.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROSPECTS_EACH = 50
TARGET_MS = 1000.0


class Connection(object):
    """One user's XML-RPC connection (xmlrpc.client proxies are not thread-safe)."""

    def __init__(self, url, db, login, password):
        self.db, self.password = db, password
        self.uid = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common").authenticate(
            db, login, password, {})
        if not self.uid:
            raise SystemExit("cannot log in as %s" % login)
        self.proxy = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.proxy.execute_kw(self.db, self.uid, self.password, model, method,
                                     list(args), kwargs)


def start_server(config, db, port, workers):
    """A real server on DB; returns once it has preloaded DB and answers.

    (A page asked while Odoo 11 still preloads the database makes two threads
    load the addons at once, which it does not survive: wait for the log.)"""
    log = os.path.join(ROOT, ".run", "bench-saves-server.log")
    command = [os.path.join(ROOT, ".venv", "bin", "python"),
               os.path.join(ROOT, "scripts", "odoo-bin"), "-c", config, "-d", db,
               "--db-filter", "^%s$" % db, "--http-interface", "127.0.0.1",
               "--http-port", str(port), "--longpolling-port", str(port + 3),
               "--max-cron-threads", "0", "--workers", str(workers), "--log-level", "warn",
               "--log-handler", "odoo.addons.crm_prospect_dedup:INFO",
               "--log-handler", "odoo.modules.loading:INFO", "--logfile", log]
    start = os.path.getsize(log) if os.path.exists(log) else 0
    server = subprocess.Popen(command, cwd=ROOT)
    url = "http://127.0.0.1:%d" % port
    deadline = time.time() + 120
    while time.time() < deadline and server.poll() is None:
        if not os.path.exists(log):  # the server has not opened it yet
            time.sleep(0.3)
            continue
        with open(log) as lines:
            lines.seek(start)
            loaded = lines.read().count("Modules loaded.")
        if loaded:
            try:
                urllib.request.urlopen(url + "/web/login", timeout=60)
                return server, url
            except OSError:
                pass
        time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not answer on %s: see %s" % (url, log))


def salespeople(admin, url, db, count):
    """COUNT salespeople of the bench, each owning PROSPECTS_EACH prospects."""
    group = admin.call("ir.model.data", "xmlid_to_res_id", "sales_team.group_sale_salesman")
    prospect_ids = admin.call("res.partner", "search",
                              [("is_prospect", "=", True), ("parent_id", "=", False)],
                              limit=count * PROSPECTS_EACH, order="id desc")
    people = []
    for number in range(count):
        login = "bench_saves_%d" % number
        found = admin.call("res.users", "search", [("login", "=", login)])
        if not found:
            admin.call("res.users", "create", {
                "name": "Bench salesperson %d" % number, "login": login, "password": login,
                "groups_id": [(6, 0, [group])]})
            found = admin.call("res.users", "search", [("login", "=", login)])
        # (a status change is logged in the chatter: its author needs an e-mail)
        admin.call("res.users", "write", found, {"email": "%s@example.com" % login})
        own = prospect_ids[number * PROSPECTS_EACH:(number + 1) * PROSPECTS_EACH]
        admin.call("res.partner", "write", own, {"user_id": found[0]})
        people.append((Connection(url, db, login, login), own))
    return people


def save_loop(connection, prospect_ids, status_ids, stop, latencies, errors):
    """Save prospects one after the other as the form does until STOP is set."""
    chance = random.Random(connection.uid)
    while not stop.is_set():
        partner_id = chance.choice(prospect_ids)
        change = chance.choice([
            {"phone": "+33 1 %02d %02d %02d %02d" % tuple(chance.randrange(100) for _ in range(4))},
            {"street": "%d rue de la Paix" % chance.randrange(1, 200)},
            {"prospect_status_id": chance.choice(status_ids)},
        ])
        start = time.perf_counter()
        try:
            connection.call("res.partner", "write", [partner_id], change)
            connection.call("res.partner", "read", [partner_id],
                            ["name", "phone", "street", "prospect_status_id", "write_date"])
        except (xmlrpc.client.Fault, OSError) as error:
            errors.append(str(error)[:200])
            continue
        latencies.append((time.time(), (time.perf_counter() - start) * 1000))


def run_phase(people, status_ids, until):
    """Everyone saves until `until()` returns; returns the latencies (ms) and errors."""
    stop, latencies, errors = threading.Event(), [], []
    threads = [threading.Thread(target=save_loop,
                                args=(connection, own, status_ids, stop, latencies, errors))
               for connection, own in people]
    for thread in threads:
        thread.start()
    try:
        until()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return latencies, errors


def report(name, timed_latencies, errors):
    latencies = sorted(latency for _end, latency in timed_latencies)
    if not latencies:
        print("%-22s no save went through (%d errors)" % (name, len(errors)))
        return
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)]
    slow = sum(1 for value in latencies if value > TARGET_MS)
    print("%-22s %5d saves  median %6.1f ms  p95 %6.1f ms  slowest %7.1f ms  "
          "over 1 s: %d  errors: %d" % (name, len(latencies), statistics.median(latencies), p95,
                                        latencies[-1], slow, len(errors)), flush=True)
    for error in errors[:3]:
        print("    error: %s" % error)


def report_by_step(timed_latencies, steps):
    """The saves of each step of the check (as seen by polling it every second)."""
    for number, (begin, step) in enumerate(steps):
        end = steps[number + 1][0] if number + 1 < len(steps) else float("inf")
        during = [(at, ms) for at, ms in timed_latencies if begin <= at < end]
        report("  step %s" % step, during, [])


def start_check(admin):
    """The administrator's path: Check duplicates > every record, over all partners."""
    wizard_id = admin.call("crm.prospect.dedup.check.wizard", "create",
                           {"selection": "domain", "domain": "[]", "scope": "among"})
    action = admin.call("crm.prospect.dedup.check.wizard", "action_check", [wizard_id])
    return action["res_id"]


def wait_for_check(admin, check_id, started):
    """Poll the check every second, noting when each of its steps began."""
    def until():
        while True:
            state = admin.call("crm.prospect.dedup.check", "read", [check_id],
                               ["state", "step", "error"])[0]
            if not started["steps"] or started["steps"][-1][1] != state["step"]:
                started["steps"].append((time.time(), state["step"]))
            if state["state"] in ("done", "failed"):
                started["end"] = time.time()
                started["state"] = state
                return
            time.sleep(1)
    return until


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--salespeople", type=int, default=4)
    parser.add_argument("--baseline", type=float, default=20.0, help="seconds of saves alone")
    parser.add_argument("--workers", type=int, default=0, help="0: threaded, as make run")
    parser.add_argument("--port", type=int, default=8469)
    args = parser.parse_args()
    server, url = start_server(args.config, args.database, args.port, args.workers)
    try:
        admin = Connection(url, args.database, "admin", "admin")
        partners = admin.call("res.partner", "search_count", [])
        settings = admin.call("res.config.settings", "create", {"group_prospect_status": True})
        admin.call("res.config.settings", "execute", [settings])
        status_ids = admin.call("crm.prospect.status", "search", [])
        people = salespeople(admin, url, args.database, args.salespeople)
        print("%d partners; %d salespeople saving prospects; server %s"
              % (partners, len(people), "threaded" if not args.workers
                 else "with %d workers" % args.workers), flush=True)
        report("alone", *run_phase(people, status_ids,
                                   lambda: time.sleep(args.baseline)))
        started = {"start": time.time(), "steps": []}
        check_id = start_check(admin)
        print("check over every partner queued in %.2f s"
              % (time.time() - started["start"]), flush=True)
        latencies, errors = run_phase(people, status_ids,
                                      wait_for_check(admin, check_id, started))
        report("during the check", latencies, errors)
        check = admin.call("crm.prospect.dedup.check", "read", [check_id],
                           ["state", "partners_done", "group_count", "duration"])[0]
        print("check: %s, %d partners, %d groups, %.1f s (its own figure %.1f s)"
              % (check["state"], check["partners_done"], check["group_count"],
                 started["end"] - started["start"], check["duration"]))
        report_by_step(latencies, started["steps"])
        worst = max(latency for _end, latency in latencies) if latencies else float("inf")
        print("slowest save during the check: %.1f ms (target <= %d ms): %s"
              % (worst, TARGET_MS, "met" if worst <= TARGET_MS and not errors else "NOT met"))
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    sys.exit(main())
