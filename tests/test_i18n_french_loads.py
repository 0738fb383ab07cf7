"""Odoo really loads each addon's i18n/fr.po: every translatable term of the
addon gets its French translation in the database (a catalog that lost its
"#: model:..." reference lines, as Babel's write_po drops them, loads only the
terms of the Python code; scripts/i18n_merge_fr.py writes complete ones)."""
import io
import os

import odoo
import pytest
from babel.messages.pofile import read_po
from odoo.tests.common import get_db_name
from odoo.tools.translate import trans_export, trans_load

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = sorted(name for name in os.listdir(ROOT)
                if os.path.isfile(os.path.join(ROOT, name, "__manifest__.py")))


def _terms_in_database(cr, addon):
    buffer = io.BytesIO()
    trans_export(False, [addon], buffer, "po", cr)
    buffer.seek(0)
    return {msg.id for msg in read_po(buffer) if msg.id}


@pytest.mark.parametrize("addon", ADDONS)
def test_french_catalog_loads_a_translation_for_every_term(addon):
    with odoo.registry(get_db_name()).cursor() as cr:
        try:
            terms = _terms_in_database(cr, addon)
            trans_load(cr, os.path.join(ROOT, addon, "i18n", "fr.po"), "fr_FR",
                       verbose=False, module_name=addon)
            cr.execute("SELECT src FROM ir_translation "
                       "WHERE lang = 'fr_FR' AND module = %s AND value != ''", (addon,))
            loaded = {src for src, in cr.fetchall()}
        finally:
            cr.rollback()
    assert terms, "no term exported for %s" % addon
    assert sorted(terms - loaded) == [], (
        "terms of %s that Odoo does not load from i18n/fr.po: "
        "rewrite it with scripts/i18n_merge_fr.py %s" % (addon, addon))
