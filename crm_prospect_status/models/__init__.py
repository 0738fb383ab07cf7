from . import crm_prospect_status
from . import crm_prospect_activity
from . import res_partner
from . import res_partner_address
from . import res_partner_company
from . import res_config_settings
from . import crm_lead
from . import crm_prospect_readable_mixin
