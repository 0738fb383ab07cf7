from . import test_marketing_tab
from . import test_add_to_mailing_list
from . import test_mailing_wizard_access
