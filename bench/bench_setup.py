"""What the benchmarks of duplicates kept out share: their command line and
the CRM manager who runs the checks."""
import argparse

import odoo

from bench_dedup import bench_user  # noqa: F401 (the CRM manager who runs the checks)


def arguments_and_registry(description, options):
    """The command line (-c, -d and OPTIONS: {name: (type, default)}) and
    the registry of the database."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    for name, (kind, default) in options.items():
        parser.add_argument("--" + name, type=kind, default=default)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    return args, odoo.registry(args.database)
