from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import DedupCase
from .merge_snapshot import partner_family, reference_snapshot
from .security_common import TwoCompaniesCase


class MergeUndoCase(DedupCase):
    """Merges made through the wizard, and their journal."""

    @classmethod
    def setUpClass(cls):
        super(MergeUndoCase, cls).setUpClass()
        cls.Journal = cls.env["crm.prospect.dedup.merge.journal"]

    def merge(self, kept, *merged, user=None, **chosen):
        """Merge MERGED into KEPT through the wizard as USER (the salesperson),
        taking the values of CHOSEN (field name -> partner); returns the journal."""
        user = user or self.salesperson
        wizard = self.open_merge_wizard(user, kept.union(*merged))
        wizard.dst_partner_id = kept
        wizard._onchange_dst_partner_id()
        for line in wizard.line_ids:
            line.chosen_partner_id = chosen.get(line.field_name, kept)
        wizard.action_merge()
        return self.Journal.sudo(user).search([("kept_partner_id", "=", kept.id)], limit=1)

    def last_message_id(self):
        self.env.cr.execute("SELECT max(id) FROM mail_message")
        return self.env.cr.fetchone()[0]

    def assert_same_rows(self, before, after):
        for table in sorted(set(before) | set(after)):
            self.assertEqual(before.get(table), after.get(table), "rows of %s differ" % table)


class TestMergeUndoLossless(MergeUndoCase):
    """Issue 14: the lossless-merge fixture merged, then undone: every row
    that points to either partner is as it was."""

    def test_undo_gives_back_every_row_referencing_either_partner(self):
        every = self.create_every_kind_of_reference()
        family = partner_family(self.env, (every.kept | every.merged).ids)
        before = reference_snapshot(self.env, family)
        journal = self.merge(every.kept, every.merged, name=every.merged)
        self.assertEqual(journal.merged_partner_ids, every.merged)
        self.assertEqual(journal.user_id, self.salesperson)
        self.assertEqual(journal.state, "done")
        dropped = journal.line_ids.filtered(lambda line: line.kind == "dropped")
        self.assertIn("mail_followers", dropped.mapped("table_name"),
                      "the followers both partners had are recorded with their whole row")
        kept_row = journal.line_ids.filtered(
            lambda line: line.table_name == "res_partner" and line.row_id == every.kept.id)
        self.assertIn('"name": "Acme"', kept_row.old_values, "the value the merge overwrote")
        chatter = every.kept.message_ids.filtered(lambda m: "Merged with" in (m.body or ""))
        self.assertIn('data-oe-id="%d"' % journal.id, chatter.body, "the merge links its journal")
        self.assertNotEqual(reference_snapshot(self.env, family), before)

        last = self.last_message_id()
        journal.action_undo()
        self.env["res.partner"].invalidate_cache()
        self.assert_same_rows(before, reference_snapshot(self.env, family, last))
        self.assertEqual(journal.state, "undone")
        self.assertEqual(journal.undo_user_id, self.salesperson)
        self.assertTrue(every.merged.active)
        self.assertEqual(every.lead.partner_id, every.merged)
        for partner in every.kept | every.merged:
            self.assertTrue(partner.message_ids.filtered(lambda m: "was undone" in (m.body or "")),
                            "a chatter line on every partner concerned")



class TestMergeUndo(MergeUndoCase, TwoCompaniesCase):
    """Issue 14: undo is refused in words, and changes nothing, when it
    cannot give back what the merge took or the user could not have made it."""

    def test_journal_is_shown_on_the_kept_partner(self):
        a = self.create_prospect(name="Acme")
        b = self.create_prospect(name="Acme SA")
        journal = self.merge(a, b)
        kept = a.sudo(self.salesperson)
        self.assertEqual(kept.dedup_merge_count, 1)
        action = kept.action_open_dedup_merges()
        self.assertEqual(self.Journal.sudo(self.salesperson).search(action["domain"]), journal)
        self.assertEqual(journal.moved_count, len(journal.line_ids) - journal.dropped_count)

    def test_undo_is_refused_after_a_moved_row_moved_again(self):
        a = self.create_prospect(name="Acme")
        b = self.create_prospect(name="Acme SA")
        c = self.create_prospect(name="Someone else")
        lead = self.env["crm.lead"].create({"name": "Deal", "partner_id": b.id})
        journal = self.merge(a, b)
        self.assertEqual(lead.partner_id, a)
        lead.partner_id = c
        with self.assertRaisesRegex(UserError, "#%d" % lead.id):
            journal.action_undo()
        self.assertFalse(b.active, "nothing changed")
        self.assertEqual(journal.state, "done")
        journal.action_undo_keep_changed()
        self.assertTrue(b.active)
        self.assertEqual(lead.partner_id, c, "the row changed since stays as it is")
        self.assertIn("#%d" % lead.id, journal.undo_note)

    def test_undo_is_refused_while_a_later_merge_involves_the_same_partners(self):
        a = self.create_prospect(name="Acme")
        b = self.create_prospect(name="Acme SA")
        c = self.create_prospect(name="Acme SARL")
        first = self.merge(a, b)
        second = self.Journal.browse(self.merge(a, c).id)
        self.assertNotEqual(first, second)
        with self.assertRaisesRegex(UserError, "Undo the later one first"):
            first.action_undo()
        self.assertFalse(b.active)
        second.action_undo()
        first.action_undo()
        self.assertTrue((a | b | c).mapped("active") == [True] * 3)

    def test_undo_is_refused_when_a_merged_partner_was_deleted(self):
        a = self.create_prospect(name="Acme")
        b = self.create_prospect(name="Acme SA")
        journal = self.merge(a, b)
        b.sudo().unlink()
        with self.assertRaisesRegex(UserError, "deleted"):
            journal.action_undo()
        self.assertEqual(journal.state, "done")

    def test_a_user_of_another_company_can_neither_read_nor_undo(self):
        journal = self.merge(self.a_only, self.a_only2)
        self.assertFalse(self.Journal.sudo(self.bob).search([("id", "=", journal.id)]))
        with self.assertRaises(AccessError):
            journal.sudo(self.bob).action_undo()
        self.assertEqual(journal.state, "done")
        self.assertFalse(self.a_only2.active)

    def test_a_user_who_could_not_have_made_the_merge_cannot_undo_it(self):
        journal = self.merge(self.b_one, self.a_and_b, user=self.both_user)
        self.assertEqual(self.Journal.sudo(self.bob).search([]), journal,
                         "Bob reads it: company B saw both partners")
        with self.assertRaisesRegex(UserError, self.company_a.name):
            journal.sudo(self.bob).action_undo()
        self.assertFalse(self.a_and_b.active)
        journal.sudo(self.both_user).action_undo()
        self.assertTrue(self.a_and_b.active)
        self.assertEqual(self.b_one.company_ids.ids, self.company_b.ids)

    def test_undoing_twice_or_several_at_once_is_refused(self):
        a = self.create_prospect(name="Acme")
        b = self.create_prospect(name="Acme SA")
        c = self.create_prospect(name="Other")
        d = self.create_prospect(name="Other SA")
        first = self.merge(a, b)
        second = self.merge(c, d)
        with self.assertRaisesRegex(UserError, "exactly one"):
            (first | second).action_undo()
        self.assertFalse(b.active)
        first.action_undo()
        with self.assertRaisesRegex(UserError, "already undone"):
            first.action_undo()
        with self.assertRaises(UserError):
            self.Journal.sudo(self.salesperson).browse().action_undo()

    def test_clients_cannot_write_the_journal(self):
        journal = self.merge(self.create_prospect(name="Acme"), self.create_prospect(name="X"))
        for user in (self.salesperson, self.manager):
            with self.assertRaises(AccessError):
                journal.sudo(user).write({"state": "undone"})
            with self.assertRaises(AccessError):
                journal.sudo(user).unlink()
            with self.assertRaises(AccessError):
                self.Journal.sudo(user).create({"name": "forged"})

    def test_undo_reopens_the_duplicate_group(self):
        a = self.create_prospect(name="Acme", email="contact@acme.fr")
        b = self.create_prospect(name="Acme SA", email="contact@acme.fr")
        group = self.group_of(self.salesperson, a | b)
        wizard = self.env["crm.prospect.dedup.merge.wizard"].sudo(self.salesperson).with_context(
            active_model="res.partner", active_ids=(a | b).ids, dedup_group_id=group.id).create({})
        wizard.dst_partner_id = a
        wizard.action_merge()
        self.assertEqual(group.state, "merged")
        self.Journal.search([("group_id", "=", group.id)]).action_undo()
        self.assertEqual(group.state, "open")

    def test_old_entries_are_purged(self):
        old = self.merge(self.create_prospect(name="Acme"), self.create_prospect(name="X"))
        recent = self.merge(self.create_prospect(name="Other"), self.create_prospect(name="Y"))
        long_ago = fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=400)
        old.sudo().date = fields.Datetime.to_string(long_ago)
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_prospect_dedup.merge_journal_days", "500")
        self.Journal._cron_purge()
        self.assertTrue(old.exists(), "younger than the configured age")
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_prospect_dedup.merge_journal_days", "")
        self.Journal._cron_purge()
        self.assertFalse(old.exists(), "older than a year, the default")
        self.assertTrue(recent.exists())
