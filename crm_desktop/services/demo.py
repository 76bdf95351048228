"""Demo data: generated companies and persons with Dutch and English names and addresses.

For a new user who wants to see the app with data, and for the benchmarks. Generation is
deterministic for a seed and fast: numbers come from the Contact Nos. series in one call, rows
go in with bulk inserts in one transaction, and the values follow the contact rules (Search Name,
default salutation codes, persons inheriting their company's address, communication details,
salesperson, territory, country and language), so the data looks as if typed in the app. The
search index is kept by its triggers; duplicate search strings are maintained in bulk for the
companies, as the Marketing Setup asks.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services import duplicates, numbering, setup
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.storage import models as m

TOO_FEW = QT_TRANSLATE_NOOP("errors", "The number of demo contacts must be at least 1, not {n}.")
NO_CONTACT_NOS = QT_TRANSLATE_NOOP(
    "errors", "Contact Nos. must have a value in Marketing Setup before demo data can be made."
)

_CHUNK = 5000

SALESPERSONS = (
    ("AH", "Annette Hill", "Sales Manager"),
    ("JO", "Jim Olive", "Account Manager"),
    ("PV", "Pieter de Vos", "Accountmanager"),
    ("SB", "Sanne Bakker", "Binnendienst"),
)
# Who sells where: Dutch companies get a Dutch salesperson, British ones a British one.
_NL_SALESPERSONS = ("PV", "SB")
_EN_SALESPERSONS = ("AH", "JO")
# Each city lies in one territory (below, with the cities).
TERRITORIES = (
    ("NL-NOORD", "Noord-Nederland"),
    ("NL-OOST", "Oost-Nederland"),
    ("NL-WEST", "West-Nederland"),
    ("NL-ZUID", "Zuid-Nederland"),
    ("LONDON", "London"),
    ("GB-NORTH", "North of England"),
    ("GB-MIDL", "Midlands"),
    ("GB-SOUTH", "South of England"),
)

_NL_FIRST = (
    "Jan",
    "Pieter",
    "Sanne",
    "Daan",
    "Emma",
    "Lotte",
    "Bram",
    "Femke",
    "Joris",
    "Anouk",
    "Sem",
    "Lieke",
    "Thijs",
    "Noor",
    "Ruud",
    "Marieke",
    "Kees",
    "Ilse",
    "Wouter",
    "Fleur",
)
_NL_MIDDLE = ("", "", "", "van", "de", "van der", "van den", "ter")
_NL_SURNAME = (
    "Jansen",
    "de Vries",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Dijkstra",
    "Koster",
    "Müller",
    "Prins",
    "Huisman",
    "Kok",
    "Jacobs",
    "Groot",
    "Veenstra",
    "Berg",
    "Dijk",
    "Hoek",
    "Beek",
)
_EN_FIRST = (
    "James",
    "Olivia",
    "Harry",
    "Amelia",
    "George",
    "Isla",
    "Jack",
    "Emily",
    "Oliver",
    "Grace",
    "Thomas",
    "Sophie",
    "William",
    "Chloe",
    "Henry",
    "Lucy",
    "Charlie",
    "Ella",
    "Noah",
    "Zoë",
)
_EN_SURNAME = (
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "O'Brien",
    "Hughes",
    "Edwards",
    "Turner",
)
# (city, first digits of its post codes, area code, territory)
_NL_CITIES = (
    ("Amsterdam", "10", "020", "NL-WEST"),
    ("Rotterdam", "30", "010", "NL-WEST"),
    ("Utrecht", "35", "030", "NL-WEST"),
    ("Den Haag", "25", "070", "NL-WEST"),
    ("Eindhoven", "56", "040", "NL-ZUID"),
    ("Groningen", "97", "050", "NL-NOORD"),
    ("Tilburg", "50", "013", "NL-ZUID"),
    ("Almere", "13", "036", "NL-WEST"),
    ("Breda", "48", "076", "NL-ZUID"),
    ("Nijmegen", "65", "024", "NL-OOST"),
    ("Haarlem", "20", "023", "NL-WEST"),
    ("Zwolle", "80", "038", "NL-OOST"),
    ("Leeuwarden", "89", "058", "NL-NOORD"),
    ("Maastricht", "62", "043", "NL-ZUID"),
    ("Delft", "26", "015", "NL-WEST"),
)
_EN_CITIES = (
    ("London", "EC1", "020", "LONDON"),
    ("Manchester", "M1", "0161", "GB-NORTH"),
    ("Birmingham", "B1", "0121", "GB-MIDL"),
    ("Leeds", "LS1", "0113", "GB-NORTH"),
    ("Bristol", "BS1", "0117", "GB-SOUTH"),
    ("York", "YO1", "01904", "GB-NORTH"),
    ("Cambridge", "CB1", "01223", "GB-MIDL"),
    ("Oxford", "OX1", "01865", "GB-SOUTH"),
    ("Brighton", "BN1", "01273", "GB-SOUTH"),
)
_NL_STREETS = (
    "Kerkstraat",
    "Dorpsstraat",
    "Stationsweg",
    "Molenweg",
    "Schoolstraat",
    "Julianalaan",
    "Beatrixstraat",
    "Industrieweg",
    "Havenkade",
    "Marktplein",
    "Lindelaan",
    "Prinsengracht",
)
_EN_STREETS = (
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Road",
    "Victoria Street",
    "Park Avenue",
    "Queen's Road",
    "King Street",
    "Harbour Way",
    "Market Square",
    "Green Lane",
    "Bridge Street",
)
_NL_COMPANY = (
    ("{s} Bouw", "B.V."),
    ("{s} Installatietechniek", "B.V."),
    ("Transport {s}", "B.V."),
    ("{s} & Zonen", ""),
    ("{s} Advies", "V.O.F."),
    ("Bakkerij {s}", ""),
    ("{s} Logistiek", "B.V."),
    ("{s} ICT", "B.V."),
    ("Groothandel {s}", "N.V."),
)
_EN_COMPANY = (
    ("{s} Engineering", "Ltd"),
    ("{s} & Sons", ""),
    ("{s} Logistics", "Ltd"),
    ("{s} Consulting", "LLP"),
    ("{s} Bakery", ""),
    ("{s} Systems", "plc"),
    ("{s} Trading", "Ltd"),
    ("Harbour {s}", "Ltd"),
    ("{s} Design", "Ltd"),
)
_NL_JOBS = ("Directeur", "Inkoper", "Verkoper", "Boekhouder", "Projectleider", "Office manager")
_EN_JOBS = ("Director", "Buyer", "Sales Manager", "Accountant", "Project Manager", "Office Manager")


@dataclass(frozen=True)
class DemoResult:
    """What the demo generator made."""

    companies: int
    persons: int

    @property
    def contacts(self) -> int:
        """Companies and persons together."""
        return self.companies + self.persons


def _ascii(text: str) -> str:
    table = str.maketrans({"ü": "u", "ë": "e", "ö": "o", "'": "", " ": "", "&": ""})
    return text.lower().translate(table)


def _ensure_master_data(s: Session) -> None:
    have = set(s.scalars(select(m.Salesperson.code)))
    missing = [
        {"code": c, "name": n, "job_title": j, "email": f"{c.lower()}@cronus.example"}
        for c, n, j in SALESPERSONS
        if c not in have
    ]
    if missing:
        s.execute(insert(m.Salesperson), missing)
    have_t = set(s.scalars(select(m.Territory.code)))
    missing_t = [{"code": c, "name": n} for c, n in TERRITORIES if c not in have_t]
    if missing_t:
        s.execute(insert(m.Territory), missing_t)


def add_master_data(ctx: AppContext) -> None:
    """Add the demo salespersons and territories (those missing), e.g. before importing a CSV
    file of demo contacts into another data directory."""
    with ctx.db.uow() as s:
        _ensure_master_data(s)


def _blank_contact() -> dict[str, Any]:
    # Every column, so all rows of a bulk insert have the same keys; text fields blank.
    values: dict[str, Any] = {}
    for column in m.Contact.__table__.columns:
        values[column.name] = "" if not column.nullable else None
    return values


def _company(
    rng: random.Random,
    no: str,
    dutch: bool,
    now: dt.datetime,
    salutation: str | None,
    series: str,
) -> dict[str, Any]:
    surname = rng.choice(_NL_SURNAME if dutch else _EN_SURNAME)
    base = surname.split(" ")[-1].capitalize() if dutch else surname
    pattern, suffix = rng.choice(_NL_COMPANY if dutch else _EN_COMPANY)
    name = (pattern.format(s=base) + (" " + suffix if suffix else ""))[:100]
    city, post, area, territory = rng.choice(_NL_CITIES if dutch else _EN_CITIES)
    if dutch:
        address = f"{rng.choice(_NL_STREETS)} {rng.randint(1, 250)}"
        post_code = (
            f"{post}{rng.randint(10, 99)} {rng.choice('ABCDEGHJKLMNPRSTVWXZ')}"
            f"{rng.choice('ABCDEGHJKLMNPRSTVWXZ')}"
        )
        phone = f"{area}-{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    else:
        address = f"{rng.randint(1, 250)} {rng.choice(_EN_STREETS)}"
        post_code = (
            f"{post} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        )
        phone = f"{area} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    domain = f"{_ascii(base)}{rng.randint(1, 999)}.{'nl' if dutch else 'co.uk'}"
    email = f"info@{domain}"
    values = _blank_contact()
    values.update(
        no=no,
        type="company",
        name=name,
        search_name=name.upper(),
        company_no=no,
        company_name=name,
        address=address,
        post_code=post_code,
        city=city,
        country_region_code="NL" if dutch else "GB",
        phone_no=phone,
        email=email,
        search_email=email.upper(),
        home_page=f"www.{domain}",
        salesperson_code=rng.choice(_NL_SALESPERSONS if dutch else _EN_SALESPERSONS),
        territory_code=territory,
        language_code="NLD" if dutch else "ENU",
        format_region="nl-NL" if dutch else "en-GB",
        salutation_code=salutation,
        correspondence_type="email",
        vat_registration_no=(
            f"NL{rng.randint(100000000, 999999999)}B01"
            if dutch
            else f"GB{rng.randint(100000000, 999999999)}"
        ),
        privacy_blocked=False,
        no_series=series,
        contact_business_relation="none",
        last_modified=now,
    )
    return values


def _person(
    rng: random.Random,
    no: str,
    company: dict[str, Any],
    now: dt.datetime,
    salutation: str | None,
    series: str,
) -> dict[str, Any]:
    dutch = company["language_code"] == "NLD"
    first = rng.choice(_NL_FIRST if dutch else _EN_FIRST)
    middle = rng.choice(_NL_MIDDLE) if dutch else ""
    surname = rng.choice(_NL_SURNAME if dutch else _EN_SURNAME)
    if dutch and " " in surname:
        middle, surname = surname.rsplit(" ", 1)
    name = " ".join(p for p in (first, middle, surname) if p)
    domain = company["email"].split("@", 1)[1]
    email = f"{_ascii(first)}.{_ascii(middle + surname)}@{domain}"[:80]
    values = dict(company)
    values.update(
        no=no,
        type="person",
        name=name,
        search_name=name.upper(),
        name_2="",
        company_no=company["no"],
        company_name=company["name"],
        first_name=first,
        middle_name=middle,
        surname=surname,
        initials=first[0],
        job_title=rng.choice(_NL_JOBS if dutch else _EN_JOBS),
        email=email,
        search_email=email.upper(),
        mobile_phone_no=(
            f"06-{rng.randint(10000000, 99999999)}"
            if dutch
            else f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
        ),
        home_page="",
        vat_registration_no="",
        salutation_code=salutation,
        no_series=series,
        last_modified=now,
    )
    return values


def generate(ctx: AppContext, contacts: int = 1000, *, seed: int = 1) -> DemoResult:
    """Add `contacts` generated contacts (about one company to three persons) in one transaction.

    Adds the demo salespersons and territories it needs. Raises ValidationError when `contacts`
    is below 1 or Marketing Setup has no Contact Nos., and the numbering errors when the series
    cannot hand out enough numbers (then nothing is added).
    """
    if contacts < 1:
        raise ValidationError(TOO_FEW, field="contacts", n=contacts)
    values = setup.get_marketing_setup(ctx)
    series = str(values.get("contact_nos") or "")
    if not series:
        raise ValidationError(NO_CONTACT_NOS, field="contact_nos")
    company_sal = str(values.get("def_company_salutation_code") or "") or None
    person_sal = str(values.get("default_person_salutation_code") or "") or None
    on = setup.work_date(ctx)
    now = dt.datetime.now().replace(microsecond=0)
    rng = random.Random(seed)
    with ctx.db.uow() as s:
        _ensure_master_data(s)
        numbers = numbering.issue_many(s, series, on, contacts)
        companies: list[dict[str, Any]] = []
        persons: list[dict[str, Any]] = []
        current: dict[str, Any] | None = None
        left = 0
        for no in numbers:
            if current is None or left == 0:
                current = _company(rng, no, rng.random() < 0.6, now, company_sal, series)
                companies.append(current)
                left = rng.randint(0, 5)
                continue
            persons.append(_person(rng, no, current, now, person_sal, series))
            left -= 1
        for rows in (companies, persons):
            for start in range(0, len(rows), _CHUNK):
                s.connection().execute(insert(m.Contact), rows[start : start + _CHUNK])
        # Duplicate search strings as the Marketing Setup asks, like any other way in.
        duplicates.maintain_many_in(s, [c["no"] for c in companies])
    return DemoResult(companies=len(companies), persons=len(persons))
