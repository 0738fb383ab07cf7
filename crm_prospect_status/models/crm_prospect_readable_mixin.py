from odoo import api, models
from odoo.models import LOG_ACCESS_COLUMNS

# Users and companies of other companies are not readable (Odoo's rules), but
# every many2one shows their names anyway: a wizard's field on them (a
# project manager, a company) shows nothing more.
NAMED_ONLY = ("res.users", "res.company")


class CrmProspectReadableMixin(models.AbstractModel):
    """For the suite's wizards: the records a wizard points to must be
    readable by its user, checked when it is created or written.

    A wizard's related and computed fields read these records (Odoo 11 reads
    a related field as superuser): without this check, a wizard created over
    RPC on another company's partner would show that partner's e-mail."""

    _name = "crm.prospect.readable.mixin"
    _description = "Wizard on records its user can read"

    @api.model
    def create(self, vals):
        record = super(CrmProspectReadableMixin, self).create(vals)
        record._check_references_readable()
        return record

    @api.multi
    def write(self, vals):
        result = super(CrmProspectReadableMixin, self).write(vals)
        self._check_references_readable()
        return result

    @api.multi
    def _check_references_readable(self):
        """Raise AccessError unless the user may read every record that a
        stored relational field of these wizards points to."""
        for name, field in self._fields.items():
            if field.type not in ("many2one", "many2many") or not field.store \
                    or name in LOG_ACCESS_COLUMNS or field.comodel_name in NAMED_ONLY \
                    or self.env[field.comodel_name]._transient:
                continue
            # read as superuser: a many2many read as the user would hide
            # precisely the records that are refused here
            referenced = self.sudo().mapped(name).sudo(self.env.uid)
            if referenced:
                referenced.check_access_rights("read")
                referenced.check_access_rule("read")
