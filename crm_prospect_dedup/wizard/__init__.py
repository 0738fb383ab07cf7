from . import base_partner_merge_automatic_wizard
from . import crm_prospect_dedup_check_wizard
from . import crm_prospect_dedup_merge_line
from . import crm_prospect_dedup_merge_wizard
from . import crm_prospect_dedup_config_wizard
from . import crm_prospect_dedup_merge_companies
from . import crm_prospect_dedup_check_wizard_incremental
