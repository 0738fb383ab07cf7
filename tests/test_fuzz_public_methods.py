"""Property-based fuzzing of every public method of the suite, over XML-RPC.

The methods are found by introspection of Odoo's registry: every callable
without a leading underscore that a class of one of the suite's addons
defines, on the models it adds or extends. Hypothesis draws the records
(own, another company's, missing), the arguments and the context. Each is
called as a salesperson, a plain internal user and a portal user.

Allowed outcomes: a result, or an Odoo error with a message (UserError,
AccessError, ValidationError, MissingError). A refused call leaves the
suite's tables, partners, leads, projects and messages as they were.
"""
import inspect
import time
import xmlrpc.client

import odoo
import psycopg2
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from test_access_matrix import SUITE, managers_day
from test_xmlrpc_hostile_calls import _is_clean

ROLES = {
    "salesperson": ["sales_team.group_sale_salesman"],
    "internal user": ["base.group_user"],
    "portal": ["base.group_portal"],
}
EXAMPLES = 12
CHECKED_TABLES = ("res_partner", "crm_lead", "project_project", "mail_message")
MISSING_ID = 987654321


def suite_methods(registry):
    """{model: {method name: function}} of the public methods the suite defines."""
    found = {}
    for model_name in sorted(registry.models):
        for cls in registry[model_name].__mro__:
            module = cls.__module__ or ""
            if not any(module.startswith("odoo.addons.%s." % addon) for addon in SUITE):
                continue
            for name, member in vars(cls).items():
                if not name.startswith("_") and inspect.isfunction(member):
                    found.setdefault(model_name, {}).setdefault(name, member)
    return found


@pytest.fixture(scope="module")
def methods():
    db = odoo.tools.config["db_name"]
    registry = odoo.registry(db)
    return suite_methods(registry)


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = odoo_server.admin()
    company_b = admin.call("res.company", "create", {"name": "Fuzz Company B"})
    alice, bob = managers_day(admin, company_b, "fz", "FA", "FB", [
        "sales_team.group_sale_manager", "project.group_project_manager",
        "mass_mailing.group_mass_mailing_user"])
    roles = {name: admin.create_user("fz_%d" % index, groups)
             for index, (name, groups) in enumerate(sorted(ROLES.items()))}
    pools = {}
    for model in ("res.partner", "crm.lead", "project.project", "crm.prospect.status",
                  "crm.prospect.dedup.check", "crm.prospect.dedup.group",
                  "crm.prospect.dedup.dismissal", "mail.mass_mailing.list"):
        own = alice.call(model, "search", [], limit=3, order="id desc")
        other = bob.call(model, "search", [], limit=3, order="id desc")
        pools[model] = sorted(set(own + other + [MISSING_ID]))
    yield dict(admin=admin, roles=roles, pools=pools, db=odoo_server.db)


def _suite_tables(cr):
    cr.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND "
               "(tablename LIKE 'crm_prospect_%%' OR tablename LIKE 'res_partner%%')")
    return sorted({row[0] for row in cr.fetchall()} | set(CHECKED_TABLES))


def _checksums(db):
    with psycopg2.connect(dbname=db) as connection, connection.cursor() as cr:
        sums = {}
        for table in _suite_tables(cr):
            if table.startswith("crm_prospect_") and table.endswith("_wizard"):
                continue  # wizards are transient: a refused call may leave one behind
            cr.execute('SELECT md5(COALESCE(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) '
                       'FROM "%s" t' % table)  # names read from the catalog above
            sums[table] = cr.fetchone()[0]
        return sums


def values(field_names):
    """Anything a client may send: scalars, ids, domains, dictionaries of values."""
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 31, 2 ** 31 - 1),
                        st.floats(allow_nan=False, allow_infinity=False),
                        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40), st.sampled_from(["", "abc", "[]", "x" * 300]))
    terms = st.tuples(st.sampled_from(field_names), st.sampled_from(["=", "ilike", "in", "!"]),
                      scalars)
    return st.one_of(
        scalars,
        st.lists(scalars, max_size=3),
        st.lists(st.one_of(terms, st.sampled_from(["|", "&", "!"])), max_size=3),
        st.dictionaries(st.sampled_from(field_names), scalars, max_size=3),
    )


def contexts(pools):
    ids = st.one_of(st.lists(st.sampled_from(pools["res.partner"]), max_size=3),
                    st.sampled_from(["abc", 42, [{"a": 1}], None]))
    return st.fixed_dictionaries({}, optional={
        "active_model": st.sampled_from(["res.partner", "crm.lead", "crm.prospect.dedup.group",
                                         "no.such.model"]),
        "active_id": st.one_of(st.sampled_from(pools["res.partner"]), st.just("abc")),
        "active_ids": ids,
        "active_domain": st.one_of(st.just([]), st.just(42), st.just("[('id','=',1)]*3")),
        "dedup_group_id": st.sampled_from(pools["crm.prospect.dedup.group"]),
        "lang": st.sampled_from(["fr_FR", "xx_XX"]),
    })


FIELD_NAMES = ["name", "email", "is_prospect", "company_ids", "partner_id", "state",
               "field_name", "user_id", "domain", "no_such_field", "id"]


def _orm_argument(name, model_fields):
    """The ORM's own type of its argument NAME, with hostile contents: the
    suite's overrides of create, write, default_get, read_group... get what
    the ORM accepts (it refuses other types itself, with a traceback)."""
    fields = st.lists(st.sampled_from(model_fields), max_size=3)
    terms = st.lists(st.tuples(st.sampled_from(model_fields),
                               st.sampled_from(["=", "ilike", "in"]), values(FIELD_NAMES)),
                     max_size=2)
    return {
        "vals": st.dictionaries(st.sampled_from(model_fields), values(FIELD_NAMES), max_size=4),
        "fields_list": fields, "fields": fields, "allfields": fields, "groupby": fields,
        "domain": terms, "args": terms,
        "operation": st.sampled_from(["read", "write", "create", "unlink"]),
        "offset": st.integers(0, 10), "limit": st.one_of(st.none(), st.integers(0, 10)),
        "orderby": st.sampled_from([False, "id", "id desc"]),
        "order": st.sampled_from([None, "id", "id desc"]),
        "lazy": st.booleans(), "raise_exception": st.booleans(),
    }.get(name)


def _argument(function, index, name, model_fields):
    """What a client may send as argument INDEX (named NAME) of FUNCTION."""
    orm = getattr(odoo.models.BaseModel, function.__name__, None)
    if orm is not None:
        params = [p.name for p in inspect.signature(orm).parameters.values()][1:]
        if index < len(params):
            name = params[index]
        name = {"values": "vals", "default": "vals"}.get(name, name)
        strategy = _orm_argument(name, model_fields)
        if strategy is not None:
            return strategy
    return values(FIELD_NAMES)


def _call_plan(model, name, function, pools):
    """The strategy of one call: (ids or None, positional args, context)."""
    params = [p for p in list(inspect.signature(function).parameters.values())[1:]
              if p.kind == p.POSITIONAL_OR_KEYWORD]
    on_records = getattr(function, "_api", None) not in ("model", "model_cr", "model_create")
    pool = pools.get(model, [MISSING_ID])
    ids = st.lists(st.sampled_from(pool + [-1, 0]), max_size=3) if on_records else st.none()
    required = len([p for p in params if p.default is p.empty])
    model_fields = sorted(odoo.registry(odoo.tools.config["db_name"])[model]._fields)
    arguments = [_argument(function, i, p.name, model_fields) for i, p in enumerate(params)]
    return st.tuples(ids, st.integers(required, len(params)).flatmap(
        lambda n: st.tuples(*arguments[:n])), contexts(pools))


def _raised_by_odoo(fault):
    """True when the error was raised in Odoo's own code, not the suite's."""
    frames = [l for l in fault.faultString.splitlines() if l.strip().startswith("File ")]
    return bool(frames) and "/crm_prospect_" not in frames[-1]


def _run(user, model, name, plan, orm_override):
    """Call NAME as USER. An override of one of the ORM's own methods (create,
    read_group...) answers for what the suite's code raises: the ORM's own
    refusals of its arguments (a traceback from Odoo's code) are Odoo's."""
    ids, args, context = plan
    call_args = ([ids] if ids is not None else []) + list(args)
    try:
        user.call(model, name, *call_args, context=context)
    except xmlrpc.client.ProtocolError as error:
        return "unclean", "HTTP %s %s" % (error.errcode, error.errmsg)
    except xmlrpc.client.Fault as fault:
        if not _is_clean(fault) and not (orm_override and _raised_by_odoo(fault)):
            lines = [l for l in fault.faultString.strip().splitlines() if l.strip()]
            return "unclean", lines[-1][:200] if lines else ""
        return "refused", None
    _wait_for_checks(user.server.admin())
    return "done", None


def _wait_for_checks(admin, timeout=60):
    """A call that started a duplicate check: let its thread finish, so that
    what it writes is not taken for the doing of the next call."""
    deadline = time.time() + timeout
    while admin.call("crm.prospect.dedup.check", "search_count",
                     [("state", "in", ("queued", "running"))]) and time.time() < deadline:
        time.sleep(0.2)


def test_every_public_method_of_the_suite_under_fuzzing(world, methods):
    assert "res.partner" in methods and "crm.prospect.dedup.merge.wizard" in methods
    failures, calls = [], [0]
    for model, functions in sorted(methods.items()):
        for name, function in sorted(functions.items()):
            for role, user in sorted(world["roles"].items()):
                _fuzz_one(world, user, role, model, name, function, failures, calls)
    print("\nfuzzing: %d public methods of %d models, %d calls as %d roles"
          % (sum(len(f) for f in methods.values()), len(methods), calls[0],
             len(world["roles"])))
    kinds = sorted({f.split("(")[0] + " -> " + f.rsplit(": ", 1)[-1][:80] for f in failures})
    print("\n".join(["fuzzing failures by kind:"] + kinds))
    assert failures == [], "\n".join(failures)


def _fuzz_one(world, user, role, model, name, function, failures, calls):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(_call_plan(model, name, function, world["pools"]))
    def fuzz(plan):
        before = _checksums(world["db"])
        outcome, detail = _run(user, model, name, plan,
                               hasattr(odoo.models.BaseModel, name))
        calls[0] += 1
        if outcome == "unclean":
            failures.append("%s %s.%s%r: %s" % (role, model, name, plan, detail))
        elif outcome == "refused":
            changed = sorted(t for t, s in _checksums(world["db"]).items() if before.get(t) != s)
            if changed:
                failures.append("%s %s.%s%r refused but changed %s"
                                % (role, model, name, plan, changed))
    fuzz()
