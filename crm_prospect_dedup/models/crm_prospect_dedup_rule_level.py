import math

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..matching.model import bits

LEVELS = [
    ("exact", "The same"),
    ("swapped", "Given name and surname swapped"),
    ("close", "Close (a typo or two)"),
    ("near", "Alike"),
    ("surname", "Same surname only"),
    ("given", "Same given name only"),
    ("else", "Different"),
]


class CrmProspectDedupRuleLevel(models.Model):
    """A level of a comparison: its m and u probabilities, learned from the
    database by each full check, and the weight they give, which a CRM
    manager may override."""

    _name = "crm.prospect.dedup.rule.level"
    _description = "Level of a duplicate matching rule"
    _order = "rule_id, sequence, id"

    rule_id = fields.Many2one("crm.prospect.dedup.rule", "Rule", required=True,
                              ondelete="cascade", index=True)
    field = fields.Selection(related="rule_id.field", readonly=True, store=True)
    sequence = fields.Integer(default=10)
    code = fields.Selection(LEVELS, "Level", required=True)
    m_probability = fields.Float(
        "m (duplicates)", digits=(16, 6), readonly=True,
        help="Learned: the share of true duplicates whose values reach this level.")
    u_probability = fields.Float(
        "u (others)", digits=(16, 6), readonly=True,
        help="Learned: the share of unrelated partners whose values reach this level.")
    learned_weight = fields.Float(
        "Learned weight", digits=(16, 2), compute="_compute_weights",
        help="log2(m / u): how many bits of evidence this level adds (negative: against).")
    override = fields.Boolean("Override", help="Use the weight set by hand instead of "
                                               "the learned one.")
    override_weight = fields.Float("Weight set by hand", digits=(16, 2))
    weight = fields.Float("Weight used", digits=(16, 2), compute="_compute_weights")

    _sql_constraints = [
        ("code_uniq", "unique (rule_id, code)", "A rule has each level once."),
    ]

    @api.depends("m_probability", "u_probability", "override", "override_weight")
    def _compute_weights(self):
        for level in self:
            level.learned_weight = bits(level.m_probability, level.u_probability)
            level.weight = level.override_weight if level.override else level.learned_weight

    @api.constrains("m_probability", "u_probability")
    def _check_probabilities(self):
        for level in self:
            for value in (level.m_probability, level.u_probability):
                if not 0.0 <= value <= 1.0:
                    raise ValidationError(_(
                        "A probability (m or u) is between 0 and 1 (%s given).") % value)

    @api.constrains("override_weight")
    def _check_override_weight(self):
        for level in self:
            if not math.isfinite(level.override_weight) or abs(level.override_weight) > 40:
                raise ValidationError(_(
                    "A weight set by hand is between -40 and 40 bits (%s given).")
                    % level.override_weight)
