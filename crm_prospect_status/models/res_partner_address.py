from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .record_ids import ensure_records

# Odoo's address type that each flag stands for.
FLAG_TYPES = {"is_invoice_address": "invoice", "is_delivery_address": "delivery"}
ADDRESS_FLAGS = ("is_invoice_address", "is_delivery_address", "is_default_address")


class ResPartner(models.Model):
    """Address lines flagged invoice / delivery / default (seed F5)."""

    _inherit = "res.partner"

    is_invoice_address = fields.Boolean(
        "Invoice address", help="Invoices of the partner are sent to this address.")
    is_delivery_address = fields.Boolean(
        "Delivery address", help="Goods for the partner are delivered to this address.")
    is_default_address = fields.Boolean(
        "Default address",
        help="The address used when no line is flagged for what is asked. "
             "A partner has at most one default address.")
    address_line_ids = fields.One2many(
        "res.partner", "parent_id", string="Address lines",
        domain=["|", "|", "|", ("type", "in", ("invoice", "delivery", "other")),
                ("is_invoice_address", "=", True), ("is_delivery_address", "=", True),
                ("is_default_address", "=", True)])

    @api.constrains("parent_id", *ADDRESS_FLAGS)
    def _check_flags_on_address_lines(self):
        for partner in self:
            if not partner.parent_id and any(partner[flag] for flag in ADDRESS_FLAGS):
                raise ValidationError(_(
                    "%s is not an address line of another partner: only address lines "
                    "can be flagged invoice, delivery or default.") % partner.display_name)

    @api.model
    def create(self, vals):
        vals = self._address_flags_from_type(vals)
        partner = super(ResPartner, self).create(vals)
        if vals.get("is_default_address"):
            partner._clear_other_default_addresses()
        return partner

    @api.multi
    def write(self, vals):
        if vals.get("is_default_address"):
            self._check_single_default_per_partner()
        vals = self._address_flags_from_type(vals)
        result = super(ResPartner, self).write(vals)
        if any(flag in vals for flag in FLAG_TYPES) and "type" not in vals:
            self._address_type_from_flags()
        if vals.get("is_default_address"):
            self._clear_other_default_addresses()
        return result

    @api.model
    def _address_flags_from_type(self, vals):
        """An address created or typed as invoice (delivery) is flagged so."""
        for flag, address_type in FLAG_TYPES.items():
            if vals.get("type") == address_type and flag not in vals:
                vals = dict(vals, **{flag: True})
        return vals

    @api.multi
    def _address_type_from_flags(self):
        """A line whose only flag is invoice (delivery) is of that type; a line
        that lost the flag of its type becomes a plain address."""
        for line in self.filtered(lambda p: p.type in ("invoice", "delivery", "other")):
            flags = {t for f, t in FLAG_TYPES.items() if line[f]}
            new_type = flags.pop() if len(flags) == 1 else (
                line.type if line.type in flags else "other")
            if new_type != line.type:
                super(ResPartner, line).write({"type": new_type})

    @api.multi
    def _check_single_default_per_partner(self):
        parents = self.mapped("parent_id")
        if len(parents) < len(self):
            raise UserError(_(
                "A partner has one default address only: set the star on one line at a time."))

    @api.multi
    def _clear_other_default_addresses(self):
        for line in self.filtered("parent_id"):
            others = line.parent_id.with_context(active_test=False).child_ids.filtered(
                lambda p: p != line and p.is_default_address)
            if others:
                super(ResPartner, others).write({"is_default_address": False})

    @api.multi
    def toggle_invoice_address(self):
        return self._toggle_address_flag("is_invoice_address")

    @api.multi
    def toggle_delivery_address(self):
        return self._toggle_address_flag("is_delivery_address")

    @api.multi
    def toggle_default_address(self):
        return self._toggle_address_flag("is_default_address")

    @api.multi
    def _toggle_address_flag(self, flag):
        ensure_records(self)
        for line in self:
            line.write({flag: not line[flag]})
        return True

    @api.multi
    def address_get(self, adr_pref=None):
        """Odoo's address lookup, honouring the flags of the address lines:
        a flagged line first, then the default line, then Odoo's own answer."""
        result = super(ResPartner, self).address_get(adr_pref)
        wanted = set(adr_pref or []) & {"invoice", "delivery", "default"}
        if not self or not wanted:
            return result
        lines = self.env["res.partner"].search([
            ("id", "child_of", self[0].commercial_partner_id.id),
            ("parent_id", "!=", False),
            "|", "|", ("is_invoice_address", "=", True), ("is_delivery_address", "=", True),
            ("is_default_address", "=", True)], order="id")
        default = lines.filtered("is_default_address")[:1]
        for kind in wanted:
            flagged = lines.filtered("is_%s_address" % kind) if kind != "default" else default
            chosen = (flagged & default) or flagged[:1] or default
            if chosen:
                result[kind] = chosen.id
        return result
