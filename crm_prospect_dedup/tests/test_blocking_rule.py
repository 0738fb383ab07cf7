"""CRM settings "Refuse duplicates from": creating a partner whose best match
scores at least the value is refused with the matches and their links;
managers and a context key pass; off by default."""
from odoo.exceptions import ValidationError

from ..models.res_partner_duplicate_block import ALLOW_KEY, BLOCK_PARAM
from .prevention_common import PreventionCase

ACME = {"name": "Acme Industrie", "email": "contact@acme-industrie.fr",
        "phone": "01 45 67 89 10", "vat": "FR40303265045"}


class TestBlockingRule(PreventionCase):

    @classmethod
    def setUpClass(cls):
        super(TestBlockingRule, cls).setUpClass()
        cls.acme = cls.env["res.partner"].create(dict(
            ACME, is_company=True, is_prospect=True, country_id=cls.env.ref("base.fr").id,
            company_ids=[(6, 0, cls.company_a.ids)]))

    def count(self):
        return self.env["res.partner"].with_context(active_test=False).search_count([])

    def test_off_by_default_a_duplicate_is_created(self):
        self.assertEqual(self.settings_shown().prospect_dedup_block_threshold, 0.0)
        self.assertTrue(self.create_prospect(**dict(ACME, name="ACME industrie")))

    def test_a_clear_duplicate_is_refused_with_its_matches_and_links(self):
        self.set_settings(prospect_dedup_block_threshold=0.9)
        before = self.count()
        with self.assertRaises(ValidationError) as refused:
            self.create_prospect(**dict(ACME, name="ACME industrie"))
        message = refused.exception.name
        self.assertIn("Acme Industrie", message)
        self.assertIn("/web#id=%d&model=res.partner" % self.acme.id, message)
        self.assertIn("same E-mail", message)
        self.assertIn("90%", message)
        self.assertEqual(self.count(), before, "nothing is created")

    def test_a_partner_unlike_any_other_is_created(self):
        self.set_settings(prospect_dedup_block_threshold=0.9)
        self.assertTrue(self.create_prospect(name="Boulangerie Dupain", email="pain@dupain.fr"))

    def test_managers_and_the_context_key_may_create_a_duplicate(self):
        self.set_settings(prospect_dedup_block_threshold=0.9)
        self.assertTrue(self.create_prospect(user=self.manager, **dict(ACME, name="ACME")))
        partners = self.env["res.partner"].sudo(self.salesperson).with_context(
            **{ALLOW_KEY: True, "default_is_company": True})
        self.assertTrue(partners.create(dict(ACME, name="Acme Industrie SA")))

    def test_a_partner_of_another_company_neither_blocks_nor_shows(self):
        self.set_settings(prospect_dedup_block_threshold=0.9)
        partners = self.env["res.partner"].sudo(self.bob).with_context(default_is_company=True)
        self.assertTrue(partners.create(dict(ACME, country_id=self.france.id)),
                        "Bob cannot see Acme of company A: nothing to refuse or reveal")

    def test_a_threshold_out_of_range_is_refused_and_nothing_changes(self):
        params = self.env["ir.config_parameter"].sudo()
        before = params.get_param(BLOCK_PARAM)
        with self.assertRaises(ValidationError):
            self.set_settings(prospect_dedup_block_threshold=1.5)
        self.assertEqual(params.get_param(BLOCK_PARAM), before)
        self.set_settings(prospect_dedup_block_threshold=0.95)
        self.assertEqual(self.settings_shown().prospect_dedup_block_threshold, 0.95)
