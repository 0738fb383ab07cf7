"""The blocking rule: creating a partner whose best match scores at least
the configured value is refused, with the matches and their links."""
from odoo import _, api, models
from odoo.exceptions import ValidationError

BLOCK_PARAM = "crm_prospect_dedup.block_threshold"
# scripts that know what they do create duplicates with this context key
ALLOW_KEY = "prospect_dedup_allow_duplicate"
# the fields a new partner is compared on, and their defaults
COMPARED_FIELDS = ("name", "email", "phone", "mobile", "vat", "website", "street", "street2",
                   "city", "zip", "state_id", "country_id", "is_company", "parent_id")


def block_threshold(env):
    """The score from which a create is refused; 0.0 when the rule is off."""
    value = env["ir.config_parameter"].sudo().get_param(BLOCK_PARAM)
    try:
        value = float(value or 0.0)
    except ValueError:
        return 0.0
    return value if 0.0 < value <= 1.0 else 0.0


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def create(self, vals):
        threshold = block_threshold(self.env)
        if threshold and not self._dedup_may_duplicate():
            self._dedup_refuse_duplicate(vals, threshold)
        return super(ResPartner, self).create(vals)

    @api.model
    def _dedup_may_duplicate(self):
        """CRM managers, and callers with the context key, pass the rule."""
        return bool(self.env.context.get(ALLOW_KEY)) \
            or self.env.user.has_group("sales_team.group_sale_manager")

    @api.model
    def _dedup_refuse_duplicate(self, vals, threshold):
        """Raise a ValidationError listing the partners the new one (VALS,
        with its defaults) duplicates, scored by the typing warning's code."""
        wanted = [name for name in COMPARED_FIELDS if name not in vals]
        values = dict(self.default_get(wanted), **vals) if wanted else dict(vals)
        draft = self.new({name: values.get(name) for name in COMPARED_FIELDS})
        matches = draft._dedup_similar_partners(threshold=threshold)
        if not matches:
            return
        lines = "\n".join(
            "- %s (%d%%: %s) /web#id=%d&model=res.partner&view_type=form" % (
                partner.display_name, round(score * 100),
                ", ".join(self.env["crm.prospect.dedup.group"]._reason_text(reasons)),
                partner.id)
            for partner, score, reasons in matches)
        raise ValidationError(_(
            "\"%s\" is not created: it looks like partners that exist already (duplicates "
            "are refused from a score of %d%%):\n%s\nOpen one of them and complete it "
            "instead, or ask a CRM manager.") % (vals.get("name") or "", round(threshold * 100),
                                                 lines))
