from odoo import api, fields, models


class CrmProspectDedupMergeLine(models.TransientModel):
    """One field whose value differs between the partners merged: which
    partner's value the kept record takes."""

    _name = "crm.prospect.dedup.merge.line"
    _description = "Value kept by a merge"
    _order = "sequence, id"

    wizard_id = fields.Many2one("crm.prospect.dedup.merge.wizard", required=True,
                                ondelete="cascade")
    sequence = fields.Integer()
    field_name = fields.Char("Technical name", required=True, readonly=True)
    field_label = fields.Char("Field", readonly=True)
    values = fields.Text("Values", readonly=True)
    chosen_partner_id = fields.Many2one("res.partner", "Keep the value of")
    chosen_value = fields.Char("Value kept", compute="_compute_chosen_value")

    @api.depends("chosen_partner_id", "field_name")
    def _compute_chosen_value(self):
        for line in self:
            if line.chosen_partner_id and line.field_name:
                line.chosen_value = line.wizard_id._display_value(
                    line.chosen_partner_id, line.field_name)
            else:
                line.chosen_value = False
