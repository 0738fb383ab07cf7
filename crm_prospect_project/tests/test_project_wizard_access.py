from odoo.exceptions import AccessError, UserError

from .common import ProjectCase


class TestProjectWizardAccess(ProjectCase):
    """Review findings 1, 9 and 11 on "Generate project"."""

    def test_dialog_on_a_partner_of_another_company_is_refused(self):
        other = self.env["res.company"].create({"name": "Other Project Company"})
        hidden = self.env["res.partner"].create({"name": "Hidden",
                                                 "company_ids": [(6, 0, other.ids)]})
        with self.assertRaises(AccessError):
            self.Wizard.sudo(self.project_seller).create({
                "partner_id": hidden.id, "name": "x", "company_id": self.env.user.company_id.id})

    def test_a_name_that_is_not_text_is_refused(self):
        prospect = self.create_prospect(user=self.project_seller)
        for name in (["a"], 42, {"a": 1}):
            with self.assertRaises(UserError, msg=repr(name)):
                prospect.sudo(self.project_seller).generate_project(vals={"name": name})
        self.assertFalse(self.projects_of(prospect))

    def test_generate_on_no_dialog_or_two_is_refused_with_a_message(self):
        prospect = self.create_prospect(user=self.project_seller)
        dialogs = self.open_dialog(prospect) | self.open_dialog(prospect)
        for wrong in (dialogs.browse(), dialogs):
            with self.assertRaisesRegex(UserError, "exactly one"):
                wrong.action_generate()
