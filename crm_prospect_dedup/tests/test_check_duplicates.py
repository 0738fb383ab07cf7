import subprocess
from unittest.mock import patch

from odoo.exceptions import UserError

from odoo.addons.crm_prospect_status.tests.common import SALESPERSON, create_user

from ..models.crm_prospect_dedup_rule import DEFAULT_THRESHOLD
from ..matching.child_process import ChildProcess
from ..matching.scoring_process import scorer_count
from ..models import duplicate_finder
from ..models.duplicate_finder import DuplicateFinder
from .common import DedupCase

POPEN = "odoo.addons.crm_prospect_dedup.matching.child_process.subprocess.Popen"
SLEEP = "odoo.addons.crm_prospect_dedup.models.crm_prospect_dedup_check.time.sleep"


class TestCheckDuplicates(DedupCase):
    """F11, Check duplicates: Action menu > wizard > check > groups to review."""

    @classmethod
    def setUpClass(cls):
        super(TestCheckDuplicates, cls).setUpClass()
        create = cls.env["res.partner"].sudo(cls.salesperson).with_context(
            default_is_prospect=True, default_is_company=True).create
        fr = cls.env.ref("base.fr").id
        cls.acme = create({"name": "Acme SARL", "email": "contact@acme.fr", "country_id": fr,
                           "phone": "01 23 45 67 89", "city": "Lyon"})
        cls.acme_dup = create({"name": "ACME", "email": "Contact@Acme.FR", "country_id": fr,
                               "phone": "+33 1 23 45 67 89"})
        cls.zenith = create({"name": "Zénith Industries SA", "vat": "FR 40 303 265 045",
                             "country_id": fr, "website": "https://www.zenith.fr/contact"})
        cls.zenith_dup = create({"name": "Industries Zenith", "vat": "FR40303265045",
                                 "country_id": fr, "website": "zenith.fr"})
        cls.other = create({"name": "Boulangerie Martin", "email": "martin@boulangerie.fr",
                            "country_id": fr, "city": "Paris"})

    def test_action_menu_of_partner_lists_has_check_and_merge_duplicates(self):
        model = self.env.ref("base.model_res_partner")
        check = self.env.ref("crm_prospect_dedup.crm_prospect_dedup_check_wizard_action")
        merge = self.env.ref("crm_prospect_dedup.crm_prospect_dedup_merge_wizard_action")
        for action in (check, merge):
            self.assertEqual(action.binding_model_id, model)
            self.assertEqual(action.binding_type, "action")
            self.assertEqual(action.target, "new")
        bound = self.env["ir.actions.actions"].get_bindings("res.partner")["action"]
        self.assertIn(check.id, [a["id"] for a in bound])
        self.assertIn(merge.id, [a["id"] for a in bound])

    def test_check_of_current_filter_finds_groups_with_score_and_reasons(self):
        check = self.run_check(partners=self.acme, domain=self.prospect_domain)
        self.assertEqual(check.state, "done")
        groups = {tuple(sorted(g.partner_ids.ids)): g for g in check.group_ids}
        acme = groups[tuple(sorted((self.acme | self.acme_dup).ids))]
        zenith = groups[tuple(sorted((self.zenith | self.zenith_dup).ids))]
        self.assertEqual(len(groups), 2, "Boulangerie Martin has no duplicate")
        self.assertIn("same E-mail (+", acme.reason_text)
        self.assertIn("same Phone or mobile (+", acme.reason_text)
        self.assertIn("same Company name (+", acme.reason_text)
        self.assertIn("same VAT number (+", zenith.reason_text)
        self.assertIn("same Website domain (+", zenith.reason_text)
        self.assertEqual(check.threshold, DEFAULT_THRESHOLD)
        for group in (acme, zenith):
            self.assertTrue(check.threshold <= group.score <= 1.0)
            self.assertEqual(group.state, "open")
        self.assertEqual(check.open_group_count, 2)

    def test_each_check_counts_its_own_groups_and_those_to_review(self):
        first = self.run_check(partners=self.acme, domain=self.prospect_domain)
        second = self.run_check(partners=self.acme, domain=self.prospect_domain)
        dismissed = first.group_ids[0]
        dismissed.sudo(self.salesperson).action_dismiss()
        checks = (first | second).sudo(self.salesperson)
        checks.invalidate_cache()
        self.assertEqual([(c.group_count, c.open_group_count) for c in checks],
                         [(2, 1), (2, 2)])
        self.assertEqual(self.env["crm.prospect.dedup.check"].new({}).group_count, 0)

    def test_partners_deleted_while_the_check_ran_are_left_out_of_its_groups(self):
        """A check over a large database saves its groups a minute after it
        read the partners: one deleted meanwhile is left out, and a group
        left with a single partner is not proposed."""
        check = self.run_check(partners=self.acme, domain=self.prospect_domain)
        gone_1, gone_2 = self.create_prospect(name="Acme"), self.create_prospect(name="Zenith")
        found = [
            {"partner_ids": (self.acme | self.acme_dup | gone_1).ids, "score": 0.999,
             "reasons": [("email", "exact", 16.6)]},
            {"partner_ids": (self.zenith | gone_2).ids, "score": 0.995,
             "reasons": [("company_name", "exact", 14.0)]},
        ]
        check.group_ids.sudo().unlink()
        (gone_1 | gone_2).sudo().unlink()  # by an administrator, meanwhile
        with patch(SLEEP) as sleep:
            check._save_groups(found)
        sleep.assert_not_called()  # (saved at the first try, without waiting)
        self.assertEqual([(g.partner_ids, g.partner_count) for g in check.group_ids],
                         [(self.acme | self.acme_dup, 2)])
        self.assertEqual(check.group_ids.reason_text, "same E-mail (+16.6)")

    def test_background_checks_score_in_a_child_process_finding_the_same_groups(self):
        def groups(**options):
            return DuplicateFinder(self.env, self.prospect_domain, **options).run()
        in_the_server = groups()
        self.assertEqual(len(in_the_server), 2)
        self.assertEqual(groups(isolated=True), in_the_server)
        # a server that cannot start a process any more scores in the server
        with patch(POPEN, side_effect=OSError("Resource temporarily unavailable")) as popen:
            self.assertEqual(groups(isolated=True), in_the_server)
        popen.assert_called_once()

    def test_background_checks_of_many_pairs_score_in_a_process_per_core(self):
        def groups(**options):
            return DuplicateFinder(self.env, self.prospect_domain, **options).run()
        in_the_server = groups()
        copies, fork = [], ChildProcess.fork

        def counted_fork(child):
            made = fork(child)
            copies.extend(made)
            return made
        with patch.object(duplicate_finder, "POOL_PAIRS", 0), \
                patch(POPEN, wraps=subprocess.Popen) as popen, \
                patch.object(ChildProcess, "fork", autospec=True, side_effect=counted_fork):
            self.assertEqual(groups(isolated=True), in_the_server)
        # one process started, the others forked from it once it has the partners
        self.assertEqual((popen.call_count, popen.call_count + len(copies)),
                         (1, scorer_count()))

    def test_check_reports_its_progress_and_counts(self):
        check = self.run_check(partners=self.acme, domain=self.prospect_domain)
        prospects = self.Partner.search_count(self.prospect_domain)
        self.assertEqual((check.progress, check.step), (100.0, "done"))
        self.assertEqual(check.partners_done, prospects)
        self.assertEqual(check.partner_count, prospects)
        self.assertGreaterEqual(check.pair_count, 2)
        self.assertTrue(check.date_start and check.date_end)
        self.assertEqual(check.user_id, self.salesperson)

    def test_check_of_selected_records_looks_among_them_only(self):
        selected = self.acme | self.acme_dup | self.zenith
        wizard = self.open_check_wizard(self.salesperson, selected)
        self.assertEqual(wizard.selection, "selected")
        self.assertEqual(wizard.selected_count, 3)
        check = self.env["crm.prospect.dedup.check"].sudo(self.salesperson).browse(
            wizard.action_check()["res_id"])
        self.assertEqual(self.groups_of(check), [sorted((self.acme | self.acme_dup).ids)])

    def test_check_against_every_contact_finds_duplicates_outside_the_filter(self):
        customer = self.env["res.partner"].create({
            "name": "Boulangerie Martin", "email": "MARTIN@boulangerie.fr", "is_company": True,
            "customer": True, "country_id": self.france.id})
        check = self.run_check(partners=self.other, scope="all")
        self.assertIn(sorted((self.other | customer).ids), self.groups_of(check))
        among = self.run_check(partners=self.other)
        self.assertNotIn(sorted((self.other | customer).ids), self.groups_of(among))

    def test_dismissed_group_is_remembered_and_not_proposed_again(self):
        check = self.run_check(partners=self.acme)
        group = check.group_ids.filtered(lambda g: self.acme in g.partner_ids)
        group.sudo(self.salesperson).action_dismiss()
        self.assertEqual(group.state, "dismissed")
        again = self.run_check(partners=self.acme)
        self.assertNotIn(sorted((self.acme | self.acme_dup).ids), self.groups_of(again))
        self.assertIn(sorted((self.zenith | self.zenith_dup).ids), self.groups_of(again))
        group.sudo(self.salesperson).action_reopen()
        third = self.run_check(partners=self.acme)
        self.assertIn(sorted((self.acme | self.acme_dup).ids), self.groups_of(third))

    def test_company_is_not_matched_with_person_nor_contact_with_its_parent(self):
        person = self.create_prospect(name="Acme", email="contact@acme.fr", is_company=False)
        contact = self.env["res.partner"].sudo(self.salesperson).create({
            "name": "Acme", "email": "contact@acme.fr", "parent_id": self.acme.id,
            "is_company": False})
        check = self.run_check(partners=self.acme, domain=[])
        for ids in self.groups_of(check):
            self.assertFalse({self.acme.id, self.acme_dup.id} & set(ids) and person.id in ids)
            self.assertFalse(self.acme.id in ids and contact.id in ids)

    def test_check_of_one_selected_record_among_themselves_is_refused(self):
        checks = self.env["crm.prospect.dedup.check"].search_count([])
        wizard = self.open_check_wizard(self.salesperson, self.acme)
        wizard.selection = "selected"
        with self.assertRaisesRegex(UserError, "at least two records"):
            wizard.action_check()
        self.assertEqual(self.env["crm.prospect.dedup.check"].search_count([]), checks)

    def test_invalid_threshold_is_refused(self):
        checks = self.env["crm.prospect.dedup.check"].search_count([])
        wizard = self.open_check_wizard(self.salesperson, self.acme | self.acme_dup)
        wizard.threshold = 1.5
        with self.assertRaisesRegex(UserError, "threshold must be a number above 0 and at most 1"):
            wizard.action_check()
        self.assertEqual(self.env["crm.prospect.dedup.check"].search_count([]), checks)

    def test_invalid_filter_is_refused(self):
        checks = self.env["crm.prospect.dedup.check"].search_count([])
        wizard = self.open_check_wizard(self.salesperson, self.acme,
                                        domain=[("no_such_field", "=", 1)])
        wizard.selection = "domain"
        with self.assertRaisesRegex(UserError, "is not valid"):
            wizard.action_check()
        self.assertEqual(self.env["crm.prospect.dedup.check"].search_count([]), checks)

    def test_salesperson_sees_own_checks_only(self):
        mine = self.run_check(partners=self.acme)
        other = create_user(self.env, "Other Seller", "dedup_other", [SALESPERSON])
        theirs = self.run_check(user=other, partners=self.acme)
        visible = self.env["crm.prospect.dedup.check"].sudo(self.salesperson).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)
        self.assertIn(theirs, self.env["crm.prospect.dedup.check"].sudo(self.manager).search([]))

    def test_check_skips_partners_hidden_by_record_rules(self):
        self.env.ref("base.res_partner_rule").active = True
        other_company = self.env["res.company"].create({"name": "Other company"})
        hidden = self.env["res.partner"].create({
            "name": "Acme", "email": "contact@acme.fr", "is_company": True, "is_prospect": True,
            "company_id": other_company.id})
        check = self.run_check()  # every prospect of the list, the hidden one too without rules
        self.assertTrue(check.group_ids)
        # (as stored, not only as the salesperson reads the groups)
        self.assertNotIn(hidden, check.sudo().mapped("group_ids.partner_ids"))
