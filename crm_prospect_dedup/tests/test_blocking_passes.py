"""The blocking passes of the duplicate check, one by one: for each pass of
duplicate_finder (BLOCKING_PASSES, then the sorted-neighbourhood passes on the
name), two partners that are the same but agree on little more than what
that pass keys on, slips everywhere else, become a candidate pair through
that pass."""
from unittest.mock import patch

from ..models import duplicate_finder
from ..models.duplicate_finder import (BLOCKING_PASSES, BUILDING_WINDOW, NAME_ORDERS,
                                       PASS_NAMES, WINDOW, DuplicateFinder)
from .common import DedupCase


def person(name, **values):
    return dict(values, name=name, is_company=False)


def company(name, **values):
    return dict(values, name=name, is_company=True)


# For each pass, the two partners of a true pair, as a salesperson types them:
# they share the key of the pass and, as duplicate_finder asks of a candidate,
# a few other things, with slips elsewhere.
EXAMPLES = {
    "email": (company("Alpha Conseil", email="contact@alpha-conseil.fr", city="Lyon"),
              company("Cabinet Alfa", email="Contact@Alpha-Conseil.FR", city="Lyon")),
    "phone": (company("Alpha Conseil", phone="01 23 45 67 89", city="Lyon"),
              company("Cabinet Alfa", phone="+33 1 23 45 67 89", city="Lyon")),
    "mobile": (company("Alpha Conseil", mobile="06 12 34 56 78", city="Lyon"),
               company("Cabinet Alfa", mobile="+33 6 12 34 56 78", city="Lyon")),
    "vat": (company("Alpha Conseil", vat="FR 40 303 265 045", city="Lyon"),
            company("Cabinet Alfa", vat="40303265045", city="Lyon")),
    "website": (company("Alpha Conseil", website="https://www.alpha-conseil.fr/", city="Lyon"),
                company("Cabinet Alfa", website="alpha-conseil.fr", city="Lyon")),
    # one typed without the address
    "name": (person("Jean Dupont", city="Lyon"), person("DUPONT Jean")),
    # the same sounds, in either order, every letter of the initials different
    "name_phonetic": (person("Catherine Philips", city="Lyon"),
                      person("Filips Katherine", city="Lyon")),
    "zip_number": (company("Alpha Conseil", street="12 rue de la Paix", zip="75002",
                           city="Paris"),
                   # the zip's digits swapped: the pass keys on them in order
                   company("Alpah Consiel", street="12 rue de la Pais", zip="75020",
                           city="Pari")),
    "city_number": (company("Alpha Conseil", street="12 rue de la Paix", zip="75002",
                            city="Paris"),
                    company("Alpah Consiel", street="12 rue de la Pais", zip="75012",
                            city="Paris")),
    "street_number": (company("Alpha Conseil", street="12 rue de la Paix", zip="75002",
                              city="Paris"),
                      company("Alpah Consiel", street="12, rue de la paix", zip="75003",
                              city="Pari")),
    # the street typed in street 2
    "streets": (company("Alpha Conseil", street="Residence les Pins", city="Lyon"),
                company("Alpha Conseils", street="5 rue Pasteur", street2="Résidence les Pins",
                        city="Lyon")),
    "zip_surname3": (person("Paul Girard", zip="69001"), person("Paul Giroud", zip="69010")),
    "city_given3": (person("Christophe Bernard", city="Lyon"),
                    person("Christian Bernardi", city="Lyon")),
    "name_sorted": (company("Acme Industries", street="4 rue Pasteur", city="Lyon"),
                    company("Acme Industires", street="4 bd Voltaire", city="Villeurbanne")),
    "name_rotated": (company("Acme Industries", street="4 rue Pasteur", city="Lyon"),
                     company("Acme Industires", street="4 bd Voltaire", city="Villeurbanne")),
}


class TestBlockingPasses(DedupCase):

    def candidates(self, partners, scope="among"):
        """The finder (with its passes' figures) and the candidate pairs
        {(a, b): bitmask of the passes that found it} among PARTNERS (with
        SCOPE 'all': of PARTNERS against every partner)."""
        finder = DuplicateFinder(self.env(user=self.salesperson), [("id", "in", partners.ids)],
                                 scope=scope)
        finder._select_partners()
        finder._candidate_pairs()
        self.env.cr.execute("SELECT a, b, passes FROM dedup_candidate")
        pairs = {(a, b): passes for a, b, passes in self.env.cr.fetchall()}
        finder._drop_tables()
        return finder, pairs

    def test_every_pass_makes_a_candidate_of_a_pair_agreeing_on_its_key(self):
        self.assertEqual(PASS_NAMES, [name for name, _key, _on in BLOCKING_PASSES]
                         + [name for name, _order in NAME_ORDERS])
        for name in PASS_NAMES:
            self.assertIn(name, EXAMPLES, "the blocking pass %s has no example pair" % name)
            left, right = EXAMPLES[name]
            a, b = self.create_prospect(**left), self.create_prospect(**right)
            finder, pairs = self.candidates(a | b)
            reported = {pass_name: count for pass_name, count, _seconds in finder.passes}
            self.assertEqual(set(reported), set(PASS_NAMES), "every pass reports its pairs")
            self.assertEqual(reported[name], 1, "pass %s: %s / %s" % (name, left, right))
            pair = (min(a.id, b.id), max(a.id, b.id))
            found_by = [p for i, p in enumerate(PASS_NAMES) if pairs.get(pair, 0) & (1 << i)]
            self.assertIn(pair, pairs, "pass %s: %s / %s is not a candidate (passes: %s)"
                          % (name, left, right, reported))
            self.assertIn(name, found_by)

    def test_every_example_is_of_a_pass(self):
        self.assertEqual(set(EXAMPLES) - set(PASS_NAMES), set())

    def test_a_pair_sharing_its_block_and_nothing_else_is_not_scored(self):
        """Two namesakes' first letters in one zip: the pass pairs them, but
        nothing else agrees, so they are not worth scoring."""
        a = self.create_prospect(**person("Paul Girard", zip="69001"))
        b = self.create_prospect(**person("Marc Giroud", zip="69001"))
        finder, pairs = self.candidates(a | b)
        self.assertEqual(dict((n, c) for n, c, _s in finder.passes)["zip_surname3"], 1)
        self.assertEqual(pairs, {})

    def test_namesakes_of_two_towns_are_not_scored(self):
        """Two persons of one name and nothing else in common, in two towns,
        are namesakes; with an address on one side only, or anything beyond
        the name in common, they are scored."""
        lyon, paris = dict(zip="69001", city="Lyon"), dict(zip="75002", city="Paris")
        cases = [
            (person("Jean Dupont", **lyon), person("Jean Dupont", **paris), False),
            (person("Jean Dupont", city="Lyon"), person("DUPONT Jean", zip="75002"), True),
            (person("Jean Dupont", **lyon), person("Jean Dupont"), True),
            (person("Jean Dupont", street="4 rue Pasteur", **lyon),
             person("Jean Dupont", street="4 bd Voltaire", **paris), True),
            (person("Jean Dupont", email="jean@dupont.fr", **lyon),
             person("Jean Dupont", email="jean@dupont.fr", **paris), True),
        ]
        for left, right, scored in cases:
            a, b = self.create_prospect(**left), self.create_prospect(**right)
            _finder, pairs = self.candidates(a | b)
            self.assertEqual(bool(pairs), scored, "%s / %s" % (left, right))

    def test_alike_names_or_streets_make_up_for_an_agreement(self):
        """Two partners of one zip and street number (two agreements, one
        short) are scored when their names or their streets are a typo or
        two apart, sounds aside: not when both are far apart, nor for two
        short names one letter apart; a name too long for levenshtein
        (255 characters) is compared on its beginning."""
        here = dict(zip="69001")
        cases = [
            (person("Paul Girard", street="12 rue Pasteur", **here),
             person("Saul Gilard", street="12 avenue Foch", **here), True),
            (person("Paul Girard", street="12 rue Voltaire", **here),
             person("Marc Dubois", street="12 rue Woltaire", **here), True),
            (person("Paul Girard", street="12 rue Pasteur", **here),
             person("Marc Dubois", street="12 avenue Foch", **here), False),
            (company("Axo", street="12 rue Pasteur", **here),
             company("Axa", street="12 avenue Foch", **here), False),
            (company("x" * 300, street="12 rue Pasteur", **here),
             company("y" * 300, street="12 avenue Foch", **here), False),
        ]
        for left, right, scored in cases:
            a, b = self.create_prospect(**left), self.create_prospect(**right)
            finder, pairs = self.candidates(a | b)
            self.assertEqual(dict((n, c) for n, c, _s in finder.passes)["zip_number"], 1)
            self.assertEqual(bool(pairs), scored, "%s / %s" % (left, right))

    def test_the_pass_of_a_city_and_a_street_number_pairs_fewer_neighbours(self):
        """Five partners of one city and street number (zips apart): the
        pass pairs each with the next BUILDING_WINDOW of them in name order,
        where the others pair the next WINDOW."""
        partners = self.env["res.partner"]
        for number, surname in enumerate(("Bonnard", "Chevalier", "Dumas", "Fabre", "Gauthier")):
            partners |= self.create_prospect(**person(
                "Jean %s" % surname, street="12 rue Pasteur", city="Lyon",
                zip="6900%d" % number))
        finder, _pairs = self.candidates(partners)
        counts = dict((name, count) for name, count, _seconds in finder.passes)

        def window_pairs(window):
            return sum(min(window, len(partners) - rank - 1) for rank in range(len(partners)))
        self.assertEqual(counts["city_number"], window_pairs(BUILDING_WINDOW))
        self.assertEqual(counts["city_given3"], window_pairs(WINDOW))
        self.assertLess(BUILDING_WINDOW, WINDOW)

    def test_a_pass_pairs_the_blocks_of_a_partner_checked_only(self):
        """Checked against every partner, a partner's pass leaves out the
        blocks without a partner checked (two others at 8 rue Foch); the
        passes of a check among its partners, which sort every block, pair
        the same partners as when they leave out the blocks of one first."""
        here = dict(street="12 rue Pasteur", zip="69001", city="Lyon")
        there = dict(street="8 rue Foch", zip="69002", city="Lyon")
        mine = self.create_prospect(**person("Jean Bonnard", **here))
        partners = mine | self.create_prospect(**person("Paul Chevalier", **here))
        for name in ("Marc Dumas", "Luc Fabre"):
            partners |= self.create_prospect(**person(name, **there))
        finder, _pairs = self.candidates(mine, scope="all")
        self.assertEqual(dict((n, c) for n, c, _s in finder.passes)["zip_number"], 1)

        def passes_and_pairs():
            finder, pairs = self.candidates(partners)
            return [(name, count) for name, count, _seconds in finder.passes], pairs
        sorted_whole = passes_and_pairs()
        self.assertEqual(dict(sorted_whole[0])["zip_number"], 2)
        original = duplicate_finder._key_pass_sql
        with patch.object(duplicate_finder, "_key_pass_sql",
                          lambda key, checked, _shared_only: original(key, checked, True)):
            self.assertEqual(passes_and_pairs(), sorted_whole)

    def test_a_company_and_a_person_are_never_candidates(self):
        a = self.create_prospect(**company("Jean Dupont", email="jean@dupont.fr"))
        b = self.create_prospect(**person("Jean Dupont", email="jean@dupont.fr"))
        _finder, pairs = self.candidates(a | b)
        self.assertEqual(pairs, {})

    def test_dismissed_pairs_are_not_candidates(self):
        a, b = [self.create_prospect(**values) for values in EXAMPLES["email"]]
        self.assertEqual(len(self.candidates(a | b)[1]), 1)
        self.env["crm.prospect.dedup.dismissal"].sudo(self.salesperson)._dismiss((a | b).ids)
        self.assertEqual(self.candidates(a | b)[1], {})

    def test_the_street_passes_do_not_pair_far_away_places(self):
        """A street name and number are common to many towns: two partners at
        "12 rue de la Paix" of two far-away towns, namesakes besides, are not
        paired by the street passes; in the same region (zip), they are."""
        left = person("Jean Martin", street="12 rue de la Paix", zip="75002", city="Paris")
        far = person("Jean Martin", street="12 rue de la Paix", zip="13001", city="Marseille")
        near = person("Jean Martin", street="12 rue de la Paix", zip="75011", city="Pari")
        a, b, c = [self.create_prospect(**values) for values in (left, far, near)]
        street_passes = [PASS_NAMES.index(name) for name in ("street_number", "streets")]

        def by_street(x, y, pairs):
            return any(pairs.get((min(x.id, y.id), max(x.id, y.id)), 0) & (1 << number)
                       for number in street_passes)

        _finder, pairs = self.candidates(a | b | c)
        self.assertFalse(by_street(a, b, pairs))
        self.assertTrue(by_street(a, c, pairs))
