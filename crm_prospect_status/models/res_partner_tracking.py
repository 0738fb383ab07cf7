from odoo import api, models

# The suite's tracked fields ("onchange": logged when they change) and the
# fields whose writes can change them. Odoo 11's mail reads every tracked
# field before and after each write of a partner: a full read of the record
# for a phone number that changes neither (a quarter of a save's CPU).
TRACKED_BY = {
    "prospect_status_id": {"prospect_status_id", "is_prospect"},
    "prospect_relation": {"is_prospect", "customer"},
}
CHANGED_ONLY = "prospect_track_changed_only"


class ResPartner(models.Model):
    """A partner's write tracks the suite's fields only when it can change them."""

    _inherit = "res.partner"

    @api.multi
    def write(self, vals):
        return super(ResPartner, self.with_context(**{CHANGED_ONLY: True})).write(vals)

    @api.model
    def _get_tracked_fields(self, updated_fields):
        tracked = super(ResPartner, self)._get_tracked_fields(updated_fields)
        if tracked and self.env.context.get(CHANGED_ONLY):
            updated = set(updated_fields)
            for name, changed_by in TRACKED_BY.items():
                if not updated & changed_by:
                    tracked.pop(name, None)
        return tracked
