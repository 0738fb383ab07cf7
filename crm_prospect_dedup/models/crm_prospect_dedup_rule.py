from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..matching.comparisons import BY_NAME, COMPARISONS
from ..matching.model import DEFAULT_PRIOR, MatchModel

THRESHOLD_PARAM = "crm_prospect_dedup.threshold"
DEFAULT_THRESHOLD = 0.99
# The MatchModels built, by the stored rows they were built from: reading the
# rules and levels through the ORM took tens of milliseconds on every typing
# warning, where one query tells whether they changed.
_MODELS = {}
MODELS_KEPT = 8


class CrmProspectDedupRule(models.Model):
    """One comparison of the duplicate check (a field, compared in levels),
    with the learned weight of each level."""

    _name = "crm.prospect.dedup.rule"
    _description = "Duplicate matching rule"
    _order = "sequence, id"
    _rec_name = "field"

    field = fields.Selection([
        ("person_name", "Person's name"),
        ("company_name", "Company name"),
        ("street_number", "Street number"),
        ("street", "Street"),
        ("street2", "Street 2"),
        ("city", "City"),
        ("zip", "Zip"),
        ("state", "State or region"),
        ("email", "E-mail"),
        ("phone", "Phone or mobile"),
        ("vat", "VAT number"),
        ("website", "Website domain"),
    ], required=True, string="Compared field")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    level_ids = fields.One2many("crm.prospect.dedup.rule.level", "rule_id", "Levels")

    _sql_constraints = [
        ("field_uniq", "unique (field)", "There is already a rule for this field."),
    ]

    @api.model
    def _sync_levels(self):
        """Create the levels of every rule that lacks them, with the defaults
        of matching.comparisons (called by the data file at install and upgrade)."""
        levels = self.env["crm.prospect.dedup.rule.level"]
        for rule in self.with_context(active_test=False).search([]):
            comparison = BY_NAME.get(rule.field)
            if not comparison:
                continue
            existing = set(rule.level_ids.mapped("code"))
            for sequence, level in enumerate(comparison.levels):
                if level.code not in existing:
                    levels.create({"rule_id": rule.id, "code": level.code, "sequence": sequence,
                                   "m_probability": level.m, "u_probability": level.u})

    @api.model
    def _match_model(self):
        """The MatchModel of the stored weights, overrides and active rules,
        built once for each state of them and of the prior."""
        key = self._match_model_key()
        model = _MODELS.get(key)
        if model is None:
            model = self._build_match_model()
            if len(_MODELS) >= MODELS_KEPT:
                _MODELS.clear()
            _MODELS[key] = model
        return model

    @api.model
    def _match_model_key(self):
        """What the model is built from, as stored (ORM writes reach the
        database at once)."""
        self.env.cr.execute("""
            SELECT r.field, r.active, l.code, l.m_probability, l.u_probability,
                   l.override, l.override_weight
              FROM crm_prospect_dedup_rule r
              LEFT JOIN crm_prospect_dedup_rule_level l ON l.rule_id = r.id
             UNION ALL
            (SELECT 'prior', NULL, NULL, prior, NULL, NULL, NULL
               FROM crm_prospect_dedup_training ORDER BY id DESC LIMIT 1)
             ORDER BY 1, 3""")
        return tuple(self.env.cr.fetchall())

    @api.model
    def _build_match_model(self):
        parameters, overrides, active = {}, {}, []
        for rule in self.sudo().with_context(active_test=False).search([]):
            if rule.field not in BY_NAME:
                continue
            if rule.active:
                active.append(rule.field)
            parameters[rule.field] = {level.code: (level.m_probability, level.u_probability)
                                      for level in rule.level_ids}
            overrides[rule.field] = {level.code: level.override_weight
                                     for level in rule.level_ids if level.override}
        for comparison in COMPARISONS:  # a level missing from the database: its default
            stored = parameters.setdefault(comparison.name, {})
            for level in comparison.levels:
                stored.setdefault(level.code, (level.m, level.u))
        return MatchModel(parameters, self._prior(), overrides, active)

    @api.model
    def _prior(self):
        latest = self.env["crm.prospect.dedup.training"]._latest()
        return latest["prior"] if latest else DEFAULT_PRIOR

    @api.model
    def _store_learned(self, model, partners, pairs):
        """Keep the m, u and prior learned by a check over PARTNERS partners
        and PAIRS candidate pairs (the overrides stay)."""
        levels = self.env["crm.prospect.dedup.rule.level"].sudo()
        for level in levels.search([]):
            learned = model.parameters.get(level.rule_id.field, {}).get(level.code)
            if learned:
                level.write({"m_probability": learned[0], "u_probability": learned[1]})
        self.env["crm.prospect.dedup.training"]._record(model.prior, partners, pairs)

    @api.model
    def _default_threshold(self):
        value = self.env["ir.config_parameter"].sudo().get_param(THRESHOLD_PARAM)
        try:
            return float(value) if value else DEFAULT_THRESHOLD
        except ValueError:
            return DEFAULT_THRESHOLD

    @api.model
    def _save_threshold(self, threshold):
        """Store the threshold of the checks and of the warning, or refuse it
        with a clear error."""
        value = self._check_threshold(threshold)
        self.env["ir.config_parameter"].sudo().set_param(THRESHOLD_PARAM, repr(value))

    @api.model
    def _check_threshold(self, threshold):
        """The threshold as a float, or a clear error when it is not between 0 and 1."""
        try:
            value = float(threshold)
        except (TypeError, ValueError):
            value = None
        if value is None or not 0.0 < value <= 1.0:
            raise UserError(_("The duplicate threshold must be a number above 0 and at most 1 "
                              "(for instance 0.9), not %s.") % (threshold,))
        return value
