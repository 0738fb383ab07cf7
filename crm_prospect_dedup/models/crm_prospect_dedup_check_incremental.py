"""The incremental check: the partners created or changed since the last
successful one, each compared with every partner its user can see; and the
nightly scheduled action that runs it for the prospects of each company and
gives the company's CRM managers an activity when it finds groups."""
import datetime
import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html_escape

from .incremental_finder import IncrementalFinder

_logger = logging.getLogger(__name__)

NIGHTLY_PARAM = "crm_prospect_dedup.nightly"
PROSPECTS = [("is_prospect", "=", True)]
# a change saved in a transaction that began before the last check started but
# was committed after its snapshot was taken is not missed: changes are
# looked for from a little before the last check's start
OVERLAP = datetime.timedelta(hours=1)
# set by start_incremental only: a client neither sets nor changes them
INCREMENTAL_FIELDS = frozenset(["incremental", "since"])


def nightly_enabled(env):
    return env["ir.config_parameter"].sudo().get_param(NIGHTLY_PARAM) == "1"


class CrmProspectDedupCheck(models.Model):
    _name = "crm.prospect.dedup.check"
    _inherit = ["crm.prospect.dedup.check", "mail.thread", "mail.activity.mixin"]

    incremental = fields.Boolean(
        "Changes only", readonly=True, copy=False,
        help="Only the partners created or changed since the last such check were compared "
             "with every contact.")
    since = fields.Datetime(
        "Changed since", readonly=True, copy=False,
        help="The partners created or changed from this time on were checked.")

    @api.model
    def create(self, vals):
        vals = {key: value for key, value in vals.items() if key not in INCREMENTAL_FIELDS}
        # the chatter holds the activities of the nightly check: no "created"
        # message (a user without an e-mail address could not start a check)
        quiet = self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
        return super(CrmProspectDedupCheck, quiet).create(vals)

    @api.multi
    def write(self, vals):
        if INCREMENTAL_FIELDS.intersection(vals):
            raise AccessError(_("Whether a duplicate check looks at changes only, and since "
                                "when, is set when it is started, not by hand."))
        return super(CrmProspectDedupCheck, self).write(vals)

    @api.model
    def start_incremental(self, domain=None):
        """Check the partners of DOMAIN (default: the prospects) created or
        changed since the last successful incremental check of the user's
        company that the user can read, against every partner the user can
        see; returns the id of the check (run by the job queue)."""
        check = self._create_incremental(domain)
        check.action_start()
        return check.id

    @api.model
    def _create_incremental(self, domain=None):
        base = PROSPECTS if domain is None else domain
        since = self._last_incremental_start()
        if since and isinstance(base, (list, tuple)):
            base = list(base) + [("write_date", ">=", since)]
        # (checked with the time: through the index, not over every partner)
        changed = self.env["res.partner"]._dedup_check_domain(base)
        check = self.create({"domain": repr(changed), "scope": "all"})
        check._set_run_state({"incremental": True, "since": since or False})
        return check

    @api.model
    def _last_incremental_start(self):
        """When to look for changes from (text), or None for every partner."""
        last = self.search([("incremental", "=", True), ("state", "=", "done"),
                            ("company_id", "=", self.env.user.company_id.id)],
                           order="date_start desc", limit=1)
        if not last.date_start:
            return None
        start = fields.Datetime.from_string(last.date_start) - OVERLAP
        return fields.Datetime.to_string(start)

    @api.multi
    def _duplicate_finder(self, progress, isolated):
        if not self.incremental:
            return super(CrmProspectDedupCheck, self)._duplicate_finder(progress, isolated)
        return IncrementalFinder(self.env, self._parsed_domain(), threshold=self.threshold,
                                 scope="all", progress=progress, isolated=isolated)

    @api.multi
    def _save_groups(self, groups):
        if self.incremental:
            groups = self._new_groups(groups)
        return super(CrmProspectDedupCheck, self)._save_groups(groups)

    @api.multi
    def _new_groups(self, groups):
        """The GROUPS that an open group of an earlier check of the company
        does not already hold (all their partners in it): the incremental
        check reports only new ones. (Dismissed pairs are never paired.)"""
        self.ensure_one()
        members = sorted({pid for group in groups for pid in group["partner_ids"]})
        if not members:
            return groups
        self.env.cr.execute("""
            SELECT array_agg(r.partner_id) FROM crm_prospect_dedup_group g
              JOIN crm_prospect_dedup_group_partner_rel r ON r.group_id = g.id
             WHERE g.state = 'open' AND g.check_id <> %s
               AND g.company_id IS NOT DISTINCT FROM %s
               AND g.id IN (SELECT group_id FROM crm_prospect_dedup_group_partner_rel
                             WHERE partner_id = ANY(%s))
             GROUP BY g.id
        """, (self.id, self.company_id.id or None, members))
        known = [frozenset(row[0]) for row in self.env.cr.fetchall()]
        return [group for group in groups
                if not any(known_group.issuperset(group["partner_ids"]) for known_group in known)]

    # -- the nightly job -------------------------------------------------------

    @api.model
    def _cron_nightly_check(self):
        """Scheduled action: when switched on in the CRM settings, an
        incremental check of the prospects of each company, put in the job
        queue as a user of that company (never the superuser, who would see
        every company); its job gives the company's CRM managers an activity
        when it finds groups."""
        if not nightly_enabled(self.env):
            return
        for company in self.env["res.company"].sudo().search([]):
            runner = self._nightly_runner(company)
            if not runner:
                _logger.info("nightly duplicate check: no CRM user in %s", company.name)
                continue
            self.sudo(runner)._create_incremental()._start(notify=True)

    @api.model
    def _nightly_runner(self, company):
        """The user whose rights the company's nightly check has: an active
        internal CRM user whose current company is COMPANY, managers first."""
        users = self.env["res.users"].sudo().search([
            ("company_id", "=", company.id), ("share", "=", False),
            ("id", "!=", SUPERUSER_ID),
            ("groups_id", "in", self.env.ref("sales_team.group_sale_salesman").id)], order="id")
        managers = users.filtered(lambda user: user.has_group("sales_team.group_sale_manager"))
        return (managers or users)[:1]

    @api.multi
    def _company_managers(self):
        """The CRM managers whose current company is the check's: they see
        the partners its user sees."""
        self.ensure_one()
        return self.env["res.users"].sudo().search([
            ("company_id", "=", self.company_id.id), ("share", "=", False),
            ("groups_id", "in", self.env.ref("sales_team.group_sale_manager").id)])

    @api.multi
    def _notify_managers(self):
        """An activity on the check for each manager of its company, when it
        found groups."""
        self.ensure_one()
        if self.state != "done" or not self.group_count:
            return  # (its groups are the new ones only: see _new_groups)
        link = '<a href="/web#id=%d&amp;model=crm.prospect.dedup.check&amp;view_type=form">%s</a>' % (
            self.id, html_escape(self.name))
        todo = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get(self._name)
        for manager in self._company_managers():
            self.env["mail.activity"].sudo().create({
                "res_model_id": model.id, "res_id": self.id, "activity_type_id": todo.id,
                "user_id": manager.id, "date_deadline": fields.Date.context_today(self),
                "summary": _("%d new groups of likely duplicates") % self.group_count,
                "note": "<p>%s</p><p>%s</p>" % (
                    html_escape(_("The nightly check found groups of likely duplicates among "
                                  "the prospects created or changed since the last one:")),
                    link),
            })
