from odoo.exceptions import UserError, ValidationError

from .common import ProspectCase


class TestProspect(ProspectCase):
    """F2, F4, F6: prospects, their status bar, their contacts and owners."""

    def test_prospects_menu_opens_prospects_and_creates_prospects(self):
        action = self.env.ref("crm_prospect_status.res_partner_action_prospect")
        menu = self.env.ref("crm_prospect_status.crm_menu_prospect")
        self.assertEqual(menu.action, action)
        self.assertIn(menu.id, self.env["ir.ui.menu"].sudo(self.salesperson)._visible_menu_ids())
        self.assertEqual(action.view_mode.split(",")[:3], ["kanban", "tree", "form"])
        prospect = self.create_prospect(name="Acme Prospect")
        customer = self.env["res.partner"].create({"name": "Plain customer"})
        found = self.env["res.partner"].sudo(self.salesperson).search(eval(action.domain))
        self.assertIn(prospect, found)
        self.assertNotIn(customer, found)
        self.assertTrue(prospect.is_prospect)
        self.assertFalse(prospect.customer)

    def test_prospect_has_contacts_like_a_contact_form(self):
        prospect = self.create_prospect(name="Contacts Co")
        contact = self.env["res.partner"].sudo(self.salesperson).create(
            {"name": "Jeanne Contact", "parent_id": prospect.id, "email": "jeanne@contacts.example"})
        self.assertEqual(prospect.child_ids, contact)
        self.assertFalse(contact.is_prospect, "only the company is the prospect")

    def test_new_prospect_without_switch_has_no_status(self):
        self.assertFalse(self.create_prospect().prospect_status_id)

    def test_status_bar_change_is_tracked_with_who_and_what(self):
        self.set_switch(True)
        prospect = self.create_prospect()
        self.assertEqual(prospect.prospect_status_id, self.status_new)
        prospect.sudo(self.salesperson).write({"prospect_status_id": self.status_contacted.id})
        tracked = prospect.sudo().message_ids.mapped("tracking_value_ids").filtered(
            lambda t: t.field == "prospect_status_id" and t.new_value_char == "Contacted")
        self.assertEqual(len(tracked), 1)
        self.assertEqual(tracked.old_value_char, "New")
        self.assertEqual(tracked.mail_message_id.author_id, self.salesperson.partner_id)
        self.assertTrue(tracked.mail_message_id.date)

    def test_kanban_columns_are_every_status_with_closed_ones_folded(self):
        self.set_switch(True)
        self.create_prospect()
        groups = self.env["res.partner"].sudo(self.salesperson).read_group(
            [("is_prospect", "=", True)], ["prospect_status_id"], ["prospect_status_id"])
        columns = {g["prospect_status_id"][0]: g for g in groups if g["prospect_status_id"]}
        self.assertEqual(set(columns), set(self.statuses.search([]).ids))
        self.assertTrue(columns[self.status_lost.id]["__fold"])
        self.assertFalse(columns[self.status_new.id]["__fold"])

    def test_salesperson_and_team_on_prospect_and_my_prospects_filter(self):
        mine = self.create_prospect(name="Mine", user_id=self.salesperson.id, team_id=self.team.id)
        other = self.create_prospect(name="Other", user_id=self.manager.id)
        search_view = self.env.ref("crm_prospect_status.res_partner_view_search_prospect")
        self.assertIn("name=\"my_prospects\"", search_view.arch)
        result = self.env["res.partner"].sudo(self.salesperson).search(
            [("is_prospect", "=", True), ("user_id", "=", self.salesperson.id)])
        self.assertIn(mine, result)
        self.assertNotIn(other, result)
        self.assertEqual(mine.team_id, self.team)

    def test_status_refused_while_switch_is_off(self):
        prospect = self.create_prospect()
        with self.assertRaisesRegex(UserError, "Manage statuses on prospects"):
            prospect.sudo(self.salesperson).write({"prospect_status_id": self.status_contacted.id})
        self.assertFalse(prospect.prospect_status_id)

    def test_archived_status_refused(self):
        self.set_switch(True)
        prospect = self.create_prospect()
        self.status_contacted.write({"active": False})
        with self.assertRaisesRegex(UserError, "archived"):
            prospect.sudo(self.salesperson).write({"prospect_status_id": self.status_contacted.id})
        self.assertEqual(prospect.prospect_status_id, self.status_new)

    def test_unknown_status_refused(self):
        self.set_switch(True)
        prospect = self.create_prospect()
        with self.assertRaisesRegex(UserError, "does not exist"):
            prospect.sudo(self.salesperson).write({"prospect_status_id": 999999})
        self.assertEqual(prospect.prospect_status_id, self.status_new)

    def test_status_on_non_prospect_refused(self):
        self.set_switch(True)
        customer = self.env["res.partner"].create({"name": "Customer Co", "customer": True})
        with self.assertRaisesRegex(ValidationError, "not a prospect"):
            customer.sudo(self.salesperson).write({"prospect_status_id": self.status_contacted.id})
        self.assertFalse(customer.prospect_status_id)
