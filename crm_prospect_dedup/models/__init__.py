from . import res_partner
from . import res_partner_duplicate_warning
from . import crm_prospect_dedup_rule
from . import crm_prospect_dedup_rule_level
from . import crm_prospect_dedup_dismissal
from . import crm_prospect_dedup_check
from . import crm_prospect_dedup_group
from . import res_config_settings
