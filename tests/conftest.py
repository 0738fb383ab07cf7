"""Fixtures of the top-level tests: a real Odoo server on a copy of the test
template database, reached over XML-RPC as different users."""
import contextlib
import os
import re
import socket
import subprocess
import time
import urllib.request
import xmlrpc.client

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail("%s is not set: run the tests with `make test`." % name)
    return value


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _shell(command, *args):
    subprocess.run(["bash", "-c", "source scripts/env.sh && " + command, "--"] + list(args),
                   cwd=ROOT, check=True)


def run_odoo(*args, **kwargs):
    """Odoo's command line with ARGS (stdout and stderr in .stdout)."""
    return subprocess.run(
        [os.path.join(ROOT, ".venv", "bin", "python"), os.path.join(ROOT, "scripts", "odoo-bin")]
        + list(args), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=1200, **kwargs)


@pytest.fixture
def scratch_db():
    """The name of a database for one test, dropped before and after it."""
    db = "scratch_%d" % os.getpid()
    _shell('drop_db "$1"', db)
    yield db
    _shell('drop_db "$1"', db)


class OdooServer:
    """A running Odoo server: its URL, database and XML-RPC helpers."""

    def __init__(self, url, db):
        self.url = url
        self.db = db

    def login(self, login, password):
        uid = xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/common").authenticate(
            self.db, login, password, {})
        assert uid, "cannot log in as %s" % login
        return RpcUser(self, uid, password)

    def admin(self):
        return self.login("admin", "admin")


class RpcUser:
    """One user's XML-RPC session: `user.call(model, method, *args, **kwargs)`."""

    def __init__(self, server, uid, password):
        self.server, self.uid, self.password = server, uid, password
        self.proxy = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.proxy.execute_kw(self.server.db, self.uid, self.password, model, method,
                                     list(args), kwargs)

    def ref(self, xmlid):
        return self.call("ir.model.data", "xmlid_to_res_id", xmlid, True)

    def create_user(self, login, group_xmlids, **vals):
        groups = [self.ref(xmlid) for xmlid in group_xmlids]
        values = dict({"name": login.title(), "login": login, "password": login + "-pw",
                       "email": login + "@example.com", "groups_id": [(6, 0, groups)]}, **vals)
        self.call("res.users", "create", values, context={"no_reset_password": True})
        return self.server.login(login, login + "-pw")

    def create_company_user(self, login, group_xmlids, company_id):
        """A user of the company COMPANY_ID only."""
        return self.create_user(login, group_xmlids, company_id=company_id,
                                company_ids=[(6, 0, [company_id])])


@contextlib.contextmanager
def running_server(tmp_path_factory, name, *options):
    """A real Odoo server, with OPTIONS, on a new copy of the test template;
    yields (url, database), then stops the server and drops the copy."""
    template = _env("PROSPECTS_TEMPLATE_DB")
    db = "%s_%d" % (name, os.getpid())
    _shell('drop_db "$1"; clone_db "$2" "$1"', db, template)
    try:
        with serving(tmp_path_factory, name, db, *options) as url:
            yield url, db
    finally:
        _shell('drop_db "$1"', db)


@contextlib.contextmanager
def serving(tmp_path_factory, name, db, *options):
    """An Odoo server process on the database DB; yields its URL, then stops it
    (the database stays: a second server on it is a restart)."""
    conf = _env("PROSPECTS_ODOO_CONF")
    port = _free_port()
    log = tmp_path_factory.mktemp(name) / "server.log"
    process = subprocess.Popen([
        os.path.join(ROOT, ".venv", "bin", "python"), os.path.join(ROOT, "scripts", "odoo-bin"),
        "-c", conf, "-d", db, "--db-filter", "^%s$" % db, "--http-interface", "127.0.0.1",
        "--http-port", str(port), "--longpolling-port", str(_free_port()),
        "--max-cron-threads", "0", "--logfile", str(log), "--log-level", "info",
    ] + list(options), cwd=ROOT)
    url = "http://127.0.0.1:%d" % port
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory):
    with running_server(tmp_path_factory, "srv") as (url, db):
        yield OdooServer(url, db)


def _wait_until_up(url, process, log, timeout=600):
    """Wait for the server to have loaded its registry, then to answer (its
    first page builds the routing map: minutes when the machine is loaded).

    Asking a page while the server still preloads the database would make two
    threads build the registry at once, which Odoo 11 does not survive."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail("the Odoo server stopped: see %s" % log)
        text = log.read_text() if log.exists() else ""
        if "Failed to initialize database" in text:
            pytest.fail("the Odoo server could not load its database: see %s" % log)
        if len(re.findall(r"\d+ modules loaded in", text)) < 2:
            time.sleep(0.3)
            continue
        try:
            # a long timeout: each request that gives up stays queued in the
            # server, holding a connection of its pool, until the map is built
            with urllib.request.urlopen(url + "/web/login", timeout=120) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail("the Odoo server did not answer within %d s: see %s" % (timeout, log))


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (shared by the browser tests)."""
    from playwright.sync_api import sync_playwright
    from browser import CHROMIUM, CHROMIUM_ARGS
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
