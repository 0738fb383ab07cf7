"""Set-based initialisation of the columns this addon adds to res_partner:
fast on databases with a million partners, where an ORM loop would not be."""


def fill_company_sets(cr):
    """Give every partner the company set its single company implies.

    Partners of internal users and of companies stay visible to all companies,
    as they are in Odoo without this addon.
    """
    cr.execute("""
        INSERT INTO res_partner_company_share_rel (partner_id, company_id)
        SELECT p.id, p.company_id FROM res_partner p
         WHERE p.company_id IS NOT NULL
           AND p.id NOT IN (SELECT partner_id FROM res_company WHERE partner_id IS NOT NULL)
           AND p.partner_share IS NOT FALSE
        ON CONFLICT DO NOTHING
    """)
    cr.execute("""
        UPDATE res_partner p SET company_id = NULL
         WHERE p.company_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM res_partner_company_share_rel r WHERE r.partner_id = p.id)
    """)
    cr.execute("""
        UPDATE res_partner p SET company_visible_to_all = TRUE
         WHERE NOT EXISTS (SELECT 1 FROM res_partner_company_share_rel r WHERE r.partner_id = p.id)
    """)


def fill_address_flags(cr):
    """Existing invoice and delivery addresses get the flag of their type."""
    cr.execute("UPDATE res_partner SET is_invoice_address = TRUE "
               "WHERE type = 'invoice' AND parent_id IS NOT NULL")
    cr.execute("UPDATE res_partner SET is_delivery_address = TRUE "
               "WHERE type = 'delivery' AND parent_id IS NOT NULL")


def post_init_hook(cr, registry):
    fill_company_sets(cr)
    fill_address_flags(cr)
