from . import test_matching_normalize
from . import test_matching_scoring
from . import test_duplicate_keys
from . import test_check_duplicates
from . import test_find_duplicate_groups
from . import test_duplicate_warning
from . import test_merge_duplicates
from . import test_access_rights
