from datetime import datetime, timedelta

from odoo import fields

from .common import ProspectCase


class TestActivityTab(ProspectCase):
    """F8: the Activity tab, recent and upcoming activity, and past activity."""

    @classmethod
    def setUpClass(cls):
        super(TestActivityTab, cls).setUpClass()
        cls.prospect = cls.env["res.partner"].create(
            {"name": "Busy Prospect", "is_company": True, "is_prospect": True})
        cls.contact = cls.env["res.partner"].create({"name": "Busy Contact", "parent_id": cls.prospect.id})
        cls.opportunity = cls.env["crm.lead"].create({
            "name": "Busy deal", "type": "opportunity", "partner_id": cls.contact.id,
            "user_id": cls.salesperson.id})
        cls.call = cls.env.ref("mail.mail_activity_data_call")

    def _plan(self, record, summary, days=1, user=None):
        return self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get(record._name).id, "res_id": record.id,
            "activity_type_id": self.call.id, "summary": summary,
            "date_deadline": fields.Date.to_string(datetime.now() + timedelta(days=days)),
            "user_id": (user or self.salesperson).id})

    def _meeting(self, name, days):
        start = datetime.now() + timedelta(days=days)
        return self.env["calendar.event"].create({
            "name": name, "start": fields.Datetime.to_string(start),
            "stop": fields.Datetime.to_string(start + timedelta(hours=1)),
            "partner_ids": [(6, 0, self.contact.ids)]})

    def _lines(self, timing, user=None):
        partner = self.prospect.sudo(user or self.salesperson)
        partner.invalidate_cache()
        return partner["prospect_%s_activity_ids" % timing]

    def test_planned_activities_of_prospect_and_opportunity_are_upcoming(self):
        self._plan(self.prospect, "Call the prospect")
        self._plan(self.opportunity, "Send the quotation", days=3)
        names = self._lines("upcoming").mapped("name")
        self.assertEqual(names, ["Send the quotation", "Call the prospect"], "newest first")

    def test_done_activity_is_past_with_who_and_feedback(self):
        activity = self._plan(self.opportunity, "Demo call")
        activity.sudo(self.salesperson).action_feedback("They want a trial")
        past = self._lines("past").filtered(lambda l: l.kind == "done_activity")
        self.assertEqual(len(past), 1)
        self.assertEqual(past.author_id, self.salesperson.partner_id)
        self.assertIn("They want a trial", past.details)
        self.assertFalse(self._lines("upcoming"))

    def test_meetings_of_the_contacts_are_upcoming_or_past(self):
        self._meeting("Visit next week", 7)
        self._meeting("Visit last month", -30)
        self.assertEqual(self._lines("upcoming").filtered(lambda l: l.kind == "meeting").mapped("name"),
                         ["Visit next week"])
        self.assertEqual(self._lines("past").filtered(lambda l: l.kind == "meeting").mapped("name"),
                         ["Visit last month"])

    def test_won_and_lost_opportunities_are_past(self):
        lost = self.env["crm.lead"].create({
            "name": "Lost deal", "type": "opportunity", "partner_id": self.prospect.id,
            "user_id": self.salesperson.id})
        lost.action_set_lost()
        self.opportunity.action_set_won()
        kinds = {l.name: l.kind for l in self._lines("past")}
        self.assertEqual(kinds, {"Busy deal": "won", "Lost deal": "lost"})

    def test_each_line_opens_its_record(self):
        self._plan(self.opportunity, "Follow-up")
        meeting = self._meeting("Lunch", 2)
        by_kind = {l.kind: l for l in self._lines("upcoming")}
        action = by_kind["activity"].action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("crm.lead", self.opportunity.id))
        action = by_kind["meeting"].action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("calendar.event", meeting.id))

    def test_count_and_smart_button(self):
        self._plan(self.prospect, "One")
        self._meeting("Two", 1)
        self.assertEqual(self.prospect.prospect_activity_count, 2)
        action = self.prospect.action_open_prospect_activities()
        self.assertEqual(action["res_model"], "crm.prospect.activity")
        self.assertEqual(len(self.env["crm.prospect.activity"].search(action["domain"])), 2)

    def test_lists_and_counts_of_partners_read_together(self):
        other = self.env["res.partner"].create(
            {"name": "Quiet Prospect", "is_company": True, "is_prospect": True})
        self._plan(self.prospect, "One")
        self._plan(self.opportunity, "Two")
        self._plan(other, "Three")
        self._meeting("Visit last month", -30)
        as_salesperson = self.env["res.partner"].sudo(self.salesperson)
        as_salesperson.invalidate_cache()
        # the lists and counts of both come from one search of the lines
        partners = as_salesperson.browse([self.prospect.id, other.id])
        rows = {row["id"]: row for row in partners.read(
            ["prospect_upcoming_activity_ids", "prospect_past_activity_ids",
             "prospect_activity_count"])}
        lines = self.env["crm.prospect.activity"].sudo(self.salesperson)
        for partner_id, timing in [(self.prospect.id, "upcoming"), (self.prospect.id, "past"),
                                   (other.id, "upcoming"), (other.id, "past")]:
            self.assertEqual(
                rows[partner_id]["prospect_%s_activity_ids" % timing],
                lines.search([("partner_id", "=", partner_id), ("timing", "=", timing)]).ids,
                "each partner's own %s lines, in the lines' order" % timing)
        self.assertEqual(len(rows[self.prospect.id]["prospect_upcoming_activity_ids"]), 2)
        self.assertEqual(len(rows[self.prospect.id]["prospect_past_activity_ids"]), 1)
        self.assertEqual({partner_id: row["prospect_activity_count"] for partner_id, row in rows.items()},
                         {self.prospect.id: 3, other.id: 1})

    def test_salesperson_does_not_see_activities_of_others_opportunities(self):
        other = self.env["crm.lead"].create({
            "name": "Manager's deal", "type": "opportunity", "partner_id": self.prospect.id,
            "user_id": self.manager.id})
        self._plan(other, "Manager's call", user=self.manager)
        self._plan(self.opportunity, "My call")
        self.assertEqual(self._lines("upcoming").mapped("name"), ["My call"])
        self.assertEqual(sorted(self._lines("upcoming", self.manager).mapped("name")),
                         ["Manager's call", "My call"])
