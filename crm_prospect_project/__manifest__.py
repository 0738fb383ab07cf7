{
    "name": "CRM Prospects: Generate a Project",
    "summary": "Generate a project for a prospect (Action menu or form header), "
               "count and open a partner's projects, keep the link through "
               "conversion, status changes, merge and archiving",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/prospects-for-odoo",
    "author": "Prospects for Odoo",
    "license": "AGPL-3",
    "depends": ["crm_prospect_status", "project"],
    "data": [
        "wizard/crm_prospect_project_wizard_views.xml",
        "views/res_partner_views.xml",
        "views/project_project_views.xml",
    ],
    "installable": True,
    "application": False,
}
