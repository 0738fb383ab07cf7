import ast
import contextlib
import datetime
import logging
import time

import psycopg2
import psycopg2.extensions

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.crm_prospect_status.models.record_ids import ensure_one_record

from .backend_priority import lower_backend_priority
from .duplicate_finder import DuplicateFinder

_logger = logging.getLogger(__name__)

# tries of saving the groups when partners are deleted meanwhile
SAVE_ATTEMPTS = 3
# The members of the groups saved (group ids and partner ids as two arrays),
# {existing}: a join to the partners that leaves out those deleted.
MEMBERS_SQL = """
    INSERT INTO crm_prospect_dedup_group_partner_rel (group_id, partner_id)
    SELECT m.group_id, m.partner_id
      FROM unnest(%s::integer[], %s::integer[]) AS m(group_id, partner_id) {existing}
"""
# Set by the check itself, never by a client: who runs it (its job runs as
# its user_id), its state, its progress and its job.
RUN_FIELDS = frozenset([
    "user_id", "company_id", "state", "step", "progress", "partner_count", "partners_done",
    "pair_count", "date_start", "date_end", "duration", "error", "queue_job_id",
])


class CrmProspectDedupCheck(models.Model):
    """One run of "Check duplicates": what was checked, its progress while it
    runs in the background, and the groups of likely duplicates it found."""

    _name = "crm.prospect.dedup.check"
    _description = "Duplicate check"
    _order = "id desc"

    name = fields.Char(required=True, help="Given when the check is started: what was checked, and when.")
    user_id = fields.Many2one("res.users", "Started by", default=lambda self: self.env.user,
                              readonly=True, index=True)
    company_id = fields.Many2one("res.company", "Company", readonly=True, index=True,
                                 default=lambda self: self.env.user.company_id)
    domain = fields.Char("Partners checked", required=True, readonly=True, default="[]",
                         help="The search domain of the partners checked.")
    filter_name = fields.Char("Filter", readonly=True,
                              help="The search filter or favourite whose records were checked.")
    checked_text = fields.Char(
        "Partners checked", compute="_compute_checked_text", store=True,
        help="What was checked, in words: the records selected, or every record of a filter.")
    scope = fields.Selection([
        ("among", "Among these partners"),
        ("all", "These partners against every contact"),
    ], default="among", required=True, readonly=True)
    threshold = fields.Float(
        digits=(3, 2), readonly=True,
        default=lambda self: self.env["crm.prospect.dedup.rule"]._default_threshold())
    state = fields.Selection([
        ("draft", "Draft"),
        ("queued", "Waiting"),
        ("running", "Running"),
        ("done", "Done"),
        ("failed", "Failed"),
    ], default="draft", required=True, readonly=True, copy=False)
    step = fields.Selection([
        ("select", "Selecting the partners"),
        ("email", "Comparing e-mails"),
        ("phone", "Comparing phones"),
        ("vat", "Comparing VAT numbers"),
        ("website", "Comparing websites"),
        ("address", "Comparing addresses"),
        ("name", "Comparing names"),
        ("pairs", "Finding candidate pairs"),
        ("train", "Learning the weights"),
        ("score", "Scoring the pairs"),
        ("save", "Saving the groups"),
        ("done", "Finished"),
    ], readonly=True, copy=False)
    progress = fields.Float("Progress (%)", readonly=True, copy=False)
    partner_count = fields.Integer("Partners", readonly=True, copy=False)
    partners_done = fields.Integer("Partners done", readonly=True, copy=False)
    pair_count = fields.Integer("Pairs compared", readonly=True, copy=False)
    date_start = fields.Datetime("Started on", readonly=True, copy=False)
    date_end = fields.Datetime("Ended on", readonly=True, copy=False)
    duration = fields.Float("Duration (s)", readonly=True, copy=False, digits=(16, 1))
    error = fields.Text(readonly=True, copy=False)
    group_ids = fields.One2many("crm.prospect.dedup.group", "check_id", "Groups", readonly=True)
    group_count = fields.Integer(compute="_compute_group_count")
    open_group_count = fields.Integer("Groups to review", compute="_compute_group_count")

    @api.depends("group_ids.state")
    def _compute_group_count(self):
        # counted by the database: reading the groups of a check over a
        # million partners (66,676) to count them took 12.8 s
        totals, open_counts = {}, {}
        checks = [check_id for check_id in self.ids if isinstance(check_id, int)]
        if checks:
            for row in self.env["crm.prospect.dedup.group"].read_group(
                    [("check_id", "in", checks)], ["check_id", "state"], ["check_id", "state"],
                    lazy=False):
                check_id = row["check_id"][0]
                totals[check_id] = totals.get(check_id, 0) + row["__count"]
                if row["state"] == "open":
                    open_counts[check_id] = row["__count"]
        for check in self:
            check.group_count = totals.get(check.id, 0)
            check.open_group_count = open_counts.get(check.id, 0)

    @api.depends("domain", "filter_name")
    def _compute_checked_text(self):
        for check in self:
            check.checked_text = self._describe_domain(check.domain, check.filter_name)

    @api.model
    def _describe_domain(self, domain_text, filter_name=None):
        """The partners of the domain DOMAIN_TEXT in words: "12 selected
        prospects", "all prospects in filter 'My prospects'" (FILTER_NAME),
        or "all prospects matching the filter"."""
        try:
            domain = ast.literal_eval(domain_text or "[]")
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            domain = None
        partners = self.env["res.partner"].sudo().with_context(active_test=False)
        terms = [term for term in domain if isinstance(term, (list, tuple))] \
            if isinstance(domain, (list, tuple)) else []
        chosen = [term for term in terms if len(term) == 3 and tuple(term[:2]) == ("id", "in")
                  and isinstance(term[2], (list, tuple))]
        if len(chosen) == 1 and len(terms) == 1:
            selected = partners.browse(chosen[0][2]).exists()
            count = len(chosen[0][2])
            if selected and all(selected.mapped("is_prospect")):
                return _("%d selected prospects") % count if count != 1 else _("1 selected prospect")
            return _("%d selected contacts") % count if count != 1 else _("1 selected contact")
        prospects = isinstance(domain, (list, tuple)) and any(
            isinstance(term, (list, tuple)) and list(term) == ["is_prospect", "=", True]
            for term in domain)
        if filter_name:
            return (_("all prospects in filter '%s'") if prospects
                    else _("all contacts in filter '%s'")) % filter_name
        return _("all prospects matching the filter") if prospects else _(
            "all contacts matching the filter")

    @api.model
    def _default_name(self, domain_text, scope, filter_name=None):
        """"Duplicates among 12 selected prospects – 01/12/2026 10:04": what
        was checked and when, in the user's language and time zone."""
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
        date_format = lang.date_format if lang else "%m/%d/%Y"
        time_format = (lang.time_format if lang else "%H:%M:%S").replace(":%S", "")
        now = fields.Datetime.context_timestamp(self, datetime.datetime.utcnow())
        when = now.strftime("%s %s" % (date_format, time_format))
        what = self._describe_domain(domain_text, filter_name)
        if scope == "all":
            return _("Duplicates of %s against every contact – %s") % (what, when)
        return _("Duplicates among %s – %s") % (what, when)

    @api.model
    def create(self, vals):
        """A check is started by the user who creates it, in their company."""
        vals = {key: value for key, value in vals.items() if key not in RUN_FIELDS}
        if not vals.get("name"):
            vals["name"] = self._default_name(vals.get("domain"), vals.get("scope") or "among",
                                              vals.get("filter_name"))
        return super(CrmProspectDedupCheck, self).create(self._normalize_domain(vals))

    @api.multi
    def write(self, vals):
        forbidden = sorted(RUN_FIELDS.intersection(vals))
        if forbidden:
            raise AccessError(_("%s of a duplicate check are set by the check itself, not by "
                                "hand.") % ", ".join(forbidden))
        return super(CrmProspectDedupCheck, self).write(self._normalize_domain(vals))

    @api.model
    def _normalize_domain(self, vals):
        """The domain is stored as the text of a checked list of conditions."""
        if vals.get("domain"):
            domain = self.env["res.partner"]._dedup_domain_from_text(vals["domain"])
            vals = dict(vals, domain=repr(domain))
        return vals

    @api.multi
    def _set_run_state(self, vals):
        """Write RUN_FIELDS (the check's own code only)."""
        return super(CrmProspectDedupCheck, self).write(vals)

    # -- user actions --------------------------------------------------------

    @api.multi
    def action_start(self):
        """Put the check in the job queue; returns at once."""
        return self._start()

    @api.multi
    def _start(self, notify=False):
        """Start the checks: NOTIFY, see _enqueue."""
        for check in self:
            if check.state in ("queued", "running"):
                raise UserError(_("The check \"%s\" is already running.") % check.name)
            check._parsed_domain()
        self.mapped("group_ids").sudo().unlink()
        self._set_run_state({
            "state": "queued", "progress": 0.0, "partners_done": 0, "partner_count": 0,
            "pair_count": 0, "error": False, "step": "select", "date_start": False,
            "date_end": False, "duration": 0.0})
        for check in self:
            check._enqueue(notify=notify)
        return True

    @api.multi
    def action_refresh(self):
        """Reload the form to see the progress."""
        return True

    @api.multi
    def action_view_groups(self):
        ensure_one_record(self)
        action = self.env.ref("crm_prospect_dedup.crm_prospect_dedup_group_action").read()[0]
        action["domain"] = [("check_id", "=", self.id)]
        action["context"] = {"search_default_open": 1}
        return action

    @api.multi
    def _parsed_domain(self):
        self.ensure_one()
        return self.env["res.partner"]._dedup_domain_from_text(self.domain or "[]")

    # -- the run (in its job) ---------------------------------------------------

    @api.multi
    def _run(self, progress_cursor=None):
        """Run the check: find the groups and save them.

        In its job, `progress_cursor` is a second cursor in which every
        change of the check's own row (start, progress, end) is committed at
        once, so that users see it; the groups are written by the work cursor
        and committed before the check is marked done. Without it (tests),
        everything happens in the current transaction.
        """
        self.ensure_one()
        state_cr = progress_cursor or self.env.cr
        background = progress_cursor is not None
        self._mark_running(state_cr)
        if background:
            state_cr.commit()
        start = time.time()
        reporter = _ProgressReporter(self.id, state_cr, commit=background)
        finder = self._duplicate_finder(reporter, background)
        groups = finder.run()
        if background:
            # End the check's long transaction before saving: in its snapshot,
            # taken a minute ago, a partner that a salesperson saved since
            # would make the groups' foreign keys fail to serialise.
            self.env.cr.commit()
            self.env.cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        self._store_groups(groups, background)
        state_cr.execute("""
            UPDATE crm_prospect_dedup_check
               SET state = 'done', step = 'done', progress = 100, partner_count = %s,
                   partners_done = %s, pair_count = %s, duration = %s,
                   date_end = (now() at time zone 'UTC')
             WHERE id = %s
        """, (finder.partner_count, finder.domain_count, finder.pair_count,
              round(time.time() - start, 1), self.id))
        if background:
            state_cr.commit()
        self.invalidate_cache()
        return True

    @api.multi
    def _store_groups(self, groups, background):
        """Save and commit the groups; in the BACKGROUND, with the database
        backend at a lower priority, as while they were found: their inserts
        and foreign key checks compete with the salespeople's saves."""
        start, cpu = time.time(), time.thread_time()
        with lower_backend_priority(self.env.cr) if background else contextlib.nullcontext():
            self._save_groups(groups)
            if background:
                self.env.cr.commit()
        _logger.info("duplicate check %s: %d groups saved in %.1fs (%.1fs of CPU in this thread)",
                     self.id, len(groups), time.time() - start, time.thread_time() - cpu)

    @api.multi
    def _duplicate_finder(self, progress, isolated):
        """The DuplicateFinder of this check (a hook for other kinds of checks)."""
        self.ensure_one()
        return DuplicateFinder(self.env, self._parsed_domain(), threshold=self.threshold,
                               scope=self.scope, progress=progress, isolated=isolated)

    @api.multi
    def _save_groups(self, groups):
        """Insert the groups and their members in a few statements (a check
        over a million partners finds tens of thousands of groups).

        Partners deleted since the check read them are left out, and a group
        left with fewer than two members is dropped. A partner deleted while
        the statement runs makes it fail: it is tried again a few times."""
        self.ensure_one()
        if not groups:
            return
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            try:
                with self.env.cr.savepoint():
                    self._insert_groups(groups)
                break
            except (psycopg2.IntegrityError, psycopg2.extensions.TransactionRollbackError):
                if attempt == SAVE_ATTEMPTS:
                    raise
                _logger.info("duplicate check %s: partners changed while saving, again", self.id)
                time.sleep(0.5 * attempt)
        self.env["crm.prospect.dedup.group"].invalidate_cache()

    @api.multi
    def _insert_groups(self, groups):
        # Whole columns as arrays: psycopg2 turns them into SQL in C, so that
        # saving tens of thousands of groups does not hold the interpreter
        # (and the server's other threads) in a Python loop.
        cr = self.env.cr
        encode = self.env["crm.prospect.dedup.group"]._encode_reasons
        cr.execute("SELECT nextval(pg_get_serial_sequence('crm_prospect_dedup_group', 'id')) "
                   "FROM generate_series(1, %s)", (len(groups),))
        ids = [row[0] for row in cr.fetchall()]
        cr.execute("""
            INSERT INTO crm_prospect_dedup_group
                   (id, check_id, company_id, score, reasons, partner_count, state,
                    create_uid, write_uid, create_date, write_date)
            SELECT g.id, %s, %s, g.score, g.reasons, g.members, 'open', %s, %s,
                   (now() at time zone 'UTC'), (now() at time zone 'UTC')
              FROM unnest(%s::integer[], %s::float8[], %s::varchar[], %s::integer[])
                   AS g(id, score, reasons, members)
        """, (self.id, self.company_id.id or None, self.env.uid, self.env.uid, ids,
              [group["score"] for group in groups],
              [encode(group["reasons"]) for group in groups],
              [len(group["partner_ids"]) for group in groups]))
        if self._insert_members(ids, groups):  # no partner deleted: the counts are right
            return
        cr.execute("""
            WITH counted AS (
                SELECT g.id, count(r.partner_id) AS members
                  FROM crm_prospect_dedup_group g
                  LEFT JOIN crm_prospect_dedup_group_partner_rel r ON r.group_id = g.id
                 WHERE g.check_id = %s GROUP BY g.id)
            UPDATE crm_prospect_dedup_group g SET partner_count = counted.members
              FROM counted WHERE counted.id = g.id AND counted.members <> g.partner_count
        """, (self.id,))
        cr.execute("DELETE FROM crm_prospect_dedup_group WHERE check_id = %s AND partner_count < 2",
                   (self.id,))

    @api.model
    def _insert_members(self, ids, groups):
        """Insert the partners of GROUPS (of ids IDS) as their members, but
        those deleted since the check read them; whether none was."""
        cr = self.env.cr
        members = [partner_id for group in groups for partner_id in group["partner_ids"]]
        rows = ([group_id for group_id, group in zip(ids, groups) for _ in group["partner_ids"]],
                members)
        # (joined to the partners only when one was deleted: the join took
        # 0.4 s of the 1.7 s of 143,000 members at a million partners)
        try:
            with cr.savepoint():
                # sql-safe: a module constant
                cr.execute(MEMBERS_SQL.format(existing=""), rows)
            return True
        except psycopg2.IntegrityError:  # its partner's foreign key
            pass
        # sql-safe: a module constant and a literal
        cr.execute(MEMBERS_SQL.format(existing="JOIN res_partner p ON p.id = m.partner_id"), rows)
        return cr.rowcount == len(members)

    @api.model
    def _failure_message(self, error):
        """What the user of a failed check reads: the message of an error
        meant for users, else a pointer to the server log (whose traceback
        names the server's files)."""
        if isinstance(error, (UserError, AccessError, ValidationError)):
            return error.name
        return _("The check stopped on an unexpected error. An administrator finds the "
                 "details in its job (Job Queue app) and in the server log (duplicate "
                 "check %d).") % self.id

    @api.multi
    def _fail(self, message, cr=None):
        """Mark the check failed with MESSAGE, in CR (default: the check's)."""
        (cr or self.env.cr).execute("""
            UPDATE crm_prospect_dedup_check
               SET state = 'failed', error = %s, date_end = (now() at time zone 'UTC')
             WHERE id = %s
        """, (message, self.id))
        self.invalidate_cache()


class _ProgressReporter(object):
    """Writes the progress of a check, at most once a second."""

    def __init__(self, check_id, cr, commit):
        self.check_id, self.cr, self.commit = check_id, cr, commit
        self.last = 0.0

    def __call__(self, percent, partners_done, step):
        now = time.time()
        if now - self.last < 1.0 and step not in ("save",):
            return
        self.last = now
        self.cr.execute("""
            UPDATE crm_prospect_dedup_check
               SET progress = %s, partners_done = %s, step = %s
             WHERE id = %s
        """, (percent, partners_done, step, self.check_id))
        if self.commit:
            self.cr.commit()
