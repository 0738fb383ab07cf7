from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..matching import DEFAULT_THRESHOLD, Rule

THRESHOLD_PARAM = "crm_prospect_dedup.threshold"


class CrmProspectDedupRule(models.Model):
    """What the duplicate check compares, and how much each field counts."""

    _name = "crm.prospect.dedup.rule"
    _description = "Duplicate matching rule"
    _order = "sequence, id"
    _rec_name = "field"

    field = fields.Selection([
        ("vat", "VAT number"),
        ("email", "E-mail"),
        ("phone", "Phone or mobile"),
        ("website", "Website domain"),
        ("name", "Name"),
        ("address", "Street and city"),
        ("city", "City"),
    ], required=True, string="Compared field")
    sequence = fields.Integer(default=10)
    weight = fields.Float(
        digits=(3, 2), required=True, default=0.5,
        help="How much the same value makes two partners duplicates, from 0 (not at all) "
             "to 1 (certainly). For the name, the weight is scaled by how similar the names are.")
    penalty = fields.Float(
        digits=(3, 2), default=0.0,
        help="How much two different values (both filled in) make two partners different, "
             "from 0 (not at all) to 1 (never duplicates).")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("field_uniq", "unique (field)", "There is already a rule for this field."),
    ]

    @api.constrains("weight", "penalty")
    def _check_weight_and_penalty(self):
        for rule in self:
            if not (0.0 <= rule.weight <= 1.0 and 0.0 <= rule.penalty <= 1.0):
                raise ValidationError(_(
                    "The weight and the penalty of a duplicate rule are between 0 and 1."))

    @api.model
    def _active_rules(self):
        """The active rules as the matching package reads them."""
        return [Rule(rule.field, rule.weight, rule.penalty) for rule in self.sudo().search([])]

    @api.model
    def _default_threshold(self):
        value = self.env["ir.config_parameter"].sudo().get_param(THRESHOLD_PARAM)
        try:
            return float(value) if value else DEFAULT_THRESHOLD
        except ValueError:
            return DEFAULT_THRESHOLD

    @api.model
    def _check_threshold(self, threshold):
        """The threshold as a float, or a clear error when it is not between 0 and 1."""
        try:
            value = float(threshold)
        except (TypeError, ValueError):
            value = None
        if value is None or not 0.0 < value <= 1.0:
            raise UserError(_("The duplicate threshold must be a number above 0 and at most 1 "
                              "(for instance 0.75), not %s.") % (threshold,))
        return value
