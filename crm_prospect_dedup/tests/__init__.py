from . import test_matching_normalize
from . import test_matching_comparisons
from . import test_matching_model
from . import test_matching_training
from . import test_matching_pair_scorer
from . import test_duplicate_keys
from . import test_blocking_passes
from . import test_check_duplicates
from . import test_find_duplicate_groups
from . import test_term_frequency
from . import test_dedup_settings
# from . import test_learning_weights
from . import test_duplicate_warning
from . import test_merge_duplicates
from . import test_access_rights
