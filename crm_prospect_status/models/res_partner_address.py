from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .record_ids import ensure_records

# Odoo's address type that each flag stands for.
FLAG_TYPES = {"is_invoice_address": "invoice", "is_delivery_address": "delivery"}
ADDRESS_FLAGS = ("is_invoice_address", "is_delivery_address", "is_default_address")
# the types of the children listed as address lines, whatever their flags
ADDRESS_TYPES = ("invoice", "delivery", "other")


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
        domain=["|", "|", "|", ("type", "in", ADDRESS_TYPES),
                ("is_invoice_address", "=", True), ("is_delivery_address", "=", True),
                ("is_default_address", "=", True)])
    # the other children: Odoo's "Contacts & Addresses" kanban shows these
    # only, so that each address line is shown once, in the Addresses tab
    contact_line_ids = fields.One2many(
        "res.partner", "parent_id", string="Contacts",
        domain=[("type", "not in", ADDRESS_TYPES), ("is_invoice_address", "=", False),
                ("is_delivery_address", "=", False), ("is_default_address", "=", False)])

    @api.constrains("parent_id", *ADDRESS_FLAGS)
    def _check_flags_on_address_lines(self):
        for partner in self:
            if not partner.parent_id and any(partner[flag] for flag in ADDRESS_FLAGS):
                raise ValidationError(_(
                    "%s is not an address line of another partner: only address lines "
                    "can be flagged invoice, delivery or default.") % partner.display_name)

    @api.model
    def create(self, vals):
        if vals.get("parent_id"):
            vals = self._address_type_and_flags(vals, {})
        partner = super(ResPartner, self).create(vals)
        if vals.get("is_default_address"):
            partner._clear_other_default_addresses()
        return partner

    @api.multi
    def write(self, vals):
        if vals.get("is_default_address"):
            self._check_single_default_per_partner()
        lines = self.browse()
        if "type" in vals or any(flag in vals for flag in FLAG_TYPES):
            lines = self.filtered("parent_id") if "parent_id" not in vals else (
                self if vals["parent_id"] else lines)
        result = super(ResPartner, self - lines).write(vals) if self - lines else True
        for line in lines:
            # each line gets the type and flags that agree with its own values
            current = {name: line[name] for name in ("type",) + tuple(FLAG_TYPES)}
            super(ResPartner, line).write(self._address_type_and_flags(vals, current))
        if vals.get("is_default_address"):
            self._clear_other_default_addresses()
        return result

    @api.model
    def _address_type_and_flags(self, vals, current):
        """VALS completed so that the type of an address line and its invoice /
        delivery flags agree, CURRENT being the line's values before the
        change (empty on create).

        A type chosen alone sets the flags to match it: "Invoice address"
        flags invoice and not delivery, "Other address" neither. A new line,
        or a type chosen with the flags (the address dialog sends both), gets
        the flag of its type, and an "other" line the type of its flags.
        Flags changed alone give the type: invoice only, or delivery only,
        gives that type; both keep an invoice or delivery type; none makes an
        invoice or delivery line a plain ("other") address. Contacts and
        private addresses keep their type whatever their flags."""
        address_type = vals.get("type", current.get("type", "contact"))
        values = {flag: bool(vals.get(flag, current.get(flag, False))) for flag in FLAG_TYPES}
        type_changed = "type" in vals and vals["type"] != current.get("type")
        flags_changed = any(flag in vals and bool(vals[flag]) != bool(current.get(flag))
                            for flag in FLAG_TYPES)
        if current and type_changed and not flags_changed:
            if address_type in FLAG_TYPES.values():
                values = {flag: t == address_type for flag, t in FLAG_TYPES.items()}
            elif address_type == "other":
                values = dict.fromkeys(FLAG_TYPES, False)
        elif not current or type_changed:
            if address_type in FLAG_TYPES.values():
                values.update({flag: True for flag, t in FLAG_TYPES.items() if t == address_type})
            elif address_type == "other":
                address_type = _type_from_flags(address_type, values)
        elif flags_changed and address_type in ("invoice", "delivery", "other"):
            address_type = _type_from_flags(address_type, values)
        result = dict(vals, **values)
        if "type" in vals or address_type != current.get("type"):
            result["type"] = address_type
        return result

    @api.onchange("type")
    def _onchange_type_address_flags(self):
        """In the address dialog, a type chosen ticks the matching flag."""
        if self.type in FLAG_TYPES.values():
            for flag, flag_type in FLAG_TYPES.items():
                self[flag] = flag_type == self.type
        elif self.type == "other":
            for flag in FLAG_TYPES:
                self[flag] = False

    @api.onchange("is_invoice_address", "is_delivery_address")
    def _onchange_address_flags_type(self):
        """In the address dialog, a flag ticked or cleared sets the type."""
        if self.type in ("invoice", "delivery", "other"):
            self.type = _type_from_flags(self.type, {flag: self[flag] for flag in FLAG_TYPES})

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
        if adr_pref and not (isinstance(adr_pref, (list, tuple))
                             and all(isinstance(kind, str) for kind in adr_pref)):
            raise UserError(_("The address types asked for must be a list of types, "
                              "such as ['invoice', 'delivery'], not %r.") % (adr_pref,))
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


def _type_from_flags(address_type, flags):
    """The type of an invoice / delivery / other line with FLAGS set."""
    types = {FLAG_TYPES[flag] for flag, value in flags.items() if value}
    if len(types) == 1:
        return types.pop()
    if types:
        return address_type if address_type in types else "invoice"
    return "other" if address_type in FLAG_TYPES.values() else address_type
