from odoo.addons.crm_prospect_status.tests.common import SALESPERSON, ProspectCase, create_user


class ProjectCase(ProspectCase):
    """The sales users of crm_prospect_status, one of them also a project manager."""

    @classmethod
    def setUpClass(cls):
        super(ProjectCase, cls).setUpClass()
        cls.project_seller = create_user(cls.env, "Paula Projects", "paula",
                                         [SALESPERSON, "project.group_project_manager"])
        cls.Project = cls.env["project.project"]
        cls.Wizard = cls.env["crm.prospect.project.wizard"]

    def open_dialog(self, partners, user=None):
        """Open "Generate project" from the form header or the Action menu of PARTNERS."""
        context = {"active_model": "res.partner", "active_id": partners[:1].id,
                   "active_ids": partners.ids}
        wizards = self.Wizard.sudo(user or self.project_seller).with_context(**context)
        return wizards.create({})

    def projects_of(self, partner):
        projects = self.Project.with_context(active_test=False)
        return projects.search([("partner_id", "=", partner.id)])
