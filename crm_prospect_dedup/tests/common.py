from odoo.addons.crm_prospect_status.tests.common import SALES_MANAGER, SALESPERSON, create_user
from odoo.tests.common import SavepointCase


class DedupCase(SavepointCase):
    """Users of the sales roles, prospects created as they would be, and the
    user's path through the Action menu's wizards."""

    @classmethod
    def setUpClass(cls):
        super(DedupCase, cls).setUpClass()
        cls.salesperson = create_user(cls.env, "Sally Seller", "dedup_sally", [SALESPERSON])
        cls.manager = create_user(cls.env, "Max Manager", "dedup_max", [SALES_MANAGER])
        cls.france = cls.env.ref("base.fr")
        cls.Partner = cls.env["res.partner"]
        # partners of the template are not part of the tests' groups
        cls.prospect_domain = [("is_prospect", "=", True)]

    def create_prospect(self, user=None, **vals):
        """A prospect created from CRM > Prospects by USER (the salesperson)."""
        partners = self.env["res.partner"].sudo(user or self.salesperson).with_context(
            default_is_prospect=True, default_customer=False, default_is_company=True)
        return partners.create(dict({"country_id": self.france.id}, **vals))

    def open_check_wizard(self, user, partners=None, domain=None):
        """Action menu > Check duplicates on the prospect list, with PARTNERS
        selected (or DOMAIN as the list's current filter)."""
        selected = partners or self.Partner
        context = {"active_model": "res.partner", "active_ids": selected.ids,
                   "active_domain": domain if domain is not None else self.prospect_domain}
        wizards = self.env["crm.prospect.dedup.check.wizard"].sudo(user).with_context(**context)
        return wizards.create({})

    def run_check(self, user=None, partners=None, domain=None, **options):
        """Check duplicates through the wizard; returns the check record."""
        user = user or self.salesperson
        wizard = self.open_check_wizard(user, partners, domain)
        if options:
            wizard.write(options)
        action = wizard.action_check()
        self.assertEqual(action["res_model"], "crm.prospect.dedup.check")
        return self.env["crm.prospect.dedup.check"].sudo(user).browse(action["res_id"])

    def open_merge_wizard(self, user, partners):
        """Action menu > Merge duplicates with PARTNERS selected."""
        wizards = self.env["crm.prospect.dedup.merge.wizard"].sudo(user).with_context(
            active_model="res.partner", active_ids=partners.ids)
        return wizards.create({})

    def groups_of(self, check):
        return [sorted(group.partner_ids.ids) for group in check.group_ids]
