"""The duplicate check as a job of OCA's job queue (queue_job): "Check
duplicates" and the nightly scheduled action put it in the channel
root.prospect_dedup, whose capacity (the job runner's configuration) caps
how many checks run at once; the job runner runs it as the check's user.
A user's second check waits while the first one runs."""
import logging
import threading

import psycopg2

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job, job

_logger = logging.getLogger(__name__)

CHANNEL = "root.prospect_dedup"
USER_LOCK = 72410512  # pg_advisory_xact_lock(USER_LOCK, user id): a user's checks start one at a time
WAIT_SECONDS = 10  # a check whose user has another one running is tried again after this


class CrmProspectDedupCheck(models.Model):
    _inherit = "crm.prospect.dedup.check"

    # Job queue managers open the job; the check's user reads its state only
    # (read as superuser from the job of a check that the user reads).
    queue_job_id = fields.Many2one(
        "queue.job", "Job", readonly=True, copy=False, ondelete="set null",
        groups="queue_job.group_queue_job_manager",
        help="The job of the job queue that runs the check.")
    job_state = fields.Selection([
        ("pending", "Pending"),
        ("enqueued", "Enqueued"),
        ("started", "Started"),
        ("done", "Done"),
        ("failed", "Failed"),
    ], "Job state", compute="_compute_job_state",
        help="Where the check's job is in the job queue.")

    @api.depends("queue_job_id.state")
    def _compute_job_state(self):
        for check in self:
            check.job_state = check.sudo().queue_job_id.state

    @api.multi
    def _enqueue(self, notify=False):
        """Put the check in the job queue, as the current user: the job runs
        as the user who enqueued it. NOTIFY: give the company's CRM managers
        an activity when it finds groups (the nightly check)."""
        self.ensure_one()
        delayed = self.with_delay(channel=CHANNEL, description=self.name)._run_job(notify=notify)
        # sudo: the link is a field of the job queue managers (a salesperson
        # neither reads nor writes it); the check sets it, never a client
        self.sudo()._set_run_state({"queue_job_id": delayed.db_record().id})
        if self._run_inline():
            self._perform_job(delayed.uuid)

    @api.model
    def _run_inline(self):
        """Tests (and callers that ask for it) run the job in the request:
        the job runner would not see their uncommitted data."""
        return bool(self.env.context.get("dedup_run_inline")
                    or getattr(threading.current_thread(), "testing", False))

    @api.model
    def _perform_job(self, uuid):
        """Run the job UUID now, in this transaction, as the job runner's
        /queue_job/runjob does: loaded as superuser, performed as its user."""
        delayed = Job.load(self.env(user=SUPERUSER_ID, context={"dedup_run_inline": True}), uuid)
        delayed.set_started()
        try:
            delayed.perform()
        except RetryableJobError as error:
            delayed.postpone(result=str(error), seconds=error.seconds)
            delayed.set_pending(reset_retry=False)
        except Exception as error:  # the check is marked failed: mark the job so
            delayed.set_failed(exc_info=repr(error))
        else:
            delayed.set_done()
        delayed.store()

    @api.multi
    @job(default_channel=CHANNEL)
    def _run_job(self, notify=False):
        """The job: run the check as its user, in their language, with a
        second cursor for the progress."""
        check = self.exists()
        if not check:
            return _("The duplicate check was deleted before it ran.")
        check = check.with_context(lang=self.env.user.lang, tz=self.env.user.tz)
        if self._run_inline():
            check._run_or_fail(None)
        else:
            with self.pool.cursor() as progress_cr:
                check._run_or_fail(progress_cr)
        if notify:
            check._notify_managers()
        return _("%d groups of likely duplicates") % check.group_count

    @api.multi
    def _run_or_fail(self, progress_cr):
        """Run the check; on an error, mark it failed with a message its user
        can read (committed in PROGRESS_CR), and raise for the job queue."""
        try:
            if progress_cr is None:
                with self.env.cr.savepoint():
                    return self._run()
            return self._run(progress_cursor=progress_cr)
        except RetryableJobError:
            raise
        except psycopg2.OperationalError as error:
            if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                self._fail_job(error, progress_cr)
            else:  # the job queue runs it again in a few seconds
                self._back_to_waiting(progress_cr)
            raise
        except Exception as error:
            self._fail_job(error, progress_cr)
            raise

    @api.multi
    def _fail_job(self, error, progress_cr):
        _logger.exception("duplicate check %s failed", self.id)
        if progress_cr is not None:
            self.env.cr.rollback()
        self._fail(self._failure_message(error), progress_cr)
        if progress_cr is not None:
            progress_cr.commit()

    @api.multi
    def _back_to_waiting(self, progress_cr):
        if progress_cr is not None:
            self.env.cr.rollback()
            progress_cr.execute("UPDATE crm_prospect_dedup_check SET state = 'queued' "
                                "WHERE id = %s", (self.id,))
            progress_cr.commit()

    @api.multi
    def _mark_running(self, cr):
        """Mark the check running, in CR, unless another check of its user
        runs: then it stays waiting and its job is tried again shortly. A
        check already running is a job run again (requeued by a manager
        after a stop of the server)."""
        cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", (USER_LOCK, self.user_id.id or 0))
        cr.execute("""
            UPDATE crm_prospect_dedup_check c
               SET state = 'running', date_start = (now() at time zone 'UTC')
             WHERE c.id = %s AND c.state IN ('queued', 'running')
               AND NOT EXISTS (SELECT 1 FROM crm_prospect_dedup_check other
                                WHERE other.user_id = c.user_id AND other.id <> c.id
                                  AND other.state = 'running')
         RETURNING c.id
        """, (self.id,))
        if not cr.fetchone():
            raise RetryableJobError(
                _("Another duplicate check of this user is running: this one waits."),
                seconds=WAIT_SECONDS, ignore_retry=True)
        self.invalidate_cache()
