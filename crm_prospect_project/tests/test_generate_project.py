import json

from lxml import etree

from odoo.exceptions import AccessError, UserError

from .common import ProjectCase


class TestGenerateProject(ProjectCase):
    """F10: "Generate project" from the prospect form, the Action menu and over XML-RPC."""

    def _header_buttons(self, user):
        """The modifiers of the "Generate project" buttons USER may see on the prospect form."""
        result = self.env["res.partner"].sudo(user).fields_view_get(
            view_id=self.env.ref("base.view_partner_form").id, view_type="form")
        nodes = etree.fromstring(result["arch"]).xpath(
            "//header/button[@name='action_generate_project_dialog']")
        modifiers = [json.loads(node.get("modifiers") or "{}") for node in nodes]
        return [m for m in modifiers if m.get("invisible") is not True]

    def test_header_button_shows_on_active_prospects_for_project_managers_only(self):
        [modifiers] = self._header_buttons(self.project_seller)
        self.assertEqual(modifiers["invisible"],
                         ["|", ["is_prospect", "=", False], ["active", "=", False]])
        self.assertEqual(self._header_buttons(self.salesperson), [],
                         "hidden for a salesperson who may not create projects")

    def test_action_menu_offers_generate_project_to_project_managers_only(self):
        action = self.env.ref("crm_prospect_project.crm_prospect_project_wizard_action")
        actions = self.env["ir.actions.actions"]
        bindings = actions.sudo(self.project_seller).get_bindings("res.partner")
        self.assertIn(action.id, [a["id"] for a in bindings["action"]])
        bindings = actions.sudo(self.salesperson).get_bindings("res.partner")
        self.assertNotIn(action.id, [a["id"] for a in bindings["action"]])

    def test_dialog_is_prefilled_from_the_prospect(self):
        other_company = self.env["res.company"].create({"name": "Prospect Subsidiary"})
        self.project_seller.write({"company_ids": [(4, other_company.id)], "company_id": other_company.id})
        # the prospect belongs to a company of the group the salesperson is not in
        prospect = self.create_prospect(user=self.env.user, name="Acme Prospect",
                                        user_id=self.salesperson.id, company_id=other_company.id)
        wizard = self.open_dialog(prospect)
        self.assertEqual(wizard.partner_id, prospect)
        self.assertEqual(wizard.name, "Acme Prospect")
        self.assertEqual(wizard.user_id, self.salesperson,
                         "the manager is the prospect's salesperson")
        self.assertEqual(wizard.company_id, other_company)
        self.assertEqual(wizard.existing_project_count, 0)

    def test_dialog_defaults_manager_and_company_to_current_user_without_salesperson(self):
        # a prospect shared with every company (only an admin may leave the set empty)
        prospect = self.create_prospect(user=self.env.user, name="Nobody's Prospect",
                                        user_id=False, company_id=False)
        wizard = self.open_dialog(prospect)
        self.assertEqual(wizard.user_id, self.project_seller)
        self.assertEqual(wizard.company_id, self.project_seller.company_id)

    def test_generating_creates_the_project_for_the_prospect_and_opens_it(self):
        prospect = self.create_prospect(name="Acme Prospect", user_id=self.salesperson.id)
        wizard = self.open_dialog(prospect)
        wizard.write({"name": "Acme website"})
        action = wizard.action_generate()
        project = self.projects_of(prospect)
        self.assertEqual(len(project), 1)
        self.assertEqual((action["res_model"], action["res_id"], action["view_mode"]),
                         ("project.project", project.id, "form"))
        self.assertEqual(project.name, "Acme website", "the name edited in the dialog")
        self.assertEqual(project.partner_id, prospect, "the prospect is the project's customer")
        self.assertEqual(project.user_id, self.salesperson)
        self.assertEqual(prospect.project_count, 1, "the Projects button counts it")

    def test_the_opened_project_does_not_name_the_dialog_in_its_context(self):
        # the web client adds the dialog's model and id to the context of the
        # action its button returns, unless the action's context says otherwise;
        # its cache of the project's views is keyed by that context
        wizard = self.open_dialog(self.create_prospect(name="Acme Prospect"))
        context = wizard.action_generate()["context"]
        self.assertEqual((context["active_model"], context["active_id"], context["active_ids"]),
                         (False, False, []))
        second = self.open_dialog(self.create_prospect(name="Other Prospect"))
        self.assertEqual(second.action_generate()["context"], context,
                         "the same context for every generation")

    def test_header_button_opens_the_dialog_on_its_prospect_without_reading_an_action(self):
        """Issue 13, speed of the clicks: the dialog's action is built by the
        button's method (bench/bench_clicks.py), on the prospect of the form."""
        prospect = self.create_prospect(name="Header Click Co")
        action = prospect.sudo(self.project_seller).action_generate_project_dialog()
        self.assertEqual((action["res_model"], action["target"]),
                         ("crm.prospect.project.wizard", "new"))
        self.assertEqual(action["views"], [(
            self.env.ref("crm_prospect_project.crm_prospect_project_wizard_view_form").id, "form")])
        wizard = self.Wizard.sudo(self.project_seller).with_context(**action["context"]).create({})
        self.assertEqual(wizard.partner_id, prospect)

    def test_second_project_needs_a_confirmation_that_names_the_existing_ones(self):
        prospect = self.create_prospect(name="Twice Co")
        self.open_dialog(prospect).action_generate()
        first = self.projects_of(prospect)

        wizard = self.open_dialog(prospect)
        self.assertEqual(wizard.existing_project_count, 1)
        self.assertEqual(wizard.existing_project_names, "Twice Co")
        wizard.write({"name": "Twice Co, phase 2"})
        with self.assertRaisesRegex(UserError, r"Twice Co already has 1 project\(s\): Twice Co\. "
                                               r"Tick \"Create another project anyway\""):
            wizard.action_generate()
        self.assertEqual(self.projects_of(prospect), first, "nothing was created")

        wizard.write({"confirm_another": True})
        wizard.action_generate()
        self.assertEqual(sorted(self.projects_of(prospect).mapped("name")),
                         ["Twice Co", "Twice Co, phase 2"])

    def test_archived_partner_is_refused(self):
        prospect = self.create_prospect(name="Sleeping Co")
        prospect.active = False
        with self.assertRaisesRegex(UserError, "Sleeping Co is archived: restore it"):
            self.open_dialog(prospect)
        with self.assertRaisesRegex(UserError, "Sleeping Co is archived: restore it"):
            prospect.sudo(self.project_seller).generate_project()
        self.assertFalse(self.projects_of(prospect))

    def test_partner_archived_while_the_dialog_is_open_is_refused(self):
        prospect = self.create_prospect(name="Closing Co")
        wizard = self.open_dialog(prospect)
        prospect.active = False
        with self.assertRaisesRegex(UserError, "Closing Co is archived"):
            wizard.action_generate()
        self.assertFalse(self.projects_of(prospect))

    def test_user_without_project_rights_is_refused(self):
        prospect = self.create_prospect(name="Forbidden Co")
        message = r"You are not allowed to create projects: .*\"Project: Manager\" access right"
        with self.assertRaisesRegex(AccessError, message):
            self.open_dialog(prospect, user=self.salesperson)
        with self.assertRaisesRegex(AccessError, message):
            prospect.sudo(self.salesperson).generate_project()
        self.assertFalse(self.projects_of(prospect))

    def test_several_partners_selected_in_the_list_are_refused(self):
        first = self.create_prospect(name="First Co")
        second = self.create_prospect(name="Second Co")
        with self.assertRaisesRegex(UserError, "one partner at a time"):
            self.open_dialog(first | second)
        self.assertFalse(self.projects_of(first) | self.projects_of(second))

    def test_generate_project_method_returns_the_id_and_applies_the_values(self):
        prospect = self.create_prospect(name="Scripted Co", user_id=self.salesperson.id)
        project_id = prospect.sudo(self.project_seller).generate_project()
        project = self.Project.browse(project_id)
        self.assertEqual((project.name, project.partner_id, project.user_id),
                         ("Scripted Co", prospect, self.salesperson))
        project_id = prospect.sudo(self.project_seller).generate_project(
            {"name": "Scripted Co, support", "user_id": self.project_seller.id})
        project = self.Project.browse(project_id)
        self.assertEqual((project.name, project.partner_id, project.user_id),
                         ("Scripted Co, support", prospect, self.project_seller))

    def test_generate_project_refuses_another_partner(self):
        prospect = self.create_prospect(name="Mine Co")
        other = self.create_prospect(name="Other Co")
        with self.assertRaisesRegex(UserError, "belongs to it: do not pass another partner_id"):
            prospect.sudo(self.project_seller).generate_project({"partner_id": other.id})
        self.assertFalse(self.projects_of(prospect) | self.projects_of(other))

    def test_generate_project_is_for_one_partner_at_a_time(self):
        partners = self.create_prospect(name="One Co") | self.create_prospect(name="Two Co")
        with self.assertRaisesRegex(UserError, "generate_project is called on one partner, not 2"):
            partners.sudo(self.project_seller).generate_project()
        self.assertFalse(self.Project.search([("partner_id", "in", partners.ids)]))

    def test_dialog_opens_without_an_onchange_call(self):
        """Issue 13, speed of the clicks: the dialog's partner is fixed, so what
        it shows of the partner's projects comes with its defaults, and the web
        client makes no onchange call when it opens (bench/bench_clicks.py)."""
        view = self.Wizard.sudo(self.project_seller).fields_view_get(
            view_id=self.env.ref("crm_prospect_project.crm_prospect_project_wizard_view_form").id,
            view_type="form")
        triggers = etree.fromstring(view["arch"]).xpath("//field[@on_change]/@name")
        self.assertEqual(triggers, [])
        prospect = self.create_prospect(name="Shown Co")
        self.open_dialog(prospect).action_generate()
        context = {"active_model": "res.partner", "active_id": prospect.id,
                   "active_ids": prospect.ids}
        defaults = self.Wizard.sudo(self.project_seller).with_context(**context).default_get(
            ["existing_project_count", "existing_project_names"])
        self.assertEqual(defaults, {"existing_project_count": 1,
                                    "existing_project_names": "Shown Co"})

    def test_project_generated_while_the_dialog_is_open_needs_the_confirmation(self):
        prospect = self.create_prospect(name="Meanwhile Co")
        wizard = self.open_dialog(prospect)
        self.assertEqual(wizard.existing_project_count, 0)
        self.open_dialog(prospect).action_generate()
        first = self.projects_of(prospect)
        with self.assertRaisesRegex(UserError, r"Meanwhile Co already has 1 project\(s\): "
                                               r"Meanwhile Co\. Tick"):
            wizard.action_generate()
        self.assertEqual(self.projects_of(prospect), first, "nothing was created")
