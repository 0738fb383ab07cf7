"""11.0.2.0.0, Fellegi-Sunter matching: the new key columns exist before the
ORM sees them (so that it does not compute them partner by partner), and the
rules of fields no longer compared as such (name, street and city) go."""

NEW_COLUMNS = ("dedup_given_key", "dedup_surname_key", "dedup_street_number",
               "dedup_street_key", "dedup_street2_key", "dedup_city_key", "dedup_zip_key")


def migrate(cr, version):
    if not version:
        return
    cr.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch")
    for column in NEW_COLUMNS:
        # sql-safe: column names from the module constant NEW_COLUMNS
        cr.execute('ALTER TABLE res_partner ADD COLUMN IF NOT EXISTS "%s" varchar' % column)
    cr.execute("""
        DELETE FROM ir_model_data WHERE module = 'crm_prospect_dedup'
           AND model = 'crm.prospect.dedup.rule' AND name IN ('rule_name', 'rule_address')
    """)
    cr.execute("DELETE FROM crm_prospect_dedup_rule WHERE field IN ('name', 'address')")
