"""Every translatable term of the suite's addons is in its i18n/*.pot and has
a French translation in i18n/fr.po."""
import io
import os

import odoo
import pytest
from babel.messages.pofile import read_po
from odoo.tests.common import get_db_name
from odoo.tools.translate import trans_export

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = sorted(name for name in os.listdir(ROOT)
                if os.path.isfile(os.path.join(ROOT, name, "__manifest__.py")))


def _catalog(path_or_buffer):
    if isinstance(path_or_buffer, str):
        with open(path_or_buffer, "rb") as f:
            return read_po(f)
    return read_po(path_or_buffer)


def _terms_in_database(addon):
    buffer = io.BytesIO()
    with odoo.registry(get_db_name()).cursor() as cr:
        trans_export(False, [addon], buffer, "po", cr)
    buffer.seek(0)
    return {msg.id for msg in _catalog(buffer) if msg.id}


@pytest.mark.parametrize("addon", ADDONS)
def test_every_term_is_in_the_template_and_translated_in_french(addon):
    i18n = os.path.join(ROOT, addon, "i18n")
    pot = {msg.id for msg in _catalog(os.path.join(i18n, addon + ".pot")) if msg.id}
    french = {msg.id: msg.string for msg in _catalog(os.path.join(i18n, "fr.po")) if msg.id}
    terms = _terms_in_database(addon)
    assert terms - pot == set(), "terms missing from %s.pot: re-export it" % addon
    untranslated = sorted(term for term in terms if not french.get(term))
    assert untranslated == [], "terms without a French translation in %s/i18n/fr.po" % addon
