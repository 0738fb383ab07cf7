from . import test_settings_switch
from . import test_prospect_status
from . import test_prospect
from . import test_lead_conversion
from . import test_convert_customer
from . import test_address_lines
from . import test_company_sharing
from . import test_activity_tab
