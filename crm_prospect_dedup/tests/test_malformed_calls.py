from odoo.exceptions import UserError, ValidationError

from .security_common import TwoCompaniesCase

REFUSED = (UserError, ValidationError)


class TestMalformedCalls(TwoCompaniesCase):
    """Review findings 9 and 11: malformed calls get a message, not a traceback."""

    def test_malformed_domains_of_find_duplicate_groups_are_refused(self):
        partners = self.env["res.partner"].sudo(self.salesperson)
        for domain in ([("id",)], [[[[[]]]]]):
            with self.assertRaises(REFUSED, msg=repr(domain)):
                partners.find_duplicate_groups(domain)

    def test_actions_on_no_record_or_two_are_refused_with_a_message(self):
        env = self.env(user=self.bob)
        checks = env["crm.prospect.dedup.check"]
        two_checks = checks.create({"domain": "[]"}) | checks.create({"domain": "[]"})
        two_groups = (self.group_of(self.bob, self.b_one | self.b_two)
                      | self.group_of(self.bob, self.b_one | self.b_two)).sudo(self.bob)
        two_merges = (self.merge_wizard(self.bob, self.b_one | self.b_two)
                      | self.merge_wizard(self.bob, self.b_one | self.b_two))
        check_wizards = env["crm.prospect.dedup.check.wizard"]
        two_check_wizards = (check_wizards.create({"selection": "domain"})
                             | check_wizards.create({"selection": "domain"}))
        configs = self.env["crm.prospect.dedup.config.wizard"].sudo(self.manager)
        two_configs = configs.create({}) | configs.create({})
        for records, method in ((two_groups, "action_merge"), (two_checks, "action_view_groups"),
                                (two_merges, "action_merge"), (two_check_wizards, "action_check"),
                                (two_configs, "action_save")):
            for wrong in (records.browse(), records):
                with self.assertRaisesRegex(UserError, "exactly one", msg=method):
                    getattr(wrong, method)()

    def test_merge_line_of_an_unknown_or_technical_field_is_refused(self):
        wizard = self.merge_wizard(self.bob, self.b_one | self.b_two)
        for name in ("no_such_field", "id", "company_ids"):
            with self.assertRaises(REFUSED, msg=name):
                self.env["crm.prospect.dedup.merge.line"].sudo(self.bob).create({
                    "wizard_id": wizard.id, "field_name": name,
                    "chosen_partner_id": self.b_two.id})

    def test_malformed_context_of_the_wizards_is_refused(self):
        merges = self.env["crm.prospect.dedup.merge.wizard"].sudo(self.bob)
        for ids in ("abc", [{"a": 1}], [1.5]):
            with self.assertRaises(UserError, msg=repr(ids)):
                merges.with_context(active_model="res.partner", active_ids=ids).create({})
        checks = self.env["crm.prospect.dedup.check.wizard"].sudo(self.bob)
        for domain in (42, "abc", [("id",)]):
            with self.assertRaises(UserError, msg=repr(domain)):
                checks.with_context(active_model="res.partner", active_ids=[],
                                    active_domain=domain).create({})

    def test_a_check_domain_is_a_literal_list_stored_normalised(self):
        checks = self.env["crm.prospect.dedup.check"].sudo(self.bob)
        for domain in ("[('id','=',1)]*2000", "[('id', '=', 1)] + []", "42", "[('id',)]",
                       repr([("id", "=", 1)] * 2000), repr([("id", "in", [1] * 100000)])):
            with self.assertRaises(REFUSED, msg=domain[:40]):
                checks.create({"domain": domain})
        check = checks.create({"domain": "[ ('name','ilike','x') ]"})
        self.assertEqual(check.domain, "[('name', 'ilike', 'x')]")
