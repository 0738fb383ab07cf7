"""The weights learned from the database by a check, through the path a user
takes: Action > Check duplicates over 1,200 prospects. A check over enough
partners learns m, u and the prior from them (no labels) and stores them for
the next checks and the warning while typing; a small check keeps them."""
import random
import subprocess
from unittest.mock import patch

from ..matching.comparisons import COMPARISONS
from ..matching.model import DEFAULT_PRIOR
from ..models.duplicate_finder import MIN_TRAIN_PARTNERS, SAMPLED, DuplicateFinder
from .common import DedupCase
from odoo.addons.crm_prospect_status.hooks import (OCA_COMPANY, OCA_PARTNER, OCA_RELATION,
                                                 fill_company_mirrors)

GIVEN = ["Jean", "Marie", "Pierre", "Sophie", "Luc", "Claire", "Paul", "Julie", "Marc", "Anne",
         "Louis", "Camille", "Hugo", "Emma", "Nicolas", "Léa", "Thomas", "Chloé", "Antoine",
         "Manon", "Julien", "Sarah", "Mathieu", "Laura", "Olivier", "Inès", "Vincent", "Lucie"]
SURNAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
            "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre",
            "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
            "Garnier", "Faure", "Rousseau", "Blanc", "Guerin", "Muller", "Henry", "Roussel",
            "Nicolas", "Perrin", "Morin", "Mathieu", "Clement", "Gauthier", "Dumont", "Lopez",
            "Fontaine", "Chevalier", "Robin"]
STREETS = ["rue de la Paix", "avenue Victor Hugo", "boulevard Voltaire", "rue Pasteur",
           "rue du Moulin", "place de la Gare", "chemin des Vignes", "rue des Écoles",
           "allée des Tilleuls", "rue Jean Jaurès", "impasse des Lilas", "rue de l'Église"]
PLACES = [("69001", "Lyon"), ("69003", "Lyon"), ("13001", "Marseille"), ("31000", "Toulouse"),
          ("33000", "Bordeaux"), ("44000", "Nantes"), ("59000", "Lille"), ("67000", "Strasbourg"),
          ("35000", "Rennes"), ("34000", "Montpellier"), ("06000", "Nice"), ("21000", "Dijon")]
FIELDS = ["name", "street", "zip", "city", "email", "phone"]  # the columns of a row


def typo(rng, word):
    """WORD with one slip: a letter dropped, doubled or two swapped."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    return rng.choice([word[:i] + word[i + 1:], word[:i] + word[i] + word[i:],
                       word[:i] + word[i + 1] + word[i] + word[i + 2:]])


def population(seed, people, duplicates):
    """Rows of FIELDS for PEOPLE persons and DUPLICATES second records of
    some of them, typed again with slips; and the pairs of row indexes that
    are the same person."""
    rng = random.Random(seed)
    rows = []
    for number in range(people):
        given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
        zip_code, city = rng.choice(PLACES)
        rows.append([
            "%s %s" % (given, surname), "%d %s" % (rng.randint(1, 120), rng.choice(STREETS)),
            zip_code, city,
            "%s.%s%d@example.com" % (given.lower(), surname.lower(), number)
            if rng.random() < 0.6 else "",
            "04 %02d %02d %02d %02d" % tuple(rng.randrange(100) for _i in range(4))
            if rng.random() < 0.5 else ""])
    same = []
    for original in rng.sample(range(people), duplicates):
        row = list(rows[original])
        given, surname = row[0].split(" ", 1)
        slips = rng.sample(["name", "street", "zip", "city", "email", "phone", "swap"], 3)
        if "name" in slips:
            surname = typo(rng, surname)
        row[0] = "%s %s" % ((surname, given) if "swap" in slips else (given, surname))
        if "street" in slips:
            row[1] = typo(rng, row[1])
        if "zip" in slips:
            row[2] = row[2][:3] + row[2][4] + row[2][3]
        if "city" in slips:
            row[3] = typo(rng, row[3])
        if "email" in slips:
            row[4] = ""
        if "phone" in slips:
            row[5] = row[5].replace(" ", "") if rng.random() < 0.5 else ""
        same.append((original, len(rows)))
        rows.append(row)
    return rows, same


class TestLearningWeights(DedupCase):

    @classmethod
    def setUpClass(cls):
        super(TestLearningWeights, cls).setUpClass()
        # 1,200 prospects of the salesperson's company, inserted in bulk (the
        # ORM takes a quarter of a second a partner: minutes), their keys
        # computed by the install's bulk fill
        rows, same = population(seed=3, people=900, duplicates=300)
        ids = insert_prospects(cls.env, rows, cls.salesperson, cls.france)
        cls.imported = cls.env["res.partner"].browse(ids)
        cls.true_pairs = {tuple(sorted((ids[a], ids[b]))) for a, b in same}
        cls.domain = [("id", "in", ids)]

    def stored(self):
        """The stored m and u of every level, the prior and what was learned from."""
        levels = self.env["crm.prospect.dedup.rule.level"].search([])
        return ({(level.field, level.code): (level.m_probability, level.u_probability)
                 for level in levels},
                self.env["crm.prospect.dedup.training"]._latest())

    def test_a_check_over_enough_partners_learns_the_weights_and_keeps_overrides(self):
        self.assertGreaterEqual(len(self.imported), MIN_TRAIN_PARTNERS)
        defaults = {(c.name, level.code): (level.m, level.u)
                    for c in COMPARISONS for level in c.levels}
        before, trained = self.stored()
        self.assertEqual(before, defaults, "the template learned nothing yet")
        self.assertIsNone(trained)
        vat = self.env.ref("crm_prospect_dedup.rule_vat").level_ids.filtered(
            lambda level: level.code == "else")
        vat.sudo(self.manager).write({"override": True, "override_weight": -12})

        self.registry.cache[("sentinel of the registry's caches",)] = True
        check = self.run_check(user=self.manager, domain=self.domain)
        self.assertEqual(check.state, "done")
        self.assertIn(("sentinel of the registry's caches",), self.registry.cache,
                      "storing what was learned leaves the caches of rules and rights alone")
        learned, trained = self.stored()
        # what the data tells about is learned: every compared field of the file
        for field in ("person_name", "street", "street_number", "zip", "city", "email",
                      "phone"):
            for code in ("exact", "else"):
                self.assertNotEqual(learned[(field, code)], defaults[(field, code)],
                                    "%s %s not learned" % (field, code))
                m, u = learned[(field, code)]
                self.assertTrue(0 < m < 1 and 0 < u < 1)
            self.assertGreater(learned[(field, "exact")][0], learned[(field, "exact")][1],
                               "%s: duplicates share it more often than others" % field)
        # ... the fields the file does not have keep their defaults
        for learned_value, default in zip(learned[("vat", "exact")], defaults[("vat", "exact")]):
            self.assertAlmostEqual(learned_value, default, places=6)
        self.assertNotEqual(trained["prior"], DEFAULT_PRIOR)
        self.assertEqual(trained["partner_count"], len(self.imported))
        self.assertGreater(trained["pair_count"], 0)
        # the manager's weight stays
        self.assertTrue(vat.override)
        self.assertEqual(vat.weight, -12)
        # CRM > Configuration > Duplicate detection tells when and from what
        config = self.env["crm.prospect.dedup.config.wizard"].sudo(self.manager).create({})
        self.assertIn("from %d partners" % len(self.imported), config.trained)
        self.assertAlmostEqual(config.prior, trained["prior"], places=8)
        # and the learned weights find the duplicates
        found = {tuple(pair) for group in check.group_ids
                 for pair in _pairs(group.partner_ids.ids)}
        right = len(found & self.true_pairs)
        self.assertGreaterEqual(right / float(len(self.true_pairs)), 0.8, "recall")
        self.assertGreaterEqual(right / float(len(found)), 0.95, "precision")

    def test_a_check_over_a_few_partners_keeps_the_stored_weights(self):
        self.run_check(user=self.manager, domain=self.domain)
        stored = self.stored()
        self.assertTrue(stored[1], "learned")
        check = self.run_check(user=self.manager, partners=self.imported[:40])
        self.assertEqual(check.state, "done")
        self.assertEqual(self.stored(), stored)

    def test_a_salespersons_check_learns_for_itself_only(self):
        defaults = self.stored()
        check = self.run_check(domain=self.domain)
        self.assertEqual(self.stored(), defaults, "only a CRM manager's check is kept")
        managers = self.run_check(user=self.manager, domain=self.domain)
        self.assertEqual(self.groups_of(check), self.groups_of(managers),
                         "both learned the same from the same partners")

    def learned(self, **options):
        """What a salesperson's check (which keeps nothing) learns, as a dict."""
        finder = DuplicateFinder(self.env(user=self.salesperson.id), self.domain, **options)
        finder.run()
        self.assertTrue(finder.trained)
        return finder.model.as_dict()

    def test_a_background_check_learns_in_a_child_process_what_the_server_would(self):
        in_the_server = self.learned()
        self.assertNotEqual(in_the_server, self.env["crm.prospect.dedup.rule"]._match_model()
                            .as_dict(), "weights learned")
        with patch(POPEN, wraps=subprocess.Popen) as popen:
            in_a_child = self.learned(isolated=True)
        self.assertEqual(popen.call_count, 2, "the training's and the scorer's processes")
        self.assertEqual(in_a_child, in_the_server)

    def test_the_same_partners_learn_the_same_whatever_order_they_are_read_in(self):
        first = self.learned()
        # every other partner moved to the end of the table, and the pairs
        # joined another way: PostgreSQL reads the same rows in another order
        self.env.cr.execute("UPDATE res_partner SET color = color WHERE id IN %s",
                            [tuple(self.imported.ids[::2])])
        self.env.cr.execute("SET LOCAL enable_hashjoin TO off")
        self.assertEqual(self.learned(), first)

    def test_the_training_samples_pairs_of_neighbouring_ids_each_on_its_own(self):
        # a record typed twice in a row: the pair of ids (n, n + 1); 20,000
        # of them, half of them sampled, whatever ids they share bits with
        self.env.cr.execute("""
            SELECT count(*) FILTER (WHERE {sampled}), count(*),
                   count(DISTINCT (d.a # d.b)) FILTER (WHERE {sampled}),
                   count(DISTINCT (d.a # d.b)) FILTER (WHERE NOT {sampled})
              FROM (SELECT n AS a, n + 1 AS b FROM generate_series(1, 20000) n) d
        """.format(sampled=SAMPLED), {"rate": 0.5})
        sampled, total, xors_in, xors_out = self.env.cr.fetchone()
        self.assertLess(abs(sampled / float(total) - 0.5), 0.02)
        # and of the pairs whose ids differ in the same bits, some are taken, others left
        self.assertGreater(min(xors_in, xors_out), 10)


POPEN = "odoo.addons.crm_prospect_dedup.matching.child_process.subprocess.Popen"


def insert_prospects(env, rows, user, country):
    """Prospects of USER's company made of ROWS of FIELDS; their ids in order."""
    env.cr.execute("""
        INSERT INTO res_partner (name, display_name, street, zip, city, email, phone,
                                 country_id, company_id, user_id, is_company, is_prospect, active,
                                 type, customer, supplier, employee, lang, color, partner_share,
                                 opt_out, message_bounce)
        SELECT r.name, r.name, r.street, r.zip, r.city, NULLIF(r.email, ''),
               NULLIF(r.phone, ''), %s, %s, %s, FALSE, TRUE, TRUE, 'contact', FALSE, FALSE,
               FALSE, 'en_US', 0, TRUE, FALSE, 0
          FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::varchar[],
                      %s::varchar[], %s::varchar[], %s::integer[])
               AS r(name, street, zip, city, email, phone, position)
         ORDER BY r.position
        RETURNING id
    """, [country.id, user.company_id.id, user.id] + [list(column) for column in zip(*rows)]
          + [list(range(len(rows)))])
    ids = sorted(row[0] for row in env.cr.fetchall())
    env.cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", (ids,))
    # their company set (OCA's table) and its mirrors, read by the record rules
    env.cr.execute("INSERT INTO {relation} ({partner}, {company}) "  # sql-safe: constants
                   "SELECT unnest(%s::integer[]), %s".format(
                       relation=OCA_RELATION, partner=OCA_PARTNER, company=OCA_COMPANY),
                   (ids, user.company_id.id))
    fill_company_mirrors(env.cr)
    env["res.partner"]._dedup_backfill_keys(ids)
    env["res.partner"].invalidate_cache()
    return ids


def _pairs(ids):
    ids = sorted(ids)
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]
