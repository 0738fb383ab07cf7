from odoo import api, models


class ResPartner(models.Model):
    """Chatter messages without anybody to tell on the bus."""

    _inherit = "res.partner"

    @api.multi
    def _notify_by_chat(self, message):
        # Odoo 11 formats every new message for the bus before it looks whether
        # anybody is to be told (a sixth of a status click or a conversion,
        # bench/bench_clicks.py)
        if not self:
            return
        return super(ResPartner, self)._notify_by_chat(message)
