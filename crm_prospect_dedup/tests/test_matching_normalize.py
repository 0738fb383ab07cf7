"""The normalisers of the matching package, without a database."""
import unittest

from ..matching import (normalize_city, normalize_email, normalize_name, normalize_phone,
                        normalize_street, normalize_vat, normalize_website, normalize_zip,
                        person_name_parts, record_from_values, split_name_parts, street_parts,
                        unaccent)


class TestNormalizeName(unittest.TestCase):

    def test_accents_case_and_punctuation_do_not_count(self):
        self.assertEqual(normalize_name("Société Générale"), normalize_name("SOCIETE generale"))
        self.assertEqual(normalize_name("Crêperie-Bretonne!"), "bretonne creperie")

    def test_legal_forms_are_left_out(self):
        expected = normalize_name("Acme")
        for name in ["Acme SA", "ACME S.A.", "Acme SARL", "Acme S.A.R.L.", "Acme SAS", "Acme GmbH",
                     "Acme Ltd", "Acme Ltd.", "Acme Inc.", "Acme, Inc", "Acme A/S", "Acme & Co",
                     "Acme Limited", "Acme LLC", "Acme e.V.", "SAS Acme"]:
            self.assertEqual(normalize_name(name), expected, name)

    def test_word_order_does_not_count(self):
        self.assertEqual(normalize_name("Jean Dupont"), normalize_name("DUPONT Jean"))
        self.assertEqual(normalize_name("Dupont et Fils"), normalize_name("Fils & Dupont"))
        self.assertEqual(normalize_name("Jean Dupont"), "dupont jean")

    def test_letters_without_decomposition_are_spelt_out(self):
        self.assertEqual(unaccent("Straße Øresund Łódź Æther"), "Strasse Oresund Lodz AEther")
        self.assertEqual(normalize_name("Müller Straße GmbH"), normalize_name("MULLER STRASSE"))

    def test_apostrophes_and_dots_join_words(self):
        self.assertEqual(normalize_name("L'Oréal"), normalize_name("LOREAL"))

    def test_a_name_made_only_of_legal_forms_is_kept(self):
        self.assertEqual(normalize_name("S.A."), "sa")

    def test_digits_stay_and_empty_names_have_no_key(self):
        self.assertEqual(normalize_name("Garage 2000"), "2000 garage")
        self.assertIsNone(normalize_name(""))
        self.assertIsNone(normalize_name(False))
        self.assertIsNone(normalize_name(" - "))


class TestNormalizeContact(unittest.TestCase):

    def test_email_is_compared_case_insensitively(self):
        self.assertEqual(normalize_email(" Jean.Dupont@Example.COM "), "jean.dupont@example.com")
        self.assertEqual(normalize_email('"Jean" <Jean@Example.com>'), "jean@example.com")
        self.assertEqual(normalize_email("a@example.com, b@example.com"), "a@example.com")
        self.assertIsNone(normalize_email("not an address"))
        self.assertIsNone(normalize_email(None))

    def test_phone_becomes_e164_with_the_partners_country(self):
        for number in ["01 23 45 67 89", "01.23.45.67.89", "+33 1 23 45 67 89",
                       "0033 1 23 45 67 89", "(0)1-23-45-67-89", "+33123456789"]:
            self.assertEqual(normalize_phone(number, "fr"), "+33123456789", number)
        self.assertEqual(normalize_phone("02 123 45 67", "BE"), "+3221234567")
        self.assertEqual(normalize_phone("+33 1 23 45 67 89", None), "+33123456789")

    def test_phone_without_country_falls_back_to_its_digits(self):
        self.assertEqual(normalize_phone("01 23 45 67 89", None), "0123456789")
        self.assertIsNone(normalize_phone("n/a", "fr"))
        self.assertIsNone(normalize_phone("", "fr"))

    def test_vat_is_compact_with_its_country_prefix(self):
        self.assertEqual(normalize_vat("FR 40 303 265 045"), "FR40303265045")
        self.assertEqual(normalize_vat("fr40-303-265-045"), "FR40303265045")
        self.assertEqual(normalize_vat("40 303 265 045", "fr"), "FR40303265045")
        self.assertEqual(normalize_vat("BE 0477.472.701"), "BE0477472701")
        self.assertEqual(normalize_vat("GR 094259216"), "EL094259216")
        self.assertEqual(normalize_vat("CHE-116.281.710 MWST", "ch"), "CHE116281710MWST")
        self.assertEqual(normalize_vat("12-3456789", "us"), "US123456789")
        self.assertEqual(normalize_vat("123 456", None), "123456")
        self.assertIsNone(normalize_vat(" "))

    def test_website_becomes_its_domain(self):
        for url in ["https://www.acme.fr/contact", "http://ACME.fr", "www.acme.fr",
                    "acme.fr/", "https://www2.acme.fr:8443/x?y=1"]:
            self.assertEqual(normalize_website(url), "acme.fr", url)
        self.assertEqual(normalize_website("shop.acme.co.uk"), "shop.acme.co.uk")
        self.assertIsNone(normalize_website("acme"))
        self.assertIsNone(normalize_website(False))


class TestNormalizeAddress(unittest.TestCase):

    def test_street_abbreviations_are_spelt_out(self):
        self.assertEqual(normalize_street("12, av. de la Gare"),
                         normalize_street("12 Avenue de la gare"))
        self.assertEqual(normalize_street("3 bd Victor-Hugo"), "3 boulevard victor hugo")

    def test_city_saint_and_hyphens(self):
        self.assertEqual(normalize_city("St-Étienne"), "saint etienne")
        self.assertEqual(normalize_city("SAINT ETIENNE"), "saint etienne")

    def test_street_number_is_split_from_the_street_name(self):
        self.assertEqual(street_parts("12 bis, Av. Foch"), ("12bis", "avenue foch"))
        self.assertEqual(street_parts("12 b rue X"), ("12b", "rue x"))
        self.assertEqual(street_parts("Hauptstr. 5"), ("5", "hauptstr"), "number after the name")
        self.assertEqual(street_parts("3 bd Victor-Hugo"), ("3", "boulevard victor hugo"))
        self.assertEqual(street_parts("rue de la Paix"), (None, "rue de la paix"))
        self.assertEqual(street_parts("12"), ("12", None))
        self.assertEqual(street_parts(None), (None, None))

    def test_zip_without_spaces_or_dashes(self):
        self.assertEqual(normalize_zip("75 008"), "75008")
        self.assertEqual(normalize_zip("sw1a-1aa"), "SW1A1AA")
        self.assertIsNone(normalize_zip(" "))
        self.assertIsNone(normalize_zip(False))


class TestPersonNameParts(unittest.TestCase):

    def test_given_names_then_surname_in_the_order_typed(self):
        self.assertEqual(person_name_parts("Jean-Pierre Dupont"), ("jean pierre", "dupont"))
        self.assertEqual(person_name_parts("DUPONT Jean"), ("dupont", "jean"),
                         "the order typed is kept: the comparison sees the swap")
        self.assertEqual(person_name_parts("Éloïse d'Arcy"), ("eloise", "darcy"))
        self.assertEqual(person_name_parts("J. Martin"), ("j", "martin"))

    def test_one_word_is_a_surname_and_nothing_is_nothing(self):
        self.assertEqual(person_name_parts("DUPONT"), (None, "dupont"))
        self.assertEqual(person_name_parts("  "), (None, None))
        self.assertEqual(person_name_parts(None), (None, None))

    def test_split_names_are_read_as_given_and_surname_whatever_the_order_shown(self):
        """OCA's partner_firstname: its two fields, not the full name it shows
        as "Lastname Firstname"."""
        self.assertEqual(split_name_parts("Jean-Pierre", "DUPONT"), ("jean pierre", "dupont"))
        self.assertEqual(split_name_parts("Éloïse", "d'Arcy de la Tour"),
                         ("eloise", "darcy de la tour"))
        self.assertEqual(split_name_parts(False, "Dupont"), (None, "dupont"))
        self.assertIsNone(split_name_parts(False, False), "then the full name is read")

    def test_a_typed_partner_is_read_from_its_split_names_where_it_has_them(self):
        split = record_from_values({"name": "LOVELACE Ada", "firstname": "Ada",
                                    "lastname": "Lovelace"})
        self.assertEqual((split.given, split.surname), ("ada", "lovelace"))
        whole = record_from_values({"name": "LOVELACE Ada"})
        self.assertEqual((whole.given, whole.surname), ("lovelace", "ada"))
