"""Installing, upgrading and uninstalling the suite on a database that already
holds a million partners (issue 7), each timed, each log checked for ERROR
and CRITICAL lines.

    .venv/bin/python bench/bench_install.py [--partners 1000000] [--base DB] [--keep]

With --base, the filled database (Odoo's modules and the partners, without the
suite) is kept under that name and copied for each run, so that runs of
different code install on the same partners; with --keep, the database with
the suite installed is kept (no upgrade, no uninstall). After the install,
the digest of every partner's duplicate keys is printed: two versions of the
key backfill that print the same digest computed the same keys.

The database gets Odoo's crm, contacts, project and mass_mailing first, then
the partners of bench/population.py (companies, persons, contacts, address
lines, duplicates) spread over three companies, opportunities and activities,
all by set-based SQL; then the suite's addons are installed, upgraded and
uninstalled with Odoo's own command line.
"""
import argparse
import io
import os
import subprocess
import sys
import time

from common import ROOT, shell

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from population import Population  # noqa: E402

ADDONS = ["crm_prospect_status", "crm_prospect_project", "crm_prospect_dedup"]
STAGE_COLUMNS = ("id", "parent_id", "is_company", "name", "email", "phone", "vat", "street", "zip",
                 "city")


def odoo(*args, log=None):
    """Run Odoo's command line; returns (seconds, ERROR/CRITICAL lines of its log)."""
    start = time.time()
    command = [os.path.join(ROOT, ".venv", "bin", "python"), os.path.join(ROOT, "scripts", "odoo-bin")]
    subprocess.run(command + list(args) + (["--logfile", log] if log else []), cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   input=None)
    seconds = time.time() - start
    errors = []
    if log:
        with open(log) as f:
            errors = [line for line in f if " ERROR " in line or " CRITICAL " in line]
    return seconds, errors


def psql(db, sql, stdin=None):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql],
                          input=stdin, universal_newlines=True, check=True, stdout=subprocess.PIPE)


def fill(db, count):
    """COUNT partners over three companies, with opportunities and activities."""
    start = time.time()
    psql(db, "INSERT INTO res_company (name, partner_id, currency_id, sequence) "
             "SELECT 'Bench company ' || i, 1, 1, 10 FROM generate_series(2, 3) i")
    psql(db, "CREATE UNLOGGED TABLE bench_stage (id int, parent_id int, is_company bool, name varchar, "
             "email varchar, phone varchar, vat varchar, street varchar, zip varchar, city varchar)")
    first = int(subprocess.run(["psql", "-X", "-At", "-d", db, "-c",
                                "SELECT max(id) + 1 FROM res_partner"], universal_newlines=True,
                               check=True, stdout=subprocess.PIPE).stdout.strip())
    buffer = io.StringIO()
    for number, (row, _entity) in enumerate(Population(7).rows(count)):
        parent = first + row["parent"] if row["parent"] is not None else None
        values = [first + number, parent, row["is_company"], row["name"], row["email"], row["phone"],
                  row["vat"], row["street"], row["zip"], row["city"]]
        buffer.write("\t".join(r"\N" if v is None else ("t" if v is True else "f" if v is False else
                               str(v).replace("\\", "\\\\").replace("\t", " ")) for v in values) + "\n")
    psql(db, "COPY bench_stage FROM STDIN", stdin=buffer.getvalue())
    psql(db, """
        SELECT setval('res_partner_id_seq', (SELECT max(id) FROM bench_stage));
        INSERT INTO res_partner (id, parent_id, commercial_partner_id, name, display_name, is_company,
                                 customer, supplier, employee, active, type, email, phone, vat,
                                 street, zip, city, company_id, lang, color, partner_share,
                                 opt_out, message_bounce, create_date, write_date)
        SELECT s.id, s.parent_id, COALESCE(s.parent_id, s.id), s.name, s.name, s.is_company,
               TRUE, FALSE, FALSE, TRUE,
               CASE WHEN s.parent_id IS NOT NULL AND s.id % 3 = 0 THEN 'invoice' ELSE 'contact' END,
               s.email, s.phone, s.vat, s.street, s.zip, s.city,
               (SELECT id FROM res_company ORDER BY id OFFSET (s.id % 3) LIMIT 1),
               'fr_FR', 0, TRUE, FALSE, 0, now(), now()
          FROM bench_stage s ORDER BY s.id;
        DROP TABLE bench_stage;
        INSERT INTO crm_lead (name, type, partner_id, active, probability, stage_id, company_id,
                              create_date, write_date, date_last_stage_update, color, day_open, day_close)
        SELECT 'Deal ' || p.id, 'opportunity', p.id, TRUE, 10, (SELECT min(id) FROM crm_stage),
               p.company_id, now(), now(), now(), 0, 0, 0
          FROM res_partner p WHERE p.is_company AND p.id % 10 = 0;
        INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                                   summary, date_deadline, user_id, create_date, write_date)
        SELECT (SELECT id FROM ir_model WHERE model = 'crm.lead'), 'crm.lead', l.id, l.name,
               (SELECT min(id) FROM mail_activity_type), 'Call', current_date + (l.id % 30), 1,
               now(), now()
          FROM crm_lead l WHERE l.id % 2 = 0;
        ANALYZE;
    """)
    return time.time() - start


KEYS_DIGEST = """
    SELECT count(*), md5(string_agg(concat_ws('|', id, %s), E'\\n' ORDER BY id))
      FROM res_partner
"""
KEY_COLUMNS = """
    SELECT column_name FROM information_schema.columns
     WHERE table_name = 'res_partner' AND column_name LIKE 'dedup\\_%' ORDER BY column_name
"""


def keys_digest(db):
    """(partners, md5 of every partner's id and duplicate keys)."""
    def query(sql):
        return subprocess.run(["psql", "-X", "-At", "-F", " ", "-d", db, "-c", sql],
                              universal_newlines=True, check=True,
                              stdout=subprocess.PIPE).stdout.split()
    columns = query(KEY_COLUMNS)
    # sql-safe: column names read from the catalog
    return " ".join(query(KEYS_DIGEST % ", ".join("coalesce(%s, '-')" % c for c in columns)))


def filled_database(db, partners, conf, run_dir):
    """Create DB with Odoo's modules and PARTNERS partners."""
    shell('drop_db "$1"', db)
    modules = shell('echo "$BASE_MODULES"')
    print("installing %s (not measured)..." % modules, flush=True)
    seconds, errors = odoo("-c", conf, "-d", db, "-i", modules, "--stop-after-init",
                           log=os.path.join(run_dir, "bench-install-base.log"))
    assert not errors, errors
    print("filled %d partners, opportunities and activities in %.0f s"
          % (partners, fill(db, partners)), flush=True)


UNINSTALL = ("env['ir.module.module'].search([('name', 'in', %r)]).button_immediate_uninstall()\n"
             "env.cr.commit()\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--partners", type=int, default=1000000)
    parser.add_argument("--db", default="bench_install")
    parser.add_argument("--base", help="keep the filled database under this name, and reuse it")
    parser.add_argument("--keep", action="store_true",
                        help="keep the database with the suite installed (no upgrade, uninstall)")
    parser.add_argument("--fill-only", action="store_true",
                        help="only create the filled database of --base (not timed: run it under "
                             "the shared bench lock, the install under the exclusive one)")
    args = parser.parse_args()
    shell('bash scripts/pg.sh start >&2')
    for variable in ("PGHOST", "PGPORT", "PGUSER"):
        os.environ[variable] = shell('echo "$%s"' % variable)
    run_dir = shell('echo "$RUN_DIR"')
    conf = os.path.join(run_dir, "odoo-bench-install.conf")
    shell('bash scripts/odoo-conf.sh "$1" 8769 no', conf)
    db = args.db
    if args.base:
        if shell('db_exists "$1" && echo yes || true', args.base) != "yes":
            filled_database(args.base, args.partners, conf, run_dir)
        if args.fill_only:
            return
        shell('drop_db "$1"; createdb -T "$2" "$1"', db, args.base)
    else:
        filled_database(db, args.partners, conf, run_dir)
    log = os.path.join(run_dir, "bench-install-%s.log")
    steps = [("install", ["-i", ",".join(ADDONS)], 120), ("upgrade", ["-u", ",".join(ADDONS)], 30)]
    for name, options, target in steps[:1] if args.keep else steps:
        seconds, errors = odoo("-c", conf, "-d", db, "--stop-after-init", *options, log=log % name)
        print("%-9s the three addons: %6.1f s (target <= %d s), %d ERROR/CRITICAL log lines"
              % (name, seconds, target, len(errors)), flush=True)
        if name == "install":
            print("partners, digest of their duplicate keys: %s" % keys_digest(db), flush=True)
    if args.keep:
        return
    start = time.time()
    subprocess.run([os.path.join(ROOT, ".venv", "bin", "python"), os.path.join(ROOT, "scripts", "odoo-bin"),
                    "shell", "-c", conf, "-d", db, "--log-level=warn"], input=UNINSTALL % ADDONS,
                   universal_newlines=True, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    print("uninstall the addons: %6.1f s" % (time.time() - start))
    shell('drop_db "$1"', db)


if __name__ == "__main__":
    main()
