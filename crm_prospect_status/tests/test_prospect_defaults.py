from lxml import etree

from odoo.exceptions import UserError

from .common import ProspectCase


class TestProspectDefaults(ProspectCase):
    """A prospect created by hand belongs to its creator; a new status goes
    last; conversion is not offered on an archived prospect."""

    def test_prospect_created_by_hand_has_its_creator_as_salesperson(self):
        prospect = self.create_prospect()
        self.assertEqual(prospect.user_id, self.salesperson)
        self.assertEqual(prospect.team_id, self.team, "the salesperson's team")
        mine = self.env["res.partner"].sudo(self.salesperson).search(
            [("is_prospect", "=", True), ("user_id", "=", self.salesperson.id)])
        self.assertIn(prospect, mine, "in My prospects")
        other = self.create_prospect(user_id=self.manager.id)
        self.assertEqual(other.user_id, self.manager, "a salesperson given is kept")

    def test_sales_team_is_on_the_prospect_form(self):
        view = self.env["res.partner"].sudo(self.salesperson).fields_view_get(
            view_id=self.env.ref("base.view_partner_form").id, view_type="form")
        arch = etree.fromstring(view["arch"])
        self.assertTrue(arch.xpath("//field[@name='team_id']"))

    def test_status_added_at_the_bottom_goes_last(self):
        last = self.statuses.search([], order="sequence desc, id desc", limit=1)
        status = self.statuses.create({"name": "Signed up for a trial"})
        self.assertEqual(self.statuses.search([])[-1:], status)
        self.assertGreater(status.sequence, last.sequence)

    def test_convert_to_customer_not_offered_on_an_archived_prospect(self):
        view = self.env["res.partner"].fields_view_get(
            view_id=self.env.ref("base.view_partner_form").id, view_type="form")
        button = etree.fromstring(view["arch"]).xpath(
            "//button[@name='action_convert_to_customer']")[0]
        self.assertIn("active", button.get("modifiers"))
        prospect = self.create_prospect()
        prospect.active = False
        with self.assertRaisesRegex(UserError, "archived"):
            prospect.sudo(self.salesperson).action_convert_to_customer()
