from odoo.addons.crm_prospect_status.hooks import fill_address_flags


def migrate(cr, version):
    """Upgrading from 11.0.1.0.0: address flags are new. (Company sets came in
    11.0.1.1.0 too; since 11.0.2.0.0 they are OCA's, filled by its install.)"""
    fill_address_flags(cr)
