"""Duplicates kept out, over XML-RPC and JSON-RPC against the real server:
the blocking rule's refusal, the import report, the incremental check."""
import json
import time
import urllib.request
import xmlrpc.client

import pytest

ACME = {"name": "Quincaillerie Rpc Martel", "email": "contact@martel-rpc.example",
        "phone": "03 20 55 55 01", "is_company": True, "is_prospect": True}
DUPLICATE = dict(ACME, name="Quincaillerie Martel")


@pytest.fixture(scope="module")
def users(odoo_server):
    admin = odoo_server.admin()
    seller = admin.create_user("rpc_prevent_sally", ["sales_team.group_sale_salesman"])
    manager = admin.create_user("rpc_prevent_max", ["sales_team.group_sale_manager"])
    existing = seller.call("res.partner", "create", ACME)
    return admin, seller, manager, existing


def set_block_threshold(admin, value):
    settings = admin.call("res.config.settings", "create",
                          {"prospect_dedup_block_threshold": value})
    admin.call("res.config.settings", "execute", [settings])


@pytest.fixture
def blocking(users):
    admin = users[0]
    set_block_threshold(admin, 0.9)
    yield
    set_block_threshold(admin, 0.0)


def jsonrpc(server, user, model, method, *args, **kwargs):
    body = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "service": "object", "method": "execute_kw",
        "args": [server.db, user.uid, user.password, model, method, list(args), kwargs]}}
    request = urllib.request.Request(server.url + "/jsonrpc", json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(request).read().decode())


def test_the_blocking_rule_refuses_over_xmlrpc_and_jsonrpc_alike(odoo_server, users, blocking):
    admin, seller, manager, existing = users
    count = admin.call("res.partner", "search_count", [("email", "ilike", "martel-rpc")])
    with pytest.raises(xmlrpc.client.Fault) as refused:
        seller.call("res.partner", "create", DUPLICATE)
    assert "is not created" in refused.value.faultString
    assert "Quincaillerie Rpc Martel" in refused.value.faultString
    assert "/web#id=%d&model=res.partner" % existing in refused.value.faultString
    answer = jsonrpc(odoo_server, seller, "res.partner", "create", DUPLICATE)
    assert answer["error"]["data"]["name"] == "odoo.exceptions.ValidationError"
    assert "/web#id=%d&model=res.partner" % existing in answer["error"]["data"]["message"]
    assert admin.call("res.partner", "search_count",
                      [("email", "ilike", "martel-rpc")]) == count, "nothing created"
    # a script that knows what it does, and a CRM manager, may
    assert seller.call("res.partner", "create", DUPLICATE,
                       context={"prospect_dedup_allow_duplicate": True})
    assert manager.call("res.partner", "create", DUPLICATE)


def test_the_import_reports_duplicate_rows_over_xmlrpc(users):
    _admin, seller, _manager, _existing = users
    text = ("name,email,is_company,is_prospect\n"
            "Martel Quincaillerie,Contact@Martel-Rpc.example,1,1\n"
            "Serrurerie Rpc Vidal,vidal@serrurerie-rpc.example,1,1\n")
    record = seller.call("base_import.import", "create", {
        "res_model": "res.partner", "file": xmlrpc.client.Binary(text.encode()),
        "file_type": "text/csv"})
    messages = seller.call("base_import.import", "do", [record],
                           ["name", "email", "is_company", "is_prospect"],
                           {"headers": True, "separator": ",", "quoting": '"',
                            "encoding": "utf-8", "prospect_dedup": "skip"})
    [message] = messages
    assert message["type"] == "warning" and message["record"] == 0
    # the existing prospect, or one of the copies the first test let in
    [match] = seller.call("res.partner", "read", [message["partner_id"]], ["email"])
    assert match["email"] == ACME["email"]
    assert ": not imported" in message["message"]
    assert not seller.call("res.partner", "search", [("name", "=", "Martel Quincaillerie")])
    assert seller.call("res.partner", "search", [("name", "=", "Serrurerie Rpc Vidal")])


def test_the_incremental_check_runs_in_the_background_over_xmlrpc(users):
    """It runs as a job of the job queue, as the salesperson, who reads the
    job's state but not the job."""
    admin, seller, _manager, existing = users
    twin = seller.call("res.partner", "create", dict(
        ACME, name="Quincaillerie Martel Rpc"), context={"prospect_dedup_allow_duplicate": True})
    check_id = seller.call("crm.prospect.dedup.check", "start_incremental",
                           [("id", "=", twin)])
    deadline = time.time() + 60
    while True:
        [check] = seller.call("crm.prospect.dedup.check", "read", [check_id],
                              ["state", "incremental", "group_ids", "error"])
        if check["state"] in ("done", "failed") or time.time() > deadline:
            break
        time.sleep(0.3)
    assert check["state"] == "done", check["error"]
    assert check["incremental"]
    groups = seller.call("crm.prospect.dedup.group", "read", check["group_ids"], ["partner_ids"])
    assert any({existing, twin} <= set(group["partner_ids"]) for group in groups)
    [check] = admin.call("crm.prospect.dedup.check", "read", [check_id],
                         ["queue_job_id", "job_state"])
    [job] = admin.call("queue.job", "read", [check["queue_job_id"][0]],
                       ["state", "user_id", "channel", "model_name", "record_ids"])
    assert (job["state"], job["user_id"][0], job["channel"], job["record_ids"]) == \
        ("done", seller.uid, "root.prospect_dedup", [check_id])
    assert seller.call("crm.prospect.dedup.check", "read", [check_id],
                       ["job_state"])[0]["job_state"] == "done"
    with pytest.raises(xmlrpc.client.Fault, match="security restrictions|not allowed"):
        seller.call("crm.prospect.dedup.check", "read", [check_id], ["queue_job_id"])
    with pytest.raises(xmlrpc.client.Fault, match="security restrictions|not allowed"):
        seller.call("queue.job", "search_read", [], ["state"])
