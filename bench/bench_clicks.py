"""The salesperson's clicks of issue 13 beside the closest stock Odoo action,
timed as the web client makes them: each click makes the calls Odoo 11's web
client makes for it (logged from Chromium's JSON-RPC requests, see
bench/README.md), each in its own transaction (odoo.service.model.execute_kw,
as an RPC), down to the read of the form it shows. Printed: the median of
RUNS clicks, the SQL queries of one click, and the ratio of the medians to
the stock action's, all measured in the same run (the machine is shared:
compare ratios, not times).

    .venv/bin/python bench/bench_clicks.py [--runs 25] [--profile ACTION]

With --profile, BENCH_PROFILE_LINES (40) lines of cProfile's figures, and
the callees of the functions matching the regex BENCH_PROFILE_CALLEES.

The stock actions run in the same database (the suite installed), on records
the suite leaves alone: a project created from the project form, a contact
that is no prospect saved from the partner form. A second ratio is printed
beside some (OTHER_STOCK), never instead of the one of record.
"""
import argparse
import json
import os
import cProfile
import pstats
import re
import statistics
import time

from lxml import etree

from common import fresh_database, odoo_registry, shell

WARM_UP = 2  # rounds of clicks not timed, on spare records
# the keys of a dialog's context that the web client leaves out of the context
# of the action the dialog's button returns (Odoo 11's view_manager.js)
WEB_CLIENT_DROPS = r"^(?:(?:default_|search_default_|show_).+|.+_view_ref|group_by|group_by_no_leaf|active_id|active_ids)$"
SALESMAN_GROUPS = ["sales_team.group_sale_salesman", "project.group_project_manager"]


class Client:
    """One user's web client: its calls, each in its own transaction as over
    RPC, and what its open forms already show (their messages and followers)."""

    def __init__(self, db, uid, context, trace=False):
        from odoo.service import model
        self.db, self.uid, self.context, self.model = db, uid, context, model
        self.forms, self.trace, self.shown, self.views = {}, trace, {}, {}

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", self.context)
        return self._traced("%s %s" % (model, method), lambda: self.model.execute_kw(
            self.db, self.uid, model, method, list(args), kwargs))

    def route(self, name, function, *args):
        """A JSON route of the web client (a controller's FUNCTION), served as
        Odoo serves it: its own transaction, as the user."""
        import odoo

        def serve():
            with odoo.registry(self.db).cursor() as cr:
                odoo.http._request_stack.push(_Request(odoo.api.Environment(
                    cr, self.uid, self.context)))
                try:
                    return function(*args)
                finally:
                    odoo.http._request_stack.pop()
        return self._traced(name, serve)

    def _traced(self, label, function):
        import odoo
        before, start = odoo.sql_db.sql_counter, time.perf_counter()
        result = function()
        if self.trace:
            print("    %-49s %7.1f ms %4d queries" % (
                label, (time.perf_counter() - start) * 1000, odoo.sql_db.sql_counter - before))
        return result

    def form(self, model, view_id=False):
        """The fields of MODEL's form, the onchange spec and the many2one
        fields it shows, as the web client gets them once (the views are then
        cached in the browser)."""
        if (model, view_id) not in self.forms:
            view = self.call(model, "fields_view_get", view_id=view_id, view_type="form")
            arch = etree.fromstring(view["arch"])
            nodes = [node for node in arch.iter("field") if not _in_subview(node)]
            spec = {node.get("name"): node.get("on_change") or "" for node in nodes}
            shown = {node.get("name") for node in nodes
                     if '"invisible": true' not in (node.get("modifiers") or "")}
            self.forms[(model, view_id)] = (view["fields"], spec, shown)
        return self.forms[(model, view_id)]

    def load_views(self, model, views, context, toolbar=False):
        """The views of an action the web client opens, cached as it caches
        them: by model, views, options and the action's context (which often
        names the record the action comes from, so that they are loaded again)."""
        context = dict(self.context, **context)
        key = json.dumps([model, views, toolbar, context], sort_keys=True)
        if key not in self.views:
            self.views[key] = self.call(model, "load_views", views=views, context=context,
                                        options={"toolbar": toolbar, "load_filters": toolbar})
        return self.views[key]

    def open(self, model, record_id, view_id=False, context=None):
        """Read a record as its form shows it, with the lines of its x2many
        fields, then its new chatter messages and, when they changed, its
        followers (as the chatter does)."""
        fields = self.form(model, view_id)[0]
        context = dict(self.context, bin_size=True, **(context or {}))
        [values] = self.call(model, "read", [record_id], list(fields), context=context)
        for name, field in fields.items():
            if field["type"] in ("one2many", "many2many") and values[name] \
                    and name not in ("message_ids", "message_follower_ids"):
                subfields = set()
                for view in field.get("views", {}).values():
                    subfields.update(view["fields"])
                self.call(field["relation"], "read", values[name],
                          sorted(subfields) or ["display_name"])
        self._refresh_chatter(model, record_id, values)
        return values

    def show(self, env, model, record_ids):
        """What the open forms of these records show already (not timed)."""
        for record in env[model].browse(record_ids):
            self.shown[(model, record.id)] = {
                "message_ids": set(record.message_ids.ids),
                "message_follower_ids": set(record.message_follower_ids.ids)}

    def _refresh_chatter(self, model, record_id, values):
        from odoo.addons.mail.controllers.main import MailController
        shown = self.shown.setdefault((model, record_id), {
            "message_ids": set(), "message_follower_ids": set()})
        new_messages = set(values.get("message_ids") or ()) - shown["message_ids"]
        if new_messages:
            self.call("mail.message", "message_format", sorted(new_messages, reverse=True))
            shown["message_ids"] |= new_messages
        followers = set(values.get("message_follower_ids") or ())
        if followers != shown["message_follower_ids"]:
            self.route("/mail/read_followers", MailController.read_followers.original_func,
                       MailController(), sorted(followers), model)
            shown["message_follower_ids"] = followers

    def new(self, model, view_id=False, context=None):
        """The "Create" button (or a dialog opening): the defaults, the
        onchanges when the form has some (as Odoo 11's web client does), then
        the names of the many2one values shown."""
        fields, spec, shown = self.form(model, view_id)
        context = dict(self.context, **(context or {}))
        values = self.call(model, "default_get", list(fields), context=context)
        if any(spec.values()):
            changes = self.call(model, "onchange", [], values, [], spec, context=context)
            values.update(changes["value"])
        for name in sorted(shown):
            if fields[name]["type"] == "many2one" and isinstance(values.get(name), int):
                [pair] = self.call(fields[name]["relation"], "name_get", [values[name]])
                values[name] = pair
        return values

    def onchange(self, model, record_id, values, field_name, view_id=False):
        """A field's onchange on a saved record's form, as the web client sends
        it: every value of the form, many2one values as ids."""
        spec = self.form(model, view_id)[1]
        values = dict(_ids(values), id=record_id)
        return self.call(model, "onchange", [record_id], values, field_name, spec)["value"]

    def saved_values(self, model, values, view_id=False):
        """The values the web client sends to create a record: those of the
        form but its read-only fields and empty lists."""
        fields = self.form(model, view_id)[0]
        return {name: value for name, value in _ids(values).items()
                if name in fields and not fields[name].get("readonly") and value != []}


class _Request:
    """What a controller of the web client uses of its request."""

    def __init__(self, env):
        self.env = env


def _ids(values):
    """Form values as the web client sends them: many2one values as ids."""
    return {name: value[0] if isinstance(value, (tuple, list)) and len(value) == 2
            and isinstance(value[1], str) else value for name, value in values.items()}


def _in_subview(node):
    parent = node.getparent()
    while parent is not None:
        if parent.tag in ("tree", "kanban", "form") and parent.getparent() is not None:
            return True
        parent = parent.getparent()
    return False


def setup(env, runs):
    """A salesperson who manages projects, RUNS + WARM_UP + 2 prospects, a
    contact and an opportunity of it."""
    user = env["res.users"].with_context(no_reset_password=True).create({
        "name": "Bench Clicker", "login": "bench_clicker", "email": "clicker@example.com",
        "groups_id": [(6, 0, [env.ref(xmlid).id for xmlid in SALESMAN_GROUPS])]})
    partners = env["res.partner"].sudo(user)
    prospects = [partners.create({"name": "Clicked Prospect %d" % i, "is_company": True,
                                  "is_prospect": True, "city": "Lyon"}).id for i in range(runs + WARM_UP + 2)]
    contact = partners.create({"name": "Plain Contact", "city": "Lyon", "customer": True}).id
    lead = env["crm.lead"].sudo(user).create({"name": "Stock deal", "type": "opportunity",
                                               "partner_id": contact}).id
    statuses = env["crm.prospect.status"].search([], limit=2).ids
    env["res.config.settings"].create({"group_prospect_status": True}).execute()
    return user.id, prospects, contact, statuses, lead


def clicks(client, env, prospects, contact, statuses, lead):
    """{action: (function of the run number, stock action it compares with)}:
    the calls Odoo 11's web client makes for each (bench/README.md)."""
    project_form = env.ref("project.edit_project").id
    lead_form = env.ref("crm.crm_case_form_view_oppor").id
    partner_form = env.ref("base.view_partner_form").id
    stages = env["crm.stage"].search([], limit=2).ids
    client.show(env, "res.partner", prospects + [contact])
    client.show(env, "crm.lead", [lead])
    form = {("res.partner", partner_id): client.open("res.partner", partner_id, partner_form)
            for partner_id in prospects[-2:] + [contact]}
    form[("crm.lead", lead)] = client.open("crm.lead", lead, lead_form)

    def stock_project(i):
        # Create, a name and a customer, Save: every value of the form is sent
        values = client.new("project.project", project_form)
        values.update(name="Stock project %d" % i, partner_id=contact)
        project_id = client.call("project.project", "create",
                                 client.saved_values("project.project", values, project_form))
        client.open("project.project", project_id, project_form)

    def generate_project(i):
        partner_id = prospects[i]
        dialog = client.call("res.partner", "action_generate_project_dialog", [partner_id])
        context = dict(client.context, **dialog["context"])
        client.load_views(dialog["res_model"], dialog["views"], dialog["context"])
        values = client.new(dialog["res_model"], dialog["views"][0][0], context=dialog["context"])
        values["name"] += " website"
        wizard = client.saved_values(dialog["res_model"], values, dialog["views"][0][0])
        wizard_id = client.call(dialog["res_model"], "create", wizard, context=context)
        client.open(dialog["res_model"], wizard_id, dialog["views"][0][0], context=context)
        action = client.call(dialog["res_model"], "action_generate", [wizard_id], context=context)
        # the context the web client gives the action a button returns
        # (view_manager.js): the dialog's, its record's, then the action's own
        project_context = {key: value for key, value in dialog["context"].items()
                           if not re.match(WEB_CLIENT_DROPS, key)}
        project_context.update(active_model=dialog["res_model"], active_id=wizard_id,
                               active_ids=[wizard_id])
        project_context.update(action.get("context", {}))
        client.load_views("project.project", [[False, "form"], [False, "search"]],
                          project_context, toolbar=True)
        client.open("project.project", action["res_id"], project_form, context=project_context)

    def save_phone(partner_id, i, typed):
        values = dict(form[("res.partner", partner_id)], phone="+33 4 00 00 00 %02d" % i)
        if typed:  # the suite's duplicate warning, while the phone is typed
            client.onchange("res.partner", partner_id, values, "phone", partner_form)
        client.call("res.partner", "write", [partner_id], {"phone": values["phone"]})
        form[("res.partner", partner_id)] = client.open("res.partner", partner_id, partner_form)

    def statusbar_click(model, record_id, view_id, vals):
        # Odoo 11's status bar saves the record, then reads it twice
        client.call(model, "write", [record_id], vals)
        client.open(model, record_id, view_id)
        form[(model, record_id)] = client.open(model, record_id, view_id)

    def other(value, choices):
        """The choice the record does not have (a click that changes it)."""
        return choices[1] if value and value[0] == choices[0] else choices[0]

    def stock_stage_click(i):
        stage_id = other(form[("crm.lead", lead)]["stage_id"], stages)
        client.call("crm.stage", "name_get", stage_id)
        values = dict(form[("crm.lead", lead)], stage_id=stage_id)
        changes = client.onchange("crm.lead", lead, values, "stage_id", lead_form)
        stage_ids = [stage["id"] for stage in client.call(
            "crm.stage", "search_read", domain=["|", ("id", "=", stage_id), "|", (
                "team_id", "=", values["team_id"] and values["team_id"][0]),
                ("team_id", "=", False)], fields=["id", "fold"])]
        client.call("crm.stage", "name_get", stage_ids)
        vals = dict(stage_id=stage_id, **{name: value for name, value in _ids(changes).items()
                                         if name != "stage_id" and value != values.get(name)})
        statusbar_click("crm.lead", lead, lead_form, vals)

    def status_click(i):
        status_id = other(form[("res.partner", prospects[-2])]["prospect_status_id"], statuses)
        client.call("crm.prospect.status", "name_get", status_id)
        statusbar_click("res.partner", prospects[-2], partner_form,
                        {"prospect_status_id": status_id})

    def convert(i):
        client.call("res.partner", "action_convert_to_customer", [prospects[i]])
        client.open("res.partner", prospects[i], partner_form)

    return {
        "create a project (stock form)": (stock_project, None),
        "generate project": (generate_project, "create a project (stock form)"),
        "save a contact (stock)": (lambda i: save_phone(contact, i, False), None),
        "save a prospect": (lambda i: save_phone(prospects[-1], i, True),
                            "save a contact (stock)"),
        "lead stage click (stock)": (stock_stage_click, None),
        "status click": (status_click, "lead stage click (stock)"),
        "convert to customer": (convert, "save a contact (stock)"),
    }


def measure(actions, runs):
    """{action: (median ms, quartiles ms, median SQL queries)} of RUNS clicks
    of each, after WARM_UP rounds on spare records. The actions take turns,
    in an order reversed every other round, so that a load of the shared
    machine, and whatever a click leaves to the next, weigh on all alike."""
    import odoo
    samples = {name: ([], []) for name in actions}
    names = list(actions)
    for round_number, i in enumerate(list(range(runs, runs + WARM_UP)) + list(range(runs))):
        for name in names if round_number % 2 else reversed(names):
            before, start = odoo.sql_db.sql_counter, time.perf_counter()
            actions[name][0](i)
            if i < runs:
                samples[name][0].append((time.perf_counter() - start) * 1000)
                samples[name][1].append(odoo.sql_db.sql_counter - before)
    return {name: (statistics.median(times), _quartiles(times), statistics.median(queries))
            for name, (times, queries) in samples.items()}


def _quartiles(samples):
    ordered = sorted(samples)
    return ordered[len(ordered) // 4], ordered[(3 * len(ordered)) // 4]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--db", default="bench_clicks")
    parser.add_argument("--profile",
                        help="one action (its name): its calls, then cProfile's figures")
    args = parser.parse_args()
    db = fresh_database(args.db)
    registry = odoo_registry(db)
    import odoo
    with odoo.api.Environment.manage():
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            uid, prospects, contact, statuses, lead = setup(env, args.runs)
            cr.commit()
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            client = Client(db, uid, {"lang": "en_US", "tz": "Europe/Paris", "uid": uid})
            actions = clicks(client, env, prospects, contact, statuses, lead)
        if args.profile:
            function = actions[args.profile][0]
            function(args.runs)
            function(args.runs + 1)
            client.trace = True
            function(1)
            client.trace = False
            profile = cProfile.Profile()
            profile.runcall(function, 0)
            lines = int(os.environ.get("BENCH_PROFILE_LINES", 40))
            stats = pstats.Stats(profile).strip_dirs().sort_stats("cumulative")
            stats.print_stats(lines)
            if os.environ.get("BENCH_PROFILE_CALLEES"):  # a function's callees, by a regex
                stats.print_callees(os.environ["BENCH_PROFILE_CALLEES"])
        else:
            report(actions, args.runs)
    odoo.sql_db.close_db(db)
    shell('drop_db "$1"', db)


# Printed beside the ratio of record, never instead of it: a stock action
# as close in another way (bench/README.md says why).
OTHER_STOCK = {
    "status click": "save a contact (stock)",
    "convert to customer": "lead stage click (stock)",
}


def report(actions, runs):
    results = measure(actions, runs)
    print("%-30s %9s %15s %7s   %s" % ("click", "median ms", "quartiles ms", "queries",
                                       "ratio of the medians to the stock action"))
    for name, (_function, stock) in actions.items():
        median, (low, high), queries = results[name]
        ratio = "%.2f x %s" % (median / results[stock][0], stock) if stock else ""
        print("%-30s %9.1f %7.1f-%-7.1f %7d   %s" % (name, median, low, high, queries, ratio))
    print("\nbeside another stock action:")
    for name, other in OTHER_STOCK.items():
        print("%-30s %.2f x %s" % (name, results[name][0] / results[other][0], other))


if __name__ == "__main__":
    main()
