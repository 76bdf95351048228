"""Rules of the sync section: which fields flow between a contact and its customer, vendor, bank
account or employee (BC spec §5.4, §5.5), the business relation summary (§5.1), and the checks of
IBAN and VAT numbers.

BC copies "fields with identical field numbers"; here every mapping is an explicit list of
(contact field, linked record field) pairs, so a reader sees exactly what syncs.

One deliberate addition to BC: an employee's changes to the fields of its list flow back to its
person contact as well (BC pushes contact -> employee only), so a linked pair never disagrees.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from stdnum import iban as std_iban
from stdnum import vatin as std_vatin
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.util import get_cc_module

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

CTX = "errors"

Kind = Literal["customer", "vendor", "bank_account", "employee"]
KINDS: tuple[Kind, ...] = ("customer", "vendor", "bank_account", "employee")

# Marketing Setup field holding the business relation code that switches sync on per kind.
SETUP_CODE_FIELD: dict[Kind, str] = {
    "customer": "bus_rel_code_for_customers",
    "vendor": "bus_rel_code_for_vendors",
    "bank_account": "bus_rel_code_for_bank_accs",
    "employee": "bus_rel_code_for_employees",
}
SETUP_CODE_CAPTION: dict[Kind, str] = {
    "customer": QT_TRANSLATE_NOOP("setup", "Bus. Rel. Code for Customers"),
    "vendor": QT_TRANSLATE_NOOP("setup", "Bus. Rel. Code for Vendors"),
    "bank_account": QT_TRANSLATE_NOOP("setup", "Bus. Rel. Code for Bank Accs."),
    "employee": QT_TRANSLATE_NOOP("setup", "Bus. Rel. Code for Employees"),
}
KIND_CAPTION: dict[Kind, str] = {
    "customer": QT_TRANSLATE_NOOP("sync", "Customer"),
    "vendor": QT_TRANSLATE_NOOP("sync", "Vendor"),
    "bank_account": QT_TRANSLATE_NOOP("sync", "Bank Account"),
    "employee": QT_TRANSLATE_NOOP("sync", "Employee"),
}
SUMMARY_CAPTION: dict[str, str] = {
    "none": QT_TRANSLATE_NOOP("sync", "None"),
    "other": QT_TRANSLATE_NOOP("sync", "Other"),
    "multiple": QT_TRANSLATE_NOOP("sync", "Multiple"),
    **{str(k): v for k, v in KIND_CAPTION.items()},
}

# Fields a contact shares with a customer under the same name (BC's same-numbered fields, §5.5).
_COMMON: tuple[str, ...] = (
    "name",
    "search_name",
    "name_2",
    "address",
    "address_2",
    "city",
    "post_code",
    "county",
    "country_region_code",
    "phone_no",
    "mobile_phone_no",
    "telex_no",
    "fax_no",
    "telex_answer_back",
    "email",
    "home_page",
    "territory_code",
    "currency_code",
    "language_code",
    "format_region",
)

# (contact field, linked record field) per kind. Used in both directions except where noted.
CUSTOMER_FIELDS: tuple[tuple[str, str], ...] = tuple((f, f) for f in _COMMON) + (
    ("salesperson_code", "salesperson_code"),
    ("registration_number", "registration_number"),
    ("vat_registration_no", "vat_registration_no"),
)
# A vendor's Purchaser Code has the contact's Salesperson Code field number, and BC keeps both
# sides' values (§5.4, §5.5): the salesperson does not sync for vendors.
VENDOR_FIELDS: tuple[tuple[str, str], ...] = tuple((f, f) for f in _COMMON) + (
    ("registration_number", "registration_number"),
    ("vat_registration_no", "vat_registration_no"),
)
# A bank account keeps its Our Contact Code and the contact keeps its salesperson (§5.4, §5.5).
BANK_ACCOUNT_FIELDS: tuple[tuple[str, str], ...] = tuple((f, f) for f in _COMMON)
# BC's explicit employee list (§5.5); Comment and Image are not kept by this app.
EMPLOYEE_FIELDS: tuple[tuple[str, str], ...] = (
    ("address", "address"),
    ("address_2", "address_2"),
    ("city", "city"),
    ("post_code", "post_code"),
    ("county", "county"),
    ("country_region_code", "country_region_code"),
    ("phone_no", "phone_no"),
    ("mobile_phone_no", "mobile_phone_no"),
    ("fax_no", "fax_no"),
    ("pager", "pager"),
    ("email", "email"),
    ("first_name", "first_name"),
    ("middle_name", "middle_name"),
    ("surname", "last_name"),
    ("job_title", "job_title"),
    ("initials", "initials"),
)
FIELD_MAP: dict[Kind, tuple[tuple[str, str], ...]] = {
    "customer": CUSTOMER_FIELDS,
    "vendor": VENDOR_FIELDS,
    "bank_account": BANK_ACCOUNT_FIELDS,
    "employee": EMPLOYEE_FIELDS,
}

# A contact save pushes to its linked records only when one of these changed (§5.5).
CONTACT_TRIGGER_FIELDS: frozenset[str] = frozenset(_COMMON) | {
    "salesperson_code",
    "registration_number",
    "vat_registration_no",
    "search_email",
    "type",
    "first_name",
    "middle_name",
    "surname",
    "job_title",
    "initials",
    "pager",
}
# A customer/vendor/bank account save updates its contact only when one of these changed (§5.4).
RECORD_TRIGGER_FIELDS: dict[Kind, frozenset[str]] = {
    "customer": frozenset(f for _c, f in CUSTOMER_FIELDS) | {"contact"},
    "vendor": frozenset(f for _c, f in VENDOR_FIELDS) | {"contact", "purchaser_code"},
    "bank_account": frozenset(f for _c, f in BANK_ACCOUNT_FIELDS) | {"our_contact_code"},
    "employee": frozenset(f for _c, f in EMPLOYEE_FIELDS),
}


def contact_to_record(kind: Kind, contact: Mapping[str, object]) -> dict[str, object]:
    """The linked record's values taken from a contact (§5.5)."""
    out = {rec: contact[con] for con, rec in FIELD_MAP[kind]}
    if kind == "customer":
        out["contact_type"] = contact["type"]
    return out


def record_to_contact(kind: Kind, record: Mapping[str, object]) -> dict[str, object]:
    """The contact's values taken from its linked record (§5.4)."""
    return {con: record[rec] for con, rec in FIELD_MAP[kind]}


def changed_values(
    current: Mapping[str, object], wanted: Mapping[str, object]
) -> dict[str, object]:
    """The entries of `wanted` that differ from `current` (so a save changes only those)."""
    return {k: v for k, v in wanted.items() if current.get(k) != v}


@dataclass(frozen=True)
class Relation:
    """One Contact Business Relation as the summary sees it."""

    code: str
    link_to_table: str
    no: str


def summarize(relations: Iterable[Relation], setup_codes: Iterable[str | None]) -> str:
    """The contact's business relation summary (§5.1): none, customer, vendor, bank_account,
    employee, other or multiple. `relations` are the contact's own plus, for a person, its
    company's; `setup_codes` are the four Marketing Setup codes."""
    rels = list(relations)
    if not rels:
        return "none"
    codes = {c for c in setup_codes if c}
    # All four codes blank: AL's empty filter matches every code (spec §5.1 edge, inferred).
    linked = [r for r in rels if r.no and (not codes or r.code in codes)]
    if not linked:
        return "other" if len(rels) == 1 else "multiple"
    if len(linked) == 1 and len(rels) == 1 and linked[0].link_to_table in KINDS:
        return linked[0].link_to_table
    return "multiple"


def _reason(exc: StdnumError) -> str:
    # stdnum's exceptions carry a readable sentence in `message`.
    return str(getattr(exc, "message", "") or exc)


INVALID_IBAN = QT_TRANSLATE_NOOP(
    CTX, "{value} is not a valid IBAN: {reason} Check the country code, length and check digits."
)
INVALID_VAT = QT_TRANSLATE_NOOP(
    CTX,
    "{value} is not a valid VAT registration number for {country}: {reason} "
    "Enter it as shown on the company's invoices.",
)
IBAN_CAPTION = QT_TRANSLATE_NOOP("sync", "IBAN")


def check_iban(value: str) -> str:
    """The IBAN in its compact form (upper case, no spaces); '' stays ''.

    Raises ValidationError(field="iban") with the library's reason when it is not valid."""
    if not value.strip():
        return ""
    try:
        return str(std_iban.validate(value))
    except StdnumError as exc:
        raise ValidationError(INVALID_IBAN, field="iban", value=value, reason=_reason(exc)) from exc


def check_vat(value: str, country_code: str) -> str:
    """The VAT registration no. upper-cased and, when a country is known (or the number starts
    with one), checked with python-stdnum's rules for that country.

    Numbers of countries stdnum does not know are accepted as typed (upper-cased)."""
    vat = value.strip().upper()
    if not vat:
        return ""
    candidate = vat if vat[:2].isalpha() else f"{country_code.upper()}{vat}"
    if len(candidate) < 3 or not candidate[:2].isalpha():
        return vat
    cc = {"EL": "GR", "XI": "GB"}.get(candidate[:2], candidate[:2]).lower()
    if get_cc_module(cc, "vat") is None:
        return vat
    try:
        std_vatin.validate(candidate)
    except StdnumError as exc:
        raise ValidationError(
            INVALID_VAT,
            field="vat_registration_no",
            value=value,
            country=candidate[:2],
            reason=_reason(exc),
        ) from exc
    return vat


_C = "sync"
# Captions of the record fields, for cards, lists and error messages.
FIELD_CAPTIONS: dict[str, str] = {
    "no": QT_TRANSLATE_NOOP(_C, "No."),
    "name": QT_TRANSLATE_NOOP(_C, "Name"),
    "search_name": QT_TRANSLATE_NOOP(_C, "Search Name"),
    "name_2": QT_TRANSLATE_NOOP(_C, "Name 2"),
    "address": QT_TRANSLATE_NOOP(_C, "Address"),
    "address_2": QT_TRANSLATE_NOOP(_C, "Address 2"),
    "city": QT_TRANSLATE_NOOP(_C, "City"),
    "post_code": QT_TRANSLATE_NOOP(_C, "Post Code"),
    "county": QT_TRANSLATE_NOOP(_C, "County"),
    "country_region_code": QT_TRANSLATE_NOOP(_C, "Country/Region Code"),
    "phone_no": QT_TRANSLATE_NOOP(_C, "Phone No."),
    "mobile_phone_no": QT_TRANSLATE_NOOP(_C, "Mobile Phone No."),
    "telex_no": QT_TRANSLATE_NOOP(_C, "Telex No."),
    "fax_no": QT_TRANSLATE_NOOP(_C, "Fax No."),
    "telex_answer_back": QT_TRANSLATE_NOOP(_C, "Telex Answer Back"),
    "pager": QT_TRANSLATE_NOOP(_C, "Pager"),
    "email": QT_TRANSLATE_NOOP(_C, "E-Mail"),
    "home_page": QT_TRANSLATE_NOOP(_C, "Home Page"),
    "territory_code": QT_TRANSLATE_NOOP(_C, "Territory Code"),
    "currency_code": QT_TRANSLATE_NOOP(_C, "Currency Code"),
    "language_code": QT_TRANSLATE_NOOP(_C, "Language Code"),
    "format_region": QT_TRANSLATE_NOOP(_C, "Format Region"),
    "salesperson_code": QT_TRANSLATE_NOOP(_C, "Salesperson Code"),
    "purchaser_code": QT_TRANSLATE_NOOP(_C, "Purchaser Code"),
    "our_contact_code": QT_TRANSLATE_NOOP(_C, "Our Contact Code"),
    "registration_number": QT_TRANSLATE_NOOP(_C, "Registration Number"),
    "vat_registration_no": QT_TRANSLATE_NOOP(_C, "VAT Registration No."),
    "contact_type": QT_TRANSLATE_NOOP(_C, "Contact Type"),
    "primary_contact_no": QT_TRANSLATE_NOOP(_C, "Primary Contact No."),
    "contact": QT_TRANSLATE_NOOP(_C, "Contact"),
    "payment_terms_code": QT_TRANSLATE_NOOP(_C, "Payment Terms Code"),
    "bank_account_no": QT_TRANSLATE_NOOP(_C, "Bank Account No."),
    "iban": IBAN_CAPTION,
    "swift_code": QT_TRANSLATE_NOOP(_C, "SWIFT Code"),
    "first_name": QT_TRANSLATE_NOOP(_C, "First Name"),
    "middle_name": QT_TRANSLATE_NOOP(_C, "Middle Name"),
    "last_name": QT_TRANSLATE_NOOP(_C, "Last Name"),
    "initials": QT_TRANSLATE_NOOP(_C, "Initials"),
    "job_title": QT_TRANSLATE_NOOP(_C, "Job Title"),
    "description": QT_TRANSLATE_NOOP(_C, "Description"),
    "code": QT_TRANSLATE_NOOP(_C, "Code"),
    "due_date_calculation": QT_TRANSLATE_NOOP(_C, "Due Date Calculation"),
}
CONTACT_TYPES: tuple[tuple[str, str], ...] = (
    ("company", QT_TRANSLATE_NOOP(_C, "Company")),
    ("person", QT_TRANSLATE_NOOP(_C, "Person")),
)
# Template fields that fill a new customer's blanks (§5.6 step 8).
TEMPLATE_FIELDS: tuple[str, ...] = (
    "country_region_code",
    "territory_code",
    "currency_code",
    "language_code",
    "salesperson_code",
    "payment_terms_code",
)


# The vendor fields a vendor template fills (BC's Vendor Templ., with this app's vendor fields).
VENDOR_TEMPLATE_FIELDS: tuple[str, ...] = (
    "country_region_code",
    "territory_code",
    "currency_code",
    "language_code",
    "purchaser_code",
)


def fill_blanks(
    record: Mapping[str, object],
    template: Mapping[str, object],
    fields: tuple[str, ...] = TEMPLATE_FIELDS,
) -> dict[str, object]:
    """The template values for the record's fields that are still blank (§5.6 step 8; scenarios
    38, 39: the contact's values win, the template fills only what is empty)."""
    return {f: template[f] for f in fields if not record.get(f) and template.get(f)}


def caption(name: str) -> str:
    """The English caption of a record field."""
    return FIELD_CAPTIONS.get(name, name)
