"""The salesperson's clicks of issue 13 beside the closest stock Odoo action,
timed as the web client makes them: each call of a click is its own
transaction (odoo.service.model.execute_kw, as an RPC), and the click ends
with the read of the form it opens. Printed: the median of RUNS clicks, the
SQL queries of one click, and the ratio to the stock action, all measured in
the same run (the machine is shared: compare ratios, not times).

    .venv/bin/python bench/bench_clicks.py [--runs 15] [--profile ACTION]

The stock actions run in the same database (the suite installed), on records
the suite leaves alone: a project created from the project form, a contact
that is no prospect saved from the partner form. A second ratio is printed
beside some (OTHER_STOCK), never instead of the one of record.
"""
import argparse
import os
import cProfile
import pstats
import statistics
import time

from lxml import etree

from common import fresh_database, odoo_registry, shell

SALESMAN_GROUPS = ["sales_team.group_sale_salesman", "project.group_project_manager"]


class Client:
    """One user's calls, each in its own transaction as over RPC."""

    def __init__(self, db, uid, context, trace=False):
        from odoo.service import model
        self.db, self.uid, self.context, self.model = db, uid, context, model
        self.forms, self.trace = {}, trace

    def call(self, model, method, *args, **kwargs):
        import odoo
        kwargs.setdefault("context", self.context)
        before, start = odoo.sql_db.sql_counter, time.perf_counter()
        result = self.model.execute_kw(self.db, self.uid, model, method, list(args), kwargs)
        if self.trace:
            print("    %-32s %-16s %7.1f ms %4d queries" % (
                model, method, (time.perf_counter() - start) * 1000,
                odoo.sql_db.sql_counter - before))
        return result

    def form(self, model, view_id=False):
        """The fields of MODEL's form and the onchange spec, as the web client
        gets them once (the views are then cached in the browser)."""
        if (model, view_id) not in self.forms:
            view = self.call(model, "fields_view_get", view_id=view_id, view_type="form")
            arch = etree.fromstring(view["arch"])
            spec = {node.get("name"): node.get("on_change") or ""
                    for node in arch.iter("field") if not _in_subview(node)}
            self.forms[(model, view_id)] = (view["fields"], spec)
        return self.forms[(model, view_id)]

    def open(self, model, record_id, view_id=False):
        """Read a record as its form shows it, with the lines of its x2many fields."""
        fields, _spec = self.form(model, view_id)
        [values] = self.call(model, "read", [record_id], list(fields))
        for name, field in fields.items():
            if field["type"] in ("one2many", "many2many") and values[name]:
                subfields = set()
                for view in field.get("views", {}).values():
                    subfields.update(view["fields"])
                self.call(field["relation"], "read", values[name],
                          sorted(subfields) or ["display_name"])
        return values

    def new(self, model, view_id=False, context=None):
        """The "Create" button (or a dialog opening): the defaults, then the
        onchanges when the form has some (as Odoo 11's web client does)."""
        fields, spec = self.form(model, view_id)
        context = dict(self.context, **(context or {}))
        values = self.call(model, "default_get", list(fields), context=context)
        if any(spec.values()):
            changes = self.call(model, "onchange", [], values, [], spec, context=context)
            values.update(changes["value"])
        return values


def _in_subview(node):
    parent = node.getparent()
    while parent is not None:
        if parent.tag in ("tree", "kanban", "form") and parent.getparent() is not None:
            return True
        parent = parent.getparent()
    return False


def setup(env, runs):
    """A salesperson who manages projects, RUNS + 3 prospects, a contact and
    an opportunity of it."""
    user = env["res.users"].with_context(no_reset_password=True).create({
        "name": "Bench Clicker", "login": "bench_clicker", "email": "clicker@example.com",
        "groups_id": [(6, 0, [env.ref(xmlid).id for xmlid in SALESMAN_GROUPS])]})
    partners = env["res.partner"].sudo(user)
    prospects = [partners.create({"name": "Clicked Prospect %d" % i, "is_company": True,
                                  "is_prospect": True, "city": "Lyon"}).id for i in range(runs + 3)]
    contact = partners.create({"name": "Plain Contact", "city": "Lyon", "customer": True}).id
    lead = env["crm.lead"].sudo(user).create({"name": "Stock deal", "type": "opportunity",
                                               "partner_id": contact}).id
    statuses = env["crm.prospect.status"].search([], limit=2).ids
    env["res.config.settings"].create({"group_prospect_status": True}).execute()
    return user.id, prospects, contact, statuses, lead


def clicks(client, env, prospects, contact, statuses, lead):
    """{action: (function of the run number, stock action it compares with)}."""
    project_form = env.ref("project.edit_project").id
    lead_form = env.ref("crm.crm_case_form_view_oppor").id
    partner_form = env.ref("base.view_partner_form").id
    stages = env["crm.stage"].search([], limit=2).ids

    def stock_project(i):
        client.new("project.project", project_form)
        project_id = client.call("project.project", "create", {
            "name": "Stock project %d" % i, "partner_id": contact})
        client.open("project.project", project_id, project_form)

    def stock_project_form_values(i):
        # as the web client saves a new record: every value of the form, its
        # defaults included (the project manager, whom Odoo then subscribes)
        values = client.new("project.project", project_form)
        values = {name: value[0] if isinstance(value, tuple) else value
                  for name, value in values.items()}
        values.update(name="Stock project %d (form values)" % i, partner_id=contact)
        project_id = client.call("project.project", "create", values)
        client.open("project.project", project_id, project_form)

    def generate_project(i):
        partner_id = prospects[i]
        dialog = client.call("res.partner", "action_generate_project_dialog", [partner_id])
        context = dict(client.context, **dialog["context"])
        values = client.new("crm.prospect.project.wizard", context=dialog["context"])
        wizard_id = client.call("crm.prospect.project.wizard", "create", {
            "partner_id": partner_id, "name": values["name"] + " website",
            "user_id": values["user_id"], "company_id": values["company_id"]}, context=context)
        action = client.call("crm.prospect.project.wizard", "action_generate", [wizard_id],
                             context=context)
        client.open("project.project", action["res_id"], project_form)

    def save_phone(partner_id, i):
        client.call("res.partner", "write", [partner_id], {"phone": "+33 4 00 00 00 %02d" % i})
        client.open("res.partner", partner_id, partner_form)

    def stock_stage_click(i):
        client.call("crm.lead", "write", [lead], {"stage_id": stages[i % 2]})
        client.open("crm.lead", lead, lead_form)

    def status_click(i):
        client.call("res.partner", "write", [prospects[-2]],
                    {"prospect_status_id": statuses[i % 2]})
        client.open("res.partner", prospects[-2], partner_form)

    def convert(i):
        client.call("res.partner", "action_convert_to_customer", [prospects[i]])
        client.open("res.partner", prospects[i], partner_form)

    return {
        "create a project (stock)": (stock_project, None),
        "create a project (stock, form values)": (stock_project_form_values, None),
        "generate project": (generate_project, "create a project (stock)"),
        "save a contact (stock)": (lambda i: save_phone(contact, i), None),
        "save a prospect": (lambda i: save_phone(prospects[-1], i), "save a contact (stock)"),
        "lead stage click (stock)": (stock_stage_click, None),
        "status click": (status_click, "lead stage click (stock)"),
        "convert to customer": (convert, "save a contact (stock)"),
    }


def measure(actions, runs):
    """{action: (median ms, median SQL queries)} of RUNS clicks of each, after
    a warm-up on the spare record (run RUNS); the actions take turns, so that
    a load of the shared machine weighs on all of them alike."""
    import odoo
    samples = {name: ([], []) for name in actions}
    for i in [runs] + list(range(runs)):
        for name, (function, _stock) in actions.items():
            before, start = odoo.sql_db.sql_counter, time.perf_counter()
            function(i)
            if i < runs:
                samples[name][0].append((time.perf_counter() - start) * 1000)
                samples[name][1].append(odoo.sql_db.sql_counter - before)
    return {name: (statistics.median(times), statistics.median(queries))
            for name, (times, queries) in samples.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
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
            client.trace = True
            function(1)
            client.trace = False
            profile = cProfile.Profile()
            profile.runcall(function, 0)
            lines = int(os.environ.get("BENCH_PROFILE_LINES", 40))
            pstats.Stats(profile).sort_stats("cumulative").print_stats(lines)
        else:
            report(actions, args.runs)
    odoo.sql_db.close_db(db)
    shell('drop_db "$1"', db)


# Printed beside the ratio of record, never instead of it: a stock action
# as close in another way (bench/README.md says why).
OTHER_STOCK = {
    "generate project": "create a project (stock, form values)",
    "status click": "save a contact (stock)",
    "convert to customer": "lead stage click (stock)",
}


def report(actions, runs):
    results = measure(actions, runs)
    print("%-38s %10s %8s   %s" % ("click", "median ms", "queries", "ratio to the stock action"))
    for name, (_function, stock) in actions.items():
        median, queries = results[name]
        ratio = "%.2f x %s" % (median / results[stock][0], stock) if stock else ""
        print("%-38s %10.1f %8d   %s" % (name, median, queries, ratio))
    print("\nbeside another stock action:")
    for name, other in OTHER_STOCK.items():
        print("%-38s %.2f x %s" % (name, results[name][0] / results[other][0], other))


if __name__ == "__main__":
    main()
