from odoo import SUPERUSER_ID, api
from odoo.addons.crm_prospect_status.hooks import replace_rules


def migrate(cr, version):
    """OCA's partner_multi_company, installed by this upgrade, has just turned
    on its partner rule: ours replace it, as on a new install."""
    if version:
        replace_rules(api.Environment(cr, SUPERUSER_ID, {}))
