"""PostgreSQL planner settings for some statements of a check only."""
import contextlib


@contextlib.contextmanager
def planner_settings(cr, settings):
    """SETTINGS [(parameter, value)] for the statements of the block only."""
    before = []
    for name, value in settings:
        cr.execute("SELECT current_setting(%s)", (name,))
        before.append((name, cr.fetchone()[0]))
        cr.execute("SELECT set_config(%s, %s, true)", (name, value))
    try:
        yield
    finally:
        for name, value in before:
            cr.execute("SELECT set_config(%s, %s, true)", (name, value))
