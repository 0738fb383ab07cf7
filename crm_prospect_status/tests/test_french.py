import os

from lxml import etree
from odoo.exceptions import UserError
from odoo.modules.module import get_module_path
from odoo.tools.translate import trans_load

from .common import ProspectCase


class TestFrench(ProspectCase):
    """A French-speaking salesperson sees the prospect form, the settings switch
    and the error messages in French, with the seed's words."""

    @classmethod
    def setUpClass(cls):
        super(TestFrench, cls).setUpClass()
        cls.env["res.lang"].load_lang("fr_FR")
        po = os.path.join(get_module_path("crm_prospect_status"), "i18n", "fr.po")
        trans_load(cls.env.cr, po, "fr_FR", verbose=False, module_name="crm_prospect_status")
        cls.salesperson.write({"lang": "fr_FR"})
        cls.french = {"lang": "fr_FR"}

    def _arch(self, model, xmlid, view_type, user):
        view = self.env[model].sudo(user).with_context(self.french).fields_view_get(
            view_id=self.env.ref(xmlid).id, view_type=view_type)
        return view, etree.tostring(etree.fromstring(view["arch"]), encoding="unicode")

    def test_prospect_form_in_french(self):
        self.set_switch(True)
        view, arch = self._arch("res.partner", "base.view_partner_form", "form", self.salesperson)
        for words in ("Convertir en client", "Adresses", "Activité récente et à venir", "Activité passée"):
            self.assertIn(words, arch + str(view["fields"]))
        # the flags' tooltips are drawn by the address_flag widget: its terms
        # reach the browser through the web client's translations
        translations = self.env["ir.translation"].search([
            ("lang", "=", "fr_FR"), ("type", "=", "code"), ("module", "=", "crm_prospect_status"),
            ("src", "=", "Not an invoice address: click to set")])
        self.assertEqual(translations.mapped("value")[:1],
                         ["Pas une adresse de facturation : cliquez pour la définir"])
        self.assertEqual(view["fields"]["prospect_status_id"]["string"], "Statut prospect")
        address_lines = view["fields"]["address_line_ids"]["views"]["form"]["fields"]
        self.assertEqual(address_lines["is_invoice_address"]["string"], "Adresse de facturation")
        self.assertEqual(address_lines["is_delivery_address"]["string"], "Adresse de livraison")
        self.assertEqual(address_lines["is_default_address"]["string"], "Adresse par défaut")
        statuses = self.statuses.with_context(self.french).search([]).mapped("name")
        self.assertIn("Nouveau", statuses)
        self.assertIn("Pas intéressé", statuses)

    def test_settings_switch_in_french(self):
        view, arch = self._arch("res.config.settings", "base.res_config_settings_view_form", "form",
                                self.env.user)
        self.assertEqual(view["fields"]["group_prospect_status"]["string"],
                         "Gérer les statuts sur les prospects")
        self.assertIn("Passer les prospects d'un statut à l'autre", arch)

    def test_error_messages_in_french(self):
        prospect = self.create_prospect()
        with self.assertRaisesRegex(UserError, "Les statuts prospects sont désactivés"):
            prospect.sudo(self.salesperson).with_context(self.french).write(
                {"prospect_status_id": self.status_contacted.id})
        with self.assertRaisesRegex(UserError, "n'est pas un prospect"):
            self.env["res.partner"].create({"name": "Client"}).sudo(self.salesperson).with_context(
                self.french).action_convert_to_customer()
