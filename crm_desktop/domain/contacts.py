"""Contact fields and their rules (BC table 5050, spec §10), as pure functions.

Used by the contacts service and, without the ORM, by the CSV importer:

- `CONTACT_FIELDS` / `FIELDS_BY_NAME`: every editable contact field with its kind, BC length,
  caption and (for codes) the master-data table it refers to (`REF_TABLES`).
- `clean_contact_values(values) -> dict`: normalises and validates one contact's field values
  (codes trimmed and upper-cased, lengths, type, correspondence type, e-mail, phone numbers, VAT
  registration no.); raises `ValidationError` with `field=` set to the bad field. References to
  master data are *not* checked here (the caller checks them against the database, in bulk).
- `split_name(name)` / `join_name(first, middle, surname)`: person names (§10);
  `split_name_checked(name)` refuses a part longer than 30 characters instead of cutting it.
- `next_search_name(old_name, new_name, search_name)`: Search Name follows Name while it is blank
  or still equal to the upper-cased old Name.
- `check_email(text)`: one or more addresses separated by ';' (scenario 149).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from email_validator import EmailNotValidError, validate_email

from crm_desktop.domain.codes import check_text, normalize_code
from crm_desktop.domain.errors import ValidationError, length_exceeded
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

CTX = "contact"

COMPANY = "company"
PERSON = "person"
CONTACT_TYPES = (COMPANY, PERSON)
CORRESPONDENCE_TYPES = ("", "hard_copy", "email")

INVALID_EMAIL = QT_TRANSLATE_NOOP("errors", 'The email address "{address}" is not valid.')
MUST_NOT_CONTAIN_LETTERS = QT_TRANSLATE_NOOP("errors", "{field_caption} must not contain letters")
NOT_A_CHOICE = QT_TRANSLATE_NOOP("errors", "{field_caption} cannot be {value}.")
UNKNOWN_FIELD = QT_TRANSLATE_NOOP("errors", "Contact has no field {name}.")
NOT_A_BOOLEAN = QT_TRANSLATE_NOOP("errors", "{field_caption} must be yes or no, not {value}.")


@dataclass(frozen=True)
class ContactField:
    """One editable contact field: kind is code, text, bool, type or correspondence."""

    name: str
    kind: str
    max_len: int
    caption: str
    ref_table: str | None = None


def _t(name: str, max_len: int, caption: str) -> ContactField:
    return ContactField(name, "text", max_len, caption)


def _c(name: str, max_len: int, caption: str, ref: str | None) -> ContactField:
    return ContactField(name, "code", max_len, caption, ref)


CONTACT_FIELDS: tuple[ContactField, ...] = (
    _c("no", 20, QT_TRANSLATE_NOOP(CTX, "No."), None),
    ContactField("type", "type", 10, QT_TRANSLATE_NOOP(CTX, "Type")),
    _t("name", 100, QT_TRANSLATE_NOOP(CTX, "Name")),
    _t("name_2", 50, QT_TRANSLATE_NOOP(CTX, "Name 2")),
    _c("search_name", 100, QT_TRANSLATE_NOOP(CTX, "Search Name"), None),
    _c("company_no", 20, QT_TRANSLATE_NOOP(CTX, "Company No."), "contact"),
    _t("company_name", 100, QT_TRANSLATE_NOOP(CTX, "Company Name")),
    _t("first_name", 30, QT_TRANSLATE_NOOP(CTX, "First Name")),
    _t("middle_name", 30, QT_TRANSLATE_NOOP(CTX, "Middle Name")),
    _t("surname", 30, QT_TRANSLATE_NOOP(CTX, "Surname")),
    _t("initials", 30, QT_TRANSLATE_NOOP(CTX, "Initials")),
    _t("job_title", 30, QT_TRANSLATE_NOOP(CTX, "Job Title")),
    _t("address", 100, QT_TRANSLATE_NOOP(CTX, "Address")),
    _t("address_2", 50, QT_TRANSLATE_NOOP(CTX, "Address 2")),
    _t("post_code", 20, QT_TRANSLATE_NOOP(CTX, "Post Code")),
    _t("city", 30, QT_TRANSLATE_NOOP(CTX, "City")),
    _t("county", 30, QT_TRANSLATE_NOOP(CTX, "County")),
    _c("country_region_code", 10, QT_TRANSLATE_NOOP(CTX, "Country/Region Code"), "country_region"),
    _c("currency_code", 10, QT_TRANSLATE_NOOP(CTX, "Currency Code"), "currency"),
    _t("phone_no", 30, QT_TRANSLATE_NOOP(CTX, "Phone No.")),
    _t("telex_no", 20, QT_TRANSLATE_NOOP(CTX, "Telex No.")),
    _t("fax_no", 30, QT_TRANSLATE_NOOP(CTX, "Fax No.")),
    _t("telex_answer_back", 20, QT_TRANSLATE_NOOP(CTX, "Telex Answer Back")),
    _t("extension_no", 30, QT_TRANSLATE_NOOP(CTX, "Extension No.")),
    _t("mobile_phone_no", 30, QT_TRANSLATE_NOOP(CTX, "Mobile Phone No.")),
    _t("pager", 30, QT_TRANSLATE_NOOP(CTX, "Pager")),
    _t("email", 80, QT_TRANSLATE_NOOP(CTX, "E-Mail")),
    _t("home_page", 255, QT_TRANSLATE_NOOP(CTX, "Home Page")),
    _c("salesperson_code", 20, QT_TRANSLATE_NOOP(CTX, "Salesperson Code"), "salesperson"),
    _c("territory_code", 10, QT_TRANSLATE_NOOP(CTX, "Territory Code"), "territory"),
    _c("language_code", 10, QT_TRANSLATE_NOOP(CTX, "Language Code"), "language"),
    _t("format_region", 80, QT_TRANSLATE_NOOP(CTX, "Format Region")),
    _c("salutation_code", 10, QT_TRANSLATE_NOOP(CTX, "Salutation Code"), "salutation"),
    ContactField(
        "correspondence_type", "correspondence", 10, QT_TRANSLATE_NOOP(CTX, "Correspondence Type")
    ),
    _c("vat_registration_no", 20, QT_TRANSLATE_NOOP(CTX, "VAT Registration No."), None),
    _t("registration_number", 20, QT_TRANSLATE_NOOP(CTX, "Registration Number")),
    ContactField("privacy_blocked", "bool", 0, QT_TRANSLATE_NOOP(CTX, "Privacy Blocked")),
)
FIELDS_BY_NAME: dict[str, ContactField] = {f.name: f for f in CONTACT_FIELDS}
# Code fields that refer to a master-data table (company_no refers to a contact).
REF_TABLES: dict[str, str] = {
    f.name: f.ref_table for f in CONTACT_FIELDS if f.ref_table and f.ref_table != "contact"
}
# BC refuses letters in these (Contact table, "must not contain letters").
PHONE_FIELDS = ("phone_no", "mobile_phone_no", "fax_no")
PERSON_NAME_FIELDS = ("first_name", "middle_name", "surname")
NAME_PART_MAX = 30

_TRUE = {"1", "true", "yes", "y", "ja", "j", "x"}
_FALSE = {"", "0", "false", "no", "n", "nee"}


# Captions of the fields the service keeps itself.
COMPUTED_CAPTIONS: dict[str, str] = {
    "search_email": QT_TRANSLATE_NOOP(CTX, "Search E-Mail"),
    "last_modified": QT_TRANSLATE_NOOP(CTX, "Last Date Modified"),
    "no_series": QT_TRANSLATE_NOOP(CTX, "No. Series"),
    "contact_business_relation": QT_TRANSLATE_NOOP(CTX, "Contact Business Relation"),
}


def caption(name: str) -> str:
    """The English caption of a contact field (its name when it is no contact field)."""
    f = FIELDS_BY_NAME.get(name)
    return f.caption if f else COMPUTED_CAPTIONS.get(name, name)


def check_email(text: str, *, field: str = "email") -> str:
    """Accept '' or one or more addresses separated by ';' (spaces around them allowed).

    An address that is not valid is quoted alone; text that does not split on ';' is quoted
    whole, as BC does (scenario 149). Returns the text unchanged.
    """
    if not text.strip():
        return text
    for part in text.strip().strip(";").split(";"):
        address = part.strip()
        if not address:
            continue
        try:
            validate_email(address, check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValidationError(INVALID_EMAIL, field=field, address=address) from exc
    return text


def check_phone(value: str, *, field: str) -> str:
    """Refuse a phone number with letters (BC: "Phone No. must not contain letters")."""
    if any(ch.isalpha() for ch in value):
        raise ValidationError(MUST_NOT_CONTAIN_LETTERS, field=field, field_caption=caption(field))
    return value


def _clean_type(f: ContactField, value: Any) -> str:
    text = ("" if value is None else str(value)).strip().lower()
    if text == "":
        return COMPANY
    if text not in CONTACT_TYPES:
        raise ValidationError(NOT_A_CHOICE, field=f.name, field_caption=f.caption, value=value)
    return text


def _clean_correspondence(f: ContactField, value: Any) -> str:
    text = ("" if value is None else str(value)).strip().lower().replace(" ", "_")
    text = {"e-mail": "email", "e_mail": "email", "hard-copy": "hard_copy"}.get(text, text)
    if text not in CORRESPONDENCE_TYPES:
        raise ValidationError(NOT_A_CHOICE, field=f.name, field_caption=f.caption, value=value)
    return text


def _clean_bool(f: ContactField, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = ("" if value is None else str(value)).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(NOT_A_BOOLEAN, field=f.name, field_caption=f.caption, value=value)


def clean_value(name: str, value: Any) -> Any:
    """Normalise and validate one contact field's value; raises ValidationError(field=name)."""
    f = FIELDS_BY_NAME.get(name)
    if f is None:
        raise ValidationError(UNKNOWN_FIELD, field=name, name=name)
    if f.kind == "type":
        return _clean_type(f, value)
    if f.kind == "correspondence":
        return _clean_correspondence(f, value)
    if f.kind == "bool":
        return _clean_bool(f, value)
    raw = "" if value is None else str(value)
    if f.kind == "code":
        return normalize_code(raw, max_len=f.max_len, field=name, caption=f.caption)
    text = check_text(raw, max_len=f.max_len, field=name, caption=f.caption)
    if name in PHONE_FIELDS:
        check_phone(text, field=name)
    elif name == "email":
        check_email(text)
    return text


def clean_contact_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise and validate one contact's field values (only the keys given).

    Codes (No., Company No., Search Name, VAT Registration No. and the references) come back
    trimmed and upper-cased, blank as ''; texts keep their case. Raises ValidationError naming
    the first bad field (unknown field, too long, bad type, bad e-mail, letters in a phone no.).
    """
    return {name: clean_value(name, value) for name, value in values.items()}


def split_name(name: str) -> tuple[str, str, str]:
    """A person's Name split into (First Name, Middle Name, Surname) as BC does (§10).

    Tokens are separated by spaces (runs of spaces count once); the last token is the surname
    when there are at least two, the one before it the middle name when there are at least
    three, and the rest is the first name. Each part is cut at 30 characters.
    """
    tokens = name.split()
    surname = middle = ""
    if len(tokens) >= 2:
        surname = tokens.pop()
    if len(tokens) >= 2:
        middle = tokens.pop()
    first = " ".join(tokens)
    return first[:NAME_PART_MAX], middle[:NAME_PART_MAX], surname[:NAME_PART_MAX]


def split_name_checked(name: str, *, field: str = "name") -> tuple[str, str, str]:
    """`split_name`, but a part longer than 30 characters is refused on `field` with BC's length
    message instead of being cut (BC validates Name at once and cannot store the part)."""
    tokens = name.split()
    surname = tokens.pop() if len(tokens) >= 2 else ""
    middle = tokens.pop() if len(tokens) >= 2 else ""
    first = " ".join(tokens)
    for part in (first, middle, surname):
        if len(part) > NAME_PART_MAX:
            raise length_exceeded(part, NAME_PART_MAX, field=field)
    return first, middle, surname


def join_name(first: str, middle: str, surname: str) -> str:
    """Name rebuilt from its parts: "First Middle Surname", skipping blank parts."""
    return " ".join(p.strip() for p in (first, middle, surname) if p.strip())


def next_search_name(old_name: str, new_name: str, search_name: str) -> str:
    """Search Name after Name changes: follows Name while blank or equal to the old Name.

    Search Name is a Code field, so it is trimmed and upper-cased."""
    if search_name == "" or search_name == old_name.strip().upper()[:100]:
        return new_name.strip().upper()[:100]
    return search_name


def search_email(email: str) -> str:
    """Search E-Mail: the e-mail upper-cased."""
    return email.upper()
