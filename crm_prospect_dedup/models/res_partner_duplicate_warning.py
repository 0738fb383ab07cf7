from odoo import _, api, fields, models
from odoo.tools import html_escape

from ..matching import PartnerKeys, name_similarity_floor, partner_keys, score
from ..matching.normalize import normalize_city

WARNING_LIMIT = 5
# fields found through their own index; the name through the trigram index
INDEXED = ("email", "phone", "vat", "website", "address")


class ResPartner(models.Model):
    """The warning of the partner form: likely existing duplicates of what is
    being typed, with links, without blocking the save."""

    _inherit = "res.partner"

    dedup_warning = fields.Html("Possible duplicates", compute="_compute_dedup_warning",
                                sanitize=False)

    @api.depends("name", "email", "phone", "mobile", "vat", "website", "street", "city",
                 "country_id", "is_company", "parent_id")
    def _compute_dedup_warning(self):
        labels = self.env["crm.prospect.dedup.group"]._reason_labels()
        for partner in self:
            matches = partner._dedup_similar_partners()
            if not matches:
                partner.dedup_warning = False
                continue
            items = "".join(
                '<li><a href="/web#id=%d&amp;model=res.partner&amp;view_type=form" '
                'target="_blank">%s</a> <span class="text-muted">(%d%%: %s)</span></li>' % (
                    match.id, html_escape(match.display_name), round(value * 100),
                    html_escape(", ".join(labels.get(code, code) for code in reasons)))
                for match, value, reasons in matches)
            partner.dedup_warning = '<strong>%s</strong><ul class="mb0">%s</ul>' % (
                html_escape(_("Possible duplicates:")), items)

    @api.multi
    def _dedup_similar_partners(self, limit=WARNING_LIMIT):
        """Existing partners that are likely duplicates of this one, as it is
        typed: a list of (partner, score, reason codes), best first, among the
        partners the user can see. Uses the key indexes only."""
        self.ensure_one()
        origin = getattr(self, "_origin", self)
        own_id = origin.id if isinstance(origin.id, int) else None
        keys = partner_keys({
            "id": own_id or 0, "name": self.name, "email": self.email, "phone": self.phone,
            "mobile": self.mobile, "vat": self.vat, "website": self.website,
            "street": self.street, "city": self.city, "is_company": self.is_company,
            "parent_id": self.parent_id.id if isinstance(self.parent_id.id, int) else None,
            "commercial_id": own_id,
        }, self.country_id.code)
        if not (keys.name or keys.email or keys.phones or keys.vat or keys.website):
            return []
        rules = self.env["crm.prospect.dedup.rule"]._active_rules()
        threshold = self.env["crm.prospect.dedup.rule"]._default_threshold()
        fields_used = {rule.field for rule in rules}
        branches, params = [], {"name": keys.name or "", "own": own_id or 0}
        if keys.email and "email" in fields_used:
            branches.append("SELECT id FROM res_partner WHERE dedup_email_key = %(email)s")
            params["email"] = keys.email
        if keys.phones and "phone" in fields_used:
            params["phones"] = list(keys.phones)
            branches.append("SELECT id FROM res_partner WHERE dedup_phone_key = ANY(%(phones)s)")
            branches.append("SELECT id FROM res_partner WHERE dedup_mobile_key = ANY(%(phones)s)")
        if keys.vat and "vat" in fields_used:
            branches.append("SELECT id FROM res_partner WHERE dedup_vat_key = %(vat)s")
            params["vat"] = keys.vat
        if keys.website and "website" in fields_used:
            branches.append("SELECT id FROM res_partner WHERE dedup_domain_key = %(website)s")
            params["website"] = keys.website
        if keys.address and "address" in fields_used:
            branches.append("SELECT id FROM res_partner WHERE dedup_address_key = %(address)s")
            params["address"] = keys.address
        floor = name_similarity_floor(rules, threshold, INDEXED)
        if keys.name and floor <= 1.0:
            branches.append("SELECT id FROM res_partner WHERE dedup_name_key = %(name)s")
            if floor < 1.0:
                self.env.cr.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                                    (str(floor),))
                branches.append("SELECT id FROM res_partner WHERE dedup_name_key %% %(name)s")
        if not branches:
            return []
        # sql-safe: branches are literals; values as params
        self.env.cr.execute("""
            SELECT p.id, COALESCE(p.is_company, FALSE), p.parent_id, p.commercial_partner_id,
                   p.dedup_name_key, p.dedup_email_key, p.dedup_phone_key, p.dedup_mobile_key,
                   p.dedup_vat_key, p.dedup_domain_key, p.dedup_address_key, p.city,
                   similarity(p.dedup_name_key, %%(name)s)
              FROM res_partner p
             WHERE p.id IN (%s) AND p.active AND p.id <> %%(own)s
             LIMIT 200
        """ % " UNION ".join("(%s LIMIT 50)" % branch for branch in branches), params)
        rows = self.env.cr.fetchall()
        # how many partners bear each name: a common name is weak evidence
        names = list({row[4] for row in rows if row[4]} | ({keys.name} if keys.name else set()))
        self.env.cr.execute("""
            SELECT dedup_name_key, count(*) FROM res_partner
             WHERE active AND dedup_name_key = ANY(%s) GROUP BY dedup_name_key
        """, (names,))
        counts = dict(self.env.cr.fetchall())
        keys = keys._replace(name_count=counts.get(keys.name, 0) + (0 if own_id else 1))
        found = []
        for row in rows:
            other = PartnerKeys(
                id=row[0], is_company=row[1], parent_id=row[2], commercial_id=row[3],
                name=row[4], email=row[5], phones=frozenset(p for p in row[6:8] if p),
                vat=row[8], website=row[9], address=row[10], city=normalize_city(row[11]),
                name_count=counts.get(row[4], 1))
            value, reasons = score(keys, other, rules, name_similarity=row[12])
            if value >= threshold:
                found.append((other.id, value, reasons))
        if not found:
            return []
        visible = self.search([("id", "in", [match[0] for match in found])])
        by_id = {partner.id: partner for partner in visible}
        found.sort(key=lambda match: (-match[1], match[0]))
        return [(by_id[pid], value, reasons) for pid, value, reasons in found
                if pid in by_id][:limit]
