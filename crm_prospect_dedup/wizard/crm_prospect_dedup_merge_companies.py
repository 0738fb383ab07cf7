from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import UserError

# a partner's contacts follow its company set: not records of other companies
OWN_CONTACTS = {("res.partner", "parent_id"), ("res.partner", "commercial_partner_id")}


class CrmProspectDedupMergeWizard(models.TransientModel):
    """What a merge changes for other companies: records that the user cannot
    read would point to the kept partner, and the company sets of the partners
    become the kept partner's united set. Either may change what another
    company sees, so the merge is left to a user of every company concerned."""

    _inherit = "crm.prospect.dedup.merge.wizard"

    @api.model
    def _check_other_companies(self, partners, dst):
        """Refuse, naming the companies, a merge that changes what companies
        the user does not belong to see; returns the companies concerned."""
        if self.env.uid == SUPERUSER_ID:
            return self._company_set_changes(partners, dst)
        concerned = self._hidden_reference_companies(partners - dst) \
            | self._company_set_changes(partners, dst)
        outside = concerned - self.env.user.company_ids
        if outside:
            raise UserError(_(
                "This merge would change what %s see(s): records of theirs that you cannot "
                "read point to these partners, or the companies that share them would change. "
                "Only a user of every company concerned can merge them.")
                % ", ".join(outside.mapped("name")))
        return concerned

    @api.model
    def _every_company(self):
        return self.env["res.company"].sudo().search([])

    @api.model
    def _company_set_changes(self, partners, dst):
        """The companies for which one of PARTNERS would appear or disappear:
        after the merge the kept partner is shared by the union of their sets
        (an empty set is every company)."""
        every = self._every_company()
        # OCA's company_ids points to res.company.assignment, a view of the companies
        companies = self.env["res.company"].sudo()
        sets = {partner: companies.browse(partner.sudo().company_ids.ids) for partner in partners}
        united = self.env["res.company"].sudo().union(*sets.values()) or every
        changed = self.env["res.company"].sudo()
        for companies in sets.values():
            before = companies or every
            changed |= (before | united) - (before & united)
        return changed

    @api.model
    def _hidden_reference_companies(self, merged):
        """The companies of the records pointing to MERGED that the user
        cannot read (every company when such a record has none)."""
        companies = self.env["res.company"].sudo()
        for model_name, field_name in self._partner_reference_fields():
            hidden = self._hidden_references(model_name, field_name, merged)
            if not hidden:
                continue
            if "company_id" not in hidden._fields or not all(hidden.mapped("company_id")):
                return self._every_company()
            companies |= hidden.mapped("company_id")
        return companies

    @api.model
    def _hidden_references(self, model_name, field_name, merged):
        """The records of MODEL_NAME whose FIELD_NAME points to MERGED that
        the user cannot read (as superuser)."""
        model = self.env[model_name].with_context(active_test=False)
        found = model.sudo().search([(field_name, "in", merged.ids)])
        if not found or not model.check_access_rights("read", raise_exception=False):
            return found
        return found - model.search([("id", "in", found.ids)])

    @api.model
    def _partner_reference_fields(self):
        """(model, field) of the stored many2one and many2many fields of real
        models that point to partners, but for the partners' own contacts."""
        found = []
        for name in self.env.registry:
            model = self.env[name]
            if model._abstract or model._transient or not model._auto \
                    or getattr(model, "_dedup_merge_history", False):
                continue
            for field_name, field in model._fields.items():
                if field.comodel_name == "res.partner" and field.store and not field.inherited \
                        and field.type in ("many2one", "many2many") \
                        and (name, field_name) not in OWN_CONTACTS:
                    found.append((name, field_name))
        return found
