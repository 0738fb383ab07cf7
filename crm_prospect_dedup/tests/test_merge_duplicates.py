import json

from odoo.exceptions import UserError

from .common import EVERY_KIND, DedupCase


class TestMergeDuplicates(DedupCase):
    """F11, Merge duplicates: Action menu > wizard > Merge. Nothing attached
    to the merged records is lost."""

    @classmethod
    def setUpClass(cls):
        super(TestMergeDuplicates, cls).setUpClass()
        cls.Merge = cls.env["base.partner.merge.automatic.wizard"]

    def prospects(self, count=2, **vals):
        return self.Partner.browse([
            self.create_prospect(**dict({"name": "Acme %d" % i}, **vals)).id for i in range(count)])

    def test_merge_from_the_action_menu_keeps_the_chosen_values(self):
        old = self.create_prospect(name="Acme", email="contact@acme.fr", phone="01 23 45 67 89")
        new = self.create_prospect(name="ACME SAS", email="sales@acme.fr", city="Lyon")
        wizard = self.open_merge_wizard(self.salesperson, new | old)
        self.assertEqual(wizard.partner_ids, old | new)
        self.assertEqual(wizard.dst_partner_id, old, "by default the oldest is kept")
        lines = {line.field_name: line for line in wizard.line_ids}
        self.assertTrue({"name", "email", "phone", "city"} <= set(lines))
        self.assertNotIn("country_id", lines, "same value everywhere: nothing to choose")
        self.assertEqual(lines["email"].chosen_partner_id, old, "the kept record's value first")
        self.assertEqual(lines["city"].chosen_partner_id, new, "else the first value set")
        self.assertIn("sales@acme.fr", lines["email"].values)
        self.assertIn("Acme: (empty)", lines["city"].values)
        self.assertEqual(lines["city"].chosen_value, "Lyon")
        lines["email"].chosen_partner_id = new
        action = wizard.action_merge()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", old.id))
        self.assertEqual((old.name, old.email, old.phone, old.city),
                         ("Acme", "sales@acme.fr", "01 23 45 67 89", "Lyon"))
        self.assertTrue(old.active)
        self.assertFalse(new.active, "the merged record is archived")
        chatter = old.message_ids.filtered(lambda m: "Merged with" in (m.body or ""))
        self.assertEqual(len(chatter), 1)
        self.assertIn("ACME SAS (#%d)" % new.id, chatter.body)
        self.assertEqual(chatter.author_id, self.salesperson.partner_id)

    def test_user_without_email_address_can_merge(self):
        a, b = self.prospects()
        self.salesperson.email = False
        self.open_merge_wizard(self.salesperson, a | b).action_merge()
        self.assertEqual(len((a | b).filtered("active")), 1)
        self.assertTrue((a | b).filtered("active").message_ids.filtered(
            lambda m: "Merged with" in (m.body or "")))

    def test_default_kept_record_has_the_most_activity(self):
        old, busy = self.prospects()
        self.env["crm.lead"].create({"name": "Deal", "partner_id": busy.id})
        wizard = self.open_merge_wizard(self.salesperson, old | busy)
        self.assertEqual(wizard.dst_partner_id, busy)
        wizard.dst_partner_id = old
        wizard.action_merge()
        self.assertTrue(old.active)
        self.assertFalse(busy.active)

    def test_choosing_another_kept_record_makes_its_values_the_defaults(self):
        a = self.create_prospect(name="Acme", email="a@acme.fr")
        b = self.create_prospect(name="Acme Ltd", email="b@acme.fr")
        wizard = self.open_merge_wizard(self.salesperson, a | b)
        wizard.dst_partner_id = b
        wizard._onchange_dst_partner_id()
        email = wizard.line_ids.filtered(lambda line: line.field_name == "email")
        self.assertEqual(email.chosen_partner_id, b)

    def test_merge_moves_one_of_every_kind_of_related_record(self):
        env = self.env
        every = self.create_every_kind_of_reference()
        (kept, merged, other, shared_tag, own_tag, contact, invoice, own_default, merged_default,
         main_company, other_company, lead, message, authored, recipient, notification,
         activity, attachment, project, task, meeting, channel, bank, dismissal) = (
            getattr(every, name) for name in EVERY_KIND)

        before_merged = self.Merge._dedup_count_references(merged.ids)
        before_kept = self.Merge._dedup_count_references(kept.ids)
        wizard = self.open_merge_wizard(self.salesperson, kept | merged)
        self.assertEqual(wizard.dst_partner_id, merged, "the merged record has the most activity")
        wizard.dst_partner_id = kept
        wizard._onchange_dst_partner_id()
        wizard.action_merge()
        env["res.partner"].invalidate_cache()

        self.assertEqual(self.Merge._dedup_count_references(merged.ids), {},
                         "nothing points to the merged record any more")
        self.assertEqual(contact.parent_id, kept)
        self.assertEqual(contact.commercial_partner_id, kept)
        self.assertEqual(contact.display_name, "Acme, Jeanne")
        self.assertEqual(contact.vat, "FR40303265045", "commercial fields follow the new company")
        self.assertEqual(invoice.parent_id, kept)
        self.assertEqual(kept.child_ids, contact | invoice | own_default | merged_default)
        self.assertEqual(kept.child_ids.filtered("is_default_address"), own_default,
                         "one default address: the kept partner's own")
        # (read as superuser: the salesperson does not see the other company)
        # (OCA's company_ids holds res.company.assignment records: compare ids)
        both = (main_company | other_company).ids
        self.assertEqual(kept.sudo().company_ids.ids, both, "company sets united")
        self.assertEqual(kept.sudo().company_shared_ids.ids, both,
                         "and the sharing rule's mirrors follow")
        self.assertFalse(kept.company_single_id)
        self.assertEqual(contact.sudo().company_ids.ids, both,
                         "contacts follow their company's set")
        self.assertEqual(merged.sudo().company_ids.ids, both,
                         "the merged record keeps its own set (who may see it)")
        self.assertEqual(lead.partner_id, kept)
        self.assertEqual((message.model, message.res_id), ("res.partner", kept.id))
        self.assertEqual(authored.author_id, kept)
        self.assertIn(kept, recipient.partner_ids)
        self.assertEqual(notification.res_partner_id, kept)
        self.assertIn(kept, authored.starred_partner_ids)
        self.assertIn(kept, lead.message_partner_ids)
        self.assertEqual(kept.message_partner_ids.filtered(lambda p: p == other), other)
        self.assertEqual(env["mail.followers"].search_count([
            ("res_model", "=", "res.partner"), ("res_id", "=", kept.id),
            ("partner_id", "=", other.id)]), 1)
        self.assertEqual((activity.res_model, activity.res_id), ("res.partner", kept.id))
        self.assertEqual((attachment.res_model, attachment.res_id), ("res.partner", kept.id))
        self.assertEqual(project.partner_id, kept)
        self.assertEqual(task.partner_id, kept)
        self.assertEqual(meeting.partner_ids, kept)
        self.assertIn(kept, channel.channel_partner_ids)
        self.assertEqual(bank.partner_id, kept)
        self.assertEqual(env.ref("__import__.acme_legacy"), kept)
        self.assertEqual(kept.category_id, shared_tag | own_tag, "tags are united")
        self.assertEqual((dismissal.partner_a_id | dismissal.partner_b_id), kept | other)
        # the accounts balance: what pointed to either partner points to the kept
        # one, but for the rows that duplicated one of the kept partner's
        report = json.loads(wizard.merge_report)
        expected = dict(before_kept)
        for key, count in before_merged.items():
            expected[key] = expected.get(key, 0) + count - report.get("%s.%s" % key, [0, 0])[1]
        expected[("mail_message", "res_id")] += 1  # the chatter line naming the merged record
        self.assertEqual(self.Merge._dedup_count_references(kept.ids), expected)
        self.assertEqual(report["mail_followers.res_id"][1], 2,
                         "both followed by the salesperson and by Someone else")
        self.assertEqual(report["res_partner_res_partner_category_rel.partner_id"], [1, 1])

    def test_merge_of_a_duplicate_group_marks_it_merged(self):
        a = self.create_prospect(name="Acme", email="contact@acme.fr")
        b = self.create_prospect(name="Acme SA", email="contact@acme.fr")
        check = self.run_check(partners=a | b)
        group = check.group_ids
        self.assertEqual(group.partner_ids, a | b)
        action = group.sudo(self.salesperson).action_merge()
        wizard = self.env[action["res_model"]].sudo(self.salesperson).with_context(
            **action["context"]).create({})
        self.assertEqual(wizard.group_id, group)
        wizard.action_merge()
        self.assertEqual(group.state, "merged")
        self.assertEqual(len((a | b).filtered("active")), 1)

    def test_more_than_three_partners_with_different_emails_merge_for_a_salesperson(self):
        partners = self.Partner.browse([self.create_prospect(name="Acme", email="%d@acme.fr" % i).id
                                        for i in range(5)])
        wizard = self.open_merge_wizard(self.salesperson, partners)
        wizard.action_merge()
        self.assertEqual(len(partners.filtered("active")), 1)

    # -- refusals: a clear message, and nothing changed ------------------------------

    def assert_refused(self, message, partners, user=None, dst=None, at_open=False):
        partners = partners.sudo()
        lead = self.env["crm.lead"].create({"name": "Deal", "partner_id": partners[-1].id})
        before = {p.id: (p.active, p.parent_id.id, p.name) for p in partners}
        with self.assertRaisesRegex(UserError, message), self.env.cr.savepoint():
            wizard = self.open_merge_wizard(user or self.salesperson, partners)
            if dst:
                wizard.dst_partner_id = dst
            wizard.action_merge()
        self.env["res.partner"].invalidate_cache()
        self.assertEqual({p.id: (p.active, p.parent_id.id, p.name) for p in partners}, before)
        self.assertEqual(lead.partner_id, partners[-1])

    def test_company_with_person_is_refused(self):
        company = self.create_prospect(name="Acme")
        person = self.create_prospect(name="Acme", is_company=False)
        self.assert_refused("A company cannot be merged with a person", company | person)

    def test_group_of_one_is_refused(self):
        self.assert_refused("a group of one cannot be merged", self.create_prospect(name="Acme"))

    def test_partner_into_its_own_child_is_refused(self):
        parent = self.create_prospect(name="Acme", is_company=False)
        child = self.env["res.partner"].create({"name": "Acme", "parent_id": parent.id})
        self.assert_refused("cannot be merged with its own parent or into its own child",
                            parent | child, dst=child)

    def test_records_the_user_cannot_see_are_refused(self):
        self.env.ref("base.res_partner_rule").active = True
        other_company = self.env["res.company"].create({"name": "Hidden company"})
        visible = self.create_prospect(name="Acme")
        hidden = self.env["res.partner"].create({"name": "Acme", "is_company": True,
                                                 "company_id": other_company.id})
        self.assert_refused("cannot merge records that you cannot see", visible | hidden)

    def test_records_hidden_after_opening_the_wizard_are_refused(self):
        a, b = self.prospects()
        wizard = self.open_merge_wizard(self.salesperson, a | b)
        self.env.ref("base.res_partner_rule").active = True
        b.company_id = self.env["res.company"].create({"name": "Hidden company"})
        with self.assertRaisesRegex(UserError, "cannot see"), self.env.cr.savepoint():
            wizard.action_merge()
        self.assertTrue(a.active and b.active)

    def test_partner_of_a_user_cannot_be_merged_away(self):
        prospect = self.create_prospect(name="Sally Seller", is_company=False)
        self.assert_refused("is the contact of the user", prospect | self.salesperson.partner_id,
                            user=self.manager, dst=prospect)

    def test_dst_outside_the_group_is_refused(self):
        a, b = self.prospects()
        self.assert_refused("must be one of the records merged", a | b,
                            dst=self.create_prospect(name="Elsewhere"))
