{
    "name": "CRM Prospects: Marketing",
    "summary": "A Marketing tab on prospects: their mailing lists, the mailings "
               "and campaigns they received with the outcome, and adding them to a list",
    "version": "11.0.1.0.0",
    "category": "Marketing",
    "website": "https://github.com/prospects-for-odoo",
    "author": "Prospects for Odoo",
    "license": "AGPL-3",
    "depends": ["crm_prospect_status", "mass_mailing"],
    "data": [
        "wizard/crm_prospect_mailing_list_wizard_views.xml",
        "views/res_partner_views.xml",
    ],
    "installable": True,
    "application": False,
    "auto_install": True,
}
