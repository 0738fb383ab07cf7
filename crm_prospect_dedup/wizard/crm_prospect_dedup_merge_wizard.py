import json

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.crm_prospect_status.models.record_ids import (ensure_one_record, is_record_id,
                                                              is_record_ids,
                                                              lock_or_retry_later)

# Fields never offered in the field-by-field choice: technical, computed,
# relational sets (those are united), or owned by the merge itself.
SKIPPED_FIELDS = {
    "id", "display_name", "create_uid", "create_date", "write_uid", "write_date",
    "__last_update", "active", "commercial_partner_id", "commercial_company_name",
    "message_bounce", "signup_token", "signup_type", "signup_expiration", "color",
    "partner_share", "parent_id",
    # mirrors the company set, which is united (see crm_prospect_dedup_merge_companies.py)
    "company_id",
}
# Fields whose value comes from the customer when a customer is merged: a
# prospect merged with a customer is that customer, never a prospect again.
CUSTOMER_FIELDS = ("customer", "is_prospect", "prospect_status_id")


class CrmProspectDedupMergeWizard(models.TransientModel):
    """Action menu > Merge duplicates: merge partners into the one kept,
    choosing field by field which value to keep where they differ."""

    _name = "crm.prospect.dedup.merge.wizard"
    _inherit = "crm.prospect.readable.mixin"
    _description = "Merge duplicates"

    partner_ids = fields.Many2many("res.partner", "crm_prospect_dedup_merge_wizard_partner_rel",
                                   "wizard_id", "partner_id", "Partners to merge")
    dst_partner_id = fields.Many2one("res.partner", "Record to keep")
    group_id = fields.Many2one("crm.prospect.dedup.group", "Duplicate group")
    line_ids = fields.One2many("crm.prospect.dedup.merge.line", "wizard_id", "Values to keep")
    explanation = fields.Text(
        "Why they look alike", compute="_compute_explanation",
        help="For each other record, its match probability with the record kept and what "
             "counted, in bits of evidence: the same comparisons as Check duplicates.")
    dismissal_warning = fields.Text(
        "Marked as not duplicates", compute="_compute_dismissal_warning",
        help="Pairs of these records that a user said are not duplicates.")
    merge_report = fields.Text(
        readonly=True, help="After the merge: per table.column, the rows re-pointed to the "
                            "record kept and the duplicate rows dropped (JSON).")

    @api.model
    def default_get(self, field_names):
        values = super(CrmProspectDedupMergeWizard, self).default_get(field_names)
        context = self.env.context
        if context.get("active_model") == "res.partner" and context.get("active_ids"):
            if not is_record_ids(context["active_ids"]):
                raise UserError(_("The records to merge are given by a list of ids, not by %r.")
                                % (context["active_ids"],))
            partners = self._check_visible(context["active_ids"])
            dst = self._default_kept(partners)
            self._check_mergeable(partners, dst)
            values.update({
                "partner_ids": [(6, 0, partners.ids)],
                "dst_partner_id": dst.id,
                "line_ids": [(0, 0, line) for line in self._line_values(partners, dst)],
            })
            if context.get("dedup_group_id"):
                if not is_record_id(context["dedup_group_id"]):
                    raise UserError(_("The duplicate group is given by its id, not by %r.")
                                    % (context["dedup_group_id"],))
                values["group_id"] = context["dedup_group_id"]
        return values

    @api.depends("partner_ids", "dst_partner_id")
    def _compute_explanation(self):
        model = self.env["crm.prospect.dedup.rule"]._match_model()
        groups = self.env["crm.prospect.dedup.group"]
        for wizard in self:
            kept = wizard.dst_partner_id
            others = wizard.partner_ids - kept
            if not kept or not others:
                wizard.explanation = False
                continue
            records = (kept | others)._dedup_match_records()
            lines = []
            for other in others:
                match = model.explain(records[kept.id], records[other.id])
                reasons = groups._reason_text(match.contributions)
                lines.append(_("%s: %d%% (%s)") % (other.display_name,
                                                   round(match.probability * 100),
                                                   ", ".join(reasons) or "-"))
            wizard.explanation = "\n".join(lines)

    @api.depends("partner_ids")
    def _compute_dismissal_warning(self):
        dismissals = self.env["crm.prospect.dedup.dismissal"].sudo()
        for wizard in self:
            ids = wizard.partner_ids.ids
            pairs = dismissals.search([("partner_a_id", "in", ids), ("partner_b_id", "in", ids)])
            wizard.dismissal_warning = "\n".join(
                _("%s and %s were marked as not duplicates by %s.") % (
                    pair.partner_a_id.display_name, pair.partner_b_id.display_name,
                    pair.user_id.name or "-")
                for pair in pairs) or False

    @api.model
    def _open_for_partners(self, partner_ids, group=None):
        """The action opening the wizard on `partner_ids` (e.g. a group)."""
        context = dict(self.env.context, active_model="res.partner", active_ids=list(partner_ids))
        if group:
            context["dedup_group_id"] = group.id
        return {
            "type": "ir.actions.act_window",
            "name": _("Merge duplicates"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    # -- what is merged --------------------------------------------------------

    @api.model
    def _check_visible(self, partner_ids):
        """The partners, refusing any that the user cannot see."""
        ids = list(set(partner_ids))
        partners = self.env["res.partner"].with_context(active_test=False)
        existing = partners.sudo().browse(ids).exists()
        visible = partners.search([("id", "in", existing.ids)])
        if len(visible) < len(ids):
            raise UserError(_(
                "You cannot merge records that you cannot see: %d of the %d records "
                "selected are hidden from you or no longer exist.")
                % (len(ids) - len(visible), len(ids)))
        return visible

    @api.model
    def _activity(self, partners):
        """Per partner, how much is attached to it (opportunities, messages,
        contacts, activities): the default record to keep has the most."""
        counts = dict.fromkeys(partners.ids, 0)
        cr = self.env.cr
        for query in [
            "SELECT partner_id, count(*) FROM crm_lead WHERE partner_id = ANY(%s) GROUP BY 1",
            "SELECT res_id, count(*) FROM mail_message WHERE model = 'res.partner' "
            "AND res_id = ANY(%s) AND message_type <> 'notification' GROUP BY 1",
            "SELECT parent_id, count(*) FROM res_partner WHERE parent_id = ANY(%s) GROUP BY 1",
            "SELECT res_id, count(*) FROM mail_activity WHERE res_model = 'res.partner' "
            "AND res_id = ANY(%s) GROUP BY 1",
        ]:
            # sql-safe: query texts are the literals of the list above
            cr.execute(query, (partners.ids,))
            for partner_id, count in cr.fetchall():
                counts[partner_id] += count
        return counts

    @api.model
    def _default_kept(self, partners):
        """The record kept by default: the one linked to a user if any, else
        the one with the most activity, else the oldest."""
        users = self.env["res.users"].sudo().with_context(active_test=False).search(
            [("partner_id", "in", partners.ids)])
        if users:
            return users[0].partner_id.sudo(self.env.uid)
        activity = self._activity(partners)
        return min(partners, key=lambda p: (-activity[p.id], p.create_date or "", p.id))

    @api.model
    def _merge_fields(self):
        """Fields of res.partner offered in the field-by-field choice."""
        partner_fields = self.env["res.partner"]._fields
        names = []
        for name, field in partner_fields.items():
            if (name in SKIPPED_FIELDS or not field.store or field.compute or field.related
                    or field.type in ("one2many", "many2many", "binary", "reference")
                    or name.startswith(("message_", "activity_", "dedup_", "image"))):
                continue
            names.append(name)
        return sorted(names, key=lambda n: (partner_fields[n].string or n).lower())

    @api.model
    def _display_value(self, partner, field_name):
        value = partner[field_name]
        field = partner._fields[field_name]
        if field.type == "boolean":
            return _("Yes") if value else _("No")
        if value is None or value is False or value == "" or (
                field.type == "many2one" and not value):
            return _("(empty)")
        if field.type == "many2one":
            return value.sudo().display_name
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        return "%s" % (value,)

    @api.model
    def _raw(self, partner, field_name):
        value = partner[field_name]
        return value.id if isinstance(value, models.BaseModel) else value

    @api.model
    def _line_values(self, partners, dst):
        """One line per field whose value differs between the partners; the
        default value is the kept record's, or the first non-empty one."""
        ordered = dst | partners.sorted(lambda p: (p.create_date or "", p.id))
        lines = []
        for sequence, name in enumerate(self._merge_fields()):
            raws = [self._raw(partner, name) for partner in ordered]
            if len(set(map(_hashable, raws))) < 2:
                continue
            chosen = next((p for p, raw in zip(ordered, raws) if raw), dst)
            if name in CUSTOMER_FIELDS:
                chosen = self._customer_side(partners, dst) or chosen
            field = partners._fields[name]
            lines.append({
                "sequence": sequence,
                "field_name": name,
                # the label the user reads, in the user's language
                "field_label": field.get_description(self.env)["string"] or name,
                "values": "\n".join("%s: %s" % (p.display_name, self._display_value(p, name))
                                    for p in ordered),
                "chosen_partner_id": chosen.id,
                # shown at once: the web client computes it only on a change
                "chosen_value": self._display_value(chosen, name),
            })
        return lines

    @api.onchange("dst_partner_id")
    def _onchange_dst_partner_id(self):
        """Another record to keep: its values become the defaults."""
        if not self.dst_partner_id:
            return
        for line in self.line_ids:
            if self._raw(self.dst_partner_id, line.field_name):
                line.chosen_partner_id = self.dst_partner_id
        customer = self._customer_side(self.partner_ids, self.dst_partner_id)
        for line in self.line_ids.filtered(lambda l: l.field_name in CUSTOMER_FIELDS):
            line.chosen_partner_id = customer or line.chosen_partner_id

    @api.model
    def _customer_side(self, partners, dst):
        """The customer among the partners merged (the kept one if it is a
        customer), whose customer and prospect values the kept record takes."""
        customers = partners.filtered("customer")
        return (dst & customers) or customers[:1]

    # -- checks --------------------------------------------------------------

    @api.model
    def _check_mergeable(self, partners, dst):
        """Refuse, with a clear message, what cannot be merged."""
        if len(partners) < 2:
            raise UserError(_("Select at least two records to merge: a group of one "
                              "cannot be merged."))
        archived = partners.filtered(lambda p: not p.active)
        if archived:
            raise UserError(_("%s is archived (already merged?): restore it before merging it.")
                            % ", ".join(archived.mapped("display_name")))
        if not dst or dst not in partners:
            raise UserError(_("The record to keep must be one of the records merged."))
        companies = partners.filtered("is_company")
        if companies and companies != partners:
            raise UserError(_(
                "A company cannot be merged with a person: %s (company) and %s (person).") % (
                ", ".join(companies.mapped("display_name")),
                ", ".join((partners - companies).mapped("display_name"))))
        for partner in partners:
            ancestors = partner.parent_id
            while ancestors:
                if ancestors in partners:
                    raise UserError(_(
                        "%s is a contact of %s: a partner cannot be merged with its own "
                        "parent or into its own child.") % (partner.display_name,
                                                           ancestors.display_name))
                ancestors = ancestors.parent_id
        merged = partners - dst
        users = self.env["res.users"].sudo().with_context(active_test=False).search(
            [("partner_id", "in", merged.ids)])
        if users:
            raise UserError(_(
                "%s is the contact of the user %s: it can only be the record kept.") % (
                users[0].partner_id.display_name, users[0].name))
        companies = self.env["res.company"].sudo().search([("partner_id", "in", merged.ids)])
        if companies:
            raise UserError(_(
                "%s is the address of the company %s: it can only be the record kept.") % (
                companies[0].partner_id.display_name, companies[0].name))
        try:
            partners.check_access_rights("write")
            partners.check_access_rule("write")
        except AccessError:
            raise UserError(_("You are not allowed to modify all these records, so you "
                              "cannot merge them."))

    # -- merge -----------------------------------------------------------------

    @api.multi
    def action_merge(self):
        """Merge the partners into the record kept: every reference to the
        others points to it afterwards, the chosen values are written on it,
        the others are archived and named in its chatter."""
        ensure_one_record(self)
        # what the user selected, including partners hidden by record rules
        selected_ids = self.sudo().partner_ids.with_context(active_test=False).ids
        partners = self._check_visible(selected_ids)
        dst = self.dst_partner_id
        lock_or_retry_later(partners, _("Merge"))
        self._check_mergeable(partners, dst)
        concerned = self._check_other_companies(partners, dst)
        if self.group_id and partners - self.group_id.partner_ids:
            raise UserError(_("%s are not all records of the duplicate group: merge them "
                              "from a list of partners instead.") % ", ".join(
                                  (partners - self.group_id.partner_ids).mapped("display_name")))
        values = {}
        for line in self.line_ids.filtered("chosen_partner_id"):
            if line.chosen_partner_id not in partners:
                raise UserError(_("The value of %s must come from one of the records merged.")
                                % line.field_label)
            if line.chosen_partner_id != dst:
                values[line.field_name] = self._raw(line.chosen_partner_id, line.field_name)
        if partners.filtered("customer"):
            # whatever was chosen, "prospect" never wins over "customer"
            values.update({"customer": True, "is_prospect": False, "prospect_status_id": False})
        merged = partners - dst
        names = ", ".join("%s (#%d)" % (p.display_name, p.id) for p in merged)
        # the merge journal: who may read it is decided on the partners as they are now;
        # what the rows were before, then what the merge made of them
        journal = self.env["crm.prospect.dedup.merge.journal"]._create_for_merge(
            dst, merged, self.group_id, concerned)
        snapshot = self.env["crm.prospect.dedup.merge.snapshot"].sudo()._start(partners.ids)
        report = self.env["base.partner.merge.automatic.wizard"].sudo()._dedup_repoint(merged, dst)
        self.merge_report = json.dumps({"%s.%s" % key: value for key, value in report.items()},
                                       sort_keys=True)
        if values:
            dst.write(values)
        merged.write({"active": False})
        # a user without e-mail address can merge too: the line is a note
        sender = {} if self.env.user.email else {"email_from": self.env.user.name}
        dst.message_post(body=_("Merged with %s; they are archived (%s).")
                         % (names, journal._link()), **sender)
        if self.group_id:
            self.group_id.sudo().write({"state": "merged"})
        journal._finish_merge(snapshot)
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": dst.id,
            "view_mode": "form",
            "target": "current",
        }


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value
