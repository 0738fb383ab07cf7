from odoo import api, models


class ResPartner(models.Model):
    """An index on the time of the last change: the incremental duplicate
    check selects the partners changed since the last one through it."""

    _inherit = "res.partner"

    @api.model_cr
    def init(self):
        super(ResPartner, self).init()
        self.env.cr.execute("CREATE INDEX IF NOT EXISTS res_partner_write_date_idx "
                            "ON res_partner (write_date)")
