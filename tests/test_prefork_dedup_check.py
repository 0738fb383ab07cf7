"""The background duplicate check in Odoo's multi-worker (prefork) mode, with
its default limits: the request that starts it returns at once, and a worker
process finishes it."""
import os
import subprocess
import time
import xmlrpc.client

import pytest

from conftest import ROOT, _env, _free_port, _shell


@pytest.fixture(scope="module")
def prefork_server(tmp_path_factory):
    template = _env("PROSPECTS_TEMPLATE_DB")
    conf = _env("PROSPECTS_ODOO_CONF")
    db = "prefork_%d" % os.getpid()
    _shell('drop_db "$1"; clone_db "$2" "$1"', db, template)
    port = _free_port()
    log = tmp_path_factory.mktemp("prefork") / "server.log"
    process = subprocess.Popen([
        os.path.join(ROOT, ".venv", "bin", "python"), os.path.join(ROOT, "scripts", "odoo-bin"),
        "-c", conf, "-d", db, "--db-filter", "^%s$" % db, "--http-interface", "127.0.0.1",
        "--http-port", str(port), "--longpolling-port", str(_free_port()),
        "--workers", "2", "--max-cron-threads", "0", "--limit-time-real", "120",
        "--limit-memory-hard", str(2560 * 1024 * 1024), "--logfile", str(log),
    ], cwd=ROOT)
    url = "http://127.0.0.1:%d" % port
    try:
        deadline = time.time() + 120
        while True:
            if process.poll() is not None:
                pytest.fail("the prefork server stopped: see %s" % log)
            try:
                uid = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common").authenticate(
                    db, "admin", "admin", {})
                if uid:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                pytest.fail("the prefork server did not answer: see %s" % log)
            time.sleep(0.5)
        yield url, db, uid
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        _shell('drop_db "$1"', db)


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
