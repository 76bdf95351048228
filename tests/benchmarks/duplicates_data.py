"""Contacts with duplicates of known truth, for the duplicate benchmark (issue 16).

Written before the fuzzy method, so the method is not shaped by it. Deterministic per seed.

`generate(size, seed)` returns contact value dicts (companies first, then persons, numbered
"G000001"...) and the truth:

- *entities*: Dutch and English companies (with persons of their own, who inherit the
  company's address, phone and e-mail as the app does) and private persons;
- *duplicates*: about one entity in eight gets one or two extra records made from it by the kinds
  of error real files hold, one to three per copy: typing errors, characters misread from scans
  (0/O, 1/l, rn/m ...), phonetic misspellings, missing values, values typed into the
  neighbouring field, other spellings (legal forms, street abbreviations, phone formats, case,
  accents), and for persons nicknames, initials, swapped first and last names and a surname
  prefix moved to the middle name. Most person duplicates sit in the same company;
- *near misses*, which are not duplicates: branches of one chain (same name, other address),
  father and son at one address, firms sharing a building, firms sharing a switchboard number.

Truth is the set of pairs (higher no, lower no) within a duplicate cluster; `near_miss` holds
every pair within one near-miss group, which must not be paired.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

NL_FIRST = (
    "Jan Johannes Pieter Cornelis Hendrik Willem Gerrit Dirk Thomas Elisabeth Maria Anna "
    "Johanna Cornelia Wilhelmina Sanne Daan Emma Lotte Bram Femke Joris Anouk Thijs Noor Ruud "
    "Marieke Wouter Fleur Jacobus Petronella Adriana Margaretha Nicolaas Arnold Frederik"
).split()
EN_FIRST = (
    "William Robert Thomas James Elizabeth Margaret Katherine Richard Edward Michael Jennifer "
    "Patricia Susan Charles Christopher Daniel Matthew Anthony Joseph Andrew Rebecca Samuel "
    "Alexander Benjamin Victoria Jonathan Nicholas Deborah Stephen Timothy"
).split()
# Nicknames a clerk types instead of the full name (the generator's own list).
NICK = {
    "Johannes": ["Hans", "Jan", "Joop", "Johan"],
    "Cornelis": ["Kees", "Cor"],
    "Elisabeth": ["Bep", "Lies", "Els"],
    "Wilhelmina": ["Mien", "Willy"],
    "Jacobus": ["Jaap", "Koos"],
    "Petronella": ["Nel"],
    "Margaretha": ["Greet", "Grietje"],
    "Nicolaas": ["Klaas", "Niek"],
    "Hendrik": ["Henk", "Rik"],
    "Willem": ["Wim"],
    "Gerrit": ["Gert"],
    "Thomas": ["Tom"],
    "William": ["Bill", "Will"],
    "Robert": ["Bob", "Rob"],
    "Elizabeth": ["Liz", "Beth"],
    "Margaret": ["Peggy", "Maggie"],
    "Katherine": ["Kate", "Kathy"],
    "Richard": ["Dick", "Rick"],
    "Edward": ["Ted", "Ed"],
    "Michael": ["Mike"],
    "James": ["Jim", "Jimmy"],
    "Christopher": ["Chris"],
    "Anthony": ["Tony"],
    "Alexander": ["Alex"],
    "Jonathan": ["Jon"],
    "Nicholas": ["Nick"],
    "Timothy": ["Tim"],
    "Frederik": ["Frits"],
}
NL_PREFIX = ("van", "de", "van der", "van den", "ter", "van de", "den")
NL_SURNAME = (
    "Vries Jansen Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer "
    "Dijkstra Boer Groot Wit Graaf Meer Linden Kok Jacobs Haan Vermeulen Heuvel Veen Broek "
    "Bruijn Heijden Schouten Beek Willems Dijk Verbeek Horst Huisman Kuipers Postma Wijk"
).split()
EN_SURNAME = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke Harris Lewis Martin Cooper Hughes "
    "Edwards Turner Hill Moore Ward Morris King Baker Fletcher Ashworth Pemberton"
).split()
NL_TRADE = (
    "Bouwbedrijf Installatietechniek Transport Bakkerij Schilderwerken Hoveniers Autobedrijf "
    "Loodgieters Advies Accountants Drukkerij Metaalbewerking Elektrotechniek Houthandel"
).split()
EN_TRADE = (
    "Builders Engineering Logistics Bakery Decorators Landscaping Motors Plumbing Consulting "
    "Accountants Printers Fabrications Electrical Timber"
).split()
NL_LEGAL = ("B.V.", "BV", "b.v.", "N.V.", "V.O.F.", "vof", "Holding B.V.")
EN_LEGAL = ("Ltd", "Ltd.", "Limited", "LLP", "PLC", "Inc.")
SYL = "ka ro me li va no te si da re mo lu be fa gi ho ne pa ri to ve zo an el or ul".split()
NL_STREET_END = ("straat", "laan", "weg", "plein", "gracht", "dijk", "singel")
NL_STREET_ABBR = {"straat": "str.", "laan": "ln.", "weg": "wg.", "plein": "pl.", "singel": "sngl"}
EN_STREET_END = ("Street", "Road", "Lane", "Avenue", "Close", "Drive", "Way")
EN_STREET_ABBR = {"Street": "St.", "Road": "Rd", "Lane": "Ln", "Avenue": "Ave", "Drive": "Dr."}
NL_CITIES = (
    "Amsterdam Rotterdam Utrecht Eindhoven Groningen Tilburg Almere Breda Nijmegen Apeldoorn "
    "Haarlem Arnhem Enschede Amersfoort Zaanstad Zwolle Leiden Maastricht Dordrecht Delft "
    "Alkmaar Venlo Deventer Hilversum Emmen Helmond Oss Leeuwarden Gouda Hoorn"
).split()
EN_CITIES = (
    "London Manchester Birmingham Leeds Sheffield Bristol Liverpool Leicester Coventry Bradford "
    "Nottingham Reading Derby Southampton Norwich York Oxford Cambridge Exeter Bath"
).split()
OCR = (("0", "O"), ("O", "0"), ("1", "l"), ("l", "1"), ("m", "rn"), ("rn", "m"), ("5", "S"))
OCR += (("8", "B"), ("I", "l"), ("e", "c"), ("h", "b"), ("cl", "d"))
DIGIT_OCR = (("1", "7"), ("7", "1"), ("3", "8"), ("8", "3"), ("5", "6"), ("6", "5"), ("0", "8"))
PHONETIC = (("ij", "y"), ("y", "ij"), ("ei", "ij"), ("ph", "f"), ("c", "k"), ("k", "c"))
PHONETIC += (("z", "s"), ("dt", "t"), ("au", "ou"), ("ou", "au"), ("th", "t"), ("ck", "k"))
PHONETIC += (("ee", "ea"), ("ie", "ee"), ("sch", "s"), ("v", "f"), ("w", "v"), ("tt", "t"))


@dataclass
class Dataset:
    """Contacts with their truth."""

    contacts: list[dict[str, Any]] = field(default_factory=list)
    truth: set[tuple[str, str]] = field(default_factory=set)
    near_miss: set[tuple[str, str]] = field(default_factory=set)
    # kind of error -> the truth pairs whose copy holds it
    errors: dict[str, set[tuple[str, str]]] = field(default_factory=dict)

    def by_no(self) -> dict[str, dict[str, Any]]:
        """Contacts by number."""
        return {c["no"]: c for c in self.contacts}


def pair(a: str, b: str) -> tuple[str, str]:
    """A pair in the stored order (higher number first)."""
    return (a, b) if a > b else (b, a)


class Generator:
    """Makes one data set; `size` is the number of contacts (roughly, duplicates included)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seen_words: set[str] = set()

    # --- values -----------------------------------------------------------------------------

    def word(self, syllables: int) -> str:
        """An invented word (company and street names), so a large file is not all collisions."""
        return "".join(self.rng.choice(SYL) for _ in range(syllables)).capitalize()

    def nl_post(self) -> str:
        r = self.rng
        return (
            f"{r.randint(1000, 9999)} {r.choice('ABCDEGHJKLMNPRSTVWXZ')}{r.choice('ABEHKLMNRSTX')}"
        )

    def en_post(self) -> str:
        r = self.rng
        out = r.choice(("SW", "NW", "M", "B", "LS", "BS", "L", "E", "N", "CB", "OX"))
        return f"{out}{r.randint(1, 20)} {r.randint(1, 9)}{r.choice('ABDEFGHJLN')}{r.choice('PQRSTUWXYZ')}"

    def phone(self, dutch: bool, mobile: bool = False) -> str:
        r = self.rng
        if dutch:
            area = "6" if mobile else r.choice(("20", "10", "30", "40", "50", "70", "73", "58"))
            rest = "".join(r.choice("0123456789") for _ in range(9 - len(area)))
            digits = "0" + area + rest
            return r.choice(
                (
                    f"{digits[: len(area) + 1]}-{digits[len(area) + 1 :]}",
                    f"+31 {area} {rest}",
                    f"{digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}",
                    digits,
                )
            )
        area = "7" + "".join(r.choice("0123456789") for _ in range(3)) if mobile else "20"
        rest = "".join(r.choice("0123456789") for _ in range(10 - len(area)))
        digits = "0" + area + rest
        return r.choice((f"{digits[:5]} {digits[5:]}", f"+44 {area} {rest}", digits))

    def street(self, dutch: bool) -> tuple[str, str]:
        """(street name, house number text)."""
        r = self.rng
        no = str(r.randint(1, 300)) + (r.choice(("", "", "", "a", "b", "-2")) if dutch else "")
        if dutch:
            return self.word(r.randint(2, 3)).lower().capitalize() + r.choice(NL_STREET_END), no
        return f"{self.word(r.randint(2, 3))} {r.choice(EN_STREET_END)}", no

    @staticmethod
    def address(dutch: bool, street: str, no: str) -> str:
        return f"{street} {no}" if dutch else f"{no} {street}"

    def company(self, no: str, dutch: bool) -> dict[str, Any]:
        r = self.rng
        surname = r.choice(NL_SURNAME if dutch else EN_SURNAME)
        if dutch and r.random() < 0.4:
            surname = f"{r.choice(NL_PREFIX)} {surname}"
        trade = r.choice(NL_TRADE if dutch else EN_TRADE)
        invented = self.word(r.randint(2, 4))
        legal = r.choice(NL_LEGAL if dutch else EN_LEGAL)
        name = r.choice(
            (
                f"{surname[0].upper()}{surname[1:]} {trade} {legal}",
                f"{trade} {invented} {legal}",
                f"{invented} {trade}",
                f"{invented} {legal}",
                f"{surname[0].upper()}{surname[1:]} {'&' if r.random() < 0.5 else 'en' if dutch else 'and'} "
                f"{r.choice(NL_SURNAME if dutch else EN_SURNAME)} {legal}",
            )
        )
        street, house = self.street(dutch)
        domain = "".join(
            ch for ch in unicodedata.normalize("NFKD", invented.lower()) if ch.isalpha()
        )
        domain = f"{domain}{r.randint(1, 99)}.{'nl' if dutch else 'co.uk'}"
        return {
            "no": no,
            "type": "company",
            "name": name,
            "address": self.address(dutch, street, house),
            "post_code": self.nl_post() if dutch else self.en_post(),
            "city": r.choice(NL_CITIES if dutch else EN_CITIES),
            "country_region_code": "NL" if dutch else "GB",
            "phone_no": self.phone(dutch) if r.random() < 0.85 else "",
            "mobile_phone_no": "",
            "email": (r.choice(("info", "sales", "office", "contact")) + "@" + domain)
            if r.random() < 0.8
            else "",
            "vat_registration_no": (
                f"NL{r.randint(100000000, 999999999)}B01"
                if dutch
                else f"GB{r.randint(100000000, 999999999)}"
            )
            if r.random() < 0.5
            else "",
            "_dutch": dutch,
            "_domain": domain,
        }

    def person(self, no: str, dutch: bool, company: dict[str, Any] | None) -> dict[str, Any]:
        r = self.rng
        first = r.choice(NL_FIRST if dutch else EN_FIRST)
        surname = r.choice(NL_SURNAME if dutch else EN_SURNAME)
        middle = r.choice(NL_PREFIX) if dutch and r.random() < 0.4 else ""
        values: dict[str, Any] = {
            "no": no,
            "type": "person",
            "first_name": first,
            "middle_name": middle,
            "surname": surname,
            "country_region_code": "NL" if dutch else "GB",
            "mobile_phone_no": self.phone(dutch, mobile=True) if r.random() < 0.6 else "",
            "vat_registration_no": "",
            "_dutch": dutch,
        }
        login = f"{first[0]}.{(middle + surname).replace(' ', '')}".lower()
        if company is not None:
            # Persons inherit their company's address and phone (the app's inheritance); the
            # e-mail is their own at the company's domain, or the company's when they have none.
            values.update(
                company_no=company["no"],
                company_name=company["name"],
                address=company["address"],
                post_code=company["post_code"],
                city=company["city"],
                country_region_code=company["country_region_code"],
                phone_no=company["phone_no"],
                email=f"{login}@{company['_domain']}" if r.random() < 0.7 else company["email"],
            )
        else:
            street, house = self.street(dutch)
            values.update(
                company_no=None,
                company_name="",
                address=self.address(dutch, street, house),
                post_code=self.nl_post() if dutch else self.en_post(),
                city=r.choice(NL_CITIES if dutch else EN_CITIES),
                phone_no=self.phone(dutch) if r.random() < 0.5 else "",
                email=f"{login}{r.randint(1, 99)}@{r.choice(('gmail.com', 'outlook.com', 'ziggo.nl', 'btinternet.com'))}"
                if r.random() < 0.7
                else "",
            )
        values["name"] = full_name(values)
        return values

    # --- errors -----------------------------------------------------------------------------

    def typo(self, text: str) -> str:
        """One typing error: a letter dropped, doubled, swapped with its neighbour or replaced."""
        r = self.rng
        if len(text) < 4:
            return text
        i = r.randrange(1, len(text) - 1)
        kind = r.randrange(4)
        if kind == 0:
            return text[:i] + text[i + 1 :]
        if kind == 1:
            return text[:i] + text[i] + text[i:]
        if kind == 2:
            return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
        keyboard = "qwertyuiopasdfghjklzxcvbnm"
        return text[:i] + r.choice(keyboard) + text[i + 1 :]

    def swap_in(self, text: str, table: tuple[tuple[str, str], ...]) -> str | None:
        """Replace one occurrence of one of the table's spellings, or None when none occurs."""
        options = [(a, b) for a, b in table if a in text]
        if not options:
            return None
        a, b = self.rng.choice(options)
        spots = [i for i in range(len(text)) if text.startswith(a, i)]
        i = self.rng.choice(spots)
        return text[:i] + b + text[i + len(a) :]

    def respell(self, c: dict[str, Any]) -> str:
        """Another spelling a careful user would still type: legal form, abbreviation, case."""
        r = self.rng
        if c["type"] == "company":
            name = c["name"]
            for legal in sorted(NL_LEGAL + EN_LEGAL, key=len, reverse=True):
                if name.endswith(" " + legal):
                    pool = NL_LEGAL if c["_dutch"] else EN_LEGAL
                    name = name[: -len(legal)] + r.choice([*pool, ""])
                    break
            name = name.strip().upper() if r.random() < 0.2 else name.strip()
            for a, b in (
                (" & ", " en " if c["_dutch"] else " and "),
                (" en ", " & "),
                (" and ", " & "),
            ):
                if a in name and r.random() < 0.7:
                    name = name.replace(a, b)
            if r.random() < 0.3:
                name = name.replace("e", "é", 1) if r.random() < 0.5 else name.replace("o", "ö", 1)
            c["name"] = name
        address = c.get("address") or ""
        for full, short in {**NL_STREET_ABBR, **EN_STREET_ABBR}.items():
            if full in address:
                c["address"] = address.replace(full, short)
                break
        if c.get("post_code"):
            c["post_code"] = (
                c["post_code"].replace(" ", "") if r.random() < 0.5 else c["post_code"].lower()
            )
        if c.get("phone_no"):
            digits = "".join(ch for ch in c["phone_no"] if ch.isdigit() or ch == "+")
            c["phone_no"] = r.choice((digits, digits.replace("+31", "0031").replace("+44", "0044")))
        if c.get("email"):
            c["email"] = c["email"].upper() if r.random() < 0.3 else c["email"].capitalize()
        return "respelled"

    def corrupt(self, c: dict[str, Any]) -> list[str]:
        """Apply one to three errors to a copy; returns their kinds."""
        r = self.rng
        kinds: list[str] = []
        person = c["type"] == "person"
        menu = ["typo", "ocr", "phonetic", "missing", "neighbour", "respell"]
        if person:
            menu += ["nickname", "initial", "swap", "prefix", "nickname"]
        for kind in r.sample(menu, r.choice((1, 1, 2, 2, 3))):
            name_field = r.choice(("first_name", "surname")) if person else "name"
            if kind == "typo":
                target = r.choice(
                    [name_field, name_field, "address", "city", "email", "name_field"]
                )
                target = name_field if target == "name_field" else target
                if c.get(target):
                    c[target] = self.typo(c[target])
                    kinds.append(kind)
            elif kind == "ocr":
                target = r.choice([name_field, "phone_no", "post_code", "address"])
                # The app refuses letters in phone numbers, so a scan misreads digits there.
                table = DIGIT_OCR if target == "phone_no" else OCR
                new = self.swap_in(c.get(target) or "", table)
                if new is not None:
                    c[target] = new
                    kinds.append(kind)
            elif kind == "phonetic":
                target = r.choice([name_field, name_field, "address", "city"])
                new = self.swap_in((c.get(target) or "").lower(), PHONETIC)
                if new is not None:
                    c[target] = new.capitalize() if target != "address" else new
                    kinds.append(kind)
            elif kind == "missing":
                pool = [
                    "phone_no",
                    "email",
                    "vat_registration_no",
                    "address",
                    "post_code",
                    "mobile_phone_no",
                ]
                for f in r.sample(pool, r.randint(1, 3)):
                    c[f] = ""
                kinds.append(kind)
            elif kind == "neighbour":
                move = r.randrange(3)
                if move == 0 and (c.get("phone_no") or c.get("mobile_phone_no")):
                    c["phone_no"], c["mobile_phone_no"] = (
                        c.get("mobile_phone_no") or "",
                        c.get("phone_no") or "",
                    )
                elif move == 1 and c.get("address"):
                    c["address_2"], c["address"] = c["address"], ""
                elif not person and " " in c["name"]:
                    head, tail = c["name"].rsplit(" ", 1)
                    c["name"], c["name_2"] = head, tail
                elif person:
                    c["middle_name"], c["surname"] = (
                        "",
                        f"{c['middle_name']} {c['surname']}".strip(),
                    )
                kinds.append(kind)
            elif kind == "respell":
                kinds.append(self.respell(c))
            elif kind == "nickname" and c["first_name"] in NICK:
                c["first_name"] = r.choice(NICK[c["first_name"]])
                kinds.append(kind)
            elif kind == "nickname":
                inverse = [full for full, nicks in NICK.items() if c["first_name"] in nicks]
                if inverse:
                    c["first_name"] = r.choice(inverse)
                    kinds.append(kind)
            elif kind == "initial":
                c["first_name"] = c["first_name"][0] + r.choice((".", "", "."))
                kinds.append(kind)
            elif kind == "swap":
                c["first_name"], c["surname"] = c["surname"], c["first_name"]
                kinds.append(kind)
            elif kind == "prefix" and c.get("middle_name"):
                c["surname"], c["middle_name"] = f"{c['middle_name']} {c['surname']}", ""
                kinds.append(kind)
        if person:
            c["name"] = full_name(c)
        return kinds or ["respelled"]


def full_name(c: dict[str, Any]) -> str:
    """A person's Name as the app composes it."""
    return " ".join(p for p in (c.get("first_name"), c.get("middle_name"), c.get("surname")) if p)


def generate(size: int, seed: int = 1, *, duplicate_share: float = 0.12) -> Dataset:
    """About `size` contacts with duplicates and near misses of known truth."""
    g = Generator(seed)
    r = g.rng
    out = Dataset()
    counter = iter(range(1, 10**7))

    def next_no() -> str:
        return f"G{next(counter):07d}"

    companies: list[dict[str, Any]] = []
    persons: list[dict[str, Any]] = []
    clusters: list[list[dict[str, Any]]] = []
    near: list[list[dict[str, Any]]] = []

    def add_duplicates(original: dict[str, Any], home: list[dict[str, Any]]) -> None:
        if r.random() >= duplicate_share:
            return
        cluster = [original]
        for _ in range(1 if r.random() < 0.8 else 2):
            copy = {k: v for k, v in original.items()}
            copy["no"] = next_no()
            kinds = g.corrupt(copy)
            if copy["type"] == "person" and original.get("company_no") and r.random() < 0.15:
                copy["company_no"], copy["company_name"] = None, ""  # typed in without the company
            copy["_kinds"] = kinds
            home.append(copy)
            cluster.append(copy)
        clusters.append(cluster)

    while len(companies) + len(persons) < size:
        dutch = r.random() < 0.6
        roll = r.random()
        if roll < 0.05:
            near.append(near_miss(g, dutch, next_no, companies, persons))
            continue
        if roll < 0.8:
            company = g.company(next_no(), dutch)
            companies.append(company)
            add_duplicates(company, companies)
            for _ in range(r.choice((0, 0, 1, 1, 2, 3, 4))):
                person = g.person(next_no(), dutch, company)
                persons.append(person)
                add_duplicates(person, persons)
        else:
            person = g.person(next_no(), dutch, None)
            persons.append(person)
            add_duplicates(person, persons)
    out.contacts = companies + persons
    for cluster in clusters:
        kinds = sorted({k for c in cluster[1:] for k in c.get("_kinds", ())})
        for a, b in combinations(cluster, 2):
            p = pair(a["no"], b["no"])
            out.truth.add(p)
            for k in kinds:
                out.errors.setdefault(k, set()).add(p)
    for group in near:
        for a, b in combinations(group, 2):
            if a["type"] == b["type"]:
                out.near_miss.add(pair(a["no"], b["no"]))
    for c in out.contacts:
        for k in [k for k in c if k.startswith("_")]:
            del c[k]
    return out


def near_miss(
    g: Generator, dutch: bool, next_no: Any, companies: list[Any], persons: list[Any]
) -> list[dict[str, Any]]:
    """One group of records that look alike but are not the same contact."""
    r = g.rng
    kind = r.randrange(4)
    group: list[dict[str, Any]] = []
    if kind == 0:  # branches of one chain: same name, own address, phone and e-mail
        head = g.company(next_no(), dutch)
        group.append(head)
        for _ in range(r.randint(1, 3)):
            branch = g.company(next_no(), dutch)
            branch.update(name=head["name"], vat_registration_no="")
            if head["email"]:
                branch["email"] = f"{branch['city'].lower()}@{head['_domain']}"
            group.append(branch)
        companies.extend(group)
    elif kind == 1:  # father and son (or mother and daughter) at one address
        parent = g.person(next_no(), dutch, None)
        child = g.person(next_no(), dutch, None)
        while child["first_name"] == parent["first_name"]:
            child["first_name"] = r.choice(NL_FIRST if dutch else EN_FIRST)
        for f in ("surname", "middle_name", "address", "post_code", "city", "phone_no"):
            child[f] = parent[f]
        if child["email"] and child["email"] == parent["email"]:
            child["email"] = ""
        child["name"] = full_name(child)
        group = [parent, child]
        persons.extend(group)
    else:  # firms in one building (kind 2) or behind one switchboard (kind 3)
        first = g.company(next_no(), dutch)
        group.append(first)
        for _ in range(r.randint(1, 3)):
            other = g.company(next_no(), dutch)
            for f in ("address", "post_code", "city"):
                other[f] = first[f]
            if kind == 3:
                other["phone_no"] = first["phone_no"] = first["phone_no"] or g.phone(dutch)
            group.append(other)
        companies.extend(group)
    return group
