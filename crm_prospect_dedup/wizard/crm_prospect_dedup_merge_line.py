from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmProspectDedupMergeLine(models.TransientModel):
    """One field whose value differs between the partners merged: which
    partner's value the kept record takes."""

    _name = "crm.prospect.dedup.merge.line"
    _inherit = "crm.prospect.readable.mixin"
    _description = "Value kept by a merge"
    _order = "sequence, id"

    wizard_id = fields.Many2one("crm.prospect.dedup.merge.wizard", required=True,
                                ondelete="cascade")
    sequence = fields.Integer()
    # not readonly: the web client only sends the fields it may edit (it is
    # invisible in the form)
    field_name = fields.Char("Technical name", required=True)
    field_label = fields.Char("Field", readonly=True)
    values = fields.Text("Values", readonly=True)
    chosen_partner_id = fields.Many2one("res.partner", "Keep the value of")
    chosen_value = fields.Char("Value kept", compute="_compute_chosen_value")

    @api.constrains("field_name")
    def _check_field_name(self):
        offered = set(self.env["crm.prospect.dedup.merge.wizard"]._merge_fields())
        for line in self:
            if line.field_name not in offered:
                raise ValidationError(_(
                    "\"%s\" is not a field whose value a merge lets you choose.")
                    % line.field_name)

    @api.depends("chosen_partner_id", "field_name")
    def _compute_chosen_value(self):
        for line in self:
            if line.chosen_partner_id and line.field_name:
                line.chosen_value = line.wizard_id._display_value(
                    line.chosen_partner_id, line.field_name)
            else:
                line.chosen_value = False
