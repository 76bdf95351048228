"""Contact rules that need the database: setup, company lookup (§2.6), salutation formulas,
numbers, type-change checks, history, deletion.

Helpers of `crm_desktop.services.contacts`, each running inside the caller's session. Tables of
other areas (interactions, opportunities, tasks, ...) are found through their foreign keys to
`contact.no`, so this module does not need to know them by name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Table, delete, func, or_, select, update
from sqlalchemy.orm import Session

from crm_desktop.domain.contacts import COMPANY, PERSON
from crm_desktop.domain.errors import (
    ALREADY_EXISTS,
    MUST_HAVE_VALUE,
    STILL_REFERENCED,
    ConflictError,
    ReferencedError,
    ValidationError,
)
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.masterdata import TABLE_CAPTIONS
from crm_desktop.domain.salutations import Formula
from crm_desktop.services import numbering
from crm_desktop.services.contacts import hooks
from crm_desktop.storage import models as m

CONTACT_TABLE = QT_TRANSLATE_NOOP("masterdata", "Contact")
MARKETING_SETUP = QT_TRANSLATE_NOOP("masterdata", "Marketing Setup")
CONTACT_NOS = QT_TRANSLATE_NOOP("setup", "Contact Nos.")
COMPANY_HAS_PERSONS = QT_TRANSLATE_NOOP(
    "errors", "Company {no} has {count} persons; delete them together with the company."
)
TYPE_HAS_PERSONS = QT_TRANSLATE_NOOP(
    "errors", "You cannot change the type of contact {no} because it has {count} persons."
)
TYPE_HAS_HISTORY = QT_TRANSLATE_NOOP(
    "errors", "You cannot change the type of contact {no} because it is used in {users}."
)
MUST_BE_ZERO = QT_TRANSLATE_NOOP(
    "errors",
    "{field_caption} must be equal to '0' in Contact: No.={no}. Current value is '{count}'.",
)
MUST_BE_BLANK = QT_TRANSLATE_NOOP(
    "errors",
    "{field_caption} must be equal to '' in Contact: No.={no}. Current value is '{value}'.",
)
MERGED_AWAY = QT_TRANSLATE_NOOP(
    "errors",
    "Contact number {no} went in merge {merge_no} and is not issued again; undo that merge "
    "to have the contact back.",
)
NO_OF_BUSINESS_RELATIONS = QT_TRANSLATE_NOOP("contact", "No. of Business Relations")

REF_MODELS: dict[str, Any] = {
    "salesperson": m.Salesperson,
    "territory": m.Territory,
    "country_region": m.CountryRegion,
    "language": m.Language,
    "currency": m.Currency,
    "salutation": m.Salutation,
}
REF_CAPTIONS: dict[str, str] = {
    "salesperson": QT_TRANSLATE_NOOP("masterdata", "Salesperson/Purchaser"),
    "territory": QT_TRANSLATE_NOOP("masterdata", "Territory"),
    "country_region": QT_TRANSLATE_NOOP("masterdata", "Country/Region"),
    "language": QT_TRANSLATE_NOOP("masterdata", "Language"),
    "currency": QT_TRANSLATE_NOOP("masterdata", "Currency"),
    "salutation": QT_TRANSLATE_NOOP("masterdata", "Salutation"),
}


def setup_row(s: Session) -> m.MarketingSetup:
    """The Marketing Setup row (made when missing)."""
    row = s.get(m.MarketingSetup, 1)
    if row is None:
        row = m.MarketingSetup(id=1)
        s.add(row)
        s.flush()
    return row


def setup_values(row: m.MarketingSetup) -> dict[str, Any]:
    """Marketing Setup values keyed by column, blank codes as ''."""
    return {
        c.key: ("" if getattr(row, c.key) is None else getattr(row, c.key))
        for c in m.MarketingSetup.__table__.columns
    }


def my_salesperson(s: Session) -> str:
    """My salesperson (the user's own, BC's User Setup), '' when none."""
    row = s.get(m.UserSetup, 1)
    return (row.salesperson_code or "") if row else ""


def resolve_company_in(s: Session, text: str) -> list[m.Contact]:
    """§2.6: exact No., then Name equal (any case), then starting with, then containing."""
    text = text.strip()
    if not text:
        return []
    companies = select(m.Contact).where(m.Contact.type == COMPANY)
    by_no = s.get(m.Contact, text.upper())
    if by_no is not None and by_no.type == COMPANY:
        return [by_no]
    # LIKE's own wildcards in the text are literal; quotes match any character, as in BC.
    pattern = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = pattern.replace("'", "_").replace('"', "_")
    stages = (
        func.lower(m.Contact.name) == text.lower(),
        or_(
            m.Contact.no.like(f"{pattern}%", escape="\\"),
            m.Contact.name.like(f"{pattern}%", escape="\\"),
        ),
        or_(
            *(
                col.like(f"%{pattern}%", escape="\\")
                for col in (
                    m.Contact.no,
                    m.Contact.name,
                    m.Contact.city,
                    m.Contact.phone_no,
                    m.Contact.post_code,
                )
            )
        ),
    )
    for condition in stages:
        found = list(s.scalars(companies.where(condition).order_by(m.Contact.no)))
        if found:
            return found
    return []


def formula_in(
    s: Session, salutation_code: str, language: str, salutation_type: str
) -> Formula | None:
    """The salutation formula in `language`, else in the blank language; None when neither."""
    for lang in dict.fromkeys((language, "")):
        row = s.get(m.SalutationFormula, (salutation_code, lang, salutation_type))
        if row is not None:
            return Formula(
                row.salutation_code,
                row.language_code,
                row.salutation_type,
                row.salutation,
                (row.name_1, row.name_2, row.name_3, row.name_4, row.name_5),
            )
    return None


def already_exists(no: str) -> ConflictError:
    """The error for a contact number that is taken."""
    return ConflictError(ALREADY_EXISTS, field="no", table=CONTACT_TABLE, code=no)


def merged_away_in(s: Session, no: str) -> int | None:
    """The merge (not undone) that took contact number `no` away, if any: such a number is
    never issued again (issue 17)."""
    found = s.scalar(
        select(m.ContactMerge.no).where(
            m.ContactMerge.gone_no == no, m.ContactMerge.undone_at.is_(None)
        )
    )
    return int(found) if found is not None else None


def merged_away_nos_in(s: Session) -> dict[str, int]:
    """Every contact number that went in a merge not undone, with that merge's number."""
    rows = s.execute(
        select(m.ContactMerge.gone_no, m.ContactMerge.no).where(m.ContactMerge.undone_at.is_(None))
    )
    return {str(no): int(merge_no) for no, merge_no in rows}


def check_not_merged_away(s: Session, no: str) -> None:
    """Refuse a contact number that went in a merge (ConflictError naming the merge)."""
    merge_no = merged_away_in(s, no)
    if merge_no is not None:
        raise merged_away_error(no, merge_no)


def merged_away_error(no: str, merge_no: int) -> ConflictError:
    """The error for a number that went in merge `merge_no`."""
    return ConflictError(MERGED_AWAY, field="no", no=no, merge_no=merge_no)


def next_free_no(s: Session, series: str, on: dt.date) -> tuple[str, str]:
    """The next number of Contact Nos. not yet taken (§6.6), and the series it came from."""
    if not series:
        raise ValidationError(
            MUST_HAVE_VALUE, field="contact_nos", field_caption=CONTACT_NOS, table=MARKETING_SETUP
        )
    while True:
        no = numbering.issue_next(s, series, on)
        if s.get(m.Contact, no) is None and merged_away_in(s, no) is None:
            return no, series


def count_persons_in(s: Session, company_no: str) -> int:
    """How many persons belong to a company."""
    stmt = select(func.count()).where(
        m.Contact.company_no == company_no, m.Contact.no != company_no
    )
    return int(s.scalar(stmt) or 0)


def with_linked_records(s: Session, nos: list[str]) -> set[str]:
    """Those of `nos` that have a business relation linked to a record (customer, ...)."""
    out: set[str] = set()
    for i in range(0, len(nos), 500):
        out.update(
            s.scalars(
                select(m.ContactBusinessRelation.contact_no).where(
                    m.ContactBusinessRelation.contact_no.in_(nos[i : i + 500]),
                    m.ContactBusinessRelation.link_to_table != "",
                    m.ContactBusinessRelation.no != "",
                )
            )
        )
    return out


def _referring_columns() -> list[tuple[Table, str]]:
    """(table, column) of every foreign key to contact.no that does not cascade deletes,
    outside the contact table itself."""
    out: list[tuple[Table, str]] = []
    for table in m.Base.metadata.sorted_tables:
        if table.name == "contact":
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == "contact" and fk.column.key == "no":
                if (fk.ondelete or "").upper() in ("CASCADE", "SET NULL"):
                    continue
                assert fk.parent.table is table
                out.append((table, fk.parent.key))
    return out


def _users(s: Session, nos: list[str]) -> list[str]:
    users: list[str] = []
    for table, column in _referring_columns():
        count = s.scalar(select(func.count()).select_from(table).where(table.c[column].in_(nos)))
        if count:  # named as the user knows the table ("Interaction Log Entries")
            users.append(TABLE_CAPTIONS.get(table.name, table.name))
    return sorted(set(users))


def check_type_change(s: Session, contact: m.Contact, new_type: str) -> None:
    """BC's refusals of a Type change (§5.8); raises ValidationError(field='type')."""
    users = _users(s, [contact.no])
    if users:
        raise ValidationError(TYPE_HAS_HISTORY, field="type", no=contact.no, users=", ".join(users))
    if contact.type == COMPANY and new_type == PERSON:
        persons = count_persons_in(s, contact.no)
        if persons:
            raise ValidationError(TYPE_HAS_PERSONS, field="type", no=contact.no, count=persons)
        relations = int(
            s.scalar(select(func.count()).where(m.ContactBusinessRelation.contact_no == contact.no))
            or 0
        )
        if relations:
            raise ValidationError(
                MUST_BE_ZERO,
                field="type",
                field_caption=NO_OF_BUSINESS_RELATIONS,
                no=contact.no,
                count=relations,
            )
        for name, caption in (
            ("currency_code", QT_TRANSLATE_NOOP("contact", "Currency Code")),
            ("vat_registration_no", QT_TRANSLATE_NOOP("contact", "VAT Registration No.")),
        ):
            value = getattr(contact, name) or ""
            if value:
                raise ValidationError(
                    MUST_BE_BLANK, field="type", field_caption=caption, no=contact.no, value=value
                )


def _history_tables() -> list[Table]:
    """Tables that record both a contact and its company (interactions, opportunities, ...)."""
    return [
        t
        for t in m.Base.metadata.sorted_tables
        if "contact_no" in t.c and "contact_company_no" in t.c and t.name != "contact"
    ]


def move_history(s: Session, person_no: str, old_company_no: str) -> None:
    """§2.5: what a person did while at the old company stays with the old company."""
    for table in _history_tables():
        s.execute(
            update(table)
            .where(table.c.contact_no == person_no, table.c.contact_company_no == old_company_no)
            .values(contact_no=old_company_no)
        )


def delete_in(s: Session, contact: m.Contact, *, including_persons: bool) -> int:
    """Delete a contact (and a company's persons when allowed); how many were deleted."""
    nos = [contact.no]
    if contact.type == COMPANY:
        persons = list(
            s.scalars(
                select(m.Contact.no).where(
                    m.Contact.company_no == contact.no, m.Contact.no != contact.no
                )
            )
        )
        if persons and not including_persons:
            raise ReferencedError(
                COMPANY_HAS_PERSONS, field="no", no=contact.no, count=len(persons)
            )
        nos = [*persons, contact.no]
    elif contact.company_no:
        # A person's history moves to its company (§5.8).
        for table in _history_tables():
            s.execute(
                update(table)
                .where(table.c.contact_no == contact.no)
                .values(contact_no=contact.company_no)
            )
    users = _users(s, nos)
    if users:
        raise ReferencedError(
            STILL_REFERENCED,
            field="no",
            table=CONTACT_TABLE,
            code=contact.no,
            users=", ".join(users),
        )
    hooks.contacts_deleted(s, nos)
    s.execute(update(m.Contact).where(m.Contact.no.in_(nos)).values(company_no=None))
    s.execute(delete(m.Contact).where(m.Contact.no.in_(nos)))
    s.expire_all()
    return len(nos)
