"""The OCA coexistence matrix (issue 16): the Odoo Community Association's
11.0 modules that administrators already run (requirements/oca.txt), with
data in them, then the suite; and the suite first, then them.

For each module: no ERROR line in any install or uninstall log, its data
unchanged (a checksum of its tables and columns), its feature and the
suite's still working, and a clean uninstall of the suite. The modules are
independent of one another, so they share one database per order (a
database from scratch for "OCA first", a copy of the test template for "the
suite first"): a few minutes in all. What each does in the database is in
oca_probes.py; partner_multi_company, which the suite builds on, has its own
test in test_upgrade_uninstall.py.
"""
import json
import os

from conftest import ROOT, _env, _shell, run_odoo as _odoo

OCA_MODULES = ["partner_firstname", "partner_prospect", "mass_mailing_partner",
               "crm_deduplicate_acl", "crm_deduplicate_filter", "crm_deduplicate_by_website",
               "base_search_fuzzy", "queue_job"]
# the three crm_deduplicate_* are probed together, as options of one wizard
PROBED = ["partner_firstname", "partner_prospect", "mass_mailing_partner",
          "crm_deduplicate_by_website", "base_search_fuzzy", "queue_job"]
STOCK = "crm,contacts,project,mass_mailing"
SUITE = sorted(name for name in os.listdir(ROOT)
               if os.path.isfile(os.path.join(ROOT, name, "__manifest__.py")))
PROBES = os.path.join(ROOT, "tests", "oca_probes.py")
PRELUDE = "exec(open(%r).read())\nPROBED = %r\nSUITE = %r\n" % (PROBES, PROBED, SUITE)

PLANT = """
for module in PROBED:
    globals()[module].plant(env)
env.cr.commit()
report("BEFORE", state(env, PROBED, suite_too=False))
"""

CHECK_THEN_UNINSTALL = """
report("INSTALLED", state(env, PROBED, suite_too=True))
env["ir.module.module"].search([("name", "in", SUITE)]).button_immediate_uninstall()
env = env(context={})
env.cr.execute("SELECT name, state FROM ir_module_module WHERE name IN %s", (tuple(SUITE),))
report("SUITE", dict(env.cr.fetchall()))
report("UNINSTALLED", state(env, PROBED, suite_too=False))
"""

# the suite's own data: prospects, their statuses and company sets, and its
# duplicate checks with their jobs in queue_job's job list (queue_job comes
# with the suite: the "suite first" order installs the other modules beside it)
SUITE_DATA = """
import hashlib
def suite_digest(env):
    env.cr.execute("SELECT id, is_prospect, prospect_status_id, company_visible_to_all, "
                   "company_single_id FROM res_partner ORDER BY id")
    partners = env.cr.fetchall()
    env.cr.execute("SELECT c.id, c.state, j.uuid, j.state, j.channel, j.record_ids "
                   "FROM crm_prospect_dedup_check c JOIN queue_job j ON j.id = c.queue_job_id "
                   "ORDER BY c.id")
    checks = env.cr.fetchall()
    assert checks and all(row[1] == row[3] == "done" for row in checks), checks
    return hashlib.sha1(repr((partners, checks)).encode()).hexdigest()
"""
PLANT_SUITE = SUITE_DATA + """
settings = env["res.config.settings"].create({"group_prospect_status": True})
settings.execute()
# as Odoo's vacuum of transient records does: partner_firstname 11.0.1.0.1
# adds a required column to the Settings and logs an ERROR where a row is left
# (docs/oca-coexistence.md)
settings.unlink()
status = env["crm.prospect.status"].search([], limit=1)
for n in range(3):
    env["res.partner"].create({"name": "Suite prospect %d" % n, "is_prospect": True,
                               "prospect_status_id": status.id})
env["crm.prospect.dedup.check"].with_context(dedup_run_inline=True).create(
    {"domain": "[('name', 'like', 'Suite prospect')]"}).action_start()
env.cr.commit()
report("SUITE_DATA", suite_digest(env))
"""
PLANT_AFTER_SUITE = SUITE_DATA + """
report("SUITE_DATA", suite_digest(env))
""" + PLANT + """
report("BOTH", state(env, PROBED, suite_too=True))
"""


def _errors(log):
    return [line for line in log.read_text().splitlines()
            if " ERROR " in line or " CRITICAL " in line]


def _install(db, modules, log):
    result = _odoo("-c", _env("PROSPECTS_ODOO_CONF"), "-d", db, "-i", modules,
                   "--stop-after-init", "--logfile", str(log), "--http-port", "0")
    assert result.returncode == 0, result.stdout
    assert _errors(log) == [], "ERROR lines in %s" % log


def _run(db, script, log):
    """Runs SCRIPT (after the probes) in `odoo shell`: its reports, by label;
    no ERROR line in its log."""
    result = _odoo("shell", "-c", _env("PROSPECTS_ODOO_CONF"), "-d", db, "--http-port", "0",
                   "--logfile", str(log), input=PRELUDE + script)
    assert result.returncode == 0, result.stdout
    assert _errors(log) == [], "ERROR lines in %s" % log
    reports = [line.split(" ", 2)[1:] for line in result.stdout.splitlines()
               if line.startswith("REPORT ")]
    return {label: json.loads(value) for label, value in reports}


def _works(states, key):
    """The modules whose feature KEY ('oca' or 'suite') does not work."""
    return sorted(module for module, state in states.items() if not state[key])


def test_oca_modules_first_then_the_suite_then_its_uninstall(scratch_db, tmp_path):
    _install(scratch_db, ",".join([STOCK] + OCA_MODULES), tmp_path / "oca.log")
    before = _run(scratch_db, PLANT, tmp_path / "plant.log")["BEFORE"]
    assert _works(before, "oca") == [], "OCA's features work on their own"

    _install(scratch_db, ",".join(SUITE), tmp_path / "suite.log")
    after = _run(scratch_db, CHECK_THEN_UNINSTALL, tmp_path / "uninstall.log")
    installed, uninstalled = after["INSTALLED"], after["UNINSTALLED"]
    assert {m: s["digest"] for m, s in installed.items()} == \
        {m: s["digest"] for m, s in before.items()}, "the suite's install keeps OCA's data"
    assert _works(installed, "oca") == [], "OCA's features work beside the suite"
    assert _works(installed, "suite") == [], "the suite's features work beside OCA's"
    assert after["SUITE"] == {name: "uninstalled" for name in SUITE}
    assert {m: s["digest"] for m, s in uninstalled.items()} == \
        {m: s["digest"] for m, s in before.items()}, "the suite's uninstall keeps OCA's data"
    assert _works(uninstalled, "oca") == [], "OCA's features work after the suite's uninstall"


def test_the_suite_first_then_oca_modules(scratch_db, tmp_path):
    _shell('clone_db "$2" "$1"', scratch_db, _env("PROSPECTS_TEMPLATE_DB"))
    suite_data = _run(scratch_db, PLANT_SUITE, tmp_path / "suite.log")["SUITE_DATA"]

    _install(scratch_db, ",".join(OCA_MODULES), tmp_path / "oca.log")
    after = _run(scratch_db, PLANT_AFTER_SUITE, tmp_path / "plant.log")
    assert after["SUITE_DATA"] == suite_data, "OCA's installs keep the suite's data"
    assert _works(after["BOTH"], "oca") == [], "OCA's features work beside the suite"
    assert _works(after["BOTH"], "suite") == [], "the suite's features work beside OCA's"
