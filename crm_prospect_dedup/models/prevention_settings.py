"""The two settings of duplicates kept out (the nightly check and the score
from which a create is refused), saved alike from the CRM settings and from
the CRM manager's duplicate detection dialog."""
from odoo import _
from odoo.exceptions import ValidationError

from .crm_prospect_dedup_check_incremental import NIGHTLY_PARAM
from .res_partner_duplicate_block import BLOCK_PARAM

NIGHTLY_LABEL = "Nightly duplicate check"
NIGHTLY_HELP = ("Every night, the prospects created or changed since the last nightly check "
                "are compared with every contact; the CRM managers of each company get an "
                "activity when new groups of duplicates are found.")
BLOCK_LABEL = "Refuse duplicates from"
BLOCK_HELP = ("Creating a partner whose best match among existing partners scores at least "
              "this value is refused (between 0 and 1; 0 switches the rule off). CRM managers "
              "may still create it.")


def save_prevention_settings(env, nightly, block):
    """Store NIGHTLY (bool) and BLOCK (a score, 0 for off), or refuse BLOCK
    out of range with a message, changing nothing."""
    block = block or 0.0
    if not 0.0 <= block <= 1.0:
        raise ValidationError(_("The score from which duplicates are refused must be "
                                "between 0 and 1 (0 switches the rule off), not %s.") % block)
    params = env["ir.config_parameter"].sudo()
    params.set_param(NIGHTLY_PARAM, "1" if nightly else "0")
    params.set_param(BLOCK_PARAM, repr(block))
