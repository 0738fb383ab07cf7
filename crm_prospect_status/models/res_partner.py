from odoo import _, api, fields, models
from odoo.exceptions import MissingError, UserError, ValidationError

from .record_ids import ensure_one_record, ensure_records, is_record_id, lock_or_retry_later


class ResPartner(models.Model):
    """Prospects: partners flagged as such, with an optional status."""

    _inherit = "res.partner"

    is_prospect = fields.Boolean(
        "Prospect", index=True,
        help="A prospect is a potential customer: converting it into a customer clears this flag.")
    prospect_status_id = fields.Many2one(
        "crm.prospect.status", string="Prospect status", index=True, ondelete="restrict",
        track_visibility="onchange", copy=False,
        group_expand="_read_group_prospect_status_ids")
    # tracked in words in the chatter ("Prospect → Customer"), where the two
    # booleans would show as "true → false"
    prospect_relation = fields.Selection(
        [("prospect", "Prospect"), ("customer", "Customer")], string="Prospect or customer",
        compute="_compute_prospect_relation", track_visibility="onchange")

    @api.depends("is_prospect", "customer")
    def _compute_prospect_relation(self):
        for partner in self:
            partner.prospect_relation = (
                partner.customer and "customer" or partner.is_prospect and "prospect" or False)

    @api.model
    def default_get(self, field_names):
        """A prospect created by hand belongs to its creator and the creator's team."""
        values = super(ResPartner, self).default_get(field_names)
        if self.env.context.get("default_is_prospect") and not self.env.context.get("default_parent_id"):
            if "user_id" in field_names and not values.get("user_id"):
                values["user_id"] = self.env.uid
            if "team_id" in field_names and not values.get("team_id") and values.get("user_id"):
                values["team_id"] = self.env["crm.team"]._get_default_team_id(
                    user_id=values["user_id"]).id
        return values

    @api.model
    def _read_group_prospect_status_ids(self, statuses, domain, order):
        """Every active status is a kanban column, even when empty."""
        return statuses.search([], order=order)

    @api.constrains("is_prospect", "prospect_status_id")
    def _check_status_only_on_prospects(self):
        for partner in self:
            if partner.prospect_status_id and not partner.is_prospect:
                raise ValidationError(_(
                    "%s is not a prospect: only prospects have a prospect status.")
                    % partner.display_name)

    @api.model
    def _check_prospect_status_value(self, vals):
        """Refuse a status the user may not set, with a message saying what to do."""
        status_id = vals.get("prospect_status_id")
        if not status_id:
            return
        if not is_record_id(status_id):
            raise UserError(_("A prospect status is given by its id, not by %r.") % (status_id,))
        statuses = self.env["crm.prospect.status"]
        if not statuses._is_enabled():
            raise UserError(_(
                "Prospect statuses are turned off. Turn on \"Manage statuses on prospects\" "
                "in CRM > Configuration > Settings first."))
        status = statuses.with_context(active_test=False).browse(status_id)
        try:
            active = status.active  # one query, where exists() then active took two
        except MissingError:
            raise UserError(_("The prospect status #%s does not exist.") % status_id)
        if not active:
            raise UserError(_(
                "The prospect status \"%s\" is archived: choose an active status.") % status.name)

    @api.model
    def create(self, vals):
        self._check_prospect_status_value(vals)
        if vals.get("parent_id"):
            # contacts and address lines of a prospect are not prospects themselves,
            # even when created from the prospect form (whose context says so)
            vals = dict(vals, is_prospect=vals.get("is_prospect", False))
        is_prospect = vals.get("is_prospect", self.env.context.get("default_is_prospect"))
        if is_prospect and not vals.get("prospect_status_id"):
            vals = dict(vals, prospect_status_id=self._default_prospect_status_id())
        return super(ResPartner, self).create(vals)

    @api.multi
    def write(self, vals):
        self._check_prospect_status_value(vals)
        if "prospect_status_id" in vals:
            lock_or_retry_later(self, _("Prospect status"))
        if "is_prospect" in vals and not vals["is_prospect"]:
            vals = dict(vals, prospect_status_id=False)
        result = super(ResPartner, self).write(vals)
        if vals.get("is_prospect") and not vals.get("prospect_status_id"):
            without_status = self.filtered(lambda p: not p.prospect_status_id)
            status_id = self._default_prospect_status_id()
            if without_status and status_id:
                without_status.write({"prospect_status_id": status_id})
        return result

    @api.model
    def _default_prospect_status_id(self):
        statuses = self.env["crm.prospect.status"]
        return statuses._is_enabled() and statuses._default_status().id or False

    @api.model
    def _assign_default_prospect_status(self):
        """Give the default status to every prospect that has none, in one statement.

        Called when the switch is turned on; set-based so it stays fast on
        databases with many partners.
        """
        status_id = self._default_prospect_status_id()
        if not status_id:
            return
        self.env.cr.execute(
            "UPDATE res_partner SET prospect_status_id = %s "
            "WHERE is_prospect AND prospect_status_id IS NULL", (status_id,))
        self.invalidate_cache(["prospect_status_id"])

    @api.multi
    def action_convert_to_customer(self):
        """Turn prospects into customers; everything attached to them stays attached."""
        ensure_records(self)
        not_prospects = self.filtered(lambda p: not p.is_prospect)
        if not_prospects:
            raise UserError(_(
                "Only prospects can be converted into customers: %s is not a prospect.")
                % ", ".join(not_prospects.mapped("display_name")))
        archived = self.filtered(lambda p: not p.active)
        if archived:
            raise UserError(_(
                "%s is archived: restore it before converting it into a customer.")
                % ", ".join(archived.mapped("display_name")))
        # one chatter message says it and shows the changes: the tracking
        # message and a second one cost more than the save itself (bench_clicks.py)
        track_self = self if "lang" in self.env.context \
            else self.with_context(lang=self.env.user.lang)
        tracked = track_self._get_tracked_fields(["customer", "is_prospect"])
        initial = {partner.id: {name: partner[name] for name in tracked} for partner in track_self}
        self.with_context(mail_notrack=True).write({"customer": True, "is_prospect": False})
        tracking = track_self._message_track_get_changes(tracked, initial)
        for partner in self:
            partner.message_post(body=_("Converted from prospect to customer."),
                                 tracking_value_ids=tracking[partner.id][1])
        return True


class ResPartnerActivityTab(models.Model):
    """The prospect form's Activity tab (seed F8)."""

    _inherit = "res.partner"

    # computed together from one search of the lines: the form shows both
    # lists and the count, and a search of the lines' view is one of the
    # slowest queries of a partner's form (bench/bench_clicks.py)
    prospect_upcoming_activity_ids = fields.One2many(
        "crm.prospect.activity", "partner_id", string="Recent and upcoming activity",
        compute="_compute_prospect_activities")
    prospect_past_activity_ids = fields.One2many(
        "crm.prospect.activity", "partner_id", string="Past activity",
        compute="_compute_prospect_activities")
    prospect_activity_count = fields.Integer(
        "Activities", compute="_compute_prospect_activities")

    @api.multi
    def _compute_prospect_activities(self):
        saved_ids = [partner_id for partner_id in self.ids if isinstance(partner_id, int)]
        lines = self.env["crm.prospect.activity"]._lines_by_partner(saved_ids) if saved_ids else {}
        activity_lines = self.env["crm.prospect.activity"]
        for partner in self:
            upcoming, past = lines.get(partner.id, ([], []))
            partner.prospect_upcoming_activity_ids = activity_lines.browse(upcoming)
            partner.prospect_past_activity_ids = activity_lines.browse(past)
            partner.prospect_activity_count = len(upcoming) + len(past)

    @api.multi
    def action_open_prospect_activities(self):
        ensure_one_record(self)
        action = self.env.ref("crm_prospect_status.crm_prospect_activity_action").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        return action
