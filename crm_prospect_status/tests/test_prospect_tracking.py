"""A salesperson's save of a prospect tracks its status and whether it is a
prospect or a customer when the save can change them, and does not read
them otherwise (Odoo 11's mail read the whole record before every write:
a quarter of the CPU of saving a phone number)."""
from unittest.mock import patch

from .common import ProspectCase

RELATION = "odoo.addons.crm_prospect_status.models.res_partner.ResPartner._compute_prospect_relation"


class TestProspectTracking(ProspectCase):

    def tracked(self, prospect, field):
        return prospect.sudo().message_ids.mapped("tracking_value_ids").filtered(
            lambda value: value.field == field)

    def test_a_phone_saved_reads_no_tracked_value_and_logs_nothing(self):
        self.set_switch(True)
        prospect = self.create_prospect()
        messages = prospect.sudo().message_ids
        with patch(RELATION, autospec=True, side_effect=lambda records: None) as relation:
            prospect.sudo(self.salesperson).write({"phone": "+33 1 23 45 67 89"})
        self.assertEqual(relation.call_count, 0, "the relation was computed to be tracked")
        self.assertEqual(prospect.sudo().message_ids, messages)
        self.assertEqual(prospect.phone, "+33 1 23 45 67 89")

    def test_a_save_that_changes_them_tracks_them_in_one_message(self):
        self.set_switch(True)
        prospect = self.create_prospect()
        prospect.sudo(self.salesperson).write({"prospect_status_id": self.status_contacted.id,
                                                "phone": "+33 1 23 45 67 00"})
        contacted = self.tracked(prospect, "prospect_status_id").filtered(
            lambda value: value.new_value_char == "Contacted")
        self.assertEqual(contacted.mapped("old_value_char"), ["New"])
        prospect.sudo(self.salesperson).write({"is_prospect": False, "customer": True})
        relation = self.tracked(prospect, "prospect_relation").filtered(
            lambda value: value.new_value_char == "Customer")
        self.assertEqual(relation.mapped("old_value_char"), ["Prospect"])
        status = self.tracked(prospect, "prospect_status_id").filtered(
            lambda value: value.old_value_char == "Contacted")
        self.assertEqual(status.mail_message_id, relation.mail_message_id,
                         "the status cleared with the flag, in the same message")

    def test_a_partner_created_by_script_still_tracks_what_it_is(self):
        created = self.env["res.partner"].sudo(self.salesperson).create({"name": "Scripted Co"})
        relation = self.tracked(created, "prospect_relation")
        self.assertEqual(relation.mapped("new_value_char"), ["Customer"])
