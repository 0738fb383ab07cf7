"""The prospect form with hundreds of activities (issue 5, F8): time to load
the form as the web client does (the partner's form fields, then the lines of
both activity lists).

    .venv/bin/python bench/bench_activity_tab.py [--activities 300] [--runs 20]
"""
import argparse
from datetime import datetime, timedelta

from common import fresh_database, odoo_registry, shell, timed

LINE_FIELDS = ["date", "kind", "name", "activity_type_id", "user_id", "author_id", "details"]


def populate(env, count):
    """A prospect with COUNT planned activities, COUNT/2 done ones, COUNT/3 meetings
    and COUNT/10 won or lost opportunities, on itself, its contacts and its deals."""
    from odoo import fields
    partners = env["res.partner"]
    prospect = partners.create({"name": "Very Busy Prospect", "is_company": True, "is_prospect": True})
    contacts = partners.browse([partners.create({"name": "Contact %d" % i, "parent_id": prospect.id}).id
                                for i in range(5)])
    leads = env["crm.lead"].browse([env["crm.lead"].create({
        "name": "Deal %d" % i, "type": "opportunity", "partner_id": contacts[i % 5].id}).id
        for i in range(count // 10)])
    call = env.ref("mail.mail_activity_data_call")
    lead_model = env["ir.model"]._get("crm.lead").id
    partner_model = env["ir.model"]._get("res.partner").id
    activities = env["mail.activity"]
    for i in range(count + count // 2):
        on_lead = i % 2
        activities |= activities.create({
            "res_model_id": lead_model if on_lead else partner_model,
            "res_id": leads[i % len(leads)].id if on_lead else prospect.id,
            "activity_type_id": call.id, "summary": "Call %d" % i,
            "date_deadline": fields.Date.to_string(datetime.now() + timedelta(days=i % 60))})
    activities[count:].action_feedback("Done, feedback %d" % count)
    now = datetime.now()
    for i in range(count // 3):
        start = now + timedelta(days=i - count // 6)
        env["calendar.event"].create({
            "name": "Meeting %d" % i, "start": fields.Datetime.to_string(start),
            "stop": fields.Datetime.to_string(start + timedelta(hours=1)),
            "partner_ids": [(6, 0, [contacts[i % 5].id])]})
    for i, lead in enumerate(leads):
        lead.action_set_won() if i % 2 else lead.action_set_lost()
    return prospect


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", default="bench_activity_tab")
    args = parser.parse_args()
    db = fresh_database(args.db)
    registry = odoo_registry(db)
    import odoo
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        prospect = populate(env, args.activities)
        cr.commit()
        form = env["res.partner"].fields_view_get(
            view_id=env.ref("base.view_partner_form").id, view_type="form")
        form_fields = list(form["fields"])

        def open_form():
            [values] = prospect.read(form_fields)
            lines = env["crm.prospect.activity"].browse(
                values["prospect_upcoming_activity_ids"] + values["prospect_past_activity_ids"])
            lines.read(LINE_FIELDS)
            prospect.invalidate_cache()
            return len(lines)
        print("prospect with %d activity lines (%d upcoming, %d past)" % (
            open_form(), len(prospect.prospect_upcoming_activity_ids), len(prospect.prospect_past_activity_ids)))
        median, p95 = timed(open_form, args.runs)
        print("open the prospect form with its activity tab: median %.1f ms   p95 %.1f ms" % (median, p95))
    odoo.sql_db.close_db(db)
    shell('drop_db "$1"', db)


if __name__ == "__main__":
    main()
