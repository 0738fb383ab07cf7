from . import test_marketing_tab
from . import test_add_to_mailing_list
