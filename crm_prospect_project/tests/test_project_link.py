import json

from lxml import etree

from .common import ProjectCase


class TestProjectLink(ProjectCase):
    """F10: the partner's smart button, the project's link back, and a link that
    survives conversion, status changes, merging and archiving."""

    def generate(self, partner, name=None):
        vals = {"name": name} if name else None
        return self.Project.browse(partner.sudo(self.project_seller).generate_project(vals))

    def test_smart_button_counts_each_partners_projects_and_opens_them(self):
        busy = self.create_prospect(name="Busy Co")
        idle = self.create_prospect(name="Idle Co")
        projects = self.generate(busy, "Busy 1") | self.generate(busy, "Busy 2")
        partners = (busy | idle).sudo(self.project_seller)
        self.assertEqual(partners.mapped("project_count"), [2, 0])
        action = busy.sudo(self.project_seller).action_view_projects()
        self.assertEqual(action["res_model"], "project.project")
        self.assertEqual(self.Project.search(action["domain"]), projects)
        self.assertEqual(action["context"]["default_partner_id"], busy.id)

    def test_smart_button_counts_the_projects_the_user_may_read_only(self):
        """Archived projects and those of a company the user is not in are
        not counted (the project rules, as the list it opens applies them)."""
        prospect = self.create_prospect(name="Counted Co")
        self.generate(prospect, "Open")
        self.generate(prospect, "Closed").active = False
        other_company = self.env["res.company"].create({"name": "Projects elsewhere"})
        self.Project.create({"name": "Elsewhere", "partner_id": prospect.id,
                             "company_id": other_company.id})
        prospect.invalidate_cache()
        self.assertEqual(prospect.sudo().project_count, 2,
                         "the superuser counts the other company's")
        prospect.invalidate_cache()
        self.assertEqual(prospect.sudo(self.project_seller).project_count, 1)

    def test_smart_button_opens_a_single_project_directly(self):
        prospect = self.create_prospect(name="Single Co")
        project = self.generate(prospect)
        action = prospect.sudo(self.project_seller).action_view_projects()
        self.assertEqual((action["view_mode"], action["res_id"]), ("form", project.id))

    def test_smart_button_is_shown_to_project_users_when_there_are_projects(self):
        view = self.env.ref("base.view_partner_form")
        arch = self.env["res.partner"].sudo(self.project_seller).fields_view_get(
            view_id=view.id, view_type="form")["arch"]
        [button] = etree.fromstring(arch).xpath("//button[@name='action_view_projects']")
        self.assertEqual(json.loads(button.get("modifiers"))["invisible"],
                         [["project_count", "=", 0]])
        arch = self.env["res.partner"].sudo(self.salesperson).fields_view_get(
            view_id=view.id, view_type="form")["arch"]
        [button] = etree.fromstring(arch).xpath("//button[@name='action_view_projects']")
        self.assertIs(json.loads(button.get("modifiers"))["invisible"], True,
                      "hidden from users without the Project app")

    def test_project_form_links_back_to_its_prospect_then_customer(self):
        prospect = self.create_prospect(name="Back Co")
        project = self.generate(prospect).sudo(self.project_seller)
        self.assertTrue(project.partner_is_prospect)
        action = project.action_open_partner()
        self.assertEqual((action["res_model"], action["res_id"], action["name"]),
                         ("res.partner", prospect.id, "Prospect"))
        prospect.sudo(self.salesperson).action_convert_to_customer()
        project.invalidate_cache()
        self.assertFalse(project.partner_is_prospect)
        self.assertEqual(project.action_open_partner()["name"], "Customer")
        arch = project.fields_view_get(view_id=self.env.ref("project.edit_project").id,
                                       view_type="form")["arch"]
        buttons = etree.fromstring(arch).xpath("//button[@name='action_open_partner']")
        self.assertEqual(sorted(button.get("string") for button in buttons),
                         ["Customer", "Prospect"])

    def test_link_survives_conversion_into_a_customer(self):
        prospect = self.create_prospect(name="Converted Co")
        project = self.generate(prospect)
        prospect.sudo(self.salesperson).action_convert_to_customer()
        self.assertTrue(prospect.customer)
        self.assertEqual(project.partner_id, prospect)
        self.assertEqual(prospect.sudo(self.project_seller).project_count, 1)

    def test_link_survives_status_changes(self):
        self.set_switch(True)
        prospect = self.create_prospect(name="Moving Co")
        project = self.generate(prospect)
        prospect.sudo(self.salesperson).write({"prospect_status_id": self.status_contacted.id})
        prospect.sudo(self.salesperson).write({"prospect_status_id": self.status_lost.id})
        self.assertEqual(prospect.prospect_status_id, self.status_lost)
        self.assertEqual(project.partner_id, prospect)

    def test_link_survives_archiving_the_prospect(self):
        prospect = self.create_prospect(name="Archived Co")
        project = self.generate(prospect)
        prospect.sudo(self.salesperson).toggle_active()
        self.assertFalse(prospect.active)
        self.assertTrue(project.active, "the project stays open")
        self.assertEqual(project.partner_id, prospect)
        self.assertEqual(prospect.sudo(self.project_seller).project_count, 1)

    def test_merging_duplicates_moves_their_projects_to_the_kept_partner(self):
        kept = self.create_prospect(name="Dupont SA", email="contact@dupont.example")
        duplicate = self.create_prospect(name="Dupont", email="contact@dupont.example")
        kept_project = self.generate(kept, "Dupont website")
        moved_project = self.generate(duplicate, "Dupont audit")
        # Odoo's own merge wizard (Action > Merge Selected Contacts), as a sales manager
        # who may delete contacts ("Contact Creation"), as merging deletes the duplicate
        self.manager.write({"groups_id": [(4, self.env.ref("base.group_partner_manager").id)]})
        wizard = self.env["base.partner.merge.automatic.wizard"].sudo(self.manager).with_context(
            active_model="res.partner", active_ids=[kept.id, duplicate.id]).create({})
        wizard.write({"dst_partner_id": kept.id})
        wizard.action_merge()
        self.assertFalse(duplicate.exists())
        self.assertEqual(moved_project.partner_id, kept)
        self.assertEqual(kept_project.partner_id, kept)
        self.assertEqual(self.projects_of(kept), kept_project | moved_project)
        self.assertEqual(kept.sudo(self.project_seller).project_count, 2)
