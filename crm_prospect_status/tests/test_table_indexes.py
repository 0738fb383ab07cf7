from odoo.tests.common import TransactionCase

from ..hooks import fill_company_mirrors
from ..models.table_indexes import indexes_set_aside

INDEXES = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname"


class TestTableIndexes(TransactionCase):
    """A table's indexes set aside while all its rows are rewritten (the
    install's fills of a million partners), then built again as they were."""

    def indexes(self, table):
        self.env.cr.execute(INDEXES, (table,))
        return self.env.cr.fetchall()

    def test_indexes_are_dropped_during_the_block_and_the_same_after_it(self):
        before = self.indexes("res_partner")
        with indexes_set_aside(self.env.cr, "res_partner") as names:
            during = self.indexes("res_partner")
            fill_company_mirrors(self.env.cr)
        self.assertIn("res_partner_name_index", names)
        self.assertNotIn("res_partner_pkey", names, "a constraint's index stays")
        self.assertEqual([name for name, _definition in during], ["res_partner_pkey"])
        self.assertEqual(self.indexes("res_partner"), before)
        self.assertGreater(len(before), 5)

    def test_an_error_in_the_block_leaves_the_indexes_to_the_rollback(self):
        before = self.indexes("res_partner")
        with self.assertRaises(ZeroDivisionError):
            with self.env.cr.savepoint():
                with indexes_set_aside(self.env.cr, "res_partner"):
                    self.env.cr.execute("SELECT 1")
                    raise ZeroDivisionError()
        self.assertEqual(self.indexes("res_partner"), before)
