"""F9 in both installs: a database without mass_mailing gets no Marketing tab
and nothing fails; installing mass_mailing later brings the Marketing bridge
in by itself. Uses a fresh database built from scratch (about a minute)."""
import json
import os
import re
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO = [os.path.join(ROOT, ".venv", "bin", "python"), os.path.join(ROOT, "scripts", "odoo-bin")]
ERROR_LINE = re.compile(r"^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ", re.MULTILINE)

# Run by `odoo shell` in the fresh database: what a user of that database gets.
SMOKE_SCRIPT = """
import json
partner = env["res.partner"].create({"name": "Plain CRM Co", "is_prospect": True,
                                     "email": "plain@example.com"})
project = env["project.project"].browse(partner.generate_project())
arch = env["res.partner"].fields_view_get(
    view_id=env.ref("base.view_partner_form").id, view_type="form")["arch"]
print("SMOKE " + json.dumps({
    "project_partner": project.partner_id.id == partner.id,
    "generate_button": "Generate project" in arch,
    "marketing_page": "name=\\"marketing\\"" in arch,
    "marketing_fields": "mailing_list_ids" in env["res.partner"]._fields,
}))
env.cr.rollback()
"""


def _shell(command, *args):
    return subprocess.run(["bash", "-c", "source scripts/env.sh && " + command, "--"] + list(args),
                          cwd=ROOT, check=True, stdout=subprocess.PIPE,
                          universal_newlines=True).stdout


def _install(conf, db, modules, log):
    subprocess.run(ODOO + ["-c", conf, "-d", db, "-i", modules, "--stop-after-init",
                           "--logfile", str(log), "--log-level", "info"], cwd=ROOT, check=True)
    text = log.read_text()
    assert ERROR_LINE.findall(text) == [], "ERROR lines in %s" % log
    return text


def _module_states(db):
    rows = _shell("psql_q -d \"$1\" -c \"SELECT name, state FROM ir_module_module WHERE name IN "
                  "('mass_mailing', 'crm_prospect_status', 'crm_prospect_project', "
                  "'crm_prospect_marketing')\" -F ' '", db)
    return dict(line.split() for line in rows.splitlines())


@pytest.fixture
def fresh_db():
    conf = os.environ.get("PROSPECTS_ODOO_CONF")
    if not conf:
        pytest.fail("PROSPECTS_ODOO_CONF is not set: run the tests with `make test`.")
    db = "nomm_%d" % os.getpid()
    _shell('drop_db "$1"', db)
    try:
        yield conf, db
    finally:
        _shell('drop_db "$1"', db)


def test_without_mass_mailing_nothing_of_marketing_shows_and_it_comes_with_mass_mailing(
        fresh_db, tmp_path):
    conf, db = fresh_db
    _install(conf, db, "crm,crm_prospect_status,crm_prospect_project", tmp_path / "install.log")
    assert _module_states(db) == {
        "crm_prospect_status": "installed", "crm_prospect_project": "installed",
        "mass_mailing": "uninstalled", "crm_prospect_marketing": "uninstalled"}

    shell_log = tmp_path / "shell.log"
    shell = subprocess.run(ODOO + ["shell", "-c", conf, "-d", db, "--logfile", str(shell_log)],
                           cwd=ROOT, input=SMOKE_SCRIPT, stdout=subprocess.PIPE,
                           universal_newlines=True, check=True)
    [smoke] = [line[len("SMOKE "):] for line in shell.stdout.splitlines()
               if line.startswith("SMOKE ")]
    assert json.loads(smoke) == {"project_partner": True, "generate_button": True,
                                 "marketing_page": False, "marketing_fields": False}
    assert ERROR_LINE.findall(shell_log.read_text()) == []

    # the administrator installs mass_mailing, and only that: the bridge follows
    _install(conf, db, "mass_mailing", tmp_path / "mass_mailing.log")
    assert _module_states(db)["crm_prospect_marketing"] == "installed"
