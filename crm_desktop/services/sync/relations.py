"""Business relations of contacts (BC tables 5053, 5054); the summary (§5.1) is contacts'.

A relation row ties a contact to a business relation code and, for the four setup codes, to one
customer, vendor, bank account or employee. The rules of §5.2 hold on every insert: one relation
of each kind per contact, one contact per linked record.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crm_desktop.domain.codes import normalize_code
from crm_desktop.domain.errors import (
    DOES_NOT_EXIST,
    MUST_HAVE_VALUE,
    ConflictError,
    NotFoundError,
    ValidationError,
)
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.sync import (
    KIND_CAPTION,
    SETUP_CODE_CAPTION,
    SETUP_CODE_FIELD,
    Kind,
)
from crm_desktop.services.contacts.relation_summary import (
    recompute_summary_in,
    setup_codes_in,
)
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.storage import models as m

CONTACT_ALREADY_LINKED = QT_TRANSLATE_NOOP(
    "errors", "Contact {contact_no} already has a Contact Business Relation with {table} {no}."
)
RECORD_ALREADY_LINKED = QT_TRANSLATE_NOOP(
    "errors", "{table} {no} already has a Contact Business Relation with Contact {contact_no}."
)
CODE_RESERVED = QT_TRANSLATE_NOOP(
    "errors", "Business Relation Code {code} is used when a Contact is linked with a {table}."
)
RELATION_EXISTS = QT_TRANSLATE_NOOP(
    "errors", "Contact {contact_no} already has Business Relation {code}."
)
MARKETING_SETUP = QT_TRANSLATE_NOOP("sync", "Marketing Setup")
CONTACT_CAPTION = QT_TRANSLATE_NOOP("sync", "Contact")
BUSINESS_RELATION_CAPTION = QT_TRANSLATE_NOOP("sync", "Business Relation")
CBR_CAPTION = QT_TRANSLATE_NOOP("sync", "Contact Business Relation")

LINKED_MODELS: dict[str, type[m.Base]] = {
    "customer": m.Customer,
    "vendor": m.Vendor,
    "bank_account": m.BankAccount,
    "employee": m.Employee,
}


@dataclass(frozen=True)
class RelationRow:
    """One business relation of a contact, as the contact card lists it."""

    contact_no: str
    code: str
    description: str
    link_to_table: str  # '', customer, vendor, bank_account, employee
    no: str
    linked_name: str


def require_code_in(s: Session, kind: Kind) -> str:
    """The relation code of `kind`; raises BC's TestField error when it is blank (§5.8)."""
    code = setup_codes_in(s)[kind]
    if not code:
        raise ValidationError(
            MUST_HAVE_VALUE,
            field=SETUP_CODE_FIELD[kind],
            field_caption=SETUP_CODE_CAPTION[kind],
            table=MARKETING_SETUP,
        )
    return code


def link_of_in(s: Session, contact_no: str, kind: Kind) -> m.ContactBusinessRelation | None:
    """The contact's relation of `kind` (with a number), if any."""
    return s.scalars(
        select(m.ContactBusinessRelation).where(
            m.ContactBusinessRelation.contact_no == contact_no,
            m.ContactBusinessRelation.link_to_table == kind,
        )
    ).first()


def contact_no_of_in(s: Session, kind: Kind, no: str) -> str | None:
    """The contact linked to customer/vendor/bank account/employee `no`, if any."""
    return s.scalars(
        select(m.ContactBusinessRelation.contact_no).where(
            m.ContactBusinessRelation.link_to_table == kind,
            m.ContactBusinessRelation.no == no,
        )
    ).first()


def insert_relation_in(
    s: Session, contact_no: str, code: str, link_to_table: str = "", no: str = ""
) -> m.ContactBusinessRelation:
    """Insert a Contact Business Relation with BC's checks (§5.2) and recompute the summaries.

    Raises ConflictError when the contact already has a relation of that kind, or the record
    already has a contact; NotFoundError when the contact or code does not exist."""
    if s.get(m.Contact, contact_no) is None:
        raise NotFoundError(
            DOES_NOT_EXIST, field="contact_no", table=CONTACT_CAPTION, code=contact_no
        )
    if s.get(m.BusinessRelation, code) is None:
        raise NotFoundError(
            DOES_NOT_EXIST,
            field="business_relation_code",
            table=BUSINESS_RELATION_CAPTION,
            code=code,
        )
    if no:
        kind: Kind = link_to_table  # type: ignore[assignment]
        existing = link_of_in(s, contact_no, kind)
        if existing is not None:
            raise ConflictError(
                CONTACT_ALREADY_LINKED,
                field="no",
                contact_no=contact_no,
                table=KIND_CAPTION[kind],
                no=existing.no,
            )
        other = contact_no_of_in(s, kind, no)
        if other is not None and s.get(LINKED_MODELS[kind], no) is not None:
            raise ConflictError(
                RECORD_ALREADY_LINKED,
                field="no",
                table=KIND_CAPTION[kind],
                no=no,
                contact_no=other,
            )
        # A placeholder row with this code and no number gives way to the linked one.
        s.execute(
            delete(m.ContactBusinessRelation).where(
                m.ContactBusinessRelation.contact_no == contact_no,
                m.ContactBusinessRelation.business_relation_code == code,
                m.ContactBusinessRelation.no == "",
            )
        )
    if s.get(m.ContactBusinessRelation, (contact_no, code)) is not None:
        raise ConflictError(
            RELATION_EXISTS, field="business_relation_code", contact_no=contact_no, code=code
        )
    row = m.ContactBusinessRelation(
        contact_no=contact_no, business_relation_code=code, link_to_table=link_to_table, no=no
    )
    s.add(row)
    s.flush()
    recompute_summary_in(s, contact_no)
    return row


def create_link_in(s: Session, contact_no: str, kind: Kind, no: str) -> m.ContactBusinessRelation:
    """Link a contact with customer/vendor/bank account/employee `no` under the setup code of
    `kind` (BC's CreateRelation): the code must be set (§5.8), then the §5.2 checks apply."""
    return insert_relation_in(s, contact_no, require_code_in(s, kind), kind, no)


def delete_links_in(s: Session, kind: Kind, no: str) -> list[str]:
    """Remove every relation to customer/vendor/bank account/employee `no` (its deletion keeps
    the contact) and return the contacts whose summary was recomputed."""
    contacts = list(
        s.scalars(
            select(m.ContactBusinessRelation.contact_no).where(
                m.ContactBusinessRelation.link_to_table == kind,
                m.ContactBusinessRelation.no == no,
            )
        )
    )
    s.execute(
        delete(m.ContactBusinessRelation).where(
            m.ContactBusinessRelation.link_to_table == kind, m.ContactBusinessRelation.no == no
        )
    )
    s.flush()
    for contact_no in contacts:
        recompute_summary_in(s, contact_no)
    return contacts


def _linked_name(s: Session, link: str, no: str) -> str:
    model = LINKED_MODELS.get(link)
    if model is None or not no:
        return ""
    rec = s.get(model, no)
    if rec is None:
        return ""
    if isinstance(rec, m.Employee):
        return " ".join(p for p in (rec.first_name, rec.middle_name, rec.last_name) if p)
    return str(getattr(rec, "name", ""))


def list_relations_in(s: Session, contact_no: str) -> list[RelationRow]:
    """The contact's relations, by code."""
    rows = s.execute(
        select(m.ContactBusinessRelation, m.BusinessRelation.description)
        .join(
            m.BusinessRelation,
            m.BusinessRelation.code == m.ContactBusinessRelation.business_relation_code,
        )
        .where(m.ContactBusinessRelation.contact_no == contact_no)
        .order_by(m.ContactBusinessRelation.business_relation_code)
    )
    return [
        RelationRow(
            r.contact_no,
            r.business_relation_code,
            desc,
            r.link_to_table,
            r.no,
            _linked_name(s, r.link_to_table, r.no),
        )
        for r, desc in rows
    ]


def list_relations(ctx: AppContext, contact_no: str) -> list[RelationRow]:
    """The contact's business relations with the linked record's name, by code."""
    with ctx.db.read() as s:
        return list_relations_in(s, contact_no)


def add_relation(ctx: AppContext, contact_no: str, code: str) -> RelationRow:
    """Give a contact a plain business relation (such as Prospect or Lawyer), as typed by a user.

    The customer, vendor and bank account setup codes are refused with BC's message: those rows
    come from linking. Raises ValidationError, NotFoundError or ConflictError."""
    code = normalize_code(
        code, max_len=10, field="business_relation_code", caption=BUSINESS_RELATION_CAPTION
    )
    if not code:
        raise ValidationError(
            MUST_HAVE_VALUE,
            field="business_relation_code",
            field_caption=BUSINESS_RELATION_CAPTION,
            table=CBR_CAPTION,
        )
    with ctx.db.uow() as s:
        codes = setup_codes_in(s)
        reserved: tuple[Kind, ...] = ("customer", "vendor", "bank_account")
        for kind in reserved:
            if codes[kind] == code:
                raise ValidationError(
                    CODE_RESERVED,
                    field="business_relation_code",
                    code=code,
                    table=KIND_CAPTION[kind],
                )
        insert_relation_in(s, contact_no, code)
        return next(r for r in list_relations_in(s, contact_no) if r.code == code)


def delete_relation(ctx: AppContext, contact_no: str, code: str) -> None:
    """Remove one of a contact's business relations (the linked record stays) and recompute the
    summaries of the contact and its persons. Raises NotFoundError when there is no such row."""
    with ctx.db.uow() as s:
        row = s.get(m.ContactBusinessRelation, (contact_no, code))
        if row is None:
            raise NotFoundError(
                DOES_NOT_EXIST, field="business_relation_code", table=CBR_CAPTION, code=code
            )
        s.delete(row)
        s.flush()
        recompute_summary_in(s, contact_no)


def summary(ctx: AppContext, contact_no: str) -> str:
    """The contact's stored business relation summary."""
    with ctx.db.read() as s:
        contact = s.get(m.Contact, contact_no)
        if contact is None:
            raise NotFoundError(DOES_NOT_EXIST, table=CONTACT_CAPTION, code=contact_no)
        return contact.contact_business_relation
