from odoo import _, api, fields, models
from odoo.exceptions import UserError

GROUP_XMLID = "crm_prospect_status.group_prospect_status"


class CrmProspectStatus(models.Model):
    """A step in the life of a prospect, shown as the prospect form's status bar."""

    _name = "crm.prospect.status"
    _description = "Prospect status"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=lambda self: self._default_sequence())
    is_closed = fields.Boolean(
        "Closed",
        help="A closed status ends the prospection (for instance: not interested). "
             "New prospects start in the first status that is not closed.")
    fold = fields.Boolean(
        "Folded in kanban",
        help="The column of this status is folded in the kanban of prospects.")
    active = fields.Boolean(default=True)
    prospect_count = fields.Integer(compute="_compute_prospect_count", string="Prospects")

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A prospect status with this name already exists."),
    ]

    @api.model
    def _default_sequence(self):
        """A new status goes last: after every status, archived ones included."""
        self.env.cr.execute("SELECT COALESCE(MAX(sequence), 0) + 1 FROM crm_prospect_status")
        return self.env.cr.fetchone()[0]

    @api.multi
    def _compute_prospect_count(self):
        counts = self.env["res.partner"].read_group(
            [("prospect_status_id", "in", self.ids)], ["prospect_status_id"], ["prospect_status_id"])
        by_status = {c["prospect_status_id"][0]: c["prospect_status_id_count"] for c in counts}
        for status in self:
            status.prospect_count = by_status.get(status.id, 0)

    @api.model
    def _is_enabled(self):
        """Whether "Manage statuses on prospects" is on (CRM > Configuration > Settings)."""
        data = self.env["ir.model.data"]
        group_id = data.xmlid_to_res_id(GROUP_XMLID, raise_if_not_found=False)
        if not group_id:
            return False
        # Asked of the database rather than of the record cache, which may
        # hold the implied groups from before the switch was toggled; one
        # query (the ids of the xmlids are cached), as every status change asks
        self.env.cr.execute(
            "SELECT 1 FROM res_groups_implied_rel WHERE gid = %s AND hid = %s",
            (data.xmlid_to_res_id("base.group_user"), group_id))
        return bool(self.env.cr.fetchone())

    @api.model
    def _default_status(self):
        """The status a new prospect starts in: the first open one."""
        return self.search([("is_closed", "=", False)], limit=1)

    @api.multi
    def _check_unused(self, message):
        """Refuse to delete or archive a status that prospects, archived ones
        included, still have: their status bar would highlight none. MESSAGE
        takes the status's name and the number of prospects."""
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        for status in self:
            used = partners.search_count([("prospect_status_id", "=", status.id)])
            if used:
                raise UserError(message % (status.name, used))

    @api.multi
    def write(self, vals):
        if "active" in vals and not vals["active"]:
            # rights first: the count below is over every company
            self.check_access_rights("write")
            self.check_access_rule("write")
            self.filtered("active")._check_unused(_(
                "The status \"%s\" is used by %d prospect(s) and cannot be archived. "
                "Move them to another status first."))
        return super(CrmProspectStatus, self).write(vals)

    @api.multi
    def unlink(self):
        # rights first: the count below is over every company
        self.check_access_rights("unlink")
        self.check_access_rule("unlink")
        self._check_unused(_(
            "The status \"%s\" is used by %d prospect(s) and cannot be deleted. "
            "Move them to another status first."))
        return super(CrmProspectStatus, self).unlink()
