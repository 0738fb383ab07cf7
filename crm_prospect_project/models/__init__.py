from . import res_partner
from . import project_project
