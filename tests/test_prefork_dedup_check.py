"""The background duplicate check in Odoo's multi-worker (prefork) mode, with
its default limits: the request that starts it returns at once, and a worker
process finishes it."""
import time
import xmlrpc.client

import pytest

from conftest import running_server


@pytest.fixture(scope="module")
def prefork_server(tmp_path_factory):
    with running_server(tmp_path_factory, "prefork", "--workers", "2", "--limit-time-real", "120",
                        "--limit-memory-hard", str(2560 * 1024 * 1024)) as (url, db):
        uid = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common").authenticate(
            db, "admin", "admin", {})
        assert uid, "cannot log in as admin on the prefork server"
        yield url, db, uid


def test_check_runs_in_the_background_of_a_multi_worker_server(prefork_server):
    url, db, uid = prefork_server
    models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args, **kwargs):
        return models.execute_kw(db, uid, "admin", model, method, list(args), kwargs)

    ids = [call("res.partner", "create", {"name": name, "email": "info@acme.example",
                                          "is_company": True, "is_prospect": True})
           for name in ("Acme SAS", "ACME", "Zenith")]
    context = {"active_model": "res.partner", "active_ids": ids,
               "active_domain": [("id", "in", ids)]}
    wizard = call("crm.prospect.dedup.check.wizard", "create", {"selection": "domain"},
                  context=context)
    start = time.time()
    action = call("crm.prospect.dedup.check.wizard", "action_check", [wizard], context=context)
    assert time.time() - start < 10, "the request returns at once"
    deadline = time.time() + 60
    while True:
        [check] = call("crm.prospect.dedup.check", "read", [action["res_id"]],
                       ["state", "progress", "group_ids", "error"])
        if check["state"] in ("done", "failed") or time.time() > deadline:
            break
        time.sleep(0.3)
    assert check["state"] == "done", check["error"]
    [group] = call("crm.prospect.dedup.group", "read", check["group_ids"], ["partner_ids"])
    assert sorted(group["partner_ids"]) == sorted(ids[:2])
