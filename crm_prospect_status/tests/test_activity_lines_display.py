from datetime import datetime, timedelta

from odoo import fields

from .common import ProspectCase


class TestActivityLinesDisplay(ProspectCase):
    """What the Activity tab shows: the summary as subject, a date for a
    deadline, clean short text as details, and "Open" going to the line."""

    @classmethod
    def setUpClass(cls):
        super(TestActivityLinesDisplay, cls).setUpClass()
        cls.prospect = cls.env["res.partner"].create(
            {"name": "Shown Prospect", "is_company": True, "is_prospect": True})
        cls.email = cls.env.ref("mail.mail_activity_data_email")

    def _plan(self, summary, note=False):
        return self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get("res.partner").id,
            "res_id": self.prospect.id, "activity_type_id": self.email.id, "summary": summary,
            "note": note, "date_deadline": fields.Date.to_string(datetime.now() + timedelta(days=2)),
            "user_id": self.salesperson.id})

    def _lines(self, timing):
        partner = self.prospect.sudo(self.salesperson)
        partner.invalidate_cache()
        return partner["prospect_%s_activity_ids" % timing]

    def test_done_activity_subject_is_its_summary(self):
        self._plan("Send the price list").action_feedback("Sent")
        self.assertEqual(self._lines("past").mapped("name"), ["Send the price list"])

    def test_deadline_is_a_date(self):
        activity = self._plan("Call back")
        line = self._lines("upcoming")
        self.assertEqual(line._fields["date_deadline"].type, "date")
        self.assertEqual(line.date_deadline, activity.date_deadline)
        tree = self.env["res.partner"].fields_view_get(
            view_id=self.env.ref("base.view_partner_form").id, view_type="form")
        sub = tree["fields"]["prospect_upcoming_activity_ids"]["views"]["tree"]["arch"]
        self.assertIn('name="date_deadline"', sub)

    def test_details_are_clean_short_text(self):
        note = "<p>First   line&nbsp;of\n\n the note</p>\n<p>\n</p><ul><li>point</li></ul>" + "<p>x</p>" * 200
        self._plan("Prepare", note).action_feedback("<p>Done  <b>well</b></p>")
        details = self._lines("past").details
        self.assertNotIn("<", details)
        self.assertNotIn("  ", details)
        self.assertNotIn("&nbsp;", details)
        self.assertIn("First line of the note", details)
        self.assertLessEqual(len(details), 160)
        self.assertLessEqual(details.count("\n"), 1)

    def test_open_on_a_line_of_the_prospect_opens_the_activity_or_message(self):
        activity = self._plan("Call back")
        action = self._lines("upcoming").action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("mail.activity", activity.id))
        message_id = self._plan("Write").action_feedback("ok")
        action = self._lines("past").action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), ("mail.message", message_id))
