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
