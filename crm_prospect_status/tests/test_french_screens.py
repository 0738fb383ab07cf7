import os

from lxml import etree
from odoo.modules.module import get_module_path
from odoo.tools.translate import trans_load

from .common import ProspectCase


def load_french(cr, *addons):
    for addon in addons:
        po = os.path.join(get_module_path(addon), "i18n", "fr.po")
        trans_load(cr, po, "fr_FR", verbose=False, module_name=addon)


class TestFrenchScreens(ProspectCase):
    """What Camille (French) reads: chatter tracking in words, Odoo's own
    terms for salesperson and sales team."""

    @classmethod
    def setUpClass(cls):
        super(TestFrenchScreens, cls).setUpClass()
        cls.env["res.lang"].load_lang("fr_FR")
        load_french(cls.env.cr, "crm_prospect_status")
        cls.salesperson.write({"lang": "fr_FR"})
        cls.french = {"lang": "fr_FR"}

    def test_chatter_tracks_prospect_and_customer_in_words(self):
        prospect = self.create_prospect()
        prospect.sudo(self.salesperson).with_context(self.french).action_convert_to_customer()
        values = prospect.sudo().message_ids.mapped("tracking_value_ids")
        self.assertFalse(values.filtered(lambda v: v.field_type == "boolean"),
                         "no raw true/false in the chatter")
        relation = values.filtered(lambda v: v.field == "prospect_relation")
        self.assertTrue(relation)
        self.assertIn("Client", relation.mapped("new_value_char"))
        self.assertIn("Prospect", relation.mapped("old_value_char"))
        self.assertEqual(set(relation.mapped("field_desc")), {"Prospect ou client"})

    def test_salesperson_and_sales_team_are_odoo_s_own_french_terms(self):
        view = self.env["res.partner"].sudo(self.salesperson).with_context(self.french).fields_view_get(
            view_id=self.env.ref("crm_prospect_status.res_partner_view_search_prospect").id,
            view_type="search")
        arch = etree.fromstring(view["arch"])
        strings = {f.get("name"): f.get("string") for f in arch.xpath("//filter")}
        self.assertEqual(strings["group_user"], "Vendeur")
        self.assertEqual(strings["group_team"], "Equipe de vente")
        kanban = self.env["res.partner"].sudo(self.salesperson).with_context(self.french).fields_view_get(
            view_id=self.env.ref("crm_prospect_status.res_partner_view_kanban_prospect").id,
            view_type="kanban")
        self.assertNotIn('title="Sales', kanban["arch"])
        self.assertIn('title="Equipe de vente"', kanban["arch"])
        fields = self.env["crm.prospect.activity"].with_context(self.french).fields_get(["lead_user_id"])
        self.assertEqual(fields["lead_user_id"]["string"], "Vendeur de l'opportunité")
