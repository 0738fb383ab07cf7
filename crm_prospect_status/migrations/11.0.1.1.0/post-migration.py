from odoo.addons.crm_prospect_status.hooks import fill_company_sets


def migrate(cr, version):
    """Upgrading from 11.0.1.0.0: the company sets are new, fill them by SQL."""
    fill_company_sets(cr)
