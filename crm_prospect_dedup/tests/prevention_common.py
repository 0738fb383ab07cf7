from .security_common import TwoCompaniesCase


class PreventionCase(TwoCompaniesCase):
    """Two companies, their salespeople and managers, and the CRM settings as
    the administrator sets them."""

    @classmethod
    def setUpClass(cls):
        super(PreventionCase, cls).setUpClass()
        from odoo.addons.crm_prospect_status.tests.common import SALES_MANAGER, create_user
        cls.manager_b = create_user(cls.env, "Beth Bravo", "dedup_beth", [SALES_MANAGER],
                                    company_id=cls.company_b.id,
                                    company_ids=[(6, 0, cls.company_b.ids)])

    def set_settings(self, **values):
        """CRM > Configuration > Settings: change VALUES, then Apply."""
        settings = self.env["res.config.settings"].create(values)
        settings.execute()
        return settings

    def settings_shown(self):
        return self.env["res.config.settings"].create({})
