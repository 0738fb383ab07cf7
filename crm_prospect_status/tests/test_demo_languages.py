from odoo.modules.module import get_module_path
from odoo.tools.convert import convert_xml_import

from .common import ProspectCase


class TestDemoLanguages(ProspectCase):
    """The demo matches the README: English active and the admin's language,
    Camille (salesperson) in French, also when the database was created with
    French loaded (`make run` passes --load-language=fr_FR, which makes French
    the admin's language)."""

    def load_demo(self):
        path = get_module_path("crm_prospect_status") + "/demo/crm_prospect_status_demo.xml"
        convert_xml_import(self.env.cr, "crm_prospect_status", path, {}, mode="init")
        self.env["res.users"].invalidate_cache()

    def test_admin_in_english_and_camille_in_french(self):
        self.env["res.lang"].load_lang("fr_FR")
        admin = self.env.ref("base.user_root")
        admin.lang = "fr_FR"  # what --load-language=fr_FR leaves
        self.load_demo()
        english = self.env["res.lang"].search([("code", "=", "en_US")])
        self.assertTrue(english.active)
        self.assertEqual(admin.lang, "en_US")
        self.assertEqual(self.env.ref("crm_prospect_status.demo_user_camille").lang, "fr_FR")
