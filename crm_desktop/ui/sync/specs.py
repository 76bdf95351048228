"""Which fields the customer, vendor, bank account and employee cards show, as field specs for the
generic form, and where their code lists come from."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from crm_desktop.domain.sync import CONTACT_TYPES, FIELD_CAPTIONS, Kind
from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts, from_contact
from crm_desktop.ui.common.codes import CodeChoice, code_choices
from crm_desktop.ui.common.fields import FieldSpec

# (name, max length, reference table or None, kind) - None kind means text
_REFS = {
    "country_region_code": "country_region",
    "currency_code": "currency",
    "territory_code": "territory",
    "language_code": "language",
    "salesperson_code": "salesperson",
    "purchaser_code": "salesperson",
    "our_contact_code": "salesperson",
    "payment_terms_code": "payment_terms",
    "primary_contact_no": "contact",
}

# Customers and vendors show the same address and communication column as a company contact.
_COMPANY_ADDRESS_COLUMN: tuple[str, ...] = (
    "no",
    "name",
    "name_2",
    "address",
    "address_2",
    "post_code",
    "city",
    "county",
    "country_region_code",
    "phone_no",
    "mobile_phone_no",
    "email",
    "home_page",
)

# Two columns per card: address and communication left, the record's own business right.
LAYOUT: dict[Kind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "customer": (
        _COMPANY_ADDRESS_COLUMN,
        (
            "contact_type",
            "primary_contact_no",
            "contact",
            "salesperson_code",
            "territory_code",
            "currency_code",
            "language_code",
            "payment_terms_code",
            "registration_number",
            "vat_registration_no",
        ),
    ),
    "vendor": (
        _COMPANY_ADDRESS_COLUMN,
        (
            "primary_contact_no",
            "contact",
            "purchaser_code",
            "territory_code",
            "currency_code",
            "language_code",
            "registration_number",
            "vat_registration_no",
        ),
    ),
    "bank_account": (
        (
            "no",
            "name",
            "address",
            "address_2",
            "post_code",
            "city",
            "country_region_code",
            "phone_no",
            "email",
            "home_page",
        ),
        (
            "bank_account_no",
            "iban",
            "swift_code",
            "currency_code",
            "our_contact_code",
            "language_code",
        ),
    ),
    "employee": (
        (
            "no",
            "first_name",
            "middle_name",
            "last_name",
            "initials",
            "job_title",
            "address",
            "address_2",
            "post_code",
            "city",
            "country_region_code",
        ),
        ("phone_no", "mobile_phone_no", "pager", "email"),
    ),
}

LIST_COLUMNS: dict[Kind, tuple[str, ...]] = {
    "customer": ("no", "name", "city", "phone_no", "email", "contact", "contact_no"),
    "vendor": ("no", "name", "city", "phone_no", "email", "contact", "contact_no"),
    "bank_account": ("no", "name", "iban", "currency_code", "city", "contact_no"),
    "employee": ("no", "display_name", "job_title", "city", "email", "contact_no"),
}
EXTRA_CAPTIONS = {
    "contact_no": QT_TRANSLATE_NOOP("sync", "Contact No."),
    "display_name": QT_TRANSLATE_NOOP("sync", "Name"),
}


def spec(kind: Kind, name: str) -> FieldSpec:
    """The form spec of one record field."""
    label = FIELD_CAPTIONS.get(name) or EXTRA_CAPTIONS.get(name, name)
    if name == "contact_type":
        return FieldSpec(name, label, "choice", "sync", choices=CONTACT_TYPES)
    if name in _REFS:
        return FieldSpec(name, label, "ref", "sync", max_len=20, ref_table=_REFS[name])
    if name in EXTRA_CAPTIONS:
        return FieldSpec(name, label, "text", "sync")
    length = accounts.max_lengths(kind).get(name, 0)
    return FieldSpec(name, label, "code" if name == "no" else "text", "sync", max_len=length)


def code_source(ctx: AppContext, ref_table: str) -> list[CodeChoice]:
    """The codes a reference field may name, with descriptions."""
    if ref_table == "payment_terms":
        return [(r["code"], r["description"]) for r in from_contact.list_payment_terms(ctx)]
    if ref_table == "contact":
        return [(c.no, c.name) for c in contacts.list_contacts(ctx)]
    return code_choices(ctx, ref_table)
