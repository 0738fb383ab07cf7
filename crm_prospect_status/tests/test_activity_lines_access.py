from datetime import datetime, timedelta

from odoo import fields

from .common import ProspectCase, create_user


class TestActivityLinesAccess(ProspectCase):
    """The Activity tab shows only what the user may read on the records its
    lines come from: calendar privacy, lead access rights and rules, messages."""

    @classmethod
    def setUpClass(cls):
        super(TestActivityLinesAccess, cls).setUpClass()
        cls.employee = create_user(cls.env, "Emma Employee", "emma", ["base.group_user"])
        cls.prospect = cls.env["res.partner"].create(
            {"name": "Secret Prospect", "is_company": True, "is_prospect": True})
        cls.opportunity = cls.env["crm.lead"].create({
            "name": "Secret deal", "type": "opportunity", "partner_id": cls.prospect.id,
            "user_id": cls.manager.id})
        cls.call = cls.env.ref("mail.mail_activity_data_call")

    def _lines(self, user, timing=None):
        lines = self.env["crm.prospect.activity"].sudo(user).search(
            [("partner_id", "=", self.prospect.id)] + ([("timing", "=", timing)] if timing else []))
        return lines.read(["name", "details", "kind"])

    def _meeting(self, privacy, attendees):
        start = datetime.now() + timedelta(days=2)
        return self.env["calendar.event"].sudo(self.manager).create({
            "name": "Layoff talks", "description": "Confidential agenda", "privacy": privacy,
            "start": fields.Datetime.to_string(start),
            "stop": fields.Datetime.to_string(start + timedelta(hours=1)),
            "partner_ids": [(6, 0, (attendees | self.prospect).ids)]})

    def test_private_meeting_of_others_shows_busy_without_description(self):
        self._meeting("private", self.manager.partner_id)
        lines = [l for l in self._lines(self.salesperson) if l["kind"] == "meeting"]
        self.assertEqual([(l["name"], l["details"]) for l in lines], [("Busy", False)])
        lines = [l for l in self._lines(self.manager) if l["kind"] == "meeting"]
        self.assertEqual([(l["name"], l["details"]) for l in lines],
                         [("Layoff talks", "Confidential agenda")], "the attendee reads it")

    def test_public_meeting_is_readable(self):
        self._meeting("public", self.manager.partner_id)
        lines = [l for l in self._lines(self.salesperson) if l["kind"] == "meeting"]
        self.assertEqual([l["name"] for l in lines], ["Layoff talks"])

    def test_user_without_crm_rights_reads_no_opportunity(self):
        self.opportunity.action_set_won()
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get("crm.lead").id, "res_id": self.opportunity.id,
            "activity_type_id": self.call.id, "summary": "Price talk",
            "user_id": self.manager.id})
        activity.action_feedback("They accept 20% off")
        self.assertTrue(self._lines(self.manager), "the manager sees the lines")
        self.assertEqual(self._lines(self.employee), [])
        texts = str(self.env["res.partner"].sudo(self.employee).browse(self.prospect.id).read(
            ["prospect_past_activity_ids", "prospect_activity_count"]))
        self.assertNotIn("Secret deal", texts)
        self.assertEqual(self.prospect.sudo(self.employee).prospect_activity_count, 0)

    def test_salesperson_does_not_read_lines_of_a_lead_hidden_by_its_rules(self):
        self.opportunity.action_set_won()
        own = self.env["res.users"].browse(self.salesperson.id)
        self.assertFalse(own.has_group("sales_team.group_sale_salesman_all_leads"))
        names = [l["name"] for l in self._lines(self.salesperson)]
        self.assertNotIn("Secret deal", names)

    def test_reading_a_hidden_line_by_id_is_refused(self):
        self.opportunity.action_set_won()
        line = self.env["crm.prospect.activity"].search([("partner_id", "=", self.prospect.id)])
        self.assertTrue(line)
        from odoo.exceptions import AccessError
        with self.assertRaises(AccessError):
            line.sudo(self.employee).read(["name"])
