import re

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError

from .record_ids import ensure_one_record

# One branch per source; the id of a line is the id of its source record times
# ten plus the number of its kind, so that it is stable and unique. The text
# of a line (subject, body) is read by the model only, after the checks of
# what the user may read (see _visible_ids and _compute_text).
ACTIVITY_LINES_SQL = """
    -- activities planned on the prospect, its contacts, or its opportunities
    SELECT a.id * 10 + 1 AS id, 'activity' AS kind, 'upcoming' AS timing,
           COALESCE(p.commercial_partner_id, lp.commercial_partner_id) AS partner_id,
           a.date_deadline::timestamp AS date, a.date_deadline AS date_deadline,
           a.summary AS subject, a.activity_type_id, a.user_id, NULL::int AS author_id,
           a.note AS body, a.res_model, a.res_id, l.user_id AS lead_user_id,
           a.id AS source_id
      FROM mail_activity a
      LEFT JOIN res_partner p ON a.res_model = 'res.partner' AND p.id = a.res_id
      LEFT JOIN crm_lead l ON a.res_model = 'crm.lead' AND l.id = a.res_id
      LEFT JOIN res_partner lp ON lp.id = l.partner_id
     WHERE a.res_model IN ('res.partner', 'crm.lead')
    UNION ALL
    -- activities marked done: Odoo logs them as messages of the activity subtype
    SELECT m.id * 10 + 2, 'done_activity', 'past',
           COALESCE(p.commercial_partner_id, lp.commercial_partner_id),
           m.date, NULL::date, m.subject, m.mail_activity_type_id, au.id, m.author_id,
           m.body, m.model, m.res_id, l.user_id, m.id
      FROM mail_message m
      LEFT JOIN res_users au ON au.partner_id = m.author_id
      LEFT JOIN res_partner p ON m.model = 'res.partner' AND p.id = m.res_id
      LEFT JOIN crm_lead l ON m.model = 'crm.lead' AND l.id = m.res_id
      LEFT JOIN res_partner lp ON lp.id = l.partner_id
     WHERE m.mail_activity_type_id IS NOT NULL AND m.model IN ('res.partner', 'crm.lead')
    UNION ALL
    -- meetings with the prospect or one of its contacts among the attendees
    SELECT e.id * 10 + 3, 'meeting', CASE WHEN e.start >= now() AT TIME ZONE 'UTC' THEN 'upcoming' ELSE 'past' END,
           ap.commercial_partner_id, e.start, NULL::date, e.name, NULL, e.user_id, NULL,
           e.description, 'calendar.event', e.id, NULL, e.id
      FROM calendar_event e
      JOIN (SELECT DISTINCT r.calendar_event_id, p.commercial_partner_id
              FROM calendar_event_res_partner_rel r
              JOIN res_partner p ON p.id = r.res_partner_id) ap ON ap.calendar_event_id = e.id
     WHERE e.active
    UNION ALL
    -- opportunities won or lost
    SELECT l.id * 10 + 4, CASE WHEN l.probability >= 100 THEN 'won' ELSE 'lost' END, 'past',
           lp.commercial_partner_id, COALESCE(l.date_closed, l.write_date), NULL::date, l.name, NULL,
           l.user_id, NULL, NULL, 'crm.lead', l.id, l.user_id, l.id
      FROM crm_lead l
      JOIN res_partner lp ON lp.id = l.partner_id
     WHERE l.type = 'opportunity' AND (l.probability >= 100 OR (NOT l.active AND l.probability = 0))
"""

# The record each kind of line comes from, whose access rules the line follows.
SOURCE_MODELS = {"activity": "mail.activity", "done_activity": "mail.message",
                 "meeting": "calendar.event", "won": "crm.lead", "lost": "crm.lead"}
DETAILS_LENGTH = 140


class CrmProspectActivity(models.Model):
    """What happened and what is planned around a prospect (seed F8), read
    from what Odoo already records: a database view, not a store of its own.

    A line is shown only to a user who may read its source (the activity and
    its document, the message, the meeting, the opportunity), and a private
    meeting of others only as "Busy", as the calendar does."""

    _name = "crm.prospect.activity"
    _description = "Prospect activity"
    _auto = False
    _order = "date desc, id desc"

    kind = fields.Selection([
        ("activity", "Planned activity"), ("done_activity", "Done activity"),
        ("meeting", "Meeting"), ("won", "Opportunity won"), ("lost", "Opportunity lost")],
        readonly=True)
    timing = fields.Selection([("upcoming", "Recent and upcoming"), ("past", "Past")], readonly=True)
    # joined, not searched: the company rule tests the partner's fields, and a
    # search of the partners for each of its terms listed every matching id
    partner_id = fields.Many2one("res.partner", "Prospect", readonly=True, auto_join=True)
    date = fields.Datetime(readonly=True)
    date_deadline = fields.Date("Deadline", readonly=True)
    name = fields.Char("Subject", compute="_compute_text", search="_search_name")
    activity_type_id = fields.Many2one("mail.activity.type", "Activity type", readonly=True)
    user_id = fields.Many2one("res.users", "Responsible", readonly=True)
    author_id = fields.Many2one("res.partner", "Done by", readonly=True)
    details = fields.Char("Details", compute="_compute_text")
    res_model = fields.Char("Document model", readonly=True)
    res_id = fields.Integer("Document", readonly=True)
    lead_user_id = fields.Many2one("res.users", "Opportunity salesperson", readonly=True)
    source_id = fields.Integer("Source record", readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # sql-safe: the table name comes from the model, the query is a literal
        self.env.cr.execute("CREATE VIEW %s AS (%s)" % (self._table, ACTIVITY_LINES_SQL))

    # -- what the user may read ------------------------------------------------

    @api.model
    def _visible_ids(self, ids):
        """The ids of IDS whose source record the user may read."""
        if self.env.uid == SUPERUSER_ID or not ids:
            return list(ids)
        self.env.cr.execute(
            "SELECT id, kind, res_model, res_id, source_id FROM crm_prospect_activity "
            "WHERE id = ANY(%s)", (list(ids),))
        rows = self.env.cr.fetchall()
        wanted = {}
        for _id, kind, res_model, res_id, source_id in rows:
            wanted.setdefault(SOURCE_MODELS[kind], set()).add(source_id)
            if kind == "activity":
                # an activity is read through its document (mail.activity's rule)
                wanted.setdefault(res_model, set()).add(res_id)
        readable = {}
        for model, record_ids in wanted.items():
            records = self.env[model].with_context(active_test=False, virtual_id=False)
            if not records.check_access_rights("read", raise_exception=False):
                readable[model] = set()
                continue
            readable[model] = set(records.search([("id", "in", list(record_ids))]).ids)
        visible = set()
        for line_id, kind, res_model, res_id, source_id in rows:
            if source_id not in readable[SOURCE_MODELS[kind]]:
                continue
            if kind == "activity" and res_id not in readable[res_model]:
                continue
            visible.add(line_id)
        return [line_id for line_id in ids if line_id in visible]

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        """Search, keeping only the lines that the user may read (as
        mail.message does for its documents)."""
        if self.env.uid == SUPERUSER_ID or access_rights_uid == SUPERUSER_ID:
            return super(CrmProspectActivity, self)._search(
                args, offset=offset, limit=limit, order=order, count=count,
                access_rights_uid=access_rights_uid)
        ids = super(CrmProspectActivity, self)._search(
            args, offset=0, limit=None, order=order, count=False,
            access_rights_uid=access_rights_uid)
        ids = self._visible_ids(ids)
        if count:
            return len(ids)
        return ids[offset:offset + limit if limit else None]

    @api.multi
    def check_access_rule(self, operation):
        super(CrmProspectActivity, self).check_access_rule(operation)
        hidden = set(self.ids) - set(self._visible_ids(self.ids))
        if hidden:
            raise AccessError(_(
                "You may not read the records that these activity lines come from (%s).")
                % ", ".join(map(str, sorted(hidden))))

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        self.check_access_rule("read")
        return super(CrmProspectActivity, self).read(fields=fields, load=load)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Groups of the visible lines only."""
        domain = [("id", "in", self.search(domain or []).ids)]
        return super(CrmProspectActivity, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)

    @api.model
    def _lines_by_partner(self, partner_ids):
        """{partner id: (ids of its upcoming lines, ids of its past lines)}:
        the lines of PARTNER_IDS that the user may read, in the lines' order."""
        line_ids = self.search([("partner_id", "in", list(partner_ids))]).ids
        if not line_ids:
            return {}
        self.env.cr.execute(
            "SELECT id, partner_id, timing FROM crm_prospect_activity "
            "WHERE id = ANY(%s) AND partner_id = ANY(%s)", (line_ids, list(partner_ids)))
        where = {line_id: (partner_id, timing) for line_id, partner_id, timing in self.env.cr.fetchall()}
        lines = {}
        for line_id in line_ids:
            partner_id, timing = where[line_id]
            lines.setdefault(partner_id, ([], []))[timing == "past"].append(line_id)
        return lines

    # -- what a line shows --------------------------------------------------------

    @api.multi
    def _compute_text(self):
        """Subject and details of each line, as the user may read them: a
        private meeting of others is "Busy", without details."""
        if not self.ids:
            return
        cr = self.env.cr
        cr.execute("SELECT id, kind, subject, body, source_id FROM crm_prospect_activity "
                   "WHERE id = ANY(%s)", (self.ids,))
        rows = {row[0]: row[1:] for row in cr.fetchall()}
        meetings = [source for kind, _s, _b, source in rows.values() if kind == "meeting"]
        hidden = self._private_meetings_of_others(meetings)
        for line in self:
            kind, subject, body, source_id = rows.get(line.id, (None, None, None, None))
            if kind == "meeting" and source_id in hidden:
                line.name, line.details = _("Busy"), False
                continue
            if kind == "done_activity":
                subject, body = _done_activity_text(body)
            if kind in ("activity", "done_activity") and not subject:
                subject = line.activity_type_id.name
            line.name = subject
            line.details = _short_text(body)

    @api.model
    def _private_meetings_of_others(self, event_ids):
        """The private meetings among EVENT_IDS that the user neither
        organises nor attends."""
        if not event_ids:
            return set()
        self.env.cr.execute("""
            SELECT e.id FROM calendar_event e
             WHERE e.id = ANY(%s) AND e.privacy = 'private'
               AND e.user_id IS DISTINCT FROM %s
               AND NOT EXISTS (SELECT 1 FROM calendar_event_res_partner_rel r
                                WHERE r.calendar_event_id = e.id AND r.res_partner_id = %s)
        """, (event_ids, self.env.uid, self.env.user.partner_id.id))
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _search_name(self, operator, value):
        """Lines whose subject matches, private meetings aside."""
        # sql-safe: the operator is one of the literals below
        sql_operator = {"ilike": "ILIKE", "not ilike": "NOT ILIKE", "=": "=", "!=": "<>",
                        "like": "LIKE", "not like": "NOT LIKE"}.get(operator)
        if not sql_operator or not isinstance(value, str):
            return [("id", "=", 0)]
        pattern = "%%%s%%" % value if "like" in operator else value
        # sql-safe: the operator is one of the literals above; the value is a parameter
        self.env.cr.execute(
            "SELECT v.id FROM crm_prospect_activity v "
            "LEFT JOIN calendar_event e ON v.kind = 'meeting' AND e.id = v.source_id "
            "WHERE COALESCE(e.privacy, '') <> 'private' AND v.subject " + sql_operator + " %s",
            (pattern,))
        return [("id", "in", [row[0] for row in self.env.cr.fetchall()])]

    # -- actions -----------------------------------------------------------------------

    @api.multi
    def action_open_document(self):
        """Open what the line is about: the opportunity or the meeting; on the
        prospect itself, the activity or the message rather than the prospect
        already on screen."""
        ensure_one_record(self)
        model, res_id, target = self.res_model, self.res_id, "current"
        if self.kind == "activity" and model == "res.partner":
            model, res_id, target = "mail.activity", self.source_id, "new"
        elif self.kind == "done_activity" and model == "res.partner":
            model, res_id, target = "mail.message", self.source_id, "new"
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "res_id": res_id,
            "view_mode": "form",
            "target": target,
        }


def _short_text(html, length=DETAILS_LENGTH):
    """HTML as one short line of text: no tags, entities or runs of spaces."""
    if not html:
        return False
    text = " ".join(tools.html2plaintext(html).split())
    # html2plaintext marks emphasis and links: keep the words only
    text = re.sub(r"[*_]{1,2}([^*_]+)[*_]{1,2}", r"\1", text)
    text = re.sub(r"\[(\d+)\]", "", text).strip()
    if len(text) > length:
        text = text[:length - 1].rsplit(" ", 1)[0] + "…"
    return text or False


def _done_activity_text(body):
    """(summary, note and feedback) of the message Odoo posts when an
    activity is done (template mail.message_activity_done): its first
    paragraph says "<type> done by <user>: <summary>"."""
    if not body:
        return None, body
    try:
        from lxml import html as lxml_html
        root = lxml_html.fragment_fromstring(body, create_parent="div")
    except Exception:
        return None, body
    paragraph = root.find(".//p")
    if paragraph is None:
        return None, body
    spans = paragraph.findall(".//span")
    summary = spans[3].text_content().strip() if len(spans) >= 4 else None
    paragraph.getparent().remove(paragraph)
    from lxml import etree
    rest = "".join(etree.tostring(child, encoding="unicode") for child in root)
    return summary or None, rest
