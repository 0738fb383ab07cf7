from odoo.modules.module import get_module_path
from odoo.tools.convert import convert_csv_import, convert_xml_import

from .common import ProspectCase

DEMO = ["crm_prospect_status_demo.xml", "res.partner.csv", "crm.lead.csv",
        "crm_prospect_activity_demo.xml"]


class TestDemoActivities(ProspectCase):
    """`make run`'s prospects show something in their Activity tab: planned
    and done activities, meetings, won and lost opportunities."""

    def stock_demo_ids(self):
        """The stock demo records the suite's demo points to, missing from a
        database made without demo data."""
        Data = self.env["ir.model.data"]
        for xmlid, record in (
                ("base.user_demo", lambda: self.env["res.users"].create(
                    {"name": "Marc Demo", "login": "demo_for_activities"})),
                ("sales_team.crm_team_1", lambda: self.env["crm.team"].create(
                    {"name": "Europe"}))):
            if not self.env.ref(xmlid, raise_if_not_found=False):
                module, name = xmlid.split(".")
                created = record()
                Data.create({"module": module, "name": name, "model": created._name,
                             "res_id": created.id})

    def load_demo(self):
        self.stock_demo_ids()
        folder = get_module_path("crm_prospect_status") + "/demo/"
        for name in DEMO:
            if name.endswith(".csv"):
                with open(folder + name, "rb") as handle:
                    convert_csv_import(self.env.cr, "crm_prospect_status", name, handle.read(),
                                       {}, mode="init", noupdate=True)
            else:
                convert_xml_import(self.env.cr, "crm_prospect_status", folder + name, {},
                                   mode="init")

    def lines(self, xmlid):
        partner = self.env.ref("crm_prospect_status.%s" % xmlid)
        return self.env["crm.prospect.activity"].search([("partner_id", "=", partner.id)])

    def test_demo_prospects_have_activity_lines(self):
        self.load_demo()
        martin = self.lines("demo_prospect_01")
        self.assertEqual(set(martin.filtered(lambda l: l.timing == "upcoming").mapped("kind"))
                         >= {"activity", "meeting"}, True, martin.mapped("kind"))
        self.assertIn("Premier appel de découverte",
                      martin.filtered(lambda l: l.timing == "past").mapped("name"))
        girard = self.lines("demo_prospect_02")
        self.assertTrue(girard.filtered(lambda l: l.timing == "past" and l.kind == "meeting"))
        self.assertTrue(self.lines("demo_prospect_04").filtered(lambda l: l.timing == "past"),
                        "the won opportunity is a past line")
