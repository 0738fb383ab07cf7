from odoo.exceptions import UserError

from .common import ProspectCase


class TestProspectStatus(ProspectCase):
    """F3: the statuses customised in CRM > Configuration > Prospect statuses."""

    def test_default_statuses_ship_in_order_with_a_closed_folded_one(self):
        statuses = self.statuses.search([])
        self.assertGreaterEqual(len(statuses), 4)
        self.assertEqual(statuses[0], self.status_new)
        self.assertEqual(statuses.mapped("sequence"), sorted(statuses.mapped("sequence")))
        closed = statuses.filtered("is_closed")
        self.assertIn(self.status_lost, closed)
        self.assertTrue(self.status_lost.fold)
        self.assertTrue(self.statuses._fields["name"].translate)

    def test_new_prospect_starts_in_first_open_status_after_reordering(self):
        self.set_switch(True)
        self.status_contacted.sudo(self.manager).write({"sequence": 1})
        self.assertEqual(self.create_prospect().prospect_status_id, self.status_contacted)
        self.status_lost.sudo(self.manager).write({"sequence": 0})
        self.assertEqual(self.create_prospect().prospect_status_id, self.status_contacted,
                         "a closed status is never the starting status")

    def test_status_in_use_cannot_be_deleted(self):
        self.set_switch(True)
        prospect = self.create_prospect()
        with self.assertRaisesRegex(UserError, "used by 1 prospect"):
            self.status_new.sudo(self.manager).unlink()
        self.assertTrue(self.status_new.exists())
        self.assertEqual(prospect.prospect_status_id, self.status_new)

    def test_status_in_use_cannot_be_archived_until_its_prospects_move(self):
        self.set_switch(True)
        prospects = self.create_prospect() | self.create_prospect(name="Other Co")
        archived = self.create_prospect(name="Archived Co")
        archived.active = False
        with self.assertRaisesRegex(UserError, r"3 prospect\(s\) and cannot be archived\. Move them to another status first"):
            self.status_new.sudo(self.manager).write({"active": False})
        with self.assertRaisesRegex(UserError, "used by 3 prospect"):
            self.status_new.sudo(self.manager).toggle_active()
        self.assertTrue(self.status_new.active)
        self.assertEqual(prospects.mapped("prospect_status_id"), self.status_new)
        # an unused status is archived, and is no kanban column
        self.status_contacted.sudo(self.manager).write({"active": False})
        self.assertFalse(self.status_contacted.active)
        columns = self.env["res.partner"].sudo(self.salesperson).read_group(
            [("is_prospect", "=", True)], ["prospect_status_id"], ["prospect_status_id"])
        column_ids = [c["prospect_status_id"][0] for c in columns if c["prospect_status_id"]]
        self.assertIn(self.status_new.id, column_ids)
        self.assertNotIn(self.status_contacted.id, column_ids)
        # once its prospects are moved, the status is archived
        (prospects | archived).write({"prospect_status_id": self.status_lost.id})
        self.status_new.sudo(self.manager).write({"active": False})
        self.status_new.invalidate_cache()
        self.assertFalse(self.status_new.active)

    def test_unused_status_can_be_deleted_by_a_manager(self):
        status = self.statuses.sudo(self.manager).create({"name": "Call back", "sequence": 25})
        status.unlink()
        self.assertFalse(status.exists())

    def test_salesperson_reads_but_cannot_change_statuses(self):
        statuses = self.statuses.sudo(self.salesperson)
        self.assertTrue(statuses.search([]))
        with self.assertRaises(Exception):
            statuses.create({"name": "Mine"})
        with self.assertRaises(Exception):
            self.status_new.sudo(self.salesperson).write({"name": "Renamed"})
        self.assertEqual(self.status_new.name, "New")

    def test_duplicate_name_refused(self):
        with self.assertRaises(Exception):
            with self.env.cr.savepoint():
                self.statuses.create({"name": "New"})
