"""A synthetic population of partners and realistic duplicates of some of
them, with the label of the real-world entity of every row.

Plain Python (no Odoo): used by generate_partners.py to load the bench
database, and by bench_dedup.py to type the queries of the warning bench.
Everything is drawn from a seeded random generator: the same seed gives the
same population.
"""
import itertools
import random
import string
import unicodedata

FIRST_NAMES = """
Jean Marie Pierre Michel André Philippe Nathalie Isabelle Sylvie Catherine Françoise Nicolas
Christophe Stéphane Sébastien Frédéric Laurent Julien David Thomas Alexandre Olivier Patrick
Christine Valérie Sandrine Céline Julie Aurélie Émilie Camille Léa Manon Chloé Inès Sarah Laura
Hugo Lucas Louis Gabriel Arthur Raphaël Jules Adam Paul Antoine Maxime Romain Vincent Guillaume
Anne Hélène Élise Agnès Brigitte Monique Jacqueline Danielle Martine Chantal Dominique Claude
Bernard Alain Daniel Gérard René Henri Jacques Yves Marcel Roger Serge Thierry Pascal Didier
Éric Bruno Franck Hervé Gilles Régis Benoît Cédric Jérôme Mathieu Damien Fabien Florian Kévin
Mélanie Audrey Pauline Marion Élodie Caroline Virginie Stéphanie Delphine Anaïs Océane Justine
Noémie Zoé Jade Lina Mila Rose Alice Louise Ambre Lucie Clara Eva Léna Margaux Juliette Mathilde
Gaëlle Maëlle Solène Morgane Anthony Jonathan Quentin Dylan Théo Enzo Nathan Baptiste Clément
Mohamed Karim Rachid Nadia Samira Fatima Yasmine Mehdi Sofiane Youssef Ahmed Leila Amina Malik
Hans Klaus Jürgen Stefan Andreas Wolfgang Petra Sabine Ursula Heike Marco Luca Giulia Francesca
""".split()

SURNAMES = """
Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre
Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent
Muller Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand
Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand
Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière
Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal
Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois Pierre
Benoît Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy Guillot Hubert
Berger Carpentier Sanchez Dupuis Moulin Louis Deschamps Huet Vasseur Perez Boucher Fleury Royer
Klein Jacquet Adam Paris Poirier Marty Aubry Guyot Carré Charles Renault Charpentier Ménard
Maillard Baron Bertin Bailly Hervé Schneider Fernandez Le Gall Collet Léger Bouvier Julien
Prévost Millet Perrot Daniel Le Roux Cousin Germain Breton Besson Langlois Rémy Le Goff
Pelletier Lévêque Perrier Leblanc Barré Lebrun Marchal Weber Mallet Hamon Boulanger Jacob
Monnier Michaud Rodriguez Guichard Gillet Étienne Grondin Poulain Tessier Chevallier Collin
Chauvin Da Silva Bouchet Gay Lemaître Bénard Maréchal Humbert Reynaud Antoine Hoarau Perret
Barthélemy Cordier Pichon Lejeune Gilbert Lamy Delaunay Pasquier Carlier Laporte
""".split()
SYLLABLES = """ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo lu
ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to va ve vi vo
bran cour fon gar lan mar mon ver ville bert court mont val bois champ""".split()
ENDINGS = "ard ier ot on in et aud ault eau el ac y oux ère and ent".split()

ACTIVITIES = """
Boulangerie Pâtisserie Boucherie Charcuterie Transports Garage Plomberie Électricité Menuiserie
Maçonnerie Couverture Peinture Carrelage Chauffage Serrurerie Imprimerie Librairie Pharmacie
Optique Coiffure Fleuriste Traiteur Restaurant Brasserie Hôtel Camping Auto-école Informatique
Conseil Immobilier Assurances Expertise Architecture Ingénierie Logistique Nettoyage Sécurité
Paysagiste Pépinière Jardinerie Quincaillerie Ferronnerie Ébénisterie Tapisserie Vitrerie
Ambulances Taxis Déménagements Location Électroménager Cycles Motoculture Agencement Isolation
Terrassement Travaux Bâtiment Distribution Import Export Négoce Laboratoire Cabinet Atelier
Studio Agence Centre Clinique Institut Domaine Château Cave Fromagerie Poissonnerie Épicerie
Primeur
""".split()
PLACES = [
    "du Centre", "de la Gare", "du Port", "des Alpes", "du Lac", "de l'Ouest", "du Nord",
    "du Sud", "de l'Est", "de la Vallée", "du Moulin", "des Pins", "du Marché", "de la Plage",
    "des Vignes", "du Château", "de la Forêt",
]
BRAND_PARTS = """nova tek bio sys data log med agri eco geo hydro micro opti pro tech tron vita
alpha omega delta neo lux terra aqua aero cyber flex inno max net smart sol star uni via""".split()
LEGAL_FORMS = ["SARL", "SAS", "SA", "EURL", "SASU", "SNC", "SCI"]
LEGAL_SPELLINGS = {"SARL": ["S.A.R.L.", "sarl", "Sarl"], "SAS": ["S.A.S.", "sas"],
                   "SA": ["S.A.", "sa"], "EURL": ["E.U.R.L.", "eurl"], "SASU": ["S.A.S.U.", "sasu"],
                   "SNC": ["S.N.C."], "SCI": ["S.C.I."]}

CITIES = [  # (city, zip, weight)
    ("Paris", "75011", 30), ("Marseille", "13001", 12), ("Lyon", "69003", 11),
    ("Toulouse", "31000", 8), ("Nice", "06000", 6), ("Nantes", "44000", 6),
    ("Strasbourg", "67000", 5), ("Montpellier", "34000", 5), ("Bordeaux", "33000", 5),
    ("Lille", "59000", 5), ("Rennes", "35000", 4), ("Reims", "51100", 3),
    ("Saint-Étienne", "42000", 3), ("Le Havre", "76600", 3), ("Toulon", "83000", 3),
    ("Grenoble", "38000", 3), ("Dijon", "21000", 3), ("Angers", "49000", 3),
    ("Nîmes", "30000", 3), ("Villeurbanne", "69100", 2), ("Clermont-Ferrand", "63000", 2),
    ("Le Mans", "72000", 2), ("Aix-en-Provence", "13100", 2), ("Brest", "29200", 2),
    ("Tours", "37000", 2), ("Amiens", "80000", 2), ("Limoges", "87000", 2),
    ("Annecy", "74000", 2), ("Perpignan", "66000", 2), ("Besançon", "25000", 2),
    ("Metz", "57000", 2), ("Orléans", "45000", 2), ("Rouen", "76000", 2),
    ("Mulhouse", "68100", 2), ("Caen", "14000", 2), ("Nancy", "54000", 2),
    ("Saint-Denis", "93200", 2), ("Argenteuil", "95100", 1), ("Montreuil", "93100", 1),
    ("Roubaix", "59100", 1), ("Tourcoing", "59200", 1), ("Avignon", "84000", 1),
    ("Poitiers", "86000", 1), ("Pau", "64000", 1), ("La Rochelle", "17000", 1),
    ("Saint-Malo", "35400", 1), ("Vannes", "56000", 1), ("Chambéry", "73000", 1),
    ("Valence", "26000", 1), ("Béziers", "34500", 1), ("Colmar", "68000", 1),
    ("Quimper", "29000", 1), ("Troyes", "10000", 1), ("Lorient", "56100", 1),
    ("Niort", "79000", 1), ("Saint-Nazaire", "44600", 1), ("Bayonne", "64100", 1),
    ("Cannes", "06400", 1), ("Antibes", "06600", 1), ("Ajaccio", "20000", 1),
    ("Bastia", "20200", 1), ("Saint-Quentin", "02100", 1), ("Évreux", "27000", 1),
]
STREET_TYPES = ["rue", "avenue", "boulevard", "place", "impasse", "chemin", "allée", "route"]
STREET_NAMES = [
    "de la République", "Victor Hugo", "Jean Jaurès", "de Paris", "de la Gare", "Pasteur",
    "du Général de Gaulle", "des Écoles", "de l'Église", "du Moulin", "Gambetta", "Carnot",
    "Voltaire", "Jules Ferry", "de la Liberté", "du Stade", "des Lilas", "Émile Zola",
    "de la Paix", "du Château", "des Roses", "Foch", "Saint-Michel", "Nationale", "du Commerce",
    "des Acacias", "de Verdun", "Anatole France", "Jean Moulin", "de la Mairie", "des Tilleuls",
    "du Port", "Saint-Martin", "de Lattre de Tassigny", "des Peupliers", "du Marché",
    "de la Fontaine", "des Champs", "Molière", "Racine", "Lamartine", "Berlioz", "Mozart",
    "des Vignes", "de Bretagne", "de Normandie",
]
ABBREVIATIONS = {"avenue": "av.", "boulevard": "bd", "place": "pl.", "impasse": "imp.",
                 "route": "rte", "chemin": "ch.", "allée": "all."}
PROVIDERS = ["gmail.com", "orange.fr", "free.fr", "wanadoo.fr", "hotmail.fr", "yahoo.fr", "sfr.fr",
             "laposte.net", "outlook.fr", "icloud.com"]
ACCENTS = {"e": "é", "a": "à", "u": "ù", "i": "î", "o": "ô", "c": "ç"}
KEYBOARD = "azertyuiopqsdfghjklmwxcvbn"


def strip_accents(text):
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def slug(text):
    return "".join(c for c in strip_accents(text).lower() if c.isalnum())


class Population(object):
    """Draws clean entities and corrupted duplicates of them."""

    def __init__(self, seed=42):
        self.random = random.Random(seed)
        rnd = self.random
        # a long tail of surnames besides the common ones, as in real data
        synthetic = set()
        while len(synthetic) < 40000:
            name = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.choice((1, 2, 2, 3))))
            synthetic.add((name + rnd.choice(ENDINGS)).capitalize())
        self.surnames = SURNAMES + sorted(synthetic)
        # Zipf-like weights: the common names are much more frequent
        self.surname_weights = list(itertools.accumulate(
            [200.0 / (i + 1) for i in range(len(SURNAMES))] + [0.02] * len(synthetic)))
        self.first_weights = list(itertools.accumulate(
            [50.0 / (i + 1) ** 0.5 for i in range(len(FIRST_NAMES))]))
        self.city_weights = list(itertools.accumulate(w for _c, _z, w in CITIES))
        self.serial = 0
        self.emails = set()

    def _next(self):
        self.serial += 1
        return self.serial

    def _surname(self):
        return self.random.choices(self.surnames, cum_weights=self.surname_weights)[0]

    def _first_name(self):
        return self.random.choices(FIRST_NAMES, cum_weights=self.first_weights)[0]

    def _address(self):
        rnd = self.random
        city, zip_code, _w = rnd.choices(CITIES, cum_weights=self.city_weights)[0]
        street = "%d %s %s" % (rnd.randint(1, 250), rnd.choice(STREET_TYPES),
                               rnd.choice(STREET_NAMES))
        return street, zip_code, city

    def _phone(self, mobile=False):
        n = self._next()
        prefix = self.random.choice("67") if mobile else self.random.choice("12345")
        digits = "0%s%08d" % (prefix, (n * 48271 + 1234567) % 100000000)
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))

    def person(self):
        """A clean person: name, e-mail, phone, mobile, address."""
        rnd = self.random
        first, last = self._first_name(), self._surname()
        street, zip_code, city = self._address()
        email = "%s.%s@%s" % (slug(first), slug(last), rnd.choice(PROVIDERS))
        if rnd.random() < 0.9 or email in self.emails:  # an address belongs to one person
            email = email.replace("@", "%d@" % self._next())
        self.emails.add(email)
        return {
            "is_company": False, "name": "%s %s" % (first, last), "email": email,
            "phone": self._phone() if rnd.random() < 0.6 else None,
            "mobile": self._phone(mobile=True) if rnd.random() < 0.8 else None,
            "vat": None, "website": None, "street": street, "zip": zip_code, "city": city,
            "country": "FR",
        }

    def company(self):
        """A clean company: name with a legal form, e-mail and website on its
        own domain, phone, VAT number, address."""
        rnd = self.random
        kind = rnd.random()
        if kind < 0.35:
            base = "%s %s" % (rnd.choice(ACTIVITIES), self._surname())
        elif kind < 0.5:
            base = "%s %s" % (self._surname(), rnd.choice(ACTIVITIES))
        elif kind < 0.65:
            base = "%s %s" % (rnd.choice(ACTIVITIES), rnd.choice(PLACES))
        elif kind < 0.75:
            base = "%s & %s" % (self._surname(), self._surname())
        else:
            base = "".join(rnd.choice(BRAND_PARTS) for _ in range(2)).capitalize()
            if rnd.random() < 0.5:
                base += " " + rnd.choice(ACTIVITIES)
        serial = self._next()
        name = base + (" " + rnd.choice(LEGAL_FORMS) if rnd.random() < 0.7 else "")
        domain = "%s%d.fr" % (slug(base)[:20], serial)
        street, zip_code, city = self._address()
        siren = "%09d" % ((serial * 104729) % 1000000000)
        return {
            "is_company": True, "name": name,
            "email": "%s@%s" % (rnd.choice(["contact", "info", "accueil", "commercial"]), domain),
            "phone": self._phone(), "mobile": None,
            "vat": ("FR%02d%s" % ((12 + 3 * (int(siren) % 97)) % 97, siren)
                    if rnd.random() < 0.8 else None),
            "website": "https://www.%s" % domain if rnd.random() < 0.8 else None,
            "street": street, "zip": zip_code, "city": city, "country": "FR",
        }

    def contact_of(self, company):
        """A person working for COMPANY: the switchboard phone, its domain."""
        person = self.person()
        domain = company["email"].split("@")[1]
        first, last = person["name"].split(" ", 1)
        person.update(email="%s.%s@%s" % (slug(first), slug(last), domain), phone=company["phone"],
                      street=company["street"], zip=company["zip"], city=company["city"])
        return person

    # -- corruption -------------------------------------------------------------

    def typo(self, text):
        """One keyboard slip in one word of at least 4 letters."""
        rnd = self.random
        words = text.split(" ")
        candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
        if not candidates:
            return text
        i = rnd.choice(candidates)
        word = words[i]
        pos = rnd.randint(1, len(word) - 1) if rnd.random() < 0.85 else 0
        op = rnd.choice(["substitute", "delete", "insert", "transpose"])
        if op == "substitute":
            word = word[:pos] + rnd.choice(KEYBOARD) + word[pos + 1:]
        elif op == "delete":
            word = word[:pos] + word[pos + 1:]
        elif op == "insert":
            word = word[:pos] + rnd.choice(KEYBOARD) + word[pos:]
        elif pos < len(word) - 1:
            word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2:]
        words[i] = word
        return " ".join(words)

    def corrupt_name(self, name, is_company):
        rnd = self.random
        changed = False
        while not changed:
            if rnd.random() < 0.5:
                name = rnd.choice([name.upper(), name.lower(), name.title()])
                changed = True
            if rnd.random() < 0.3:
                name = strip_accents(name)
                changed = True
            if is_company and rnd.random() < 0.4:
                words = name.split(" ")
                forms = [w for w in words if w.upper().replace(".", "") in LEGAL_SPELLINGS]
                if forms:
                    form = forms[0].upper().replace(".", "")
                    choice = rnd.random()
                    if choice < 0.4:
                        words.remove(forms[0])
                    elif choice < 0.8:
                        words[words.index(forms[0])] = rnd.choice(LEGAL_SPELLINGS[form])
                    else:
                        words.remove(forms[0])
                        words.insert(0, form)
                else:
                    words.append(rnd.choice(LEGAL_FORMS))
                name = " ".join(words)
                changed = True
            if rnd.random() < 0.2:
                words = name.split(" ")
                if len(words) > 1:
                    words = words[1:] + words[:1]
                    name = " ".join(words)
                    changed = True
            if rnd.random() < 0.25:
                name = self.typo(name)
                changed = True
            if rnd.random() < 0.1:
                name = name.replace(" & ", " et ") if "&" in name else name.replace(" ", "-", 1)
                changed = True
        return name

    def slip(self, text):
        """One slip of the kinds the FEBRL generator makes, for persons and
        companies alike: a keyboard typo, an OCR confusion (o/0, l/1, rn/m,
        c/e), a phonetic variant (ph/f, c/k, ou/u, double letters), or a space
        typed inside a word or one dropped between two."""
        rnd = self.random
        kind = rnd.random()
        if kind < 0.4:
            return self.typo(text)
        if kind < 0.6:
            pairs = OCR_SLIPS
        elif kind < 0.8:
            pairs = PHONETIC_VARIANTS
        else:
            words = text.split(" ")
            if len(words) > 1 and rnd.random() < 0.5:
                i = rnd.randrange(len(words) - 1)
                return " ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2:])
            i = rnd.randrange(len(words))
            word = words[i]
            if len(word) >= 4:
                cut = rnd.randint(1, len(word) - 1)
                words[i] = word[:cut] + " " + word[cut:]
            return " ".join(words)
        found = [(a, b) for a, b in pairs if a in text] + [(b, a) for a, b in pairs if b in text]
        if not found:
            return self.typo(text)
        a, b = rnd.choice(found)
        return text.replace(a, b, 1)

    def slips(self, row, rate=0.2):
        """A slip in each of name, street, city and zip with probability RATE."""
        rnd = self.random
        for field in ("name", "street", "city", "zip"):
            if row.get(field) and rnd.random() < rate:
                row[field] = self.slip(row[field])
        return row

    def reformat_phone(self, phone):
        digits = phone.replace(" ", "")
        national = digits[1:]
        return self.random.choice([
            digits, ".".join(digits[i:i + 2] for i in range(0, 10, 2)),
            "+33 %s %s" % (national[0], " ".join(national[i:i + 2] for i in range(1, 9, 2))),
            "+33" + national, "0033 " + national, "(0)%s" % national,
            "-".join(digits[i:i + 2] for i in range(0, 10, 2)),
        ])

    def reformat_vat(self, vat):
        rnd = self.random
        return rnd.choice(["%s %s %s" % (vat[:2], vat[2:4], vat[4:]), vat.lower(), vat[2:],
                           "%s %s %s %s" % (vat[:4], vat[4:7], vat[7:10], vat[10:])])

    def reformat_website(self, website):
        domain = website.split("www.", 1)[1]
        return self.random.choice(["http://www.%s" % domain, domain, "www.%s/" % domain,
                                   "https://%s/contact" % domain, "WWW.%s" % domain.upper()])

    def reformat_street(self, street):
        for full, short in ABBREVIATIONS.items():
            if " %s " % full in street:
                return street.replace(" %s " % full, " %s " % short)
        return street.replace(" rue ", ", rue ")

    def duplicate(self, row):
        """A copy of ROW as another user would have typed it: case, accents,
        legal form, word order, typos, phone/VAT/website formats, missing
        or changed fields."""
        rnd = self.random
        dup = dict(row)
        dup["name"] = self.corrupt_name(row["name"], row["is_company"])
        if dup["email"]:
            roll = rnd.random()
            if roll < 0.25:
                dup["email"] = None
            elif roll < 0.30:
                dup["email"] = "%s%d@%s" % (slug(row["name"])[:12], self._next(),
                                            rnd.choice(PROVIDERS))
            elif roll < 0.6:
                dup["email"] = dup["email"].upper() if rnd.random() < 0.5 else dup["email"].title()
        for field, missing in (("phone", 0.25), ("mobile", 0.4)):
            if dup[field]:
                roll = rnd.random()
                if roll < missing:
                    dup[field] = None
                elif roll < missing + 0.05:
                    dup[field] = self._phone(mobile=field == "mobile")
                elif rnd.random() < 0.8:
                    dup[field] = self.reformat_phone(dup[field])
        if dup["vat"]:
            roll = rnd.random()
            if roll < 0.4:
                dup["vat"] = None
            elif roll < 0.7:
                dup["vat"] = self.reformat_vat(dup["vat"])
        if dup["website"]:
            roll = rnd.random()
            dup["website"] = None if roll < 0.3 else (
                self.reformat_website(dup["website"]) if roll < 0.7 else dup["website"])
        roll = rnd.random()
        if roll < 0.2:
            dup["street"] = None
        elif roll < 0.5:
            dup["street"] = self.reformat_street(dup["street"])
        roll = rnd.random()
        if roll < 0.15:
            dup["city"] = None
        elif roll < 0.45:
            dup["city"] = rnd.choice([dup["city"].upper(), strip_accents(dup["city"]),
                                      dup["city"].replace("Saint-", "St ")])
        if rnd.random() < 0.2:
            dup["zip"] = None
        return self.slips(dup)

    def typed(self, row):
        """What a user types for a new prospect that already exists as ROW
        (name, email, phone, is_company): the name as another user would
        write it, and half of the time its e-mail, half of the time its phone."""
        rnd = self.random
        values = {"name": self.corrupt_name(row["name"], row["is_company"]),
                  "is_company": row["is_company"], "email": None, "phone": None}
        if row.get("email") and rnd.random() < 0.5:
            values["email"] = row["email"].lower() if rnd.random() < 0.5 else row["email"]
        phone = row.get("phone")
        if phone and rnd.random() < 0.5:
            standard = len(phone) == 14 and phone.replace(" ", "").isdigit()
            values["phone"] = self.reformat_phone(phone) if standard else phone
        return values

    def rows(self, count, dup_rate=0.08, second_dup_rate=0.15, contact_rate=0.12):
        """Yield (row, entity) for COUNT rows: clean companies (55 %) and
        persons, some companies' contacts (parent given as the row number of
        the company), and duplicates of DUP_RATE of the clean entities (a
        second one for SECOND_DUP_RATE of those). Duplicates share the
        entity number of their original; everything else has its own."""
        rnd = self.random
        produced = 0
        while produced < count:
            is_company = rnd.random() < 0.55
            row = self.company() if is_company else self.person()
            entity = produced
            row["parent"] = None
            yield row, entity
            produced += 1
            if is_company and rnd.random() < contact_rate:
                company_row = produced - 1
                for _ in range(rnd.choice((1, 1, 2))):
                    if produced >= count:
                        return
                    contact = self.contact_of(row)
                    contact["parent"] = company_row
                    yield contact, produced
                    produced += 1
            if rnd.random() < dup_rate:
                copies = 2 if rnd.random() < second_dup_rate else 1
                for _ in range(copies):
                    if produced >= count:
                        return
                    yield dict(self.duplicate(row), parent=None), entity
                    produced += 1


# OCR confusions and phonetic variants (either way) of the FEBRL generator's kind
OCR_SLIPS = [("o", "0"), ("l", "1"), ("rn", "m"), ("e", "c"), ("i", "l"), ("5", "s")]
PHONETIC_VARIANTS = [("ph", "f"), ("qu", "k"), ("ou", "u"), ("ll", "l"), ("tt", "t"),
                     ("ss", "s"), ("eau", "o"), ("ai", "e"), ("y", "i"), ("an", "en")]


def random_string(rnd, size=8):
    return "".join(rnd.choice(string.ascii_lowercase) for _ in range(size))
