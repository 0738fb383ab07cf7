from . import test_matching_normalize
from . import test_matching_scoring
