from odoo import api, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.multi
    def _create_lead_partner_data(self, name, is_company, parent_id=False):
        """A customer created from a lead starts as a prospect owned like the lead."""
        data = super(CrmLead, self)._create_lead_partner_data(name, is_company, parent_id=parent_id)
        if not parent_id:
            data.update(is_prospect=True, customer=False)
        return data

    @api.multi
    def write(self, vals):
        result = super(CrmLead, self).write(vals)
        if "stage_id" in vals or "probability" in vals:
            self._convert_won_prospects()
        return result

    @api.multi
    def _convert_won_prospects(self):
        """Winning an opportunity turns its prospect into a customer."""
        won = self.filtered(lambda lead: lead.active and lead.probability >= 100)
        prospects = won.mapped("partner_id.commercial_partner_id").filtered("is_prospect")
        if prospects:
            prospects.action_convert_to_customer()
