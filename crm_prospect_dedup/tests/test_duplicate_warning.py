from .common import DedupCase


class TestDuplicateWarning(DedupCase):
    """The partner form warns about likely existing duplicates while a new
    prospect is typed, with links, and does not block the save."""

    @classmethod
    def setUpClass(cls):
        super(TestDuplicateWarning, cls).setUpClass()
        cls.existing = cls.env["res.partner"].create({
            "name": "Transports Lefebvre SARL", "email": "contact@lefebvre-transports.fr",
            "phone": "03 20 00 00 01", "is_company": True, "is_prospect": True,
            "country_id": cls.env.ref("base.fr").id})

    def typing(self, user=None, **values):
        """What the form sends on each change (onchange), as USER; returns
        the warning shown."""
        partners = self.env["res.partner"].sudo(user or self.salesperson).with_context(
            default_is_prospect=True, default_is_company=True)
        view = self.env.ref("base.view_partner_form")
        spec = partners._onchange_spec(partners.fields_view_get(view.id, "form"))
        defaults = partners.default_get(list(partners._fields))
        record_values = dict({name: False for name in spec if "." not in name}, **defaults)
        result = {}
        for name, value in values.items():
            record_values[name] = value
            result = partners.onchange(record_values, name, spec)
            record_values.update(result.get("value", {}))
        return result.get("value", {}).get("dedup_warning", record_values.get("dedup_warning"))

    def test_typing_the_name_of_an_existing_prospect_warns_with_a_link(self):
        warning = self.typing(name="transports lefebvre")
        self.assertIn("Possible duplicates", warning)
        self.assertIn("/web#id=%d&amp;model=res.partner" % self.existing.id, warning)
        self.assertIn("Transports Lefebvre SARL", warning)
        self.assertIn("same name", warning)

    def test_typing_an_existing_email_or_phone_warns(self):
        self.assertIn("same e-mail", self.typing(
            name="Lefebvre", email="Contact@Lefebvre-Transports.fr"))
        self.assertIn("same phone", self.typing(
            name="Lefebvre Transports Nord", phone="+33 3 20 00 00 01", country_id=self.france.id))

    def test_nothing_similar_no_warning(self):
        self.assertFalse(self.typing(name="Boulangerie Dupain", email="pain@dupain.fr"))

    def test_the_warning_does_not_block_the_save(self):
        self.assertTrue(self.typing(name="Transports Lefebvre"))
        duplicate = self.create_prospect(name="Transports Lefebvre")
        self.assertTrue(duplicate.exists())
        self.assertIn(str(self.existing.id), duplicate.dedup_warning)

    def test_an_existing_partner_is_not_its_own_duplicate(self):
        self.assertFalse(self.existing.dedup_warning)

    def test_partners_the_user_cannot_see_are_not_shown(self):
        self.env.ref("base.res_partner_rule").active = True
        other_company = self.env["res.company"].create({"name": "Hidden company"})
        self.existing.company_id = other_company
        self.assertFalse(self.typing(name="Transports Lefebvre"))
