"""Upgrading the suite's addons logs no error; uninstalling them leaves a
database where Odoo's contacts, CRM and projects still work, with no column,
rule or view of the suite left behind."""
import os
import subprocess

import pytest

from conftest import ROOT, _env, _shell

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
               "'is_invoice_address', 'is_delivery_address', 'is_default_address')")
print("COLUMNS", env.cr.fetchall())
env.cr.execute("SELECT count(*) FROM ir_rule r JOIN ir_model_data d ON d.model = 'ir.rule' "
               "AND d.res_id = r.id WHERE d.module IN %%s", (tuple(addons),))
print("RULES", env.cr.fetchone()[0])
env.cr.execute("SELECT count(*) FROM ir_ui_view WHERE arch_db LIKE '%%prospect_status_id%%' "
               "OR arch_db LIKE '%%company_ids%%' AND model = 'res.partner'")
print("VIEWS", env.cr.fetchone()[0])
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


def _odoo(*args, **kwargs):
    return subprocess.run(
        [os.path.join(ROOT, ".venv", "bin", "python"), os.path.join(ROOT, "scripts", "odoo-bin")]
        + list(args), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=900, **kwargs)


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
              if line.split(" ", 1)[0] in ("STATES", "COLUMNS", "RULES", "VIEWS", "WORKS")}
    assert output.get("STATES") == repr(sorted((name, "uninstalled") for name in ADDONS)), result.stdout
    assert output["COLUMNS"] == "[]"
    assert output["RULES"] == "0"
    assert output["VIEWS"] == "0"
    assert output["WORKS"] == "True 2 100.0 True True"
