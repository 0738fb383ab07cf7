from odoo import _, api, fields, models
from odoo.tools import html_escape

from ..matching.pair_scorer import notable
from ..matching.records import record_from_values
from .planner_statistics import partner_total

WARNING_LIMIT = 5
# Names typed with a slip: the partners of the NEIGHBOUR_NAMES nearest other
# names in name order and in reversed name order (a slip at the end of the
# name, or at its start), read from btree indexes. A trigram search
# (pg_trgm) costs tens of milliseconds on a million partners, as it reads
# the partners of every common trigram of the name.
NEIGHBOUR_NAMES = 3
# sql-safe: the templates below take an index expression of the module;
# the partners are then read by their name key (its index has statistics)
NEIGHBOURS_SQL = """
    SELECT id FROM res_partner WHERE dedup_name_key IN (SELECT {back} FROM (
        (SELECT DISTINCT {key} AS k FROM res_partner
          WHERE {key} > {value} AND dedup_name_key IS NOT NULL ORDER BY {key} LIMIT {n})
        UNION ALL
        (SELECT DISTINCT {key} AS k FROM res_partner
          WHERE {key} < {value} AND dedup_name_key IS NOT NULL ORDER BY {key} DESC LIMIT {n})
    ) neighbours)
"""
# (index expression, the typed name in its terms, the name key back from it)
NAME_ORDERS = (("dedup_name_key", "%(name)s", "k"),
               ("reverse(dedup_name_key)", "reverse(%(name)s)", "reverse(k)"))
# the saved partner whose form is being edited (set by onchange only)
EDITED_KEY = "dedup_edited_partner_id"


class ResPartner(models.Model):
    """The warning of the partner form: likely existing duplicates of what is
    being typed, with links, without blocking the save."""

    _inherit = "res.partner"

    dedup_warning = fields.Html("Possible duplicates", compute="_compute_dedup_warning",
                                sanitize=False)

    @api.depends("name", "email", "phone", "mobile", "vat", "website", "street", "street2",
                 "city", "zip", "state_id", "country_id", "is_company", "parent_id")
    def _compute_dedup_warning(self):
        """Only on the form being edited (the record of an onchange, whose id
        is not a database id yet): reading a saved partner, as the form does
        after each save or click, does not score it (the check finds the
        saved duplicates)."""
        groups = self.env["crm.prospect.dedup.group"]
        edited_id = self.env.context.get(EDITED_KEY)
        for partner in self:
            matches = partner._dedup_similar_partners(own_id=edited_id) if not partner.id else []
            if not matches:
                partner.dedup_warning = False
                continue
            # the stored display names alone, of partners the user's search
            # returned (their record rules applied once, not again)
            names = {row["id"]: row["display_name"] for row in self.sudo().browse(
                [match.id for match, _value, _reasons in matches]).read(["display_name"])}
            texts = groups._reason_texts([reasons for _match, _value, reasons in matches])
            items = "".join(
                '<li><a href="/web#id=%d&amp;model=res.partner&amp;view_type=form" '
                'target="_blank">%s</a> <span class="text-muted">(%d%%: %s)</span></li>' % (
                    match.id, html_escape(names[match.id]), round(value * 100),
                    html_escape(", ".join(text)))
                for (match, value, _reasons), text in zip(matches, texts))
            partner.dedup_warning = '<strong>%s</strong><ul class="mb0">%s</ul>' % (
                html_escape(_("Possible duplicates:")), items)

    @api.multi
    def onchange(self, values, field_name, field_onchange):
        """The edited partner, if saved, is named to the warning, which is
        computed on a new record (a client's value of the key is replaced).
        A field that only the warning is computed from (a phone, a street)
        gets the warning alone: Odoo's onchange would build the whole form's
        record and evaluate each of its fields twice, for the same answer."""
        edited_id = self.ids[0] if len(self.ids) == 1 else False
        partners = self.with_context(**{EDITED_KEY: edited_id})
        if isinstance(field_name, str) and isinstance(values, dict) and \
                partners._dedup_only_warning_changes(field_name, field_onchange):
            return partners._dedup_warning_onchange(values)
        return super(ResPartner, partners).onchange(values, field_name, field_onchange)

    @api.model
    def _dedup_only_warning_changes(self, field_name, field_onchange):
        """Whether a change of FIELD_NAME can change no field of the form but
        the warning: no onchange method of its own, and no other field of
        the form (its lines' fields included) computed from it, however
        indirectly."""
        warning = self._fields["dedup_warning"]
        field = self._fields.get(field_name)
        if (field is None or field_name not in warning.depends or not isinstance(
                field_onchange, dict) or self._onchange_methods.get(field_name)):
            return False  # Odoo's onchange answers (or refuses) as it does
        shown = self._dedup_form_fields(field_onchange)
        if (self._name, warning.name) not in shown:
            return False
        seen, todo = set(), [field]
        while todo:
            source = todo.pop()
            for dependent, _path in self.env[source.model_name]._field_triggers[source]:
                if dependent is warning or dependent in seen:
                    continue
                if (dependent.model_name, dependent.name) in shown:
                    return False
                seen.add(dependent)
                todo.append(dependent)
        return True

    @api.model
    def _dedup_form_fields(self, field_onchange):
        """(model, field) of every field the onchange spec names, the fields
        of the form's lines (`child_ids.phone`) on their own model."""
        shown = set()
        for dotname in field_onchange:
            model = self
            for name in str(dotname).split("."):
                field = model._fields.get(name)
                if field is None:
                    break
                shown.add((model._name, name))
                if not field.relational:
                    break
                model = self.env[field.comodel_name]
        return shown

    @api.model
    def _dedup_warning_onchange(self, values):
        """Odoo's onchange result when only the warning can change: the
        warning of a new record holding the form's values it is computed
        from, when it differs from the one shown."""
        warning = self._fields["dedup_warning"]
        read = set(warning.depends) | set(self._dedup_split_name_fields())
        with self.env.do_in_onchange():
            record = self.new({name: value for name, value in values.items() if name in read})
            shown = warning.convert_to_cache(values.get("dedup_warning"), record)
            computed = record.dedup_warning
            if computed == shown:
                return {"value": {}}
            return {"value": {"dedup_warning": warning.convert_to_onchange(computed, record, {})}}

    @api.multi
    def _dedup_similar_partners(self, limit=WARNING_LIMIT, threshold=None, own_id=None):
        """Existing partners that are likely duplicates of this one, as it is
        typed: a list of (partner, match probability, reasons), best first,
        among the partners the user can see. Candidates come from the key
        indexes only; they are scored by the same model as the check, from
        `threshold` (default: the configured one). OWN_ID: the saved partner
        a new record stands for, left out."""
        self.ensure_one()
        own_id = self.id if isinstance(self.id, int) else own_id or None
        record = record_from_values(dict({
            "id": own_id or 0, "name": self.name, "email": self.email, "phone": self.phone,
            "mobile": self.mobile, "vat": self.vat, "website": self.website,
            "street": self.street, "street2": self.street2, "city": self.city, "zip": self.zip,
            "state_id": self.state_id.id or None, "is_company": self.is_company,
            "parent_id": self.parent_id.id if isinstance(self.parent_id.id, int) else None,
            "commercial_id": own_id,
        }, **{field: self[field] for field in self._dedup_split_name_fields()}),
            self.country_id.code)
        branches, params = self._dedup_candidate_branches(record)
        if not branches:
            return []
        rules = self.env["crm.prospect.dedup.rule"]
        model = rules._match_model()
        threshold = rules._default_threshold() if threshold is None else threshold
        cr = self.env.cr
        params["own"] = own_id or 0
        # sql-safe: branches are literals; values as params
        cr.execute("SELECT c.id FROM (%s) c JOIN res_partner r ON r.id = c.id AND r.active "
                   "WHERE c.id <> %%(own)s LIMIT 200"
                   % " UNION ".join("(%s LIMIT 50)" % branch for branch in branches), params)
        candidates = self.browse([row[0] for row in cr.fetchall()])
        params["total"] = partner_total(cr)
        others = list(candidates._dedup_match_records(params["total"]).values())
        shares = {other.name: other.name_freq for other in others}
        record = record._replace(
            name_freq=shares.get(record.name, 1.0 / params["total"]) if record.name else None,
            city_freq=next((o.city_freq for o in others if o.city == record.city), None))
        found = []
        for other in others:
            match = model.explain(record, other)
            if match.probability >= threshold:
                found.append((other.id, match.probability, notable(match)))
        if not found:
            return []
        visible = self.search([("id", "in", [match[0] for match in found])])
        by_id = {partner.id: partner for partner in visible}
        found.sort(key=lambda match: (-match[1], match[0]))
        return [(by_id[pid], value, reasons) for pid, value, reasons in found
                if pid in by_id][:limit]

    @api.model
    def _dedup_candidate_branches(self, record):
        """SELECTs of partner ids sharing an indexed key with `record`."""
        branches, params = [], {}
        for field, column in (("email", "dedup_email_key"), ("vat", "dedup_vat_key"),
                              ("website", "dedup_domain_key"), ("name", "dedup_name_key")):
            value = getattr(record, field)
            if value:
                params[field] = value
                # sql-safe: names from the literal tuple above
                branches.append("SELECT id FROM res_partner WHERE %s = %%(%s)s" % (column, field))
        if record.phones:
            params["phones"] = list(record.phones)
            branches.append("SELECT id FROM res_partner WHERE dedup_phone_key = ANY(%(phones)s)")
            branches.append("SELECT id FROM res_partner WHERE dedup_mobile_key = ANY(%(phones)s)")
        if record.zip and record.street:
            params.update(zip=record.zip, street=record.street)
            branches.append("SELECT id FROM res_partner WHERE dedup_zip_key = %(zip)s "
                            "AND dedup_street_key = %(street)s")
        if record.name:
            branches.extend(NEIGHBOURS_SQL.format(key=key, value=value, back=back,
                                                  n=NEIGHBOUR_NAMES)
                            for key, value, back in NAME_ORDERS)
        return branches, params
