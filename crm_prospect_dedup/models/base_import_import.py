from odoo import _, api, models
from odoo.exceptions import UserError

from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record

from .res_partner_import_check import IMPORT_KEY, IMPORT_MODES

# the option of base_import's `do` naming what to do with duplicate rows
IMPORT_OPTION = "prospect_dedup"


class BaseImportImport(models.TransientModel):
    """Importing partners from a file reports the rows that look like
    existing partners or like each other (option `prospect_dedup`: 'report'
    by default, 'skip' the duplicate rows, 'flag' them, or 'off')."""

    _inherit = "base_import.import"

    @api.multi
    def do(self, fields, options, dryrun=False):
        ensure_one_record(self)
        if not isinstance(options, dict):
            raise UserError(_("The options of an import are a dictionary, not %r.") % (options,))
        if self.res_model != "res.partner":
            return super(BaseImportImport, self).do(fields, options, dryrun=dryrun)
        mode = options.get(IMPORT_OPTION) or "report"
        if mode not in IMPORT_MODES + ("off",):
            return [{"type": "error", "record": False, "message": _(
                "What to do with duplicate rows must be one of %s, not %r.")
                % (", ".join(IMPORT_MODES + ("off",)), mode)}]
        if mode != "off":
            self = self.with_context(**{IMPORT_KEY: mode})
        return super(BaseImportImport, self).do(fields, options, dryrun=dryrun)
