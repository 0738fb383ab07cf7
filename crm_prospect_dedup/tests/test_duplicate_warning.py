from unittest import mock

from odoo import models

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

    def form(self, user=None, partner=None):
        """(partners, onchange spec, values) of the partner form as the web
        client holds them, as USER, for a new partner or PARTNER."""
        partners = self.env["res.partner"].sudo(user or self.salesperson).with_context(
            default_is_prospect=True, default_is_company=True)
        view = self.env.ref("base.view_partner_form")
        spec = partners._onchange_spec(partners.fields_view_get(view.id, "form"))
        if partner:
            partners = partners.browse(partner.id)
            fields = [name for name in spec if "." not in name]
            defaults = partners._convert_to_write({name: partners[name] for name in fields})
        else:
            defaults = partners.default_get(list(partners._fields))
        return partners, spec, dict({name: False for name in spec if "." not in name}, **defaults)

    def typing(self, user=None, partner=None, **values):
        """What the form sends on each change (onchange), as USER, on a new
        partner or on PARTNER being edited; returns the warning shown."""
        partners, spec, record_values = self.form(user, partner)
        result = {}
        for name, value in values.items():
            record_values[name] = value
            result = partners.onchange(record_values, name, spec)
            record_values.update(result.get("value", {}))
        return result.get("value", {}).get("dedup_warning", record_values.get("dedup_warning"))

    def test_typing_an_existing_prospect_warns_with_a_link_and_why(self):
        self.assertFalse(self.typing(name="transports lefebvre"),
                         "a company name alone is not sure enough")
        warning = self.typing(name="transports lefebvre", email="Contact@Lefebvre-Transports.fr")
        self.assertIn("Possible duplicates", warning)
        self.assertIn("/web#id=%d&amp;model=res.partner" % self.existing.id, warning)
        self.assertIn("Transports Lefebvre SARL", warning)
        self.assertIn("same Company name (+", warning)
        self.assertIn("same E-mail (+", warning)

    def test_typing_an_existing_phone_with_a_near_name_warns(self):
        warning = self.typing(name="Lefebvre Transports Nord", phone="+33 3 20 00 00 01",
                              country_id=self.france.id)
        self.assertIn("same Phone or mobile (+", warning)
        self.assertIn("Company name alike (+", warning)

    def test_a_name_with_a_slip_at_its_end_or_start_is_found(self):
        """No key in common (a slip in the name and in the street, no e-mail
        or phone): the partners of the neighbour names, in name order and in
        reversed name order, are the candidates."""
        address = {"street": "12 rue Nationale", "zip": "59000", "city": "Lille",
                   "country_id": self.france.id}
        self.env["res.partner"].create(dict(
            address, name="Menuiserie Vandenbroucke", is_company=True, is_prospect=True))
        for typed in ("Menuiserie Vandenbrouke", "Menuserie Vandenbroucke"):
            warning = self.typing(name=typed, street="12 rue Nationalle", zip="59000",
                                  city="Lille", country_id=self.france.id)
            self.assertIn("Menuiserie Vandenbroucke", warning or "", typed)
            self.assertIn("Company name close (+", warning)

    def test_the_warning_uses_the_weights_a_manager_set(self):
        email = self.env.ref("crm_prospect_dedup.rule_email").level_ids.filtered(
            lambda level: level.code == "exact")
        self.assertFalse(self.typing(name="Lefebvre", email="contact@lefebvre-transports.fr"))
        email.sudo(self.manager).write({"override": True, "override_weight": 40})
        self.assertIn("same E-mail (+40.0)", self.typing(
            name="Lefebvre", email="contact@lefebvre-transports.fr"))

    def test_nothing_similar_no_warning(self):
        self.assertFalse(self.typing(name="Boulangerie Dupain", email="pain@dupain.fr"))

    def test_the_warning_does_not_block_the_save(self):
        typed = {"name": "Transports Lefebvre", "email": "contact@lefebvre-transports.fr"}
        self.assertTrue(self.typing(**typed))
        duplicate = self.create_prospect(**typed)
        self.assertTrue(duplicate.exists())
        # edited again, the saved duplicate still warns
        self.assertIn(str(self.existing.id), self.typing(partner=duplicate, city="Lille"))

    def test_an_existing_partner_is_not_its_own_duplicate(self):
        self.assertFalse(self.typing(partner=self.existing, city="Lille"))

    def test_reading_a_saved_partner_does_not_score_it(self):
        """The form read after a save or a click shows no warning: scoring
        is for the form being edited (issue 13, speed of the clicks)."""
        typed = {"name": "Transports Lefebvre", "email": "contact@lefebvre-transports.fr"}
        duplicate = self.create_prospect(**typed)
        self.assertTrue(self.typing(partner=duplicate, city="Lille"))
        self.assertFalse(duplicate.read(["dedup_warning"])[0]["dedup_warning"])

    def test_partners_the_user_cannot_see_are_not_shown(self):
        self.env.ref("base.res_partner_rule").active = True
        other_company = self.env["res.company"].create({"name": "Hidden company"})
        typed = {"name": "Transports Lefebvre", "email": "contact@lefebvre-transports.fr"}
        self.assertTrue(self.typing(**typed))
        self.existing.company_id = other_company
        self.assertFalse(self.typing(**typed))

    def test_a_field_only_the_warning_reads_gets_odoos_own_answer(self):
        """A phone, a street... (fields only the warning is computed from)
        get the warning alone, without Odoo's whole onchange, which builds
        the form's record and evaluates all its fields: the answer is the
        one Odoo's onchange gives, on a new partner and on a saved one."""
        duplicate = self.create_prospect(name="Transports Lefebvre", city="Lille")
        typed = [("phone", "+33 3 20 00 00 01"), ("mobile", "03 20 00 00 01"),
                 ("vat", "FR40303265045"), ("website", "www.lefebvre-transports.fr"),
                 ("street", "12 rue Nationale"), ("street2", "Bâtiment B"), ("city", "Roubaix"),
                 ("state_id", self.env["res.country.state"].search([], limit=1).id),
                 ("phone", False)]
        for partner in (None, duplicate):
            partners, spec, values = self.form(partner=partner)
            values.update(name="Transports Lefebvre", email="contact@lefebvre-transports.fr")
            fast = [name for name, _value in typed
                    if partners._dedup_only_warning_changes(name, spec)]
            self.assertEqual(set(fast), {name for name, _value in typed},
                             "none of these fields has an onchange of its own in the form")
            values["dedup_warning"] = False
            for name, value in typed:
                values[name] = value
                with mock.patch.object(models.BaseModel, "onchange", autospec=True,
                                       side_effect=models.BaseModel.onchange) as odoo:
                    answer = partners.onchange(dict(values), name, spec)
                    self.assertFalse(odoo.called, "%s: Odoo's onchange is not run" % name)
                edited = partners.with_context(dedup_edited_partner_id=partner and partner.id)
                odoos = models.BaseModel.onchange(edited, dict(values), name, spec)
                self.assertEqual(answer, odoos, name)
                values.update(answer["value"])
            self.assertIn("/web#id=%d&amp;" % self.existing.id, values["dedup_warning"])

    def test_a_field_with_its_own_onchange_goes_through_odoos(self):
        """The e-mail (Odoo's onchange_email), the name (the display name is
        computed from it) and the country (its onchange) keep Odoo's onchange,
        the warning included."""
        partners, spec, values = self.form()
        for name in ("email", "name", "country_id"):
            self.assertFalse(partners._dedup_only_warning_changes(name, spec), name)
        values.update(name="Transports Lefebvre", email="contact@lefebvre-transports.fr")
        with mock.patch.object(models.BaseModel, "onchange", autospec=True,
                               side_effect=models.BaseModel.onchange) as odoo:
            answer = partners.onchange(values, "email", spec)
        self.assertTrue(odoo.called)
        self.assertIn("Transports Lefebvre SARL", answer["value"]["dedup_warning"])

    def test_an_onchange_of_no_field_answers_as_odoos(self):
        """A call naming no field of the partner, with a spec that is not a
        form's (found by the fuzzing of the public methods), gets Odoo's
        answer: nothing to change."""
        partners = self.env["res.partner"].sudo(self.salesperson)
        self.assertEqual(partners.onchange({"company_name": ""}, "x" * 300, True), {})
        self.assertEqual(partners.onchange({"phone": "1"}, "phone", {"phone": "1"}),
                         models.BaseModel.onchange(partners, {"phone": "1"}, "phone",
                                                   {"phone": "1"}))
