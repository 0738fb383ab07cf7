{
    "name": "CRM Prospects and Statuses",
    "summary": "Prospects in the CRM, with optional statuses, a status bar, "
               "owners taken from the lead and conversion into customers",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/prospects-for-odoo",
    "author": "Prospects for Odoo",
    "license": "AGPL-3",
    "depends": ["crm"],
    "data": [
        "security/crm_prospect_status_security.xml",
        "security/ir.model.access.csv",
        "data/crm_prospect_status_data.xml",
        "views/crm_prospect_status_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_prospect_status_menus.xml",
    ],
    "demo": [
        "demo/crm_prospect_status_demo.xml",
        "demo/res.partner.csv",
        "demo/crm.lead.csv",
    ],
    "installable": True,
    "application": False,
}
