"""11.0.2.4.0: what a check learned besides the levels' weights (the prior,
the partners and pairs it learned from) moves from system parameters into a
training record: writing a system parameter clears every cache of the
registry, which slowed the salespeople's requests as each check ended."""
from odoo.addons.crm_prospect_dedup.models.crm_prospect_dedup_training import (
    adopt_learned_parameters)


def migrate(cr, version):
    if version:
        adopt_learned_parameters(cr)
