from odoo.tests.common import SavepointCase

SALESPERSON = "sales_team.group_sale_salesman"
SALES_MANAGER = "sales_team.group_sale_manager"
OPERATIONS = ("read", "write", "create", "unlink")


def allowed_operations(env, model, user):
    """The operations of OPERATIONS that USER's access rights allow on MODEL."""
    access = env["ir.model.access"].sudo(user)
    return {op for op in OPERATIONS if access.check(model, op, raise_exception=False)}


def create_user(env, name, login, groups, **values):
    """A user as the administrator creates it: LOGIN, an e-mail (the chatter
    needs one), and the groups of the xml ids GROUPS."""
    users = env["res.users"].with_context(no_reset_password=True)
    return users.create(dict({
        "name": name, "login": login, "email": "%s@example.com" % login,
        "groups_id": [(6, 0, [env.ref(group).id for group in groups])]}, **values))


class ProspectCase(SavepointCase):
    """Users of the sales roles and a switch helper, shared by the tests."""

    @classmethod
    def setUpClass(cls):
        super(ProspectCase, cls).setUpClass()
        cls.salesperson = create_user(cls.env, "Sally Seller", "sally", [SALESPERSON])
        cls.manager = create_user(cls.env, "Max Manager", "max", [SALES_MANAGER])
        cls.team = cls.env["crm.team"].create(
            {"name": "Prospection team", "member_ids": [(4, cls.salesperson.id)]})
        cls.statuses = cls.env["crm.prospect.status"]
        cls.status_new = cls.env.ref("crm_prospect_status.prospect_status_new")
        cls.status_contacted = cls.env.ref("crm_prospect_status.prospect_status_contacted")
        cls.status_lost = cls.env.ref("crm_prospect_status.prospect_status_not_interested")

    @classmethod
    def set_switch(cls, on):
        """Tick or untick "Manage statuses on prospects" as the settings page does."""
        settings = cls.env["res.config.settings"].create({"group_prospect_status": on})
        settings.execute()

    @classmethod
    def prospect_action_context(cls):
        action = cls.env.ref("crm_prospect_status.res_partner_action_prospect")
        from odoo.tools.safe_eval import safe_eval
        return safe_eval(action.context)

    def create_prospect(self, user=None, **vals):
        """Create a prospect as from CRM > Prospects, as USER (the salesperson by default)."""
        env_user = user or self.salesperson
        partners = self.env["res.partner"].sudo(env_user).with_context(**self.prospect_action_context())
        return partners.create(dict({"name": "Prospect Co"}, **vals))
