from odoo import api, models

from . import incremental_windows, value_counts

# The indexes of the incremental duplicate check: the partners changed since
# the last one (write_date), and the neighbours of a changed partner in the
# blocks of the full check (a name's partners in id order, a street's
# partners of one number), found without reading the whole block.
INCREMENTAL_INDEXES = [
    ("res_partner_write_date_idx", "(write_date)"),
    ("res_partner_dedup_name_key_id_idx", "(dedup_name_key, id) WHERE dedup_name_key IS NOT NULL"),
    ("res_partner_dedup_street_number_idx",
     "(dedup_street_key, dedup_street_number) WHERE dedup_street_key IS NOT NULL"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model_cr
    def init(self):
        super(ResPartner, self).init()
        cr = self.env.cr
        for name, definition in INCREMENTAL_INDEXES:
            # sql-safe: names and definitions from the module constant
            cr.execute("CREATE INDEX IF NOT EXISTS %s ON res_partner %s" % (name, definition))
        # (not a model: what the incremental check keeps for itself)
        # sql-safe: a literal of value_counts.py
        cr.execute(value_counts.CREATE_SQL)

    @api.model
    def _dedup_create_indexes(self):
        """The indexes of the big blocks' windows too (incremental_windows);
        dropped and built again with the keys', around a fill of every key."""
        super(ResPartner, self)._dedup_create_indexes()
        cr = self.env.cr
        # sql-safe: a literal of incremental_windows
        cr.execute(incremental_windows.SORTED_CHARS_SQL)
        for name, definition in incremental_windows.block_indexes():
            # sql-safe: names and definitions from incremental_windows
            cr.execute("CREATE INDEX IF NOT EXISTS %s ON res_partner %s" % (name, definition))

    @api.model
    def _dedup_drop_indexes(self):
        super(ResPartner, self)._dedup_drop_indexes()
        for name, _definition in incremental_windows.block_indexes():
            # sql-safe: index names from incremental_windows
            self.env.cr.execute("DROP INDEX IF EXISTS %s" % name)
