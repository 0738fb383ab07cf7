"""Hostile and malformed calls over XML-RPC, as a salesperson, against what the
suite adds or changes: each ends in a clean Odoo error with a message (never an
internal error with a traceback), and the database is unchanged afterwards."""
import xmlrpc.client

import psycopg2
import pytest

SALESMAN = "sales_team.group_sale_salesman"
# Odoo 11's XML-RPC fault codes: 2 = UserError or MissingError, 4 = AccessError;
# a ValidationError comes as code 1 with Odoo's exception named last.
CLEAN_CODES = {2, 3, 4}
TABLES = ["res_partner", "res_company_assignment_res_partner_rel", "crm_prospect_status", "crm_lead",
          "project_project", "mail_message", "mail_activity"]
WEIRD_IDS = ["abc", -1, 2147483647, "99999999999999999999", 1.5, [1, 2], {"id": 1}, "1; DROP TABLE res_partner"]
WEIRD_TEXT = ["x" * 100000, "<script>alert(1)</script>", "'; DELETE FROM res_partner; --", "\u202etxt.exe 🚀"]


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = odoo_server.admin()
    company_b = admin.call("res.company", "create", {"name": "Hostile Company B"})
    sally = admin.create_user("hostile_sally", [SALESMAN])
    bob = admin.create_user("hostile_bob", [SALESMAN], company_id=company_b,
                            company_ids=[(6, 0, [company_b])])
    settings = admin.call("res.config.settings", "create", {"group_prospect_status": True})
    admin.call("res.config.settings", "execute", [settings])
    prospect = sally.call("res.partner", "create", {"name": "Target Prospect", "is_prospect": True,
                                                   "is_company": True})
    line = sally.call("res.partner", "create", {"name": "Target line", "parent_id": prospect,
                                               "type": "delivery"})
    customer = sally.call("res.partner", "create", {"name": "Target Customer", "customer": True})
    foreign = bob.call("res.partner", "create", {"name": "Foreign Prospect", "is_prospect": True})
    archived = admin.call("crm.prospect.status", "create", {"name": "Archived status", "active": False})
    archived_partner = sally.call("res.partner", "create", {"name": "Archived Prospect",
                                                            "is_prospect": True})
    sally.call("res.partner", "write", [archived_partner], {"active": False})
    yield dict(admin=admin, sally=sally, server=odoo_server, prospect=prospect, line=line,
               customer=customer, foreign=foreign, archived=archived, company_b=company_b,
               archived_partner=archived_partner)
    settings = admin.call("res.config.settings", "create", {"group_prospect_status": False})
    admin.call("res.config.settings", "execute", [settings])


def _checksums(db):
    with psycopg2.connect(dbname=db) as connection, connection.cursor() as cr:
        sums = {}
        for table in TABLES:
            cr.execute("SELECT count(*), md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) "
                       "FROM %s t" % table)  # table names are this module's constants
            sums[table] = cr.fetchone()
        return sums


def _hostile_calls(w):
    p, line, customer, foreign = w["prospect"], w["line"], w["customer"], w["foreign"]
    unknown = 999999999
    calls = []
    for value in WEIRD_IDS + [w["archived"], unknown]:
        calls.append(("res.partner", "write", [[p], {"prospect_status_id": value}]))
        calls.append(("res.partner", "create", [{"name": "New", "is_prospect": True,
                                                  "prospect_status_id": value}]))
    calls.append(("res.partner", "write", [[customer], {"prospect_status_id": 1}]))
    for ids in ([unknown], [foreign], [customer], []):
        calls.append(("res.partner", "action_convert_to_customer", [ids]))
    for method in ("toggle_invoice_address", "toggle_delivery_address", "toggle_default_address"):
        for ids in ([p], [unknown], [foreign]):
            calls.append(("res.partner", method, [ids]))
    calls.append(("res.partner", "write", [[line, p], {"is_default_address": True}]))
    calls.append(("res.partner", "write", [[p], {"is_invoice_address": True}]))
    for value in ([(4, w["company_b"])], [(6, 0, [w["company_b"]])], "abc", [("x",)], [(4, "abc")],
                  [(5,)], 42):
        calls.append(("res.partner", "write", [[p], {"company_ids": value}]))
    calls.append(("res.partner", "read", [[foreign], ["name"]]))
    for ids in ([foreign], [unknown]):
        calls.append(("res.partner", "write", [ids, {"name": "Hacked"}]))
        calls.append(("res.partner", "unlink", [ids]))
    for text in WEIRD_TEXT:
        calls.append(("crm.prospect.status", "create", [{"name": text}]))
    calls.append(("crm.prospect.status", "write", [[1], {"name": "Renamed"}]))
    calls.append(("crm.prospect.status", "unlink", [[1]]))
    calls.append(("crm.prospect.activity", "create", [{"name": "x"}]))
    calls.append(("crm.prospect.activity", "unlink", [[1]]))
    for ids in ([], [unknown]):
        calls.append(("crm.prospect.activity", "action_open_document", [ids]))
        calls.append(("res.partner", "action_open_prospect_activities", [ids]))
    for ids, vals in (([p], "abc"), ([p], {"partner_id": customer}), ([unknown], None),
                      ([foreign], None), ([], None), ([p, customer], None),
                      ([w["archived_partner"]], None), ([p], {"user_id": "abc"}),
                      ([p], {"no_such_field": 1})):
        calls.append(("res.partner", "generate_project", [ids], {"vals": vals}))
    for ids in ([], [unknown]):
        calls.append(("res.partner", "action_view_projects", [ids]))
    # ids of records that are not numbers are refused by Odoo's RPC layer itself
    # (an error of the database); what the suite handles is any number.
    for weird in (-1, 0, 2147483647, unknown, foreign):
        for method in ("action_convert_to_customer", "toggle_invoice_address", "toggle_delivery_address",
                       "toggle_default_address", "action_open_prospect_activities", "action_view_projects"):
            calls.append(("res.partner", method, [[weird]]))
        calls.append(("res.partner", "generate_project", [[weird]]))
        calls.append(("crm.prospect.activity", "action_open_document", [[weird]]))
        calls.append(("crm.prospect.status", "unlink", [[weird]]))
    for weird in WEIRD_IDS + [0, -1, 2147483647]:
        calls.append(("res.partner", "write", [[p], {"company_ids": [(4, weird)]}]))
        calls.append(("res.partner", "write", [[p], {"company_ids": [(6, 0, [weird])]}]))
    return calls


def _is_clean(fault):
    if fault.faultCode in CLEAN_CODES:
        return bool(fault.faultString.strip())
    last = fault.faultString.strip().splitlines()[-1] if fault.faultString.strip() else ""
    return last.startswith(("odoo.exceptions.ValidationError", "odoo.exceptions.UserError"))


def test_hostile_calls_end_in_clean_errors_and_change_nothing(world):
    sally, db = world["sally"], world["server"].db
    calls = _hostile_calls(world)
    assert len(calls) >= 100
    before = _checksums(db)
    unclean, accepted = [], []
    for model, method, args, *kwargs in calls:
        try:
            sally.call(model, method, *args, **(kwargs[0] if kwargs else {}))
            accepted.append((model, method, args))
        except xmlrpc.client.Fault as fault:
            if not _is_clean(fault):
                unclean.append((model, method, args, [l for l in fault.faultString.strip().splitlines() if l.strip() and not l.startswith(" ")][-1][:160]))
    assert unclean == []
    assert accepted == []
    assert _checksums(db) == before
