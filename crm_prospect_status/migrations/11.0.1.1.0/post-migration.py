from odoo.addons.crm_prospect_status.hooks import fill_address_flags, fill_company_sets


def migrate(cr, version):
    """Upgrading from 11.0.1.0.0: company sets and address flags are new."""
    fill_company_sets(cr)
    fill_address_flags(cr)
