"""The PostgreSQL backend of a background check at a lower CPU priority while
its long statements run, so that the backends of the salespeople's saves win
the cores when they compete.

Best effort: only when the database runs on this machine (a local socket,
and the backend's process is a postgres one), when this process may renice
it, and when it may give the priority back afterwards (the connection
returns to Odoo's pool and serves other requests). Anything else leaves the
priority alone and the check runs as before.
"""
import contextlib
import logging
import os

_logger = logging.getLogger(__name__)

NICENESS = 10
CAP_SYS_NICE = 23  # bit of the capability in /proc/PID/status


@contextlib.contextmanager
def lower_backend_priority(cr, niceness=NICENESS):
    """Run the block with CR's backend NICENESS steps lower, when allowed."""
    pid, before = _local_backend(cr), None
    if pid and _may_restore(pid):
        try:
            before = os.getpriority(os.PRIO_PROCESS, pid)
            os.setpriority(os.PRIO_PROCESS, pid, min(before + niceness, 19))
        except OSError as error:  # not ours to renice: leave it
            _logger.info("duplicate check: database backend priority left alone (%s)", error)
            before = None
    try:
        yield before is not None
    finally:
        if before is not None:
            try:
                os.setpriority(os.PRIO_PROCESS, pid, before)
            except OSError as error:
                _logger.warning("duplicate check: database backend %d left at a lower "
                                "priority (%s)", pid, error)


def _local_backend(cr):
    """The pid of CR's backend when it is a postgres process of this machine."""
    host = cr._cnx.get_dsn_parameters().get("host", "")
    if host and not host.startswith("/") and host not in ("localhost", "127.0.0.1", "::1"):
        return None
    cr.execute("SELECT pg_backend_pid()")
    pid = cr.fetchone()[0]
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as cmdline:
            program = cmdline.read().split(b"\0")[0]
    except OSError:
        return None
    return pid if b"postgres" in os.path.basename(program) or program.startswith(
        b"postgres:") else None


def _may_restore(pid):
    """Whether this process may raise PID's priority back: with the
    CAP_SYS_NICE capability, or within PID's RLIMIT_NICE."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("CapEff:") and int(line.split()[1], 16) >> CAP_SYS_NICE & 1:
                    return True
        with open("/proc/%d/limits" % pid) as limits:
            for line in limits:
                if line.startswith("Max nice priority"):
                    soft = line.split()[3]
                    return soft == "unlimited" or int(soft) >= 20 - os.getpriority(
                        os.PRIO_PROCESS, pid)
    except (OSError, ValueError, IndexError):
        pass
    return False
