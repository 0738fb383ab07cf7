import json

from lxml import etree

from .common import ProspectCase


class TestSettingsSwitch(ProspectCase):
    """F1: "Manage statuses on prospects" in CRM > Configuration > Settings."""

    def _arch(self, view_xmlid, view_type, user):
        view = self.env.ref(view_xmlid)
        result = self.env["res.partner"].sudo(user).fields_view_get(view_id=view.id, view_type=view_type)
        return etree.fromstring(result["arch"])

    def _status_nodes(self, view_xmlid, view_type, user):
        """The status elements of a view that USER gets to see."""
        nodes = self._arch(view_xmlid, view_type, user).xpath(
            "//field[@name='prospect_status_id'] | //filter[contains(@context, 'prospect_status_id')]"
            " | //filter[contains(@domain, 'prospect_status_id')]")
        return [node for node in nodes
                if json.loads(node.get("modifiers") or "{}").get("invisible") is not True]

    def test_switch_is_off_after_install(self):
        self.assertFalse(self.statuses._is_enabled())
        self.assertFalse(self.env["res.config.settings"].create({}).group_prospect_status)
        self.assertFalse(self.salesperson.has_group("crm_prospect_status.group_prospect_status"))

    def test_switch_off_hides_everything_of_statuses(self):
        self.set_switch(False)
        self.assertFalse(self._status_nodes("base.view_partner_form", "form", self.salesperson))
        form = self._arch("base.view_partner_form", "form", self.salesperson)
        self.assertTrue(form.xpath("//button[@name='action_convert_to_customer']"))
        self.assertFalse(self._status_nodes(
            "crm_prospect_status.res_partner_view_search_prospect", "search", self.salesperson))
        self.assertFalse(self._status_nodes(
            "crm_prospect_status.res_partner_view_tree_prospect", "tree", self.salesperson))
        kanban = self._arch("crm_prospect_status.res_partner_view_kanban_prospect", "kanban", self.salesperson)
        self.assertIsNone(kanban.get("default_group_by"))
        menu = self.env.ref("crm_prospect_status.crm_menu_prospect_status")
        visible = self.env["ir.ui.menu"].sudo(self.manager)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)

    def test_switch_on_shows_status_bar_filters_kanban_and_menu_to_every_user(self):
        self.set_switch(True)
        self.assertTrue(self.statuses._is_enabled())
        for user in (self.salesperson, self.manager):
            self.assertTrue(user.has_group("crm_prospect_status.group_prospect_status"))
            bar = self._status_nodes("base.view_partner_form", "form", user)
            self.assertEqual(len(bar), 1)
            self.assertEqual(bar[0].get("widget"), "statusbar")
            self.assertEqual(bar[0].getparent().tag, "header")
            search_nodes = self._status_nodes(
                "crm_prospect_status.res_partner_view_search_prospect", "search", user)
            self.assertEqual(len(search_nodes), 4, "the status field, two filters and the group-by")
            self.assertTrue(self._status_nodes(
                "crm_prospect_status.res_partner_view_tree_prospect", "tree", user))
            kanban = self._arch("crm_prospect_status.res_partner_view_kanban_prospect", "kanban", user)
            self.assertEqual(kanban.get("default_group_by"), "prospect_status_id")
        menu = self.env.ref("crm_prospect_status.crm_menu_prospect_status")
        self.assertIn(menu.id, self.env["ir.ui.menu"].sudo(self.manager)._visible_menu_ids())

    def test_switch_on_then_off_hides_again(self):
        self.set_switch(True)
        self.set_switch(False)
        self.assertFalse(self.statuses._is_enabled())
        self.assertFalse(self.salesperson.has_group("crm_prospect_status.group_prospect_status"))
        self.assertFalse(self._status_nodes("base.view_partner_form", "form", self.salesperson))

    def test_switch_on_gives_waiting_prospects_the_default_status(self):
        prospect = self.create_prospect(name="Waiting Co")
        self.assertFalse(prospect.prospect_status_id)
        self.set_switch(True)
        prospect.invalidate_cache()
        self.assertEqual(prospect.prospect_status_id, self.status_new)
