import json

from odoo import api, fields, models

# Where Odoo 11.0.2.3.0 and earlier kept what a check learned: system
# parameters, whose every write clears all the caches of the registry
# (record rules, access rights, views) in every server process, so that the
# salespeople's next requests were slow just as a check ended.
PRIOR_PARAM = "crm_prospect_dedup.prior"
TRAINED_PARAM = "crm_prospect_dedup.trained"


class CrmProspectDedupTraining(models.Model):
    """What one check learned besides the levels' m and u: the prior, and
    from how many partners and candidate pairs. The newest one is used."""

    _name = "crm.prospect.dedup.training"
    _description = "Weights learned by a duplicate check"
    _order = "id desc"
    _rec_name = "create_date"

    prior = fields.Float(
        "Chance that two partners are the same", required=True, readonly=True,
        help="Learned: the probability that two partners picked at random are the same.")
    partner_count = fields.Integer("Partners", readonly=True)
    pair_count = fields.Integer("Candidate pairs", readonly=True)

    @api.model
    def _latest(self):
        """The newest training, read without the ORM's access checks (the
        weights are the database's, used for every user)."""
        self.env.cr.execute("SELECT prior, partner_count, pair_count, create_date "
                            "FROM crm_prospect_dedup_training ORDER BY id DESC LIMIT 1")
        return self.env.cr.dictfetchone()

    @api.model
    def _record(self, prior, partners, pairs):
        return self.sudo().create({"prior": prior, "partner_count": partners,
                                   "pair_count": pairs})


def adopt_learned_parameters(cr):
    """Move the prior and facts kept as system parameters by earlier versions
    into a training record (upgrade to 11.0.2.4.0)."""
    cr.execute("SELECT key, value FROM ir_config_parameter WHERE key IN %s",
               ((PRIOR_PARAM, TRAINED_PARAM),))
    values = dict(cr.fetchall())
    prior, facts = _float(values.get(PRIOR_PARAM)), _facts(values.get(TRAINED_PARAM))
    if prior is not None:
        cr.execute("""
            INSERT INTO crm_prospect_dedup_training
                   (prior, partner_count, pair_count, create_date, write_date)
            VALUES (%(prior)s, %(partners)s, %(pairs)s,
                    coalesce(%(date)s::timestamp, now() at time zone 'UTC'),
                    coalesce(%(date)s::timestamp, now() at time zone 'UTC'))
        """, {"prior": prior, "partners": _integer(facts.get("partners")),
              "pairs": _integer(facts.get("pairs")), "date": _timestamp(facts.get("date"))})
    cr.execute("DELETE FROM ir_config_parameter WHERE key IN %s", ((PRIOR_PARAM, TRAINED_PARAM),))


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _facts(value):
    try:
        facts = json.loads(value or "{}")
    except ValueError:
        return {}
    return facts if isinstance(facts, dict) else {}


def _integer(value):
    return value if isinstance(value, int) else None


def _timestamp(value):
    try:
        moment = fields.Datetime.from_string(value)
    except (TypeError, ValueError):
        return None
    return fields.Datetime.to_string(moment) if moment else None
