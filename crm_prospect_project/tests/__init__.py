from . import test_generate_project
from . import test_project_link
from . import test_project_wizard_access
