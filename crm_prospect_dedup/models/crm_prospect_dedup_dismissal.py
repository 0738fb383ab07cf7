import itertools

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmProspectDedupDismissal(models.Model):
    """A pair of partners that a user said are not duplicates: the check does
    not propose them again."""

    _name = "crm.prospect.dedup.dismissal"
    # made only on partners its user can read; seen in its company (record rule)
    _inherit = "crm.prospect.readable.mixin"
    _description = "Dismissed duplicate pair"
    _order = "id desc"
    _rec_name = "partner_a_id"

    partner_a_id = fields.Many2one("res.partner", "Partner", required=True, index=True,
                                   ondelete="cascade")
    partner_b_id = fields.Many2one("res.partner", "Not a duplicate of", required=True, index=True,
                                   ondelete="cascade")
    user_id = fields.Many2one("res.users", "Dismissed by", default=lambda self: self.env.user,
                              readonly=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True, index=True,
                                 default=lambda self: self.env.user.company_id)

    _sql_constraints = [
        ("pair_uniq", "unique (partner_a_id, partner_b_id, company_id)",
         "This pair is already dismissed."),
    ]

    @api.constrains("partner_a_id", "partner_b_id")
    def _check_two_partners(self):
        for dismissal in self:
            if dismissal.partner_a_id == dismissal.partner_b_id:
                raise ValidationError(_("%s cannot be dismissed as a duplicate of itself.")
                                      % dismissal.partner_a_id.display_name)

    @api.model
    def _dismiss(self, partner_ids):
        """Remember every pair of `partner_ids` as not duplicates."""
        pairs = {tuple(sorted(pair)) for pair in itertools.combinations(set(partner_ids), 2)}
        if not pairs:
            return self
        existing = self.search(['|'] * (len(pairs) - 1) + [
            term for a, b in pairs
            for term in ['&', ('partner_a_id', '=', a), ('partner_b_id', '=', b)]])
        pairs -= {(d.partner_a_id.id, d.partner_b_id.id) for d in existing}
        created = self.browse()
        for a, b in sorted(pairs):
            created |= self.create({"partner_a_id": a, "partner_b_id": b})
        return created

    @api.model
    def _undismiss(self, partner_ids):
        """Forget the dismissed pairs among `partner_ids`."""
        self.sudo().search([("partner_a_id", "in", list(partner_ids)),
                            ("partner_b_id", "in", list(partner_ids))]).unlink()
