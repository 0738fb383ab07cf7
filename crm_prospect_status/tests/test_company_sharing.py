from odoo.exceptions import AccessError, UserError

from .common import SALESPERSON, ProspectCase, create_user


class TestCompanySharing(ProspectCase):
    """F7: a partner shared between several companies of the group."""

    @classmethod
    def setUpClass(cls):
        super(TestCompanySharing, cls).setUpClass()
        companies = cls.env["res.company"]
        cls.company_a = cls.env.ref("base.main_company")
        cls.company_b = companies.create({"name": "Company B"})
        cls.company_a_child = companies.create({"name": "A Subsidiary", "parent_id": cls.company_a.id})

        def user(login, current, allowed):
            return create_user(cls.env, login, login, [SALESPERSON, "base.group_multi_company"],
                               company_id=current.id, company_ids=[(6, 0, allowed.ids)])
        cls.user_a = user("user_a", cls.company_a, cls.company_a)
        cls.user_b = user("user_b", cls.company_b, cls.company_b)
        cls.user_ab = user("user_ab", cls.company_a, cls.company_a | cls.company_b)
        cls.user_child = user("user_child", cls.company_a_child, cls.company_a_child)
        cls.partner_a = cls.env["res.partner"].sudo(cls.user_a).create(
            {"name": "Only A Prospect", "is_company": True, "is_prospect": True}).sudo()

    @staticmethod
    def _companies(partner):
        """A partner's set as companies (OCA's field holds res.company.assignment
        records, whose ids are the companies' ids)."""
        return partner.env["res.company"].browse(partner.sudo().company_ids.ids)

    def _visible(self, user, partner):
        partners = self.env["res.partner"].sudo(user)
        return partner.id in partners.search([("name", "=", partner.name)]).ids

    def test_new_partner_belongs_to_the_users_current_company(self):
        self.assertEqual(self._companies(self.partner_a), self.company_a)
        self.assertEqual(self.partner_a.company_id, self.company_a)
        self.assertEqual(self.partner_a.company_single_id, self.company_a)
        self.assertFalse(self.partner_a.company_visible_to_all)

    def test_partner_of_a_is_invisible_to_b_in_every_operation(self):
        partners = self.env["res.partner"].sudo(self.user_b)
        name = self.partner_a.name
        self.assertFalse(partners.search([("name", "=", name)]))
        self.assertEqual(partners.search_count([("name", "=", name)]), 0)
        self.assertFalse(partners.name_search(name))
        groups = partners.read_group([("name", "=", name)], ["name"], ["name"])
        self.assertEqual(groups, [])
        with self.assertRaises(AccessError):
            partners.browse(self.partner_a.id).read(["name"])
        with self.assertRaises(AccessError):
            partners.browse(self.partner_a.id).export_data(["name"])
        with self.assertRaises(AccessError):
            partners.browse(self.partner_a.id).write({"name": "Hacked"})
        with self.assertRaises(AccessError):
            partners.browse(self.partner_a.id).unlink()
        self.assertEqual(self.partner_a.name, name)
        # the customer dropdown of a lead asks name_search with the lead's domain
        lead_field_domain = self.env["crm.lead"]._fields["partner_id"].domain or []
        self.assertFalse(partners.name_search(name, args=lead_field_domain))

    def test_sharing_with_b_shows_it_to_b_and_unsharing_hides_it(self):
        self.assertFalse(self._visible(self.user_b, self.partner_a))
        self.partner_a.sudo(self.user_ab).write({"company_ids": [(4, self.company_b.id)]})
        self.assertTrue(self._visible(self.user_b, self.partner_a))
        self.assertTrue(self._visible(self.user_a, self.partner_a))
        self.assertFalse(self.partner_a.company_single_id, "shared by several: no single company")
        self.assertEqual(self.partner_a.company_shared_ids.ids, (self.company_a | self.company_b).ids)
        # OCA's company_id: the user's current company when in the set
        self.assertEqual(self.partner_a.sudo(self.user_b).company_id, self.company_b)
        self.partner_a.sudo(self.user_ab).write({"company_ids": [(3, self.company_b.id)]})
        self.assertFalse(self._visible(self.user_b, self.partner_a))
        self.assertEqual(self.partner_a.company_id, self.company_a)
        self.assertEqual(self.partner_a.company_single_id, self.company_a)
        self.assertFalse(self.partner_a.company_shared_ids)

    def test_user_allowed_in_both_sees_what_their_current_company_sees(self):
        partner_b = self.env["res.partner"].sudo(self.user_b).create({"name": "Only B Prospect"})
        self.assertTrue(self._visible(self.user_ab, self.partner_a))
        self.assertFalse(self._visible(self.user_ab, partner_b))
        self.user_ab.write({"company_id": self.company_b.id})
        self.assertFalse(self._visible(self.user_ab, self.partner_a))
        self.assertTrue(self._visible(self.user_ab, partner_b))

    def test_parent_company_sees_partners_of_its_subsidiary(self):
        partner_child = self.env["res.partner"].sudo(self.user_child).create({"name": "Subsidiary Client"})
        self.assertTrue(self._visible(self.user_a, partner_child))
        self.assertFalse(self._visible(self.user_b, partner_child))
        self.assertFalse(self._visible(self.user_child, self.partner_a))

    def test_company_moved_under_the_users_company_shows_its_partners(self):
        # the rules keep the user's company tree once evaluated: moving a
        # company in the tree must reach them
        partner_b = self.env["res.partner"].sudo(self.user_b).create({"name": "B Client"})
        self.assertFalse(self._visible(self.user_a, partner_b))
        self.company_b.write({"parent_id": self.company_a.id})
        self.assertTrue(self._visible(self.user_a, partner_b))
        self.company_b.write({"parent_id": False})
        self.assertFalse(self._visible(self.user_a, partner_b))

    def test_empty_set_is_visible_to_every_company(self):
        self.partner_a.sudo().write({"company_ids": [(5,)]})
        self.assertTrue(self.partner_a.company_visible_to_all)
        self.assertTrue(self._visible(self.user_b, self.partner_a))

    def test_contacts_and_address_lines_follow_their_parent(self):
        contact = self.env["res.partner"].sudo(self.user_a).create(
            {"name": "A's buyer", "parent_id": self.partner_a.id})
        address = self.env["res.partner"].sudo(self.user_a).create(
            {"name": "A's warehouse", "parent_id": self.partner_a.id, "type": "delivery"})
        self.partner_a.sudo(self.user_ab).write({"company_ids": [(4, self.company_b.id)]})
        for child in (contact, address):
            self.assertEqual(self._companies(child), self.company_a | self.company_b)
            self.assertTrue(self._visible(self.user_b, child))

    def test_editing_the_set_keeps_the_companies_the_user_is_not_in(self):
        self.partner_a.write({"company_ids": [(4, self.company_b.id)]})
        # user_a is in company A only; OCA's field shows the whole set, and the
        # web client writes back what it shows
        shown = self.partner_a.sudo(self.user_a).company_ids
        self.assertEqual(shown.ids, (self.company_a | self.company_b).ids)
        self.partner_a.sudo(self.user_a).write({"company_ids": [(6, 0, shown.ids)]})
        self.assertEqual(self._companies(self.partner_a), self.company_a | self.company_b)
        # ... and cannot drop the company they are not in
        for command in ([(6, 0, self.company_a.ids)], [(3, self.company_b.id)], [(5,)]):
            with self.assertRaisesRegex(UserError, "not allowed in that company"), \
                    self.env.cr.savepoint():
                self.partner_a.sudo(self.user_a).write({"company_ids": command})
            self.env["res.partner"].invalidate_cache()
            self.assertEqual(self._companies(self.partner_a), self.company_a | self.company_b)
        # a user allowed in both companies may
        self.partner_a.sudo(self.user_ab).write({"company_ids": [(6, 0, self.company_a.ids)]})
        self.assertEqual(self._companies(self.partner_a), self.company_a)

    def test_company_user_is_not_allowed_in_is_refused(self):
        with self.assertRaisesRegex(UserError, "not allowed in that company"), self.env.cr.savepoint():
            self.partner_a.sudo(self.user_a).write({"company_ids": [(4, self.company_b.id)]})
        self.env["res.partner"].invalidate_cache()
        self.assertEqual(self._companies(self.partner_a), self.company_a)

    def test_empty_set_refused_when_multi_company_is_off(self):
        mono = create_user(self.env, "Mono", "mono", [SALESPERSON])
        partner = self.env["res.partner"].sudo(mono).create({"name": "Mono Prospect"})
        self.assertEqual(self._companies(partner), mono.company_id, "filled silently")
        with self.assertRaisesRegex(UserError, "must belong to a company"), self.env.cr.savepoint():
            partner.sudo(mono).write({"company_ids": [(5,)]})
        self.env["res.partner"].invalidate_cache()
        self.assertEqual(self._companies(partner), mono.company_id)

    def test_companies_field_shows_only_with_multi_company(self):
        import json
        from lxml import etree

        def company_ids_invisible(user):
            arch = etree.fromstring(self.env["res.partner"].sudo(user).fields_view_get(
                view_id=self.env.ref("base.view_partner_form").id, view_type="form")["arch"])
            node = arch.xpath("//page[@name='sales_purchases']//field[@name='company_ids']")[0]
            return json.loads(node.get("modifiers")).get("invisible") is True
        self.assertFalse(company_ids_invisible(self.user_ab))
        self.assertTrue(company_ids_invisible(self.salesperson))

    def test_odoo_writing_the_single_company_moves_the_set(self):
        self.partner_a.sudo().write({"company_id": self.company_b.id})
        self.assertEqual(self._companies(self.partner_a), self.company_b)
        self.assertFalse(self._visible(self.user_a, self.partner_a))

    def test_odoo_writing_a_company_of_the_set_keeps_the_set(self):
        self.partner_a.sudo(self.user_ab).write({"company_ids": [(4, self.company_b.id)]})
        self.partner_a.sudo().write({"company_id": self.company_b.id})
        self.assertEqual(self._companies(self.partner_a), self.company_a | self.company_b)

    def test_the_rule_is_active_and_odoo_stock_rule_stays_off(self):
        self.assertTrue(self.env.ref("crm_prospect_status.res_partner_rule_company_share").active)
        self.assertTrue(self.env.ref("crm_prospect_status.res_partner_rule_company_share_write").active)
        self.assertFalse(self.env.ref("base.res_partner_rule").active)

    def test_uninstall_gives_ocas_rule_back_as_install_found_it(self):
        from odoo.addons.crm_prospect_status.hooks import uninstall_hook
        rule = self.env.ref("base.res_partner_rule")
        uninstall_hook(self.env.cr, None)
        self.assertTrue(rule.active)
        self.assertEqual(rule.domain_force, "['|', ('company_ids', 'in', user.company_id.ids),"
                                            " ('company_ids', '=', False)]")
        self.assertFalse(self.env["ir.config_parameter"].sudo().get_param(
            "crm_prospect_status.install_changes"))

    def test_users_partners_stay_visible_to_colleagues_of_other_companies(self):
        self.assertTrue(self.env["res.partner"].sudo(self.user_b).search(
            [("id", "=", self.user_a.partner_id.id)]))

    def test_users_partners_are_changed_by_their_own_companies_only(self):
        colleague = self.user_a.partner_id.sudo(self.user_b)
        self.assertEqual(colleague.read(["email"])[0]["email"], "user_a@example.com")
        for change in (lambda: colleague.write({"email": "x@evil.example.com"}),
                       lambda: colleague.unlink(),
                       lambda: colleague.copy()):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                change()
        self.assertEqual(self.user_a.partner_id.email, "user_a@example.com")
        self.user_a.partner_id.sudo(self.user_a).write({"email": "a@example.com"})
        self.assertEqual(self.user_a.partner_id.email, "a@example.com")
