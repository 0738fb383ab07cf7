from ..models.res_partner import COUNTED_KEY_FIELDS, EXACT_KEY_FIELDS, KEY_FIELDS, key_index_name
from .common import DedupCase


class TestDuplicateKeys(DedupCase):
    """The normalised keys: kept up to date on write, filled in bulk at
    install (the same as the ORM's), indexed."""

    def keys(self, partner):
        return {field: partner[field] for field in KEY_FIELDS}

    def test_keys_follow_the_fields_on_create_and_write(self):
        partner = self.create_prospect(name="Dupont & Fils SARL", email=" Info@Dupont.FR ",
                                       phone="01 23 45 67 89", vat="40 303 265 045",
                                       website="https://www.dupont.fr/", street="3 bd Victor-Hugo",
                                       street2="Bâtiment B", city="St-Étienne", zip="42 000")
        self.assertEqual(self.keys(partner), {
            "dedup_name_key": "dupont fils", "dedup_given_key": False,
            "dedup_surname_key": False, "dedup_email_key": "info@dupont.fr",
            "dedup_phone_key": "+33123456789", "dedup_mobile_key": False,
            "dedup_vat_key": "FR40303265045", "dedup_domain_key": "dupont.fr",
            "dedup_street_number": "3", "dedup_street_key": "boulevard victor hugo",
            "dedup_street2_key": "batiment b", "dedup_city_key": "saint etienne",
            "dedup_zip_key": "42000"})
        partner.sudo(self.salesperson).write({
            "email": "Sales@Dupont.fr", "mobile": "06 12 34 56 78",
            "country_id": self.env.ref("base.be").id})
        self.assertEqual(partner.dedup_email_key, "sales@dupont.fr")
        self.assertEqual(partner.dedup_mobile_key, "+32612345678",
                         "phones are read with the partner's new country")
        self.env.cr.execute("SELECT dedup_email_key FROM res_partner WHERE id = %s", (partner.id,))
        self.assertEqual(self.env.cr.fetchone()[0], "sales@dupont.fr", "stored in the database")

    def test_bulk_fill_of_partners_inserted_by_sql_gives_the_same_keys(self):
        self.env.cr.execute("""
            INSERT INTO res_partner (name, email, phone, vat, website, street, city, country_id,
                                     active, display_name, is_company)
            VALUES ('Crêperie Bretonne S.A.S.', 'Contact@Creperie.fr', '+33 2 99 00 11 22',
                    'fr40303265045', 'creperie.fr', '1 av. de la Gare', 'Rennes', %s, TRUE, 'x',
                    TRUE)
            RETURNING id
        """, (self.france.id,))
        inserted = self.Partner.browse(self.env.cr.fetchone()[0])
        self.assertFalse(inserted.dedup_name_key)
        self.assertEqual(self.Partner._dedup_backfill_keys(inserted.ids), 1)
        by_orm = self.create_prospect(name="Crêperie Bretonne S.A.S.", email="Contact@Creperie.fr",
                                      phone="+33 2 99 00 11 22", vat="fr40303265045",
                                      website="creperie.fr", street="1 av. de la Gare",
                                      city="Rennes")
        self.assertEqual([inserted[f] for f in KEY_FIELDS], [by_orm[f] for f in KEY_FIELDS])
        self.assertEqual(inserted.dedup_name_key, "bretonne creperie")

    def test_bulk_fill_in_many_batches_writes_every_partner_its_own_keys(self):
        """Keys are computed batch by batch: no batch may be lost, repeated or
        given to other partners."""
        partners = self.Partner
        for number in range(7):
            partners |= self.create_prospect(
                name="Société %d Martin" % number, email="contact%d@martin.fr" % number,
                phone="+33 1 23 45 67 %02d" % number, street="%d rue Haute" % number,
                city="Lyon")
        expected = {p.id: [p[f] for f in KEY_FIELDS] for p in partners}
        columns = ", ".join("%s = NULL" % f for f in KEY_FIELDS)
        # sql-safe: column names from KEY_FIELDS
        self.env.cr.execute("UPDATE res_partner SET %s WHERE id IN %%s" % columns,
                            (tuple(partners.ids),))
        partners.invalidate_cache()
        self.assertEqual(self.Partner._dedup_backfill_keys(partners.ids, batch_size=2), 7)
        self.assertEqual({p.id: [p[f] for f in KEY_FIELDS] for p in partners}, expected)
        self.assertEqual(len({p.dedup_email_key for p in partners}), 7)

    def test_bulk_fill_in_child_processes_gives_the_orm_keys_of_varied_partners(self):
        """The install's fill computes the keys in child processes, batch by
        batch: each partner gets exactly the keys the ORM computed for it."""
        belgium = self.env.ref("base.be")
        varied = [
            dict(name="Dupont & Fils S.A.R.L.", email=" Info@Dupont.FR ", phone="01 23 45 67 89",
                 vat="40 303 265 045", website="https://www.dupont.fr/x", street="3 bd Hugo",
                 street2="Bâtiment B", city="St-Étienne", zip="42 000"),
            dict(name="Jean-Pierre DUPONT", is_company=False, mobile="06 12 34 56 78",
                 street="12 bis, Av. Foch", city="Paris", country_id=belgium.id),
            dict(name="Zoë Ångström", is_company=False, phone="n/a", email="not an e-mail",
                 vat="BE 0477.472.701", country_id=belgium.id, street="Hauptstr. 5"),
            dict(name="SA", phone="+44 20 7946 0958", mobile="0044 20 7946 0958",
                 website="WWW.Acme.co.uk", country_id=False, zip="SW1A-1AA"),
            dict(name="Łódź " + "très long nom " * 20, is_company=False, street="rue sans numéro",
                 vat="xx", phone="123"),
            dict(name="Müller GmbH", email="a@b", vat="DE136695976", street="Rue 7", city="S"),
            dict(name="Ⅻ Œuvre", is_company=False),
        ]
        partners = self.Partner
        for values in varied:
            partners |= self.create_prospect(**values)
        expected = {p.id: [p[f] for f in KEY_FIELDS] for p in partners}
        self.assertTrue(all(any(keys) for keys in expected.values()))
        columns = ", ".join("%s = NULL" % f for f in KEY_FIELDS)
        # sql-safe: column names from KEY_FIELDS
        self.env.cr.execute("UPDATE res_partner SET %s WHERE id IN %%s" % columns,
                            (tuple(partners.ids),))
        partners.invalidate_cache()
        self.assertEqual(
            self.Partner._dedup_backfill_keys(partners.ids, batch_size=2, processes=2), 7)
        self.assertEqual({p.id: [p[f] for f in KEY_FIELDS] for p in partners}, expected)

    def test_fill_of_every_partner_gives_the_orm_keys_and_keeps_the_indexes(self):
        """The install's fill: every partner, res_partner's indexes set aside
        during the fill and built again after it, the same."""
        partner = self.create_prospect(name="Crêperie Bretonne", phone="02 99 00 11 22",
                                       street="1 av. de la Gare", city="Rennes")
        expected = [partner[f] for f in KEY_FIELDS]
        query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'res_partner'"
        self.env.cr.execute(query)
        indexes = sorted(self.env.cr.fetchall())
        self.env.cr.execute("UPDATE res_partner SET dedup_name_key = NULL, dedup_phone_key = NULL")
        self.env.cr.execute("SELECT count(*) FROM res_partner")
        total = self.env.cr.fetchone()[0]
        partner.invalidate_cache()
        self.assertEqual(self.Partner._dedup_backfill_keys(processes=1), total)
        self.assertEqual([partner[f] for f in KEY_FIELDS], expected)
        self.env.cr.execute(query)
        self.assertEqual(sorted(self.env.cr.fetchall()), indexes)
        self.env.cr.execute("SELECT count(*) FROM res_partner WHERE name IS NOT NULL "
                            "AND dedup_name_key IS NULL")
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_install_created_the_extension_and_the_indexes(self):
        self.env.cr.execute("SELECT extname FROM pg_extension")
        extensions = {row[0] for row in self.env.cr.fetchall()}
        self.assertLessEqual({"pg_trgm", "fuzzystrmatch"}, extensions)
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'res_partner'")
        indexes = dict(self.env.cr.fetchall())
        for column in EXACT_KEY_FIELDS:
            self.assertIn(key_index_name(column), indexes)
        for column in COUNTED_KEY_FIELDS:
            # the count of a name's or a city's partners reads the index alone
            self.assertIn("(%s, active)" % column, indexes[key_index_name(column)])
            self.assertNotIn("res_partner_%s_idx" % column, indexes)
        self.assertIn("reverse((dedup_name_key)::text)",
                      indexes["res_partner_dedup_name_key_reversed_idx"])
        self.assertNotIn("res_partner_dedup_name_key_trgm_idx", indexes)

    def test_a_persons_name_is_split_into_given_name_and_surname(self):
        person = self.create_prospect(name="Jean-Pierre DUPONT", is_company=False)
        self.assertEqual((person.dedup_given_key, person.dedup_surname_key),
                         ("jean pierre", "dupont"))
        self.assertEqual(person.dedup_name_key, "dupont jean pierre")
        person.sudo(self.salesperson).write({"name": "Dupont"})
        self.assertEqual((person.dedup_given_key, person.dedup_surname_key), (False, "dupont"))
        person.sudo(self.salesperson).write({"is_company": True})
        self.assertEqual((person.dedup_given_key, person.dedup_surname_key), (False, False),
                         "a company has no given name nor surname")
