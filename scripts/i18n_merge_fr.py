"""Rewrites ADDON/i18n/fr.po from ADDON/i18n/ADDON.pot, keeping the French
translations already in fr.po (matched by msgid) and, optionally, adding
those of a JSON file {msgid: msgstr}.

Why not Babel's write_po alone: Babel drops the "#: model:..." reference
lines of Odoo's .pot files (they have no line number), and without them Odoo
loads none of the view, field and menu translations of the .po file (it logs
'Missing "#:" formated comment'). This script copies every entry of the .pot
as it is (references and flags included) and only fills in its msgstr.

usage: .venv/bin/python scripts/i18n_merge_fr.py ADDON [TRANSLATIONS.json]
Exits with status 1, listing them, when a term has no French translation.
"""
import io
from datetime import datetime, timezone
import json
import os
import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import normalize, read_po, write_po

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _read(path):
    with open(path, "rb") as f:
        return read_po(f)


def _header(addon, pot):
    """The catalog header of a French .po written by Babel (Language: fr, plural forms)."""
    catalog = Catalog(locale="fr", project="Odoo Server", version="11.0", msgid_bugs_address="",
                      creation_date=pot.creation_date, revision_date=datetime.now(timezone.utc))
    catalog.language_team = ""
    catalog.last_translator = "<>"
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False)
    header = buffer.getvalue().decode("utf-8").strip().splitlines()
    comments = ["# Translation of Odoo Server.",
                "# This file contains the translation of the following modules:",
                "# * %s" % addon, "#"]
    header = [line.replace("EMAIL@ADDRESS", "") for line in header if not line.startswith("#")]
    return "\n".join(comments + header)


def merge(addon, extra=None):
    i18n = os.path.join(ROOT, addon, "i18n")
    pot_path, po_path = os.path.join(i18n, addon + ".pot"), os.path.join(i18n, "fr.po")
    french = {}
    if os.path.exists(po_path):
        french = {msg.id: msg.string for msg in _read(po_path) if msg.id and msg.string}
    french.update(extra or {})
    with open(pot_path, encoding="utf-8") as f:
        blocks = f.read().strip().split("\n\n")
    pot = _read(pot_path)
    ids = [msg.id for msg in pot if msg.id]
    entries, missing = [], []
    for block, msgid in zip(blocks[1:], ids):
        lines = block.splitlines()
        assert lines[-1] == 'msgstr ""', "unexpected .pot entry:\n%s" % block
        if not french.get(msgid):
            missing.append(msgid)
        lines[-1] = "msgstr " + normalize(french.get(msgid, ""), width=0)
        entries.append("\n".join(lines))
    assert len(blocks) - 1 == len(ids), "cannot match the .pot entries with their msgids"
    with open(po_path, "w", encoding="utf-8") as f:
        f.write("\n\n".join([_header(addon, pot)] + entries) + "\n")
    return missing


if __name__ == "__main__":
    extra = None
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8") as f:
            extra = json.load(f)
    untranslated = merge(sys.argv[1], extra)
    if untranslated:
        print("terms without a French translation:\n  " + "\n  ".join(untranslated))
        sys.exit(1)
