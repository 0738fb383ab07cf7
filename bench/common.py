"""Shared helpers of the benchmarks: a database copied from the test template,
an Odoo registry on it, and timing."""
import os
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def shell(command, *args):
    """Run COMMAND with the project's shell helpers (scripts/env.sh) loaded."""
    return subprocess.run(
        ["bash", "-c", "source scripts/env.sh && " + command, "--"] + list(args),
        cwd=ROOT, check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()


def fresh_database(name):
    """Start PostgreSQL, build the template if needed, and copy it into NAME."""
    shell('bash scripts/pg.sh start >&2')
    template = shell('bash scripts/template.sh')
    shell('drop_db "$1"; clone_db "$2" "$1"', name, template)
    return name


def odoo_registry(db):
    import odoo
    if not odoo.tools.config.get("db_name"):  # Odoo's options are parsed once a process
        conf = os.path.join(shell('echo "$RUN_DIR"'), "odoo-test.conf")
        odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    return odoo.registry(db)


def timed(function, runs):
    """Median and 95th percentile (ms) of RUNS calls of FUNCTION, after one warm-up."""
    function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(round(0.95 * len(samples))) - 1)]


def run_check_job(dbname, check_id):
    """Put the check CHECK_ID in the job queue as its user and run its job as
    the job runner's /queue_job/runjob does (its own cursors, committed as it
    goes), in this process; the check's state tells how it ended."""
    import odoo
    from odoo.addons.queue_job.job import Job
    registry = odoo.registry(dbname)
    with odoo.api.Environment.manage():
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            check = env["crm.prospect.dedup.check"].browse(check_id)
            check.sudo(check.user_id)._enqueue()
            uuid = check.queue_job_id.uuid
        with registry.cursor() as cr:
            job = Job.load(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}), uuid)
            job.set_started()
            job.store()
            cr.commit()
            try:
                job.perform()
            except Exception as error:  # the check is marked failed by its job
                cr.rollback()
                job.set_failed(exc_info=repr(error))
            else:
                job.set_done()
            job.store()
