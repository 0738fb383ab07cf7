from odoo.addons.crm_prospect_status.tests.common import SALESPERSON, create_user

from .common import DedupCase


class TwoCompaniesCase(DedupCase):
    """Company A (the main one) with Sally, company B with Bob, and partners
    of A only, of B only, of both and of no company in particular."""

    @classmethod
    def setUpClass(cls):
        super(TwoCompaniesCase, cls).setUpClass()
        cls.company_a = cls.env.ref("base.main_company")
        cls.company_b = cls.env["res.company"].create({"name": "Company Bravo"})
        cls.bob = create_user(cls.env, "Bob Bravo", "dedup_bob", [SALESPERSON],
                              company_id=cls.company_b.id,
                              company_ids=[(6, 0, cls.company_b.ids)])
        cls.both_user = create_user(cls.env, "Ann Both", "dedup_ann", [SALESPERSON],
                                    company_id=cls.company_b.id,
                                    company_ids=[(6, 0, (cls.company_a | cls.company_b).ids)])
        cls.a_only = cls.company_partner("Alpha Only", cls.company_a)
        cls.a_only2 = cls.company_partner("Alpha Only Bis", cls.company_a)
        cls.b_one = cls.company_partner("Bravo One", cls.company_b)
        cls.b_two = cls.company_partner("Bravo Two", cls.company_b)
        cls.a_and_b = cls.company_partner("Shared AB", cls.company_a | cls.company_b)
        cls.everyone = cls.company_partner("Everyone One", cls.env["res.company"])
        cls.everyone2 = cls.company_partner("Everyone Two", cls.env["res.company"])

    @classmethod
    def company_partner(cls, name, companies):
        return cls.env["res.partner"].create({
            "name": name, "is_company": True, "is_prospect": True,
            "email": "%s@example.com" % name.lower().replace(" ", "."),
            "company_ids": [(6, 0, companies.ids)]})

    def merge_wizard(self, user, partners, **vals):
        """The merge wizard created over RPC, as USER, with PARTNERS."""
        return self.env["crm.prospect.dedup.merge.wizard"].sudo(user).create(dict({
            "partner_ids": [(6, 0, partners.ids)], "dst_partner_id": partners[:1].id}, **vals))

    def group_of(self, user, partners):
        """An open duplicate group of a check of USER, of PARTNERS."""
        check = self.env["crm.prospect.dedup.check"].sudo(user).create({"domain": "[]"})
        return self.env["crm.prospect.dedup.group"].create({
            "check_id": check.id, "company_id": user.company_id.id,
            "partner_ids": [(6, 0, partners.ids)], "partner_count": len(partners)})
