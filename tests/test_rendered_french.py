"""What a French salesperson reads, rendered, not what the catalog holds.

Every view of the suite (its own and those it extends, rendered whole by
``fields_view_get`` in French), the labels, helps and selection values of
the fields they show, the wizards opened on real records with their
computed lines, the chatter's tracking values, the duplicate explanations
and the suite's refusal messages: their visible text must hold no English
word. The English words are those of the suite's own English source terms
(the msgids of its catalogs) that its French never uses, and a short list
of common English ones; the allow-list below names the few that French
shares or that Odoo itself leaves in English.
"""
import os
import re

import odoo
import pytest
from babel.messages.pofile import read_po
from lxml import etree
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import get_db_name

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE = sorted(name for name in os.listdir(ROOT)
               if os.path.isfile(os.path.join(ROOT, name, "__manifest__.py")))
COMMON_ENGLISH = {
    "the", "and", "with", "from", "this", "that", "your", "not", "yes", "none", "new", "open",
    "close", "save", "cancel", "discard", "edit", "create", "delete", "archive", "name",
    "email", "phone", "street", "city", "country", "company", "customer", "sales", "team",
    "salesperson", "lead", "opportunity", "opportunities", "project", "merge", "duplicates",
    "duplicate", "check", "status", "activity", "activities", "done", "running", "failed",
    "reasons", "field", "value", "true", "false", "busy", "invoice", "delivery", "address",
    "default", "partner", "partners", "prospects", "mailing", "list", "weights", "level",
}
# French uses these too, or Odoo 11's own French catalog leaves them so
ALLOWED = {"contact", "contacts", "description", "note", "notes", "type", "total", "date",
           "source", "score", "action", "actions", "email", "mailing", "rapide"}
ATTRIBUTES = ("string", "help", "placeholder", "title", "confirm", "sum")


def english_words():
    """Words of the suite's English source terms that its French never uses."""
    english, french = set(COMMON_ENGLISH), set()
    for addon in SUITE:
        with open(os.path.join(ROOT, addon, "i18n", "fr.po"), "rb") as handle:
            for message in read_po(handle):
                if message.id and message.string:
                    english |= set(_words(message.id))
                    french |= set(_words(message.string))
    return english - french - ALLOWED


def _words(text):
    text = re.sub(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}|<[^>]+>|&\w+;", " ", text or "")
    return [w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]{3,}", text)]


@pytest.fixture
def env():
    registry = odoo.registry(get_db_name())
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["res.lang"].load_lang("fr_FR")
        env["ir.module.module"].search([("state", "=", "installed")])._update_translations(
            "fr_FR")
        env["res.config.settings"].create({"group_prospect_status": True}).execute()
        camille = env["res.users"].with_context(no_reset_password=True).create({
            "name": "Camille Rendu", "login": "camille_rendu", "lang": "fr_FR",
            "email": "camille.rendu@example.com",
            "groups_id": [(6, 0, [env.ref("sales_team.group_sale_manager").id,
                                  env.ref("project.group_project_manager").id])]})
        yield odoo.api.Environment(cr, camille.id, {"lang": "fr_FR", "tz": "Europe/Paris"})
        cr.rollback()


def _suite_views(env):
    data = env["ir.model.data"].sudo().search([("module", "in", SUITE), ("model", "=", "ir.ui.view")])
    return env["ir.ui.view"].sudo().browse(data.mapped("res_id")).exists()


def _root(view):
    while view.inherit_id and view.mode != "primary":
        view = view.inherit_id
    return view


def _arch_texts(arch, fields):
    texts = []
    for node in etree.fromstring(arch).iter():
        if not isinstance(node.tag, str):
            continue
        texts += [node.get(a) for a in ATTRIBUTES if node.get(a)]
        texts += [t for t in (node.text, node.tail) if t and t.strip()]
        if node.tag == "field" and node.get("name") in fields and not node.get("invisible") == "1":
            field = fields[node.get("name")]
            texts.append(field.get("string"))
            texts += [label for _key, label in field.get("selection") or []]
    return [t for t in texts if t and not t.startswith(("{", "[", "%(", "o_", "fa "))]


def _english(texts, vocabulary):
    """The texts that hold English words, with those words."""
    found = []
    for text in texts:
        words = sorted({w for w in _words(text) if w in vocabulary})
        if words:
            found.append("%r: %s" % (text.strip()[:120], ", ".join(words)))
    return found


def _suite_texts(env):
    """The English texts that the suite's views and fields show."""
    english = env(context={"lang": "en_US"})
    texts = set()
    for view in _suite_views(english):
        texts |= set(_arch_texts(view.arch_db, {}))
    for model in english["ir.model"].sudo().search([]).mapped("model"):
        if model not in english:
            continue
        for field in english[model]._fields.values():
            if field._module in SUITE:
                texts.add(field.string)
    return {t.strip() for t in texts if t}


def test_every_view_of_the_suite_rendered_in_french(env):
    """Each view that the suite adds or extends, rendered whole in French:
    no text of the suite stays English (Odoo's own texts are Odoo's)."""
    vocabulary = english_words()
    ours = _suite_texts(env)
    failures, rendered = [], set()
    for view in _suite_views(env):
        root = _root(view)
        if root.type == "qweb" or (root.model, root.id) in rendered:
            continue
        rendered.add((root.model, root.id))
        result = env[root.model].fields_view_get(view_id=root.id, view_type=root.type)
        texts = [t for t in _arch_texts(result["arch"], result["fields"]) if t.strip() in ours]
        words = _english(texts, vocabulary)
        if words:
            where = [l.strip()[:160] for l in result["arch"].splitlines()
                     if any(t.strip() in l for t in texts if _english([t], vocabulary))]
            failures.append("%s (%s): %s in %s" % (root.xml_id or root.name, root.type, words,
                                                   where[:3]))
    assert len(rendered) >= 15
    assert failures == [], "\n".join(failures)


def test_fields_and_selections_of_the_suite_in_french(env):
    vocabulary = english_words()
    models = env["ir.model"].sudo().search([]).filtered(
        lambda m: set((m.modules or "").replace(" ", "").split(",")) & set(SUITE))
    failures = []
    for model in models.mapped("model"):
        for name, field in env[model].fields_get(attributes=["string", "help", "selection"]).items():
            own = env[model]._fields[name]
            if own._module not in SUITE:
                continue
            texts = [field.get("string"), field.get("help")]
            texts += [label for _key, label in field.get("selection") or []]
            words = _english(texts, vocabulary)
            if words:
                failures.append("%s.%s: %s" % (model, name, words))
    assert failures == [], "\n".join(failures)


def _prospects(env):
    Partner = env["res.partner"]
    values = {"is_prospect": True, "is_company": True, "email": "contact@rendu.example",
              "phone": "+33 1 42 00 00 01", "street": "10 rue de Rivoli", "zip": "75001",
              "city": "Paris"}
    return Partner.create(dict(values, name="Rendu SARL")) | Partner.create(
        dict(values, name="Rendu S.A.R.L."))


def test_what_the_suite_computes_reads_in_french(env):
    """Wizard lines, explanations, chatter tracking and refusals."""
    vocabulary = english_words()
    prospects = _prospects(env)
    texts = []
    [group] = env["res.partner"].find_duplicate_groups([("id", "in", prospects.ids)])
    texts += list(group["reasons"])
    wizard = env["crm.prospect.dedup.merge.wizard"].with_context(
        active_model="res.partner", active_ids=prospects.ids).create({})
    for line in wizard.line_ids:
        texts += [line.field_label, line.chosen_value or ""]
    texts.append(wizard.explanation or "")
    status = env["crm.prospect.status"].search([], limit=2)
    prospects[0].write({"prospect_status_id": status[-1].id})
    prospects[0].action_convert_to_customer()
    tracking = prospects[0].sudo().message_ids.mapped("tracking_value_ids")
    assert tracking
    for value in tracking:
        texts += [value.field_desc, value.old_value_char, value.new_value_char]
    for refusal in (lambda: prospects[0].action_convert_to_customer(),
                    lambda: env["res.partner"].find_duplicate_groups([("id",)]),
                    lambda: env["res.partner"].browse(prospects[1].id).generate_project(
                        vals={"partner_id": prospects[0].id})):
        with pytest.raises((UserError, ValidationError)) as raised:
            refusal()
        texts.append(raised.value.name)
    assert _english(texts, vocabulary) == [], texts
