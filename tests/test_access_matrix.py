"""An access matrix generated from Odoo's registry, run over XML-RPC.

Every model the suite adds or extends (``ir.model.modules`` names one of its
addons) x seven roles of company A x create / read / write / unlink x the
records of company A, of company B, shared by both and visible to all. The
company of a record is read from the model's own fields: its company set or
company, else the records it points to. A new model or field is covered
without editing this test.

What must hold for every cell:
- a record of company B only is neither read, found, written nor deleted by a
  user of company A (internal users' partners excepted for reading: their
  names are shown to colleagues of every company);
- an operation that the model's access rights deny to the role fails;
- nothing is created for company B by a user of company A;
- a wizard opened on a record of company B is refused, or shows nothing of it.
"""
import time
import xmlrpc.client

import odoo
import pytest

from merging import merge
from test_xmlrpc_hostile_calls import _is_clean

SUITE = ("crm_prospect_status", "crm_prospect_dedup", "crm_prospect_project",
         "crm_prospect_marketing")
ROLES = {
    "portal": ["base.group_portal"],
    "internal user": ["base.group_user"],
    "salesperson (own leads)": ["sales_team.group_sale_salesman"],
    "salesperson (all leads)": ["sales_team.group_sale_salesman_all_leads"],
    "sales manager": ["sales_team.group_sale_manager"],
    "project manager": ["base.group_user", "project.group_project_manager"],
    "administrator": ["base.group_system", "base.group_erp_manager",
                      "sales_team.group_sale_manager", "project.group_project_manager"],
}
OPERATIONS = ("read", "write", "create", "unlink")
# many2one fields through which a record without a company field belongs to one
LINK_ORDER = ("partner_id", "partner_a_id", "partner_b_id", "lead_id", "project_id",
              "check_id", "group_id", "user_id")
SAMPLE = 2  # records per model and scope


def _refused(call):
    """True when CALL fails with a clean Odoo error; a traceback fails the test."""
    try:
        result = call()
    except xmlrpc.client.Fault as fault:
        assert _is_clean(fault), fault.faultString[-400:]
        return True
    return result in (False, [], 0)


class Registry:
    """What the server's registry says of the suite's models, read as admin."""

    def __init__(self, admin):
        self.admin = admin
        models = admin.call("ir.model", "search_read", [], ["model", "modules", "transient"])
        self.models = {m["model"]: m for m in models
                       if set((m["modules"] or "").replace(" ", "").split(",")) & set(SUITE)}
        self._fields = {}

    def fields(self, model):
        if model not in self._fields:
            self._fields[model] = self.admin.call(
                model, "fields_get", attributes=["type", "relation", "store", "readonly",
                                                 "required"])
        return self._fields[model]

    def persistent(self):
        """The models with a table: Odoo 11's ir.model does not say which are
        abstract, the registry of the test database does."""
        local = odoo.registry(odoo.tools.config["db_name"])
        return sorted(m for m, info in self.models.items()
                      if not info["transient"] and not m.startswith("res.config")
                      and m in local and not local[m]._abstract)

    def transient(self):
        return sorted(m for m, info in self.models.items() if info["transient"])


class Scopes:
    """The companies a record belongs to: a frozenset, or ALL (every company)."""

    ALL = "all"

    def __init__(self, registry):
        self.registry, self.admin = registry, registry.admin
        self._cache = {}

    def of(self, model, record_id, depth=0):
        key = (model, record_id)
        if key not in self._cache:
            self._cache[key] = self._compute(model, record_id, depth)
        return self._cache[key]

    def _compute(self, model, record_id, depth):
        fields = self.registry.fields(model)
        company_sets = [n for n, f in fields.items() if f.get("relation") == "res.company"
                        and f["type"] == "many2many" and f.get("store") and not f.get("readonly")]
        company = [n for n, f in fields.items() if f.get("relation") == "res.company"
                   and f["type"] == "many2one" and f.get("store")]
        names = (company_sets or company)[:1]
        links = [n for n in LINK_ORDER if n in fields and fields[n]["type"] == "many2one"]
        read = self.admin.call(model, "read", [record_id], names + links,
                               context={"active_test": False}) if depth < 3 else []
        if not read:
            return self.ALL
        values = read[0]
        if names:
            value = values[names[0]]
            ids = value if isinstance(value, list) else ([value[0]] if value else [])
            return frozenset(ids) if ids else self.ALL
        scopes = [self.of(fields[n]["relation"], values[n][0], depth + 1)
                  for n in links if values[n]]
        scopes = [s for s in scopes if s != self.ALL]
        return frozenset().union(*scopes) if scopes else self.ALL

    def label(self, scope, company_a, company_b):
        if scope == self.ALL:
            return "all"
        if company_a in scope:
            return "shared" if company_b in scope else "own"
        return "other" if company_b in scope else "unrelated"


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = odoo_server.admin()
    company_a = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    company_b = admin.call("res.company", "create", {"name": "Matrix Company B"})
    settings = admin.call("res.config.settings", "create", {"group_prospect_status": True})
    admin.call("res.config.settings", "execute", [settings])
    roles = {name: admin.create_user("mx_%d" % index, groups)
             for index, (name, groups) in enumerate(sorted(ROLES.items()))}
    _alice, bob = managers_day(admin, company_b, "mx", "A", "B",
                               ROLES["administrator"] + ["mass_mailing.group_mass_mailing_user"])
    admin.call("res.partner", "create", {"name": "Matrix shared prospect", "is_prospect": True,
                                         "company_ids": [(6, 0, [company_a, company_b])]})
    yield dict(admin=admin, roles=roles, a=company_a, b=company_b, bob=bob)
    settings = admin.call("res.config.settings", "create", {"group_prospect_status": False})
    admin.call("res.config.settings", "execute", [settings])


def managers_day(admin, company_b, prefix, tag_a, tag_b, groups):
    """A sales manager of company A and one of COMPANY_B, each through a day
    of work (_company_life); returns them."""
    alice = admin.create_user("%s_alice" % prefix, groups)
    bob = admin.create_user("%s_bob" % prefix, groups, company_id=company_b,
                            company_ids=[(6, 0, [company_b])])
    mailing_list = admin.call("mail.mass_mailing.list", "create",
                              {"name": "%s list" % prefix})
    for user, tag in ((alice, tag_a), (bob, tag_b)):
        _company_life(user, tag, mailing_list)
    return alice, bob


def _company_life(user, tag, mailing_list):
    """What a sales manager of a company does in a day: prospects and their
    addresses, an opportunity, a project, a mailing list, a
    duplicate check and its groups, one of them dismissed, a merge."""
    ids = []
    for index in range(3):
        ids.append(user.call("res.partner", "create", {
            "name": "Matrix Dupont %s SARL" % tag, "is_prospect": True, "is_company": True,
            "email": "contact@dupont-%s.example" % tag.lower(), "phone": "+33 1 42 00 00 0%d" % index,
            "street": "%d rue de Rivoli" % (10 + index), "city": "Paris", "zip": "75001"}))
    user.call("res.partner", "create", {"name": "Invoices %s" % tag, "parent_id": ids[0],
                                        "type": "invoice"})
    lead = user.call("crm.lead", "create", {"name": "Matrix deal %s" % tag, "partner_id": ids[0],
                                            "type": "opportunity"})
    user.call("crm.lead", "message_post", [lead], body="Called them")
    user.call("res.partner", "generate_project", [ids[1]])
    wizard = user.call("crm.prospect.mailing.list.wizard", "create",
                       {"partner_id": ids[0], "mailing_list_ids": [(6, 0, [mailing_list])]})
    user.call("crm.prospect.mailing.list.wizard", "action_add", [wizard])
    context = {"active_model": "res.partner", "active_ids": ids,
               "active_domain": [("id", "in", ids)]}
    wizard = user.call("crm.prospect.dedup.check.wizard", "create", {}, context=context)
    check = user.call("crm.prospect.dedup.check.wizard", "action_check", [wizard],
                      context=context)["res_id"]
    deadline = time.time() + 120
    while user.call("crm.prospect.dedup.check", "read", [check], ["state"])[0]["state"] \
            not in ("done", "failed") and time.time() < deadline:
        time.sleep(0.3)
    groups = user.call("crm.prospect.dedup.check", "read", [check], ["group_ids"])[0]["group_ids"]
    assert groups, "the check of company %s found no group" % tag
    user.call("crm.prospect.dedup.group", "action_dismiss", groups[:1])
    # and a merge, which leaves its merge journal entry
    twins = [user.call("res.partner", "create", {
        "name": "Matrix Durand %s %s" % (tag, form), "is_prospect": True, "is_company": True})
        for form in ("SA", "SAS")]
    merge(user, twins, keep=twins[0])


def _samples(registry, scopes, model, world):
    """Up to SAMPLE records of MODEL per scope label, newest first."""
    ids = registry.admin.call(model, "search", [], order="id desc", limit=400,
                              context={"active_test": False})
    found = {}
    for record_id in ids:
        label = scopes.label(scopes.of(model, record_id), world["a"], world["b"])
        if len(found.setdefault(label, [])) < SAMPLE:
            found[label].append(record_id)
    return found


MAGIC = {"id", "create_uid", "create_date", "write_uid", "write_date", "__last_update",
         "display_name", "active"}
PROBE_TYPES = ("char", "text", "boolean", "selection", "integer", "float", "many2one")


def _probe_field(registry, model):
    """A stored field the client can send, written back with its own value:
    one the form edits when there is one."""
    candidates = [(bool(field.get("readonly")), name)
                  for name, field in registry.fields(model).items()
                  if field["type"] in PROBE_TYPES and field.get("store") and name not in MAGIC
                  and field.get("relation") not in ("res.company", "res.users")]
    return min(candidates)[1] if candidates else None


def _readable_by_all(world, model, record_id):
    if model != "res.partner":
        return False
    [partner] = world["admin"].call(model, "read", [record_id], ["partner_share"],
                                    context={"active_test": False})
    return not partner["partner_share"]


def _check_cell(world, registry, user, model, label, record_id, allowed):
    """The failures of one role on one record, as strings."""
    failures = []
    foreign = label == "other"
    probe = _probe_field(registry, model)
    gone = lambda: not world["admin"].call(model, "search_count", [("id", "=", record_id)],
                                          context={"active_test": False})
    if gone():
        return ["%s#%d was deleted by an earlier role" % (model, record_id)]
    value = None
    if probe:
        value = world["admin"].call(model, "read", [record_id], [probe],
                                    context={"active_test": False})[0][probe]
        value = value[0] if isinstance(value, list) else value
    read = lambda: user.call(model, "read", [record_id], ["display_name"],
                             context={"active_test": False})
    found = lambda: user.call(model, "search_count", [("id", "=", record_id)],
                              context={"active_test": False})
    write = lambda: user.call(model, "write", [record_id], {probe: value} if probe else {})
    unlink = lambda: user.call(model, "unlink", [record_id]) and gone()
    hidden = foreign and not _readable_by_all(world, model, record_id)
    for operation, call in (("read", read), ("search", found), ("write", write),
                            ("unlink", unlink)):
        must_fail = hidden or (foreign and operation in ("write", "unlink")) \
            or not allowed[operation if operation != "search" else "read"]
        if must_fail and not _refused(call):
            failures.append("%s %s %s#%d" % (operation, label, model, record_id))
    return failures


def _allowed(user, model):
    return {operation: user.call(model, "check_access_rights", operation, False)
            for operation in OPERATIONS}


def test_access_matrix_generated_from_the_registry(world):
    admin = world["admin"]
    registry = Registry(admin)
    scopes = Scopes(registry)
    models = registry.persistent()
    assert {"res.partner", "crm.prospect.status", "crm.prospect.dedup.dismissal"} <= set(models)
    failures, cells, covered = [], 0, set()
    samples = {model: _samples(registry, scopes, model, world) for model in models}
    for role, user in sorted(world["roles"].items()):
        for model in models:
            allowed = _allowed(user, model)
            for label in ("own", "shared", "other", "all"):
                for record_id in samples[model].get(label, []):
                    failures += ["%s: %s" % (role, f) for f in _check_cell(
                        world, registry, user, model, label, record_id, allowed)]
                    cells += 1
                    covered.add((model, label))
            failures += ["%s: %s" % (role, f) for f in
                         _check_create(world, registry, scopes, user, model, allowed)]
    print("\naccess matrix: %d models x %d roles, %d record cells (x 4 operations), "
          "scopes covered: %s" % (len(models), len(world["roles"]), cells,
                                  sorted(covered)))
    assert {("res.partner", "other"), ("crm.prospect.dedup.group", "other"),
            ("crm.prospect.dedup.dismissal", "other"), ("crm.lead", "other"),
            ("project.project", "other")} <= covered
    assert failures == [], "\n".join(failures)


def _check_create(world, registry, scopes, user, model, allowed):
    """Creating a record of company B as a user of company A never succeeds."""
    fields = registry.fields(model)
    vals = {}
    for name, field in fields.items():
        if field.get("relation") == "res.company" and field.get("store") \
                and not field.get("readonly"):
            vals[name] = [(6, 0, [world["b"]])] if field["type"] == "many2many" else world["b"]
        elif field.get("required") and field["type"] in ("char", "text"):
            vals[name] = "Matrix probe"
    if not vals or not any(fields[n].get("relation") == "res.company" for n in vals):
        return []
    try:
        record_id = user.call(model, "create", vals)
    except xmlrpc.client.Fault as fault:
        assert _is_clean(fault), fault.faultString[-400:]
        return []
    label = scopes.label(scopes.of(model, record_id), world["a"], world["b"])
    if not allowed["create"] or label == "other":
        return ["create %s %s#%d" % (label, model, record_id)]
    return []


def test_every_model_of_the_suite_has_access_rights_and_company_rules(world):
    admin = world["admin"]
    registry = Registry(admin)
    scopes = Scopes(registry)
    missing_access, missing_rules = [], []
    for model in registry.persistent():
        if not admin.call("ir.model.access", "search_count", [("model_id.model", "=", model)]):
            missing_access.append(model)
        labels = set(_samples(registry, scopes, model, world))
        if labels & {"own", "other", "shared"} and not admin.call(
                "ir.rule", "search_count", [("model_id.model", "=", model)]):
            missing_rules.append(model)
    assert missing_access == []
    assert missing_rules == []


def test_wizards_opened_on_another_companys_records_show_nothing_of_them(world):
    """Each many2one/many2many of each wizard of the suite, set to a record of
    company B by every role of company A: refused, or nothing of the record
    comes back (the values of its text fields)."""
    admin = world["admin"]
    registry = Registry(admin)
    scopes = Scopes(registry)
    failures, calls = [], 0
    for model in registry.transient():
        for name, field in sorted(registry.fields(model).items()):
            relation = field.get("relation")
            if field["type"] not in ("many2one", "many2many") or relation not in (
                    "res.partner", "crm.lead", "project.project", "crm.prospect.dedup.group",
                    "crm.prospect.dedup.check"):
                continue
            foreign = _samples(registry, scopes, relation, world).get("other", [])
            for record_id in foreign:
                secrets = _text_values(admin, relation, record_id)
                value = [(6, 0, [record_id])] if field["type"] == "many2many" else record_id
                for role, user in sorted(world["roles"].items()):
                    calls += 1
                    leak = _wizard_leak(admin, user, model, name, value, secrets)
                    if leak:
                        failures.append("%s: %s.%s = %s#%d shows %s"
                                        % (role, model, name, relation, record_id, leak))
    print("\nwizards: %d calls" % calls)
    assert calls > 0
    assert failures == [], "\n".join(failures)


def _text_values(admin, model, record_id):
    fields = admin.call(model, "fields_get", attributes=["type"])
    names = [n for n, f in fields.items() if f["type"] in ("char", "text")
             and n != "__last_update"]
    [values] = admin.call(model, "read", [record_id], names, context={"active_test": False})
    return {v for v in values.values() if isinstance(v, str) and len(v) >= 6}


def _required_values(admin, user, model, fields, skip):
    """What a client may send: the user's defaults, then any record id for
    each other required field (ids are sequential: a client may send any)."""
    values = user.call(model, "default_get", sorted(fields))
    for name, field in sorted(fields.items()):
        if name == skip or not field.get("required") or values.get(name):
            continue
        if field["type"] in ("many2one", "many2many"):
            ids = admin.call(field["relation"], "search", [], limit=1)
            if ids:
                values[name] = ids[0] if field["type"] == "many2one" else [(6, 0, ids)]
        elif field["type"] in ("char", "text"):
            values[name] = "Matrix probe"
    return values


def _wizard_leak(admin, user, model, name, value, secrets):
    try:
        fields = user.call(model, "fields_get", attributes=["type", "relation", "required"])
        values = _required_values(admin, user, model, fields, name)
        values[name] = value
        wizard = user.call(model, "create", values)
        [values] = user.call(model, "read", [wizard])
    except xmlrpc.client.Fault as fault:
        assert _is_clean(fault), fault.faultString[-400:]
        return None
    shown = {v for v in values.values() if isinstance(v, str)}
    shown |= {v[1] for v in values.values() if isinstance(v, list) and len(v) == 2
              and isinstance(v[1], str)}
    return sorted(shown & secrets) or None
