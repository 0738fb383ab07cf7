"""The incremental check (partners changed since the last one against every
partner the user can see) and the nightly job that runs it per company and
gives that company's CRM managers an activity."""
from odoo.exceptions import AccessError

from .prevention_common import PreventionCase


class TestIncrementalCheck(PreventionCase):

    @classmethod
    def setUpClass(cls):
        super(TestIncrementalCheck, cls).setUpClass()
        create = cls.env["res.partner"].create
        fr = cls.env.ref("base.fr").id

        def prospect(name, email, companies, **vals):
            return create(dict({"name": name, "email": email, "is_company": True,
                                "is_prospect": True, "country_id": fr,
                                "company_ids": [(6, 0, companies.ids)]}, **vals))

        # yesterday's pair, already known, and an old partner of company A
        cls.old_one = prospect("Menuiserie Garnier", "garnier@menuiserie.fr", cls.company_a,
                               phone="01 40 00 00 01")
        cls.old_two = prospect("Menuiseries Garnier SARL", "garnier@menuiserie.fr",
                               cls.company_a, phone="+33 1 40 00 00 01")
        cls.old_zola = prospect("Librairie Zola", "contact@librairie-zola.fr", cls.company_a,
                                phone="01 50 00 00 02", vat="FR40303265045")
        # the same firm in company B, which Sally and A's managers must not see
        cls.b_zola = prospect("Librairie Zola", "contact@librairie-zola.fr", cls.company_b,
                              phone="01 50 00 00 02", vat="FR40303265045")
        # every partner so far was last changed three days ago
        cls.env.cr.execute("UPDATE res_partner SET write_date = "
                           "(now() at time zone 'UTC') - interval '3 days'")
        cls.env["res.partner"].invalidate_cache()
        cls.Check = cls.env["crm.prospect.dedup.check"]

    def last_night(self, check):
        """CHECK ran last night: changes since then are the new ones."""
        self.env.cr.execute("UPDATE crm_prospect_dedup_check SET date_start = "
                            "(now() at time zone 'UTC') - interval '1 day' WHERE id = %s",
                            (check.id,))
        check.invalidate_cache()

    def start(self, user):
        checks = self.Check.sudo(user).with_context(dedup_run_inline=True)
        return checks.browse(checks.start_incremental())

    def test_the_first_check_takes_every_prospect_the_next_only_the_changed(self):
        first = self.start(self.salesperson)
        self.assertTrue(first.incremental)
        self.assertFalse(first.since)
        self.assertIn(sorted((self.old_one | self.old_two).ids), self.groups_of(first))
        self.last_night(first)
        new_zola = self.create_prospect(name="Librairie Zola SA", phone="+33 1 50 00 00 02",
                                        email="Contact@Librairie-Zola.fr")
        second = self.start(self.salesperson)
        self.assertTrue(second.since)
        self.assertEqual(second.state, "done")
        self.assertEqual(self.groups_of(second), [sorted((self.old_zola | new_zola).ids)],
                         "the changed partner against every partner Sally sees, and only it")

    def test_a_client_sets_neither_the_mode_nor_its_start(self):
        check = self.Check.sudo(self.salesperson).create(
            {"domain": "[]", "incremental": True, "since": "2020-01-01 00:00:00"})
        self.assertFalse(check.incremental)
        self.assertFalse(check.since)
        with self.assertRaises(AccessError):
            check.write({"incremental": True})

    def test_the_nightly_job_is_off_by_default_and_switched_on_in_the_settings(self):
        self.assertFalse(self.settings_shown().prospect_dedup_nightly)
        before = self.Check.search_count([])
        self.Check._cron_nightly_check()
        self.assertEqual(self.Check.search_count([]), before, "off: nothing runs")
        self.set_settings(prospect_dedup_nightly=True)
        self.assertTrue(self.settings_shown().prospect_dedup_nightly)

    def test_each_company_managers_hear_of_their_own_groups_only(self):
        self.set_settings(prospect_dedup_nightly=True)
        self.Check._cron_nightly_check()
        checks = self.Check.search([("incremental", "=", True)])
        check_a = checks.filtered(lambda c: c.company_id == self.company_a)
        check_b = checks.filtered(lambda c: c.company_id == self.company_b)
        self.assertEqual(len(check_a), 1)
        self.assertNotEqual(check_a.user_id.id, 1, "never as the superuser")
        members_a = set(check_a.group_ids.mapped("partner_ids").ids)
        self.assertIn(self.old_one.id, members_a)
        self.assertNotIn(self.b_zola.id, members_a)
        activities = self.env["mail.activity"].search([
            ("res_model", "=", "crm.prospect.dedup.check"), ("res_id", "in", checks.ids)])
        on_a = activities.filtered(lambda a: a.res_id == check_a.id)
        self.assertIn(self.manager, on_a.mapped("user_id"))
        self.assertNotIn(self.manager_b, on_a.mapped("user_id"))
        self.assertIn("/web#id=%d&amp;model=crm.prospect.dedup.check" % check_a.id,
                      on_a[0].note)
        for activity in activities.filtered(lambda a: a.user_id == self.manager_b):
            self.assertEqual(activity.res_id, check_b.id)
            self.assertNotIn(self.old_one, check_b.group_ids.mapped("partner_ids"))
        # the activity leads the manager to groups they may open
        groups = check_a.sudo(self.manager).action_view_groups()
        self.assertTrue(self.env["crm.prospect.dedup.group"].sudo(self.manager).search(
            groups["domain"]))

    def test_nothing_new_no_activity(self):
        self.set_settings(prospect_dedup_nightly=True)
        self.Check._cron_nightly_check()
        for check in self.Check.search([("incremental", "=", True)]):
            self.last_night(check)
        count = self.env["mail.activity"].search_count([])
        self.Check._cron_nightly_check()
        self.assertEqual(self.env["mail.activity"].search_count([]), count)

    def test_the_check_wizard_checks_the_changed_records_of_the_filter(self):
        wizard = self.open_check_wizard(self.salesperson, domain=self.prospect_domain)
        wizard.write({"selection": "domain", "scope": "changed"})
        action = wizard.action_check()
        check = self.Check.sudo(self.salesperson).browse(action["res_id"])
        self.assertTrue(check.incremental)
        self.assertEqual(check.scope, "all")
        self.assertIn(sorted((self.old_one | self.old_two).ids), self.groups_of(check))

    def test_groups_already_open_or_dismissed_are_not_reported_again(self):
        first = self.start(self.salesperson)
        known = first.group_ids.filtered(
            lambda group: group.partner_ids == self.old_one | self.old_two)
        self.assertTrue(known)
        self.last_night(first)
        self.old_one.write({"comment": "called again"})
        second = self.start(self.salesperson)
        self.assertEqual(second.state, "done")
        self.assertEqual(self.groups_of(second), [], "the open group is not reported again")
        # a third partner joining it is news
        third_one = self.create_prospect(name="Menuiserie Garnier", phone="01 40 00 00 01",
                                         email="garnier@menuiserie.fr")
        self.last_night(second)
        third = self.start(self.salesperson)
        self.assertEqual(self.groups_of(third),
                         [sorted((self.old_one | self.old_two | third_one).ids)])
        # "not duplicates": never again, even when both are changed
        third.group_ids.sudo(self.salesperson).action_dismiss()
        self.last_night(third)
        (self.old_one | self.old_two | third_one).write({"comment": "checked"})
        self.assertEqual(self.groups_of(self.start(self.salesperson)), [])

    def test_the_managers_activity_counts_the_new_groups_only(self):
        self.set_settings(prospect_dedup_nightly=True)
        self.Check._cron_nightly_check()
        for check in self.Check.search([("incremental", "=", True)]):
            self.last_night(check)
        self.old_one.write({"comment": "called again"})
        new_zola = self.create_prospect(name="Librairie Zola SA", phone="+33 1 50 00 00 02",
                                        email="Contact@Librairie-Zola.fr")
        before = self.env["mail.activity"].search([])
        self.Check._cron_nightly_check()
        check_a = self.Check.search([("incremental", "=", True),
                                     ("company_id", "=", self.company_a.id)], limit=1)
        self.assertEqual(self.groups_of(check_a), [sorted((self.old_zola | new_zola).ids)])
        activity = self.env["mail.activity"].search(
            [("id", "not in", before.ids), ("user_id", "=", self.manager.id)])
        self.assertEqual(activity.res_id, check_a.id)
        self.assertEqual(activity.summary, "1 new groups of likely duplicates")

    def test_names_and_cities_are_recounted_once_a_week(self):
        from ..models.value_counts import COUNTED_PARAM
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(COUNTED_PARAM, "2020-01-01 00:00:00")
        self.start(self.salesperson)
        self.assertGreater(params.get_param(COUNTED_PARAM), "2026-01-01")
        self.env.cr.execute("SELECT n FROM crm_prospect_dedup_value_count "
                            "WHERE key = 'dedup_name_key' AND value = %s",
                            (self.old_zola.dedup_name_key,))
        self.assertEqual(self.env.cr.fetchall(), [(2,)], "Zola of A and of B")
        counted = params.get_param(COUNTED_PARAM)
        self.start(self.salesperson)
        self.assertEqual(params.get_param(COUNTED_PARAM), counted, "not again within the week")
