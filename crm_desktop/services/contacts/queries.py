"""Contacts as the screens read them: one contact, a company's persons, salutations.

Rows come back as frozen `ContactRow`s with blank codes as ''. `values_of`, `to_row` and
`get_in` are shared with `edit`, which imports this module (never the other way).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain.contacts import PERSON
from crm_desktop.domain.errors import DOES_NOT_EXIST, NotFoundError, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.inheritance import InheritFlags, following_fields
from crm_desktop.domain.salutations import (
    FORMULA_MISSING,
    SALUTATION_TYPES,
    salutation_for,
)
from crm_desktop.services.contacts import rules as extra
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.storage import models as m

CONTACT_TABLE = QT_TRANSLATE_NOOP("masterdata", "Contact")
WRONG_SALUTATION_TYPE = QT_TRANSLATE_NOOP("errors", "Salutation type {value} is not known.")

# Every column of the contact table, in model order.
COLUMNS: tuple[str, ...] = tuple(c.key for c in m.Contact.__table__.columns)


@dataclass(frozen=True)
class ContactRow:
    """A contact as plain values: one attribute per Contact column; blank codes are ''."""

    no: str
    type: str
    name: str
    name_2: str
    search_name: str
    company_no: str
    company_name: str
    first_name: str
    middle_name: str
    surname: str
    initials: str
    job_title: str
    address: str
    address_2: str
    post_code: str
    city: str
    county: str
    country_region_code: str
    currency_code: str
    phone_no: str
    telex_no: str
    fax_no: str
    telex_answer_back: str
    extension_no: str
    mobile_phone_no: str
    pager: str
    email: str
    search_email: str
    home_page: str
    salesperson_code: str
    territory_code: str
    language_code: str
    format_region: str
    salutation_code: str
    correspondence_type: str
    vat_registration_no: str
    registration_number: str
    privacy_blocked: bool
    no_series: str
    contact_business_relation: str
    last_modified: dt.datetime | None

    def as_dict(self) -> dict[str, Any]:
        """The values keyed by field name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class ContactSaved:
    """What a save did: the contact as saved, the persons the company change reached (their
    numbers), and the duplicate contacts found for it."""

    contact: ContactRow
    persons_updated: tuple[str, ...]
    duplicates: tuple[str, ...]


def values_of(contact: m.Contact) -> dict[str, Any]:
    """A contact row's values keyed by column name, blank codes as ''."""
    out: dict[str, Any] = {}
    for name in COLUMNS:
        value = getattr(contact, name)
        if value is None and name != "last_modified":
            value = False if name == "privacy_blocked" else ""
        out[name] = value
    return out


def to_row(contact: m.Contact) -> ContactRow:
    """The frozen row for a contact."""
    return ContactRow(**values_of(contact))


def get_in(s: Session, no: str) -> m.Contact:
    """The contact numbered `no` (any case); raises NotFoundError."""
    code = (no or "").strip().upper()
    contact = s.get(m.Contact, code) if code else None
    if contact is None:
        raise NotFoundError(DOES_NOT_EXIST, field="no", table=CONTACT_TABLE, code=code)
    return contact


def get_contact(ctx: AppContext, no: str) -> ContactRow:
    """One contact; raises NotFoundError."""
    with ctx.db.read() as s:
        return to_row(get_in(s, no))


def list_persons(ctx: AppContext, company_no: str) -> list[ContactRow]:
    """The persons of a company, by number."""
    with ctx.db.read() as s:
        stmt = (
            select(m.Contact)
            .where(m.Contact.company_no == company_no, m.Contact.no != company_no)
            .order_by(m.Contact.no)
        )
        return [to_row(c) for c in s.scalars(stmt)]


def count_persons(ctx: AppContext, company_no: str) -> int:
    """How many persons belong to a company."""
    with ctx.db.read() as s:
        return extra.count_persons_in(s, company_no)


def list_contacts(ctx: AppContext, type: str | None = None) -> list[ContactRow]:
    """Every contact (of one type when given), by number: a simple list for small screens."""
    with ctx.db.read() as s:
        stmt = select(m.Contact).order_by(m.Contact.no)
        if type:
            stmt = stmt.where(m.Contact.type == type)
        return [to_row(c) for c in s.scalars(stmt)]


def resolve_company(ctx: AppContext, text: str) -> list[ContactRow]:
    """Companies a typed Company Name may mean (§2.6); exactly one means "use it"."""
    with ctx.db.read() as s:
        return [to_row(c) for c in extra.resolve_company_in(s, text)]


def inherited_fields(ctx: AppContext, no: str) -> frozenset[str]:
    """The fields of a person that currently follow its company (flag on, same value);
    empty for a company or a person without one. For the marker on the person card."""
    with ctx.db.read() as s:
        contact = get_in(s, no)
        if contact.type != PERSON or not contact.company_no:
            return frozenset()
        company = s.get(m.Contact, contact.company_no)
        if company is None:
            return frozenset()
        flags = InheritFlags.from_setup(extra.setup_values(extra.setup_row(s)))
        return following_fields(values_of(contact), values_of(company), flags)


def get_salutation(
    ctx: AppContext, no: str, salutation_type: str, language_code: str | None = None
) -> str:
    """The contact's formal or informal salutation (§9) in `language_code` (default: the
    contact's language), falling back to the formula for the blank language. Raises
    NotFoundError, or ValidationError when no formula is set up."""
    if salutation_type not in SALUTATION_TYPES:
        raise ValidationError(WRONG_SALUTATION_TYPE, field="salutation_type", value=salutation_type)
    with ctx.db.read() as s:
        contact = get_in(s, no)
        language = (
            contact.language_code or "" if language_code is None else language_code.strip().upper()
        )
        formula = extra.formula_in(s, contact.salutation_code or "", language, salutation_type)
        if formula is None:
            raise ValidationError(
                FORMULA_MISSING,
                field="salutation_code",
                salutation_type=salutation_type.capitalize(),
                language=language,
                no=contact.no,
            )
        return salutation_for(values_of(contact), formula)
