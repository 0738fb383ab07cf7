from .common import ProspectCase

FIELDS = ("type", "is_invoice_address", "is_delivery_address", "is_default_address")


class TestAddressTypeFlags(ProspectCase):
    """An address line's type and its invoice / delivery flags agree both
    ways: at once in the dialog (onchange), and after saving, on create and
    on write."""

    @classmethod
    def setUpClass(cls):
        super(TestAddressTypeFlags, cls).setUpClass()
        cls.company = cls.env["res.partner"].create(
            {"name": "Typed SARL", "is_company": True, "is_prospect": True})
        cls.Partner = cls.env["res.partner"].sudo(cls.salesperson)

    def dialog_create(self, **vals):
        """Save the address dialog: the form sends every field it shows."""
        values = dict({"name": "Line", "parent_id": self.company.id, "type": "other",
                       "is_invoice_address": False, "is_delivery_address": False,
                       "is_default_address": False}, **vals)
        return self.Partner.create(values)

    def dialog_onchange(self, changed, **vals):
        """What the dialog shows at once after the user changes CHANGED."""
        values = dict({"name": "Line", "parent_id": self.company.id, "type": "other",
                       "is_invoice_address": False, "is_delivery_address": False,
                       "is_default_address": False}, **vals)
        spec = {name: "1" for name in FIELDS + ("name", "parent_id")}
        result = self.Partner.onchange(values, changed, spec)
        return dict(values, **result.get("value", {}))

    def test_invoice_type_in_the_dialog_is_flagged_invoice_after_saving(self):
        line = self.dialog_create(type="invoice")
        self.assertTrue(line.is_invoice_address)
        line = self.dialog_create(type="delivery")
        self.assertTrue(line.is_delivery_address)
        self.assertFalse(line.is_invoice_address)

    def test_flag_ticked_in_the_dialog_gives_its_type_after_saving(self):
        self.assertEqual(self.dialog_create(is_delivery_address=True).type, "delivery")
        self.assertEqual(self.dialog_create(is_invoice_address=True).type, "invoice")

    def test_dialog_type_sets_the_flags_at_once(self):
        values = self.dialog_onchange("type", type="invoice")
        self.assertEqual((values["is_invoice_address"], values["is_delivery_address"]), (True, False))
        values = self.dialog_onchange("type", type="delivery", is_invoice_address=True)
        self.assertEqual((values["is_invoice_address"], values["is_delivery_address"]), (False, True))
        values = self.dialog_onchange("type", type="other", is_invoice_address=True)
        self.assertEqual((values["is_invoice_address"], values["is_delivery_address"]), (False, False))

    def test_dialog_flags_set_the_type_at_once(self):
        values = self.dialog_onchange("is_delivery_address", is_delivery_address=True)
        self.assertEqual(values["type"], "delivery")
        values = self.dialog_onchange("is_invoice_address", type="invoice", is_invoice_address=False)
        self.assertEqual(values["type"], "other")
        values = self.dialog_onchange("is_invoice_address", type="delivery", is_invoice_address=True,
                                      is_delivery_address=True)
        self.assertEqual(values["type"], "delivery", "both flags: the type stays")

    def test_write_of_the_type_sets_the_flags(self):
        line = self.dialog_create(type="invoice")
        line.write({"type": "delivery"})
        self.assertEqual((line.is_invoice_address, line.is_delivery_address), (False, True))
        line.write({"type": "other"})
        self.assertEqual((line.is_invoice_address, line.is_delivery_address), (False, False))

    def test_write_of_a_flag_sets_the_type(self):
        line = self.dialog_create()
        line.write({"is_invoice_address": True})
        self.assertEqual(line.type, "invoice")
        line.write({"is_invoice_address": False, "is_delivery_address": True})
        self.assertEqual(line.type, "delivery")
