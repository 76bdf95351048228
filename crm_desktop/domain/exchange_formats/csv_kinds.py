"""The column headers Outlook (English and Dutch) and Google Contacts write, mapped to our fields.

Outlook's headers are the ones its "Export to a file > Comma Separated Values" writes (the Dutch
Outlook writes "Werkadres, straat" and so on, quoted because of the comma); Google's are those of
its current "Google CSV" export ("Organization Name", "E-mail 1 - Value") and of the older one
("Organization 1 - Name", "Given Name"). A header naming a field we do not have maps to "" and
its non-blank values are reported as skipped. `NOTES` and `PHOTO` are pseudo-fields handled by
the importer (comments, picture), not contact columns.
"""

from __future__ import annotations

from collections.abc import Mapping

from crm_desktop.domain.contacts import CONTACT_FIELDS

NOTES = "#notes"
# A column that says how to read another (Google's "Phone 1 - Label"); read, never reported.
LABEL = "#label"
PICTURE = "#picture"

OURS = "ours"
OUTLOOK = "outlook"
OUTLOOK_NL = "outlook_nl"
GOOGLE = "google"
VCARD = "vcard"
XLSX = "xlsx"
CUSTOM = "custom"

# (Outlook English, Outlook Dutch, our field). Order: how Outlook writes them.
_OUTLOOK: tuple[tuple[str, str, str], ...] = (
    ("Title", "Voorvoegsel", ""),
    ("First Name", "Voornaam", "first_name"),
    ("Middle Name", "Middelste naam", "middle_name"),
    ("Last Name", "Achternaam", "surname"),
    ("Suffix", "Achtervoegsel", ""),
    ("Company", "Bedrijf", "company_name"),
    ("Department", "Afdeling", ""),
    ("Job Title", "Functie", "job_title"),
    ("Business Street", "Werkadres, straat", "address"),
    ("Business Street 2", "Werkadres, straat 2", "address_2"),
    ("Business Street 3", "Werkadres, straat 3", ""),
    ("Business City", "Werkadres, plaats", "city"),
    ("Business State", "Werkadres, provincie", "county"),
    ("Business Postal Code", "Werkadres, postcode", "post_code"),
    ("Business Country/Region", "Werkadres, land/regio", "country_region_code"),
    ("Home Street", "Huisadres, straat", ""),
    ("Home City", "Huisadres, plaats", ""),
    ("Home Postal Code", "Huisadres, postcode", ""),
    ("Home Country/Region", "Huisadres, land/regio", ""),
    ("Business Fax", "Fax op werk", "fax_no"),
    ("Business Phone", "Telefoon op werk", "phone_no"),
    ("Business Phone 2", "Telefoon op werk 2", ""),
    ("Company Main Phone", "Hoofdtelefoon bedrijf", ""),
    ("Home Phone", "Telefoon thuis", ""),
    ("Mobile Phone", "Mobiele telefoon", "mobile_phone_no"),
    ("Other Phone", "Andere telefoon", ""),
    ("Pager", "Pieper", "pager"),
    ("Primary Phone", "Hoofdtelefoon", ""),
    ("Telex", "Telex", "telex_no"),
    ("Birthday", "Verjaardag", ""),
    ("Categories", "Categorieën", ""),
    ("E-mail Address", "E-mailadres", "email"),
    ("E-mail Type", "E-mailtype", LABEL),
    ("E-mail Display Name", "Weergavenaam e-mail", LABEL),
    ("E-mail 2 Address", "E-mailadres 2", ""),
    ("E-mail 3 Address", "E-mailadres 3", ""),
    ("Initials", "Initialen", "initials"),
    ("Notes", "Notities", NOTES),
    ("Web Page", "Webpagina", "home_page"),
)

# Columns an Outlook CSV export of ours carries (Outlook's import takes any subset of its headers).
OUTLOOK_EXPORT: tuple[str, ...] = tuple(
    en for en, _nl, ours in _OUTLOOK if ours and not ours.startswith("#")
)

_GOOGLE: tuple[tuple[str, str], ...] = (
    ("First Name", "first_name"),
    ("Middle Name", "middle_name"),
    ("Last Name", "surname"),
    ("Name Prefix", ""),
    ("Name Suffix", ""),
    ("Nickname", ""),
    ("File As", ""),
    ("Organization Name", "company_name"),
    ("Organization Title", "job_title"),
    ("Organization Department", ""),
    ("Birthday", ""),
    ("Notes", NOTES),
    ("Photo", ""),
    ("Labels", ""),
    ("E-mail 1 - Label", LABEL),
    ("E-mail 1 - Value", "email"),
    ("E-mail 2 - Label", LABEL),
    ("E-mail 2 - Value", ""),
    ("Phone 1 - Label", LABEL),
    ("Phone 1 - Value", "phone_no"),
    ("Phone 2 - Label", LABEL),
    ("Phone 2 - Value", "mobile_phone_no"),
    ("Phone 3 - Label", LABEL),
    ("Phone 3 - Value", "fax_no"),
    ("Address 1 - Label", LABEL),
    ("Address 1 - Formatted", ""),
    ("Address 1 - Street", "address"),
    ("Address 1 - City", "city"),
    ("Address 1 - PO Box", ""),
    ("Address 1 - Region", "county"),
    ("Address 1 - Postal Code", "post_code"),
    ("Address 1 - Country", "country_region_code"),
    ("Address 1 - Extended Address", "address_2"),
    ("Website 1 - Label", LABEL),
    ("Website 1 - Value", "home_page"),
    # The older Google CSV.
    ("Given Name", "first_name"),
    ("Additional Name", "middle_name"),
    ("Family Name", "surname"),
    ("Organization 1 - Name", "company_name"),
    ("Organization 1 - Title", "job_title"),
    ("E-mail 1 - Type", LABEL),
    ("Phone 1 - Type", LABEL),
    ("Phone 2 - Type", LABEL),
    ("Phone 3 - Type", LABEL),
    ("Address 1 - Type", LABEL),
    ("Website 1 - Type", LABEL),
)

# Our Google CSV export: the current header; phone labels say which number is which.
GOOGLE_EXPORT: tuple[str, ...] = (
    "First Name",
    "Middle Name",
    "Last Name",
    "Organization Name",
    "Organization Title",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
    "Phone 2 - Label",
    "Phone 2 - Value",
    "Phone 3 - Label",
    "Phone 3 - Value",
    "Address 1 - Label",
    "Address 1 - Street",
    "Address 1 - Extended Address",
    "Address 1 - City",
    "Address 1 - Region",
    "Address 1 - Postal Code",
    "Address 1 - Country",
    "Website 1 - Label",
    "Website 1 - Value",
)


def _key(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


OUTLOOK_EN_MAP: dict[str, str] = {_key(en): ours for en, _nl, ours in _OUTLOOK}
OUTLOOK_NL_MAP: dict[str, str] = {_key(nl): ours for _en, nl, ours in _OUTLOOK}
GOOGLE_MAP: dict[str, str] = {_key(g): ours for g, ours in _GOOGLE}
# Labels of Google's phone columns that say which of our fields a "Phone N - Value" fills.
GOOGLE_PHONE_LABELS: dict[str, str] = {
    "work": "phone_no",
    "main": "phone_no",
    "mobile": "mobile_phone_no",
    "work fax": "fax_no",
    "fax": "fax_no",
    "pager": "pager",
}
KIND_MAPS: dict[str, dict[str, str]] = {
    OUTLOOK: OUTLOOK_EN_MAP,
    OUTLOOK_NL: OUTLOOK_NL_MAP,
    GOOGLE: GOOGLE_MAP,
}

# Headers that tell one kind from the other (Outlook and Google share "First Name").
_SIGNATURES: dict[str, frozenset[str]] = {
    GOOGLE: frozenset(
        _key(h)
        for h in (
            "Organization Name",
            "E-mail 1 - Value",
            "Phone 1 - Value",
            "Given Name",
            "Organization 1 - Name",
            "Address 1 - Street",
        )
    ),
    OUTLOOK_NL: frozenset(
        _key(h)
        for h in (
            "Voornaam",
            "Achternaam",
            "Bedrijf",
            "Werkadres, straat",
            "E-mailadres",
            "Telefoon op werk",
            "Mobiele telefoon",
        )
    ),
    OUTLOOK: frozenset(
        _key(h)
        for h in (
            "Last Name",
            "Company",
            "Business Street",
            "Business Phone",
            "E-mail Address",
            "Mobile Phone",
            "Job Title",
        )
    ),
}


def detect_kind(header: tuple[str, ...]) -> str:
    """Which program wrote a CSV header: OUTLOOK, OUTLOOK_NL, GOOGLE, or CUSTOM (none of them
    clearly; the user maps it). Two signature headers are enough."""
    names = {_key(h) for h in header}
    best, hits = CUSTOM, 1
    for kind, signature in _SIGNATURES.items():
        count = len(names & signature)
        if count > hits:
            best, hits = kind, count
    return best


def guess_mapping(header: tuple[str, ...], kind: str, known: frozenset[str]) -> dict[str, str]:
    """Source column -> our field ("" = not imported) for a header of `kind`; for CUSTOM, any
    header that is one of our field names (`known`) or a known Outlook/Google header."""
    maps = [KIND_MAPS[kind]] if kind in KIND_MAPS else list(KIND_MAPS.values())
    if kind not in KIND_MAPS:
        # The card's captions ("Phone No.", "E-Mail") before Outlook's and Google's names.
        captions = {_key(f.caption): f.name for f in CONTACT_FIELDS if f.name in known}
        maps.insert(0, captions | {"e-mail": "email", "e-mail address": "email"})
    out: dict[str, str] = {}
    for name in header:
        key = _key(name)
        ours = key.replace(" ", "_")
        if ours in known:
            out[name] = ours
            continue
        out[name] = next((m[key] for m in maps if key in m), "")
    return out


def google_phone_target(label: str) -> str:
    """Our phone field for a Google phone label ("Work", "Mobile", "* Work Fax" ...), or ""."""
    return GOOGLE_PHONE_LABELS.get(_key(label.replace("*", "")), "")


def outlook_row(values: Mapping[str, str]) -> dict[str, str]:
    """One contact as an Outlook CSV row (English headers)."""
    out = {h: "" for h in OUTLOOK_EXPORT}
    for en, _nl, ours in _OUTLOOK:
        if en in out:
            out[en] = values.get(ours, "") or ""
    return out


def google_row(values: Mapping[str, str]) -> dict[str, str]:
    """One contact as a Google CSV row: phones with their labels, work address and e-mail."""

    def get(name: str) -> str:
        return values.get(name, "") or ""

    row = {h: "" for h in GOOGLE_EXPORT}
    row.update(
        {
            "First Name": get("first_name"),
            "Middle Name": get("middle_name"),
            "Last Name": get("surname"),
            "Organization Name": get("company_name"),
            "Organization Title": get("job_title"),
            "Address 1 - Street": get("address"),
            "Address 1 - Extended Address": get("address_2"),
            "Address 1 - City": get("city"),
            "Address 1 - Region": get("county"),
            "Address 1 - Postal Code": get("post_code"),
            "Address 1 - Country": get("country_region_code"),
            "Website 1 - Value": get("home_page"),
        }
    )
    if get("email"):
        row["E-mail 1 - Label"], row["E-mail 1 - Value"] = "* Work", get("email")
    if any(
        row[k] for k in GOOGLE_EXPORT if k.startswith("Address 1 - ") and k != "Address 1 - Label"
    ):
        row["Address 1 - Label"] = "Work"
    if get("home_page"):
        row["Website 1 - Label"] = "Work"
    for n, (label, field) in enumerate(
        (("Work", "phone_no"), ("Mobile", "mobile_phone_no"), ("Work Fax", "fax_no")), start=1
    ):
        if get(field):
            row[f"Phone {n} - Label"], row[f"Phone {n} - Value"] = label, get(field)
    return row


# Country names as Dutch and German Outlook, Google and phones write them, and common short
# forms, by ISO code; the Country/Region table (English names) resolves the rest.
COUNTRY_ALIASES: dict[str, str] = {
    "nederland": "NL", "holland": "NL", "the netherlands": "NL", "niederlande": "NL",
    "belgië": "BE", "belgie": "BE", "belgique": "BE", "belgien": "BE",
    "duitsland": "DE", "deutschland": "DE", "frankrijk": "FR", "frankreich": "FR",
    "luxemburg": "LU", "oostenrijk": "AT", "österreich": "AT", "spanje": "ES", "spanien": "ES",
    "italië": "IT", "italie": "IT", "italien": "IT", "denemarken": "DK", "dänemark": "DK",
    "zweden": "SE", "schweden": "SE", "polen": "PL", "ierland": "IE", "irland": "IE",
    "griekenland": "GR", "verenigd koninkrijk": "GB", "uk": "GB", "great britain": "GB",
    "england": "GB", "vereinigtes königreich": "GB", "verenigde staten": "US",
    "united states": "US", "usa": "US", "vereinigte staaten": "US",
}  # fmt: skip
