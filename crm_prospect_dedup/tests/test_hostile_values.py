from odoo.tests.common import TransactionCase


class TestHostileValues(TransactionCase):
    """Values a clumsy integrator sends: the duplicate keys and the warning
    while typing must never stop a partner from being typed or saved."""

    def test_a_value_of_thousands_of_characters_is_saved(self):
        long_text = "x" * 8000
        partner = self.env["res.partner"].create({
            "name": "Long Values", "email": long_text + "@example.com", "vat": long_text,
            "street": "1 " + long_text, "street2": long_text, "city": long_text,
            "zip": long_text, "website": "https://%s.example.com" % ("h" * 6000)})
        self.env.cr.execute("SELECT dedup_email_key, dedup_street_key FROM res_partner "
                            "WHERE id = %s", (partner.id,))
        email_key, street_key = self.env.cr.fetchone()
        self.assertTrue(email_key and street_key)
        self.assertLessEqual(max(len(email_key), len(street_key)), 200)

    def test_a_nul_character_typed_gives_no_error_and_still_warns(self):
        self.env["res.partner"].create({"name": "Nul Dupont", "email": "nul.dupont@example.com",
                                        "phone": "+33 1 23 45 67 89", "is_company": False})
        # (name, e-mail and phone: sure enough for the warning even in a
        # database of a few partners, where every name is frequent)
        typed = self.env["res.partner"].new({"name": "Nul\x00 Dupont",
                                             "email": "nul.dupont\x00@example.com",
                                             "phone": "+33 1 23 45\x00 67 89"})
        matches = typed._dedup_similar_partners()
        self.assertIn("Nul Dupont", [partner.name for partner, _score, _why in matches])
