from odoo.exceptions import UserError

from .common import DedupCase


class TestFindDuplicateGroups(DedupCase):
    """res.partner.find_duplicate_groups(domain, threshold=None): the check
    as plain data, for scripts over XML-RPC."""

    @classmethod
    def setUpClass(cls):
        super(TestFindDuplicateGroups, cls).setUpClass()
        create = cls.env["res.partner"].sudo(cls.salesperson).with_context(
            default_is_prospect=True).create
        cls.jean = create({"name": "Jean Dupont", "email": "jean.dupont@example.com",
                           "is_company": False})
        cls.jean_dup = create({"name": "DUPONT Jean", "email": "JEAN.DUPONT@example.com",
                               "is_company": False})
        cls.marie = create({"name": "Marie Curie", "email": "marie@example.org",
                            "is_company": False})

    def find(self, domain, **kwargs):
        partners = self.env["res.partner"].sudo(self.salesperson)
        return partners.find_duplicate_groups(domain, **kwargs)

    def test_returns_plain_groups_with_score_and_reasons(self):
        groups = self.find([("id", "in", (self.jean | self.jean_dup | self.marie).ids)])
        self.assertEqual(groups, [{
            "partner_ids": sorted((self.jean | self.jean_dup).ids),
            "score": groups[0]["score"],
            "reasons": ["same e-mail", "same name"],
        }])
        self.assertIsInstance(groups[0]["score"], float)
        self.assertTrue(0.75 <= groups[0]["score"] <= 1.0)

    def test_threshold_argument(self):
        domain = [("id", "in", (self.jean | self.jean_dup).ids)]
        self.assertEqual(len(self.find(domain, threshold=0.5)), 1)
        self.assertEqual(self.find(domain, threshold=1.0), [])

    def test_reasons_in_the_users_language(self):
        self.env["res.lang"].load_lang("fr_FR")
        self.env["ir.translation"].load_module_terms(["crm_prospect_dedup"], ["fr_FR"])
        groups = self.env["res.partner"].sudo(self.salesperson).with_context(
            lang="fr_FR").find_duplicate_groups([("id", "in", (self.jean | self.jean_dup).ids)])
        self.assertEqual(groups[0]["reasons"], ["même e-mail", "même nom"])

    def test_dismissed_pairs_are_not_returned(self):
        domain = [("id", "in", (self.jean | self.jean_dup).ids)]
        self.env["crm.prospect.dedup.dismissal"].sudo(self.salesperson)._dismiss(
            (self.jean | self.jean_dup).ids)
        self.assertEqual(self.find(domain), [])

    def test_bad_domain_and_threshold_are_refused_with_a_clear_message(self):
        with self.assertRaisesRegex(UserError, "must be a list of conditions"):
            self.find("is_prospect = True")
        with self.assertRaisesRegex(UserError, "is not valid"):
            self.find([("no_such_field", "=", 1)])
        with self.assertRaisesRegex(UserError, "is not valid"):
            self.find([("id", "=", "not a number")])
        with self.assertRaisesRegex(UserError, "threshold must be a number"):
            self.find([], threshold=2)
        with self.assertRaisesRegex(UserError, "threshold must be a number"):
            self.find([], threshold="high")
        # the transaction is still usable afterwards
        self.assertEqual(len(self.find([("id", "in", (self.jean | self.jean_dup).ids)])), 1)
