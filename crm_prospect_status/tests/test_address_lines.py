from odoo.exceptions import UserError, ValidationError

from .common import ProspectCase


class TestAddressLines(ProspectCase):
    """F5: address lines flagged invoice (bill), delivery (cart), default (star)."""

    @classmethod
    def setUpClass(cls):
        super(TestAddressLines, cls).setUpClass()
        partners = cls.env["res.partner"].sudo(cls.salesperson)
        cls.company = partners.create({"name": "Flags SARL", "is_company": True, "is_prospect": True})
        cls.head_office = partners.create({"name": "Siège", "parent_id": cls.company.id, "type": "other",
                                           "street": "1 rue du Siège", "city": "Lyon"})
        cls.warehouse = partners.create({"name": "Entrepôt", "parent_id": cls.company.id, "type": "other",
                                         "street": "2 route du Port", "city": "Lyon"})
        cls.person = partners.create({"name": "Jeanne Achats", "parent_id": cls.company.id})

    def test_toggles_set_and_clear_each_flag(self):
        for toggle, flag in (("toggle_invoice_address", "is_invoice_address"),
                             ("toggle_delivery_address", "is_delivery_address"),
                             ("toggle_default_address", "is_default_address")):
            getattr(self.warehouse, toggle)()
            self.assertTrue(self.warehouse[flag], flag)
            getattr(self.warehouse, toggle)()
            self.assertFalse(self.warehouse[flag], flag)

    def test_a_line_may_carry_every_flag(self):
        self.head_office.write({"is_invoice_address": True, "is_delivery_address": True,
                                "is_default_address": True})
        self.assertTrue(self.head_office.is_invoice_address and self.head_office.is_delivery_address
                        and self.head_office.is_default_address)

    def test_star_on_one_line_clears_it_on_the_others(self):
        self.head_office.toggle_default_address()
        self.warehouse.toggle_default_address()
        self.assertTrue(self.warehouse.is_default_address)
        self.assertFalse(self.head_office.is_default_address)

    def test_default_on_two_lines_in_one_call_is_refused(self):
        self.head_office.toggle_default_address()
        with self.assertRaisesRegex(UserError, "one default address"), self.env.cr.savepoint():
            (self.head_office | self.warehouse).write({"is_default_address": True})
        self.env["res.partner"].invalidate_cache()
        self.assertTrue(self.head_office.is_default_address)
        self.assertFalse(self.warehouse.is_default_address)

    def test_flag_on_a_partner_without_parent_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "not an address line"), self.env.cr.savepoint():
            self.company.write({"is_invoice_address": True})
        self.env["res.partner"].invalidate_cache()
        self.assertFalse(self.company.is_invoice_address)

    def test_address_lines_tab_lists_addresses_and_flagged_contacts(self):
        self.assertEqual(self.company.address_line_ids, self.head_office | self.warehouse)
        self.person.toggle_invoice_address()
        self.assertEqual(self.person.type, "contact", "a flagged contact stays a contact")
        self.assertIn(self.person, self.company.address_line_ids)

    def test_address_type_and_flags_stay_coherent(self):
        billing = self.env["res.partner"].create(
            {"name": "Compta", "parent_id": self.company.id, "type": "invoice"})
        self.assertTrue(billing.is_invoice_address)
        billing.toggle_invoice_address()
        self.assertEqual(billing.type, "other")
        self.warehouse.toggle_delivery_address()
        self.assertEqual(self.warehouse.type, "delivery")
        self.warehouse.write({"type": "invoice"})
        self.assertTrue(self.warehouse.is_invoice_address)

    def test_address_get_returns_flagged_lines(self):
        self.head_office.write({"is_invoice_address": True})
        self.warehouse.write({"is_delivery_address": True})
        addresses = self.company.address_get(["invoice", "delivery", "default"])
        self.assertEqual(addresses["invoice"], self.head_office.id)
        self.assertEqual(addresses["delivery"], self.warehouse.id)
        # asked from one of its contacts, the lookup gives the same answer
        self.assertEqual(self.person.address_get(["invoice"])["invoice"], self.head_office.id)

    def test_address_get_falls_back_on_the_default_line(self):
        self.warehouse.write({"is_default_address": True})
        addresses = self.company.address_get(["invoice", "delivery", "default"])
        self.assertEqual(addresses, {"invoice": self.warehouse.id, "delivery": self.warehouse.id,
                                     "default": self.warehouse.id, "contact": self.company.id})

    def test_address_get_gives_the_partner_itself_without_lines(self):
        alone = self.env["res.partner"].create({"name": "Alone SA", "is_company": True})
        self.assertEqual(alone.address_get(["invoice", "delivery"]),
                         {"invoice": alone.id, "delivery": alone.id, "contact": alone.id})

    def test_archived_lines_are_never_returned(self):
        self.head_office.write({"is_invoice_address": True})
        self.warehouse.write({"is_invoice_address": True, "is_default_address": True})
        self.assertEqual(self.company.address_get(["invoice"])["invoice"], self.warehouse.id)
        self.warehouse.write({"active": False})
        self.assertEqual(self.company.address_get(["invoice"])["invoice"], self.head_office.id)
        self.head_office.write({"active": False})
        self.assertEqual(self.company.address_get(["invoice"])["invoice"], self.company.id)

    def test_address_lines_tab_shows_each_flag_in_a_column_with_a_header(self):
        """Issue 13, item 12: a column per flag, with a header, whose icon stays in
        it from row to row (not a lit and an unlit button, each a column of its
        own without a header)."""
        import json
        from lxml import etree
        view = self.env["res.partner"].sudo(self.salesperson).fields_view_get(
            view_id=self.env.ref("base.view_partner_form").id, view_type="form")
        tree = etree.fromstring(view["fields"]["address_line_ids"]["views"]["tree"]["arch"])
        self.assertFalse(tree.xpath(".//button"), "no header-less button columns")
        columns = {node.get("name"): node for node in tree.xpath("./field")
                   if json.loads(node.get("modifiers") or "{}").get("invisible") is not True}
        for flag, toggle, header in (("is_invoice_address", "toggle_invoice_address", "Invoice"),
                                     ("is_delivery_address", "toggle_delivery_address", "Delivery"),
                                     ("is_default_address", "toggle_default_address", "Default")):
            self.assertIn(flag, columns)
            self.assertEqual(columns[flag].get("widget"), "address_flag")
            self.assertEqual(columns[flag].get("string"), header)
            self.assertIn(toggle, columns[flag].get("options"))

    def test_each_child_is_shown_once_contacts_in_one_tab_address_lines_in_the_other(self):
        """Issue 13, item 12: the address lines were listed twice, in the
        Addresses tab and in Odoo's "Contacts & Addresses" kanban."""
        self.person.toggle_invoice_address()  # a flagged contact is an address line
        colleague = self.env["res.partner"].create({"name": "Paul Ventes", "parent_id": self.company.id})
        lines, contacts = self.company.address_line_ids, self.company.contact_line_ids
        self.assertEqual(contacts, colleague)
        self.assertFalse(lines & contacts)
        self.assertEqual(lines | contacts, self.company.child_ids)
        from lxml import etree
        view = self.env["res.partner"].sudo(self.salesperson).fields_view_get(
            view_id=self.env.ref("base.view_partner_form").id, view_type="form")
        arch = etree.fromstring(view["arch"])
        shown = [node.get("name") for node in arch.xpath("//notebook/page/field")
                 if node.get("name") in ("child_ids", "contact_line_ids", "address_line_ids")]
        self.assertEqual(sorted(shown), ["address_line_ids", "contact_line_ids"])
        [page] = arch.xpath("//notebook/page[field/@name='contact_line_ids']")
        self.assertEqual(page.get("string"), "Contacts")
        # Odoo's own kanban and dialog are the ones shown
        self.assertEqual(sorted(view["fields"]["contact_line_ids"]["views"]), ["form", "kanban"])
