from . import crm_prospect_project_wizard
