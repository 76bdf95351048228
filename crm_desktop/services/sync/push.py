"""Contacts kept in step with customers, vendors, bank accounts and employees (BC spec §5.4, §5.5).

Two directions, each one save without ping-pong:
- contact → linked records: `push_contact_in`, which the contacts service calls after every save
  through its hooks (`connect` registers it; `open_app` calls `connect`).
  It writes the linked records directly (BC saves them without their triggers), skipping the kind
  named by `origin`.
- record → contact: `push_record_in`, called by the record services after a save. It updates the
  contact through `update_in(..., origin=kind)`, so the contact's full post-save logic
  runs (persons of a company follow per §2.4, duplicates, other linked records) but the change is
  not written back to the record that caused it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crm_desktop.domain.sync import (
    CONTACT_TRIGGER_FIELDS,
    KINDS,
    Kind,
    changed_values,
    contact_to_record,
    record_to_contact,
)
from crm_desktop.services.contacts import hooks
from crm_desktop.services.contacts.edit import update_in
from crm_desktop.services.contacts.queries import values_of
from crm_desktop.storage import models as m

RECORD_MODELS: dict[Kind, Any] = {
    "customer": m.Customer,
    "vendor": m.Vendor,
    "bank_account": m.BankAccount,
    "employee": m.Employee,
}


def now() -> dt.datetime:
    """Local wall-clock time for Last Date Modified, as the user reads it."""
    return dt.datetime.now().replace(microsecond=0)


def plain_values(obj: Any) -> dict[str, Any]:
    """A row's column values with blank (NULL) codes as ''."""
    out: dict[str, Any] = {}
    for col in obj.__table__.columns:
        value = getattr(obj, col.key)
        out[col.key] = "" if value is None and col.nullable and col.foreign_keys else value
    return out


def write_values(obj: Any, values: dict[str, Any]) -> None:
    """Set columns from plain values ('' codes become NULL); unchanged columns are not touched."""
    cols = {c.key: c for c in obj.__table__.columns}
    for name, value in values.items():
        col = cols[name]
        db_value = None if value == "" and col.nullable and col.foreign_keys else value
        if getattr(obj, name) != db_value:
            setattr(obj, name, db_value)


def push_contact_in(
    s: Session, contact: m.Contact, changed: frozenset[str], origin: str | None = None
) -> None:
    """After a contact save: update the customer/vendor/bank account/employee linked to it
    (BC spec §5.5). `origin` names the linked kind whose own change caused this save, so it is not
    written back (no ping-pong). Called by the contacts service inside its transaction."""
    if "no" in changed:
        # A contact just inserted (its number "changed" from blank) has nothing linked yet.
        return
    if "name" in changed and contact.type == "person":
        # §5.4: a person's new name becomes the Contact text of records it is primary contact of.
        for model in (m.Customer, m.Vendor):
            s.execute(
                update(model)
                .where(model.primary_contact_no == contact.no)
                .values(contact=contact.name[:100])
            )
    if not changed & CONTACT_TRIGGER_FIELDS:
        return
    relations = s.scalars(
        select(m.ContactBusinessRelation).where(
            m.ContactBusinessRelation.contact_no == contact.no,
            m.ContactBusinessRelation.link_to_table != "",
            m.ContactBusinessRelation.no != "",
        )
    )
    values = plain_values(contact)
    for rel in list(relations):
        if rel.link_to_table == origin or rel.link_to_table not in KINDS:
            continue
        kind: Kind = rel.link_to_table
        record = s.get(RECORD_MODELS[kind], rel.no)
        if record is None:
            continue
        wanted = changed_values(plain_values(record), contact_to_record(kind, values))
        if wanted:
            write_values(record, {**wanted, "last_modified": now()})
    s.flush()


def push_record_in(s: Session, kind: Kind, record: Any, on: dt.date) -> tuple[str, ...]:
    """After a customer/vendor/bank account/employee save: update its contact (§5.4) and return
    the persons the change reached through the company (§2.4, spec §11 item 2).

    A relation whose contact has gone is removed (BC's orphan clean-up)."""
    rel = s.scalars(
        select(m.ContactBusinessRelation).where(
            m.ContactBusinessRelation.link_to_table == kind,
            m.ContactBusinessRelation.no == record.no,
        )
    ).first()
    if rel is None:
        return ()
    contact = s.get(m.Contact, rel.contact_no)
    if contact is None:
        s.delete(rel)
        s.flush()
        return ()
    wanted = record_to_contact(kind, plain_values(record))
    diff = changed_values(values_of(contact), wanted)
    if not diff:
        return ()
    return update_in(s, contact, diff, on=on, origin=kind)


def contact_deleted_in(s: Session, contact_nos: list[str]) -> None:
    """Before contacts are deleted: customers and vendors whose primary contact they were lose
    their Contact text too (§5.8; the foreign key clears Primary Contact No.)."""
    for model in (m.Customer, m.Vendor):
        s.execute(
            update(model)
            .where(model.primary_contact_no.in_(contact_nos))
            .values(contact="", primary_contact_no=None)
        )


def connect() -> None:
    """Make contact saves and deletes reach the linked records (idempotent).

    Contacts sit below sync and announce their saves through `contacts.hooks`; this registers
    the two listeners. Called by `open_app`, so every opened app keeps records in step."""
    hooks.listen(saved=push_contact_in, deleted=contact_deleted_in)
