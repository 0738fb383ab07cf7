"""11.0.2.1.0: dismissed pairs get the company of the user who dismissed
them, which their new record rule reads."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE crm_prospect_dedup_dismissal d SET company_id = u.company_id
          FROM res_users u WHERE u.id = d.user_id AND d.company_id IS NULL
    """)
