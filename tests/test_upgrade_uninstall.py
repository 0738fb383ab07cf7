"""Upgrading the suite's addons logs no error; uninstalling them leaves a
database where Odoo's contacts, CRM and projects still work, with no column,
rule or view of the suite left behind."""
import os
import subprocess

import pytest

from conftest import ROOT, _env, _shell, run_odoo as _odoo

ADDONS = sorted(name for name in os.listdir(ROOT)
                if os.path.isfile(os.path.join(ROOT, name, "__manifest__.py")))

UNINSTALL_AND_CHECK = """
addons = %(addons)r
modules = env['ir.module.module'].search([('name', 'in', addons)])
modules.button_immediate_uninstall()
env = env(context={})
env.cr.execute("SELECT name, state FROM ir_module_module WHERE name IN %%s", (tuple(addons),))
print("STATES", sorted(env.cr.fetchall()))
env.cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'res_partner' "
               "AND column_name IN ('is_prospect', 'prospect_status_id', 'company_visible_to_all', "
               "'is_invoice_address', 'is_delivery_address', 'is_default_address', 'company_single_id')")
print("COLUMNS", env.cr.fetchall())
env.cr.execute("SELECT count(*) FROM ir_rule r JOIN ir_model_data d ON d.model = 'ir.rule' "
               "AND d.res_id = r.id WHERE d.module IN %%s", (tuple(addons),))
print("RULES", env.cr.fetchone()[0])
# (the companies field is OCA's partner_multi_company's, which stays installed)
env.cr.execute("SELECT count(*) FROM ir_ui_view WHERE (arch_db LIKE '%%prospect_status_id%%' "
               "OR arch_db LIKE '%%company_ids%%' AND model = 'res.partner') AND id NOT IN "
               "(SELECT res_id FROM ir_model_data WHERE model = 'ir.ui.view' "
               "AND module IN ('partner_multi_company', 'base_multi_company'))")
print("VIEWS", env.cr.fetchone()[0])
rule = env.ref('base.res_partner_rule')
print("OCARULE", rule.active, 'company_ids' in rule.domain_force)
# Odoo's own apps still work: a salesperson's day
user = env['res.users'].with_context(no_reset_password=True).create({
    'name': 'After Uninstall', 'login': 'after_uninstall', 'email': 'after@example.com',
    'groups_id': [(6, 0, [env.ref('sales_team.group_sale_salesman').id,
                          env.ref('project.group_project_user').id])]})
partners = env['res.partner'].sudo(user)
partner = partners.create({'name': 'Still a customer', 'is_company': True})
partners.create({'name': 'Still a contact', 'parent_id': partner.id})
lead = env['crm.lead'].sudo(user).create({'name': 'Still a lead', 'partner_id': partner.id,
                                          'type': 'opportunity'})
lead.action_set_won()
project = env['project.project'].create({'name': 'Still a project', 'partner_id': partner.id})
form = partners.fields_view_get(view_id=env.ref('base.view_partner_form').id, view_type='form')
print("WORKS", partner.address_get(['invoice'])['invoice'] == partner.id,
      len(partners.search([('name', 'like', 'Still')])), lead.probability, project.partner_id == partner,
      'res.partner' == form['model'])
env.cr.commit()
"""


@pytest.fixture
def database():
    db = "uninstall_%d" % os.getpid()
    _shell('drop_db "$1"; clone_db "$2" "$1"', db, _env("PROSPECTS_TEMPLATE_DB"))
    yield db
    _shell('drop_db "$1"', db)


def test_upgrade_then_uninstall_leaves_odoo_working(database, tmp_path):
    conf = _env("PROSPECTS_ODOO_CONF")
    log = tmp_path / "upgrade.log"
    _odoo("-c", conf, "-d", database, "-u", ",".join(ADDONS), "--stop-after-init",
          "--logfile", str(log), "--http-port", "0")
    errors = [l for l in log.read_text().splitlines() if " ERROR " in l or " CRITICAL " in l]
    assert errors == []

    result = _odoo("shell", "-c", conf, "-d", database, "--log-level=warn", "--http-port", "0",
                   input=UNINSTALL_AND_CHECK % {"addons": ADDONS})
    output = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in result.stdout.splitlines()
              if line.split(" ", 1)[0] in ("STATES", "COLUMNS", "RULES", "VIEWS", "OCARULE", "WORKS")}
    assert output.get("STATES") == repr(sorted((name, "uninstalled") for name in ADDONS)), result.stdout
    assert output["COLUMNS"] == "[]"
    assert output["RULES"] == "0"
    assert output["VIEWS"] == "0"
    assert output["OCARULE"] == "True True", "OCA's partner rule is back"
    assert output["WORKS"] == "True 2 100.0 True True"


# --- A database that already runs OCA's partner_multi_company (issue 16) ---

# Companies A and B, a salesperson of each, and partners of every kind of set
# (the names start with PREFIX, the logins with LOGIN)
WORLD = """
A = env.ref('base.main_company')
B = env['res.company'].create({'name': 'Company B (%(prefix)s)'})
users = env['res.users'].with_context(no_reset_password=True)
for company, letter in ((B, 'b'), (A, 'a')):
    users.create({'name': 'Seller of ' + letter, 'login': '%(login)s_' + letter,
                  'company_id': company.id, 'company_ids': [(6, 0, [company.id])],
                  'groups_id': [(6, 0, [env.ref('sales_team.group_sale_salesman').id])]})
partners = env['res.partner']
shared = partners.create({'name': '%(prefix)s shared by A and B', 'is_company': True,
                          'company_ids': [(6, 0, [A.id, B.id])]})
partners.create({'name': '%(prefix)s contact of the shared', 'parent_id': shared.id})
partners.create({'name': '%(prefix)s only B', 'is_company': True, 'company_ids': [(6, 0, [B.id])]})
partners.create({'name': '%(prefix)s every company', 'company_ids': [(5,)]})
env.cr.commit()
"""
OCA_WORLD = WORLD % {"prefix": "OCA", "login": "oca_user"}

# res_partner as OCA's addon holds it, and what users of A and B see of it
SNAPSHOT = """
import json
env.cr.execute('''
    SELECT p.id, p.company_id, coalesce(array_agg(r.res_company_assignment_id
                 ORDER BY r.res_company_assignment_id) FILTER (WHERE r.res_partner_id IS NOT NULL), '{}')
      FROM res_partner p LEFT JOIN res_company_assignment_res_partner_rel r ON r.res_partner_id = p.id
     GROUP BY p.id ORDER BY p.id''')
rows = [list(row) for row in env.cr.fetchall()]
partners = env['res.partner'].with_context(active_test=False).search([], order='id')
orm = [[p.id, p.company_id.id, sorted(p.company_ids.ids)] for p in partners]
seen = {}
for login in ('oca_user_a', 'oca_user_b'):
    user = env['res.users'].search([('login', '=', login)])
    seen[login] = sorted(env['res.partner'].sudo(user).search([('name', 'like', 'OCA ')]).mapped('name'))
rule = env.ref('base.res_partner_rule')
print("SNAPSHOT " + json.dumps({'rows': rows, 'orm': orm, 'seen': seen,
                                'rule': [rule.active, rule.domain_force]}))
"""

UNINSTALL = """
env['ir.module.module'].search([('name', 'in', %r)]).button_immediate_uninstall()
env.cr.commit()
"""


def _shell_script(conf, db, script):
    result = _odoo("shell", "-c", conf, "-d", db, "--log-level=warn", "--http-port", "0",
                   input=script)
    assert result.returncode == 0, result.stdout
    return result.stdout


def _snapshot(conf, db):
    import json
    output = _shell_script(conf, db, SNAPSHOT)
    [line] = [l for l in output.splitlines() if l.startswith("SNAPSHOT ")]
    return json.loads(line[len("SNAPSHOT "):])


def _install(conf, db, modules, log, *options):
    _odoo("-c", conf, "-d", db, "-i", modules, "--stop-after-init", "--logfile", str(log),
          "--http-port", "0", *options)
    errors = [l for l in log.read_text().splitlines() if " ERROR " in l or " CRITICAL " in l]
    assert errors == [], log


def test_install_keeps_ocas_company_sets_and_uninstall_gives_back_res_partner(
        scratch_db, tmp_path):
    conf, db = _env("PROSPECTS_ODOO_CONF"), scratch_db
    _install(conf, db, "crm,contacts,partner_multi_company", tmp_path / "oca.log")
    _shell_script(conf, db, OCA_WORLD)
    before = _snapshot(conf, db)
    names = {"OCA contact of the shared", "OCA every company", "OCA shared by A and B"}
    assert set(before["seen"]["oca_user_a"]) == names
    assert set(before["seen"]["oca_user_b"]) == names | {"OCA only B"}
    assert before["rule"][0] is True, "OCA's rule is on"

    _install(conf, db, "crm_prospect_status", tmp_path / "suite.log")
    installed = _snapshot(conf, db)
    assert installed["rows"] == before["rows"], "every company set and company_id kept"
    assert installed["orm"] == before["orm"]
    assert installed["seen"] == before["seen"], "the same partners for the same users"
    assert installed["rule"][0] is False, "our rules replace OCA's"

    _shell_script(conf, db, UNINSTALL % (["crm_prospect_status"],))
    assert _snapshot(conf, db) == before, "uninstall gives res_partner and OCA's rule back"


# --- Upgrading a database of 11.0.1.x, whose company sets were the suite's own ---

# the sources of 11.0.1.1.0: the parent of the commit that changed that version
PREVIOUS_VERSION = ("$(git log -1 --format=%H -S'\"version\": \"11.0.1.1.0\"' "
                    "-- crm_prospect_status/__manifest__.py)^")

OLD_WORLD = WORLD % {"prefix": "Old", "login": "old_user"}

def _sets(db, relation, partner, company):
    """{partner id: [company ids]} of RELATION, read with psql."""
    rows = subprocess.run(
        ["bash", "-c", 'source scripts/env.sh && psql_q -d "$1" -F "|" -c "$2"', "--", db,
         "SELECT p.id, coalesce(string_agg(r.%s::text, ',' ORDER BY r.%s), '') "
         "FROM res_partner p LEFT JOIN %s r ON r.%s = p.id GROUP BY p.id"
         % (company, company, relation, partner)],
        cwd=ROOT, stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
    return {int(line.split("|")[0]): sorted(int(c) for c in line.split("|")[1].split(",") if c)
            for line in rows.splitlines() if line}


def _query(db, sql):
    return subprocess.run(
        ["bash", "-c", 'source scripts/env.sh && psql_q -d "$1" -F "|" -c "$2"', "--", db, sql],
        cwd=ROOT, stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout.split()


def test_upgrade_moves_the_suites_own_company_sets_into_ocas(scratch_db, tmp_path):
    conf, db = _env("PROSPECTS_ODOO_CONF"), scratch_db
    old_addons = tmp_path / "old_addons"
    old_addons.mkdir()
    subprocess.run("set -o pipefail; git archive %s crm_prospect_status | tar -x -C %s"
                   % (PREVIOUS_VERSION, old_addons), shell=True, executable="/bin/bash",
                   cwd=ROOT, check=True)
    _install(conf, db, "crm,contacts,crm_prospect_status", tmp_path / "old.log",
             "--addons-path", str(old_addons))
    assert _query(db, "SELECT latest_version FROM ir_module_module "
                      "WHERE name = 'crm_prospect_status'") == ["11.0.1.1.0"]
    result = _odoo("shell", "-c", conf, "-d", db, "--addons-path", str(old_addons),
                   "--log-level=warn", "--http-port", "0", input=OLD_WORLD)
    assert result.returncode == 0, result.stdout
    old = _sets(db, "res_partner_company_share_rel", "partner_id", "company_id")
    shared, only_b, everyone = (int(_query(db, "SELECT id FROM res_partner WHERE name = '%s'" % n)[0])
                                for n in ("Old shared by A and B", "Old only B", "Old every company"))
    assert len(old[shared]) == 2 and len(old[only_b]) == 1 and old[everyone] == []
    internal = {int(i) for i in _query(db, "SELECT id FROM res_partner WHERE partner_share IS FALSE")}
    companies = {int(i) for i in _query(db, "SELECT partner_id FROM res_company")}
    emptied = {p for p in internal | companies if not old[p]}
    assert emptied, "the old install had emptied the sets of users' and companies' partners"

    log = tmp_path / "upgrade.log"
    _odoo("-c", conf, "-d", db, "-u", "crm_prospect_status", "--stop-after-init",
          "--logfile", str(log), "--http-port", "0")
    errors = [l for l in log.read_text().splitlines() if " ERROR " in l or " CRITICAL " in l]
    # Odoo 11 loads the modules to upgrade before those to install: the new
    # dependency is reported missing once, then installed first, and the
    # upgrade goes on (README, "Install into an existing Odoo 11")
    assert [l.split(" ERROR ", 1)[-1].split(" ", 1)[-1] for l in errors] == [
        "odoo.modules.graph: module crm_prospect_status: Unmet dependencies: partner_multi_company"]
    assert "company sets moved into partner_multi_company" in log.read_text()
    assert _query(db, "SELECT name || ':' || state FROM ir_module_module WHERE name IN "
                      "('crm_prospect_status', 'partner_multi_company') ORDER BY name") == [
        "crm_prospect_status:installed", "partner_multi_company:installed"]
    new = _sets(db, "res_company_assignment_res_partner_rel", "res_partner_id",
                "res_company_assignment_id")
    assert {p: s for p, s in new.items() if p not in emptied} == \
        {p: s for p, s in old.items() if p not in emptied}, "every set kept"
    assert all(len(new[p]) == 1 for p in emptied), "users' and companies' partners get their company"
    assert _query(db, "SELECT to_regclass('res_partner_company_share_rel') IS NULL") == ["t"]
    assert _query(db, "SELECT count(*) FROM res_partner WHERE company_visible_to_all "
                      "IS DISTINCT FROM (id = %d)" % everyone) == ["0"]
    assert _query(db, "SELECT company_single_id FROM res_partner WHERE id = %d" % only_b) == \
        [str(old[only_b][0])]
    assert _query(db, "SELECT count(*) FROM res_partner_company_multi_rel WHERE partner_id = %d"
                  % shared) == ["2"]
    assert _query(db, "SELECT active FROM ir_rule r JOIN ir_model_data d ON d.res_id = r.id "
                      "AND d.model = 'ir.rule' WHERE d.module = 'base' "
                      "AND d.name = 'res_partner_rule'") == ["f"], "ours replace OCA's rule"
