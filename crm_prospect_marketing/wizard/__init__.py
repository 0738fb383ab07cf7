from . import crm_prospect_mailing_list_wizard
