from odoo import api, fields, models, tools

from .record_ids import ensure_one_record

# One branch per source; the id of a line is the id of its source record times
# ten plus the number of its kind, so that it is stable and unique.
ACTIVITY_LINES_SQL = """
    -- activities planned on the prospect, its contacts, or its opportunities
    SELECT a.id * 10 + 1 AS id, 'activity' AS kind, 'upcoming' AS timing,
           COALESCE(p.commercial_partner_id, lp.commercial_partner_id) AS partner_id,
           a.date_deadline::timestamp AS date, COALESCE(a.summary, t.name) AS name,
           a.activity_type_id, a.user_id, NULL::int AS author_id,
           regexp_replace(COALESCE(a.note, ''), '<[^>]*>', ' ', 'g') AS details,
           a.res_model, a.res_id, l.user_id AS lead_user_id
      FROM mail_activity a
      LEFT JOIN mail_activity_type t ON t.id = a.activity_type_id
      LEFT JOIN res_partner p ON a.res_model = 'res.partner' AND p.id = a.res_id
      LEFT JOIN crm_lead l ON a.res_model = 'crm.lead' AND l.id = a.res_id
      LEFT JOIN res_partner lp ON lp.id = l.partner_id
     WHERE a.res_model IN ('res.partner', 'crm.lead')
    UNION ALL
    -- activities marked done: Odoo logs them as messages of the activity subtype
    SELECT m.id * 10 + 2, 'done_activity', 'past',
           COALESCE(p.commercial_partner_id, lp.commercial_partner_id),
           m.date, COALESCE(t.name, m.subject), m.mail_activity_type_id, au.id, m.author_id,
           regexp_replace(COALESCE(m.body, ''), '<[^>]*>', ' ', 'g'),
           m.model, m.res_id, l.user_id
      FROM mail_message m
      LEFT JOIN mail_activity_type t ON t.id = m.mail_activity_type_id
      LEFT JOIN res_users au ON au.partner_id = m.author_id
      LEFT JOIN res_partner p ON m.model = 'res.partner' AND p.id = m.res_id
      LEFT JOIN crm_lead l ON m.model = 'crm.lead' AND l.id = m.res_id
      LEFT JOIN res_partner lp ON lp.id = l.partner_id
     WHERE m.mail_activity_type_id IS NOT NULL AND m.model IN ('res.partner', 'crm.lead')
    UNION ALL
    -- meetings with the prospect or one of its contacts among the attendees
    SELECT e.id * 10 + 3, 'meeting', CASE WHEN e.start >= now() AT TIME ZONE 'UTC' THEN 'upcoming' ELSE 'past' END,
           ap.commercial_partner_id, e.start, e.name, NULL, e.user_id, NULL,
           regexp_replace(COALESCE(e.description, ''), '<[^>]*>', ' ', 'g'),
           'calendar.event', e.id, NULL
      FROM calendar_event e
      JOIN (SELECT DISTINCT r.calendar_event_id, p.commercial_partner_id
              FROM calendar_event_res_partner_rel r
              JOIN res_partner p ON p.id = r.res_partner_id) ap ON ap.calendar_event_id = e.id
     WHERE e.active
    UNION ALL
    -- opportunities won or lost
    SELECT l.id * 10 + 4, CASE WHEN l.probability >= 100 THEN 'won' ELSE 'lost' END, 'past',
           lp.commercial_partner_id, COALESCE(l.date_closed, l.write_date), l.name, NULL, l.user_id,
           NULL, NULL, 'crm.lead', l.id, l.user_id
      FROM crm_lead l
      JOIN res_partner lp ON lp.id = l.partner_id
     WHERE l.type = 'opportunity' AND (l.probability >= 100 OR (NOT l.active AND l.probability = 0))
"""


class CrmProspectActivity(models.Model):
    """What happened and what is planned around a prospect (seed F8), read
    from what Odoo already records: a database view, not a store of its own."""

    _name = "crm.prospect.activity"
    _description = "Prospect activity"
    _auto = False
    _order = "date desc, id desc"

    kind = fields.Selection([
        ("activity", "Planned activity"), ("done_activity", "Done activity"),
        ("meeting", "Meeting"), ("won", "Opportunity won"), ("lost", "Opportunity lost")],
        readonly=True)
    timing = fields.Selection([("upcoming", "Recent and upcoming"), ("past", "Past")], readonly=True)
    partner_id = fields.Many2one("res.partner", "Prospect", readonly=True)
    date = fields.Datetime(readonly=True)
    name = fields.Char("Subject", readonly=True)
    activity_type_id = fields.Many2one("mail.activity.type", "Activity type", readonly=True)
    user_id = fields.Many2one("res.users", "Responsible", readonly=True)
    author_id = fields.Many2one("res.partner", "Done by", readonly=True)
    details = fields.Text("Details", readonly=True)
    res_model = fields.Char("Document model", readonly=True)
    res_id = fields.Integer("Document", readonly=True)
    lead_user_id = fields.Many2one("res.users", "Opportunity salesperson", readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("CREATE VIEW %s AS (%s)" % (self._table, ACTIVITY_LINES_SQL))

    @api.multi
    def action_open_document(self):
        """Open the activity's document: the prospect, the opportunity or the meeting."""
        ensure_one_record(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "target": "current",
        }
