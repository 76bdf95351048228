"""Customers, vendors, bank accounts and employees: list, create, edit, delete (BC spec §5.3, §5.4).

Each public function is one user action and one transaction. With the kind's business relation
code set in Marketing Setup, a new customer, vendor or bank account gets its contact and relation
(§5.3), a change flows on to the contact (§5.4) and from there to the company's persons (§2.4),
and deleting the record removes its relation but keeps the contact. Employees are linked from
contacts only (BC creates no contact for a new employee).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.domain import contacts as contact_rules
from crm_desktop.domain.codes import check_text, normalize_code
from crm_desktop.domain.errors import (
    ALREADY_EXISTS,
    DOES_NOT_EXIST,
    MUST_HAVE_VALUE,
    ConflictError,
    NotFoundError,
    ValidationError,
)
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.sync import (
    CONTACT_TYPES,
    KIND_CAPTION,
    RECORD_TRIGGER_FIELDS,
    Kind,
    caption,
    check_iban,
    check_vat,
    record_to_contact,
)
from crm_desktop.services import numbering
from crm_desktop.services.contacts import edit as contact_edit
from crm_desktop.services.contacts.relation_summary import setup_codes_in
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.setup import work_date
from crm_desktop.services.sync import relations as rel
from crm_desktop.services.sync.push import (
    RECORD_MODELS,
    now,
    plain_values,
    push_record_in,
    write_values,
)
from crm_desktop.storage import models as m

RecordRow = dict[str, Any]

UNKNOWN_FIELD = QT_TRANSLATE_NOOP("errors", "{table} has no field {name} that can be edited.")
NOT_A_CHOICE = QT_TRANSLATE_NOOP("errors", "{field_caption} cannot be {value}.")
NOT_RELATED = {
    "customer": QT_TRANSLATE_NOOP(
        "errors", "Contact {contact_no} {contact_name} is not related to customer {no} {name}."
    ),
    "vendor": QT_TRANSLATE_NOOP(
        "errors", "Contact {contact_no} {contact_name} is not related to vendor {no} {name}."
    ),
}
SERIES_CAPTION: dict[Kind, str] = {
    "customer": QT_TRANSLATE_NOOP("sync", "Customer Nos."),
    "vendor": QT_TRANSLATE_NOOP("sync", "Vendor Nos."),
    "bank_account": QT_TRANSLATE_NOOP("sync", "Bank Account Nos."),
    "employee": QT_TRANSLATE_NOOP("sync", "Employee Nos."),
}
SERIES_FIELD: dict[Kind, str] = {
    "customer": "customer_nos",
    "vendor": "vendor_nos",
    "bank_account": "bank_account_nos",
    "employee": "employee_nos",
}
SYNC_SETUP_CAPTION = QT_TRANSLATE_NOOP("sync", "Sync Setup")
REF_CAPTIONS: dict[str, str] = {
    "salesperson": QT_TRANSLATE_NOOP("masterdata", "Salesperson/Purchaser"),
    "territory": QT_TRANSLATE_NOOP("masterdata", "Territory"),
    "country_region": QT_TRANSLATE_NOOP("masterdata", "Country/Region"),
    "language": QT_TRANSLATE_NOOP("masterdata", "Language"),
    "currency": QT_TRANSLATE_NOOP("masterdata", "Currency"),
    "payment_terms": QT_TRANSLATE_NOOP("masterdata", "Payment Terms"),
    "contact": QT_TRANSLATE_NOOP("masterdata", "Contact"),
    "customer_template": QT_TRANSLATE_NOOP("masterdata", "Customer Template"),
}
# Columns the service keeps itself.
COMPUTED = frozenset({"no_series", "last_modified"})
PHONE_FIELDS = ("phone_no", "mobile_phone_no", "fax_no")


@dataclass(frozen=True)
class RecordSaved:
    """What a save did: the record as saved (with `contact_no`, its linked contact), the persons
    the change reached through their company (spec §11 item 2), and the contacts it created."""

    record: RecordRow
    persons_updated: tuple[str, ...]
    contacts_created: tuple[str, ...]


def editable_fields(kind: Kind) -> tuple[str, ...]:
    """The fields of a kind a user may set, in card order."""
    return tuple(c.key for c in RECORD_MODELS[kind].__table__.columns if c.key not in COMPUTED)


def max_lengths(kind: Kind) -> dict[str, int]:
    """The longest value each text or code field of a kind takes (for the editors)."""
    return {c.key: getattr(c.type, "length", 0) or 0 for c in RECORD_MODELS[kind].__table__.columns}


def display_name(kind: Kind, values: dict[str, Any]) -> str:
    """The record's name as lists show it (an employee's is built from its parts)."""
    if kind == "employee":
        parts = (values["first_name"], values["middle_name"], values["last_name"])
        return " ".join(p for p in parts if p)
    return str(values["name"])


def row_in(s: Session, kind: Kind, record: Any) -> RecordRow:
    """The record as plain values plus `contact_no` (its linked contact or '')."""
    out = plain_values(record)
    out["contact_no"] = rel.contact_no_of_in(s, kind, record.no) or ""
    out["display_name"] = display_name(kind, out)
    return out


def get_in(s: Session, kind: Kind, no: str) -> Any:
    """The record or NotFoundError."""
    code = (no or "").strip().upper()
    record = s.get(RECORD_MODELS[kind], code) if code else None
    if record is None:
        raise NotFoundError(DOES_NOT_EXIST, field="no", table=KIND_CAPTION[kind], code=code)
    return record


def _ref_exists(s: Session, column: Any, value: str) -> bool:
    fk = next(iter(column.foreign_keys))
    target = fk.column
    return s.execute(select(target).where(target == value)).first() is not None


def clean_in(s: Session, kind: Kind, values: dict[str, Any], country: str = "") -> dict[str, Any]:
    """Validate typed values for a record of `kind`: codes trimmed, upper-cased and existing, texts
    within length, Contact Type a choice, phones without letters, e-mail, IBAN and VAT checked.

    Raises ValidationError naming the first bad field."""
    model = RECORD_MODELS[kind]
    cols = {c.key: c for c in model.__table__.columns}
    out: dict[str, Any] = {}
    for name, value in values.items():
        col = cols.get(name)
        if col is None or name in COMPUTED:
            raise ValidationError(UNKNOWN_FIELD, field=name, table=KIND_CAPTION[kind], name=name)
        length = getattr(col.type, "length", None) or 0
        label = caption(name)
        if col.foreign_keys:
            code = normalize_code(value, max_len=length, field=name, caption=label)
            if code and not _ref_exists(s, col, code):
                table = next(iter(col.foreign_keys)).column.table.name
                raise ValidationError(
                    DOES_NOT_EXIST, field=name, table=REF_CAPTIONS.get(table, table), code=code
                )
            out[name] = code
        elif name == "no":
            out[name] = normalize_code(value, max_len=length, field=name, caption=label)
        elif name == "contact_type":
            text = ("" if value is None else str(value)).strip().lower()
            if text not in {c for c, _l in CONTACT_TYPES}:
                raise ValidationError(NOT_A_CHOICE, field=name, field_caption=label, value=value)
            out[name] = text
        else:
            out[name] = check_text(
                "" if value is None else str(value), max_len=length, field=name, caption=label
            )
    for name in PHONE_FIELDS:
        if name in out:
            contact_rules.check_phone(out[name], field=name)
    if "email" in out:
        contact_rules.check_email(out["email"])
    if "iban" in out:
        out["iban"] = check_iban(out["iban"])
    if "swift_code" in out:
        out["swift_code"] = out["swift_code"].strip().upper()
    if "vat_registration_no" in out:
        out["vat_registration_no"] = check_vat(
            out["vat_registration_no"], out.get("country_region_code", country) or ""
        )
    return out


def sync_setup_in(s: Session) -> m.SyncSetup:
    """The number series setup row (made on first use in a database that lacks it)."""
    row = s.get(m.SyncSetup, 1)
    if row is None:
        row = m.SyncSetup(id=1)
        s.add(row)
        s.flush()
    return row


def insert_in(s: Session, kind: Kind, values: dict[str, Any], on: dt.date) -> Any:
    """Insert a record with validated values; its number is typed (`no`) or the next of the
    kind's series. Creates no contact. Raises ValidationError, ConflictError."""
    clean = clean_in(s, kind, values)
    # Scenario 13: a new customer (vendor) gets the user's own salesperson (as purchaser).
    own = {"customer": "salesperson_code", "vendor": "purchaser_code"}.get(kind)
    user = s.get(m.UserSetup, 1)
    if own and own not in clean and user is not None and user.salesperson_code:
        clean[own] = user.salesperson_code
    series = getattr(sync_setup_in(s), SERIES_FIELD[kind]) or ""
    no = clean.pop("no", "")
    if no:
        numbering.check_manual_allowed(s, series)
        if s.get(RECORD_MODELS[kind], no) is not None:
            raise ConflictError(ALREADY_EXISTS, field="no", table=KIND_CAPTION[kind], code=no)
        used_series = ""
    else:
        if not series:
            raise ValidationError(
                MUST_HAVE_VALUE,
                field="no",
                field_caption=SERIES_CAPTION[kind],
                table=SYNC_SETUP_CAPTION,
            )
        no = numbering.issue_next(s, series, on)
        while s.get(RECORD_MODELS[kind], no) is not None:  # a number typed earlier by hand
            no = numbering.issue_next(s, series, on)
        used_series = series
    record = RECORD_MODELS[kind](no=no)
    write_values(record, {**_blank(kind), **clean})
    record.no_series = used_series or None
    record.last_modified = now()
    if kind != "employee" and not record.search_name:
        record.search_name = record.name.upper()[:100]
    s.add(record)
    s.flush()
    return record


def _blank(kind: Kind) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in RECORD_MODELS[kind].__table__.columns:
        if col.key in COMPUTED or col.key == "no":
            continue
        out[col.key] = "company" if col.key == "contact_type" else ""
    return out


def create_contact_for_in(s: Session, kind: Kind, record: Any, on: dt.date) -> m.Contact:
    """Create the contact of a customer/vendor/bank account and its relation (§5.3): the
    record's fields copied, Marketing defaults skipped, Type from the customer's Contact Type
    (vendors and bank accounts are companies). Raises when the kind's code is blank."""
    code = rel.require_code_in(s, kind)
    values: dict[str, Any] = record_to_contact(kind, plain_values(record))
    values["type"] = (
        record.contact_type if kind == "customer" else "person" if kind == "employee" else "company"
    )
    # On insert BC copies every same-numbered field: the purchaser and our contact land in the
    # contact's Salesperson Code (later edits keep both sides' values, §5.4).
    if kind == "vendor":
        values["salesperson_code"] = record.purchaser_code or ""
    elif kind == "bank_account":
        values["salesperson_code"] = record.our_contact_code or ""
    contact = contact_edit.create_in(s, values, on=on, skip_defaults=True)
    rel.insert_relation_in(s, contact.no, code, kind, record.no)
    if kind == "customer" and record.contact_type == "person":
        # Scenario 62: a person customer is its own primary contact.
        record.primary_contact_no = contact.no
        record.contact = contact.name[:100]
    s.flush()
    return contact


def create_person_from_contact_text_in(
    s: Session, record: Any, company_no: str, on: dt.date
) -> m.Contact:
    """§5.4, scenarios 47, 74: the record's Contact text becomes a person under its company
    contact (inheritance applies) and the record's primary contact."""
    person = contact_edit.create_in(
        s, {"type": "person", "name": record.contact, "company_no": company_no}, on=on
    )
    record.primary_contact_no = person.no
    s.flush()
    return person


def _apply_primary_contact_in(
    s: Session, kind: Kind, record: Any, contact_no: str, on: dt.date
) -> list[str]:
    """§5.4 Primary Contact No., scenarios 58, 77-79; returns contacts it created."""
    created: list[str] = []
    record.contact = ""
    if not contact_no:
        record.primary_contact_no = None
        return created
    contact = s.get(m.Contact, contact_no)
    assert contact is not None  # checked by clean_in
    linked = rel.contact_no_of_in(s, kind, record.no)
    if linked is None:
        code = setup_codes_in(s)[kind]
        if code:
            if contact.type == "company":
                rel.insert_relation_in(s, contact.no, code, kind, record.no)
            elif contact.company_no:
                rel.insert_relation_in(s, contact.company_no, code, kind, record.no)
            else:
                company = create_contact_for_in(s, kind, record, on)
                created.append(company.no)
                contact_edit.update_in(s, contact, {"company_no": company.no}, on=on, origin=kind)
    elif contact.no != linked and contact.company_no != linked:
        raise ValidationError(
            NOT_RELATED[kind],
            field="primary_contact_no",
            contact_no=contact.no,
            contact_name=contact.name,
            no=record.no,
            name=record.name,
        )
    record.primary_contact_no = contact.no
    if contact.type == "person":
        record.contact = contact.name[:100]
    else:
        for name in ("phone_no", "email", "mobile_phone_no"):
            if getattr(contact, name):
                setattr(record, name, getattr(contact, name))
    s.flush()
    return created


def update_in(
    s: Session, kind: Kind, record: Any, changes: dict[str, Any], on: dt.date
) -> RecordSaved:
    """Apply changes to a record inside the caller's transaction and sync its contact (§5.4)."""
    before = plain_values(record)
    clean = clean_in(s, kind, changes, before.get("country_region_code", ""))
    if "no" in clean and clean["no"] != record.no:
        raise ValidationError(UNKNOWN_FIELD, field="no", table=KIND_CAPTION[kind], name="no")
    clean.pop("no", None)
    created: list[str] = []
    primary = clean.pop("primary_contact_no", None)
    if (
        kind in ("customer", "vendor")
        and primary is not None
        and primary != before["primary_contact_no"]
    ):
        created += _apply_primary_contact_in(s, kind, record, primary, on)
    if kind != "employee" and "name" in clean and "search_name" not in clean:
        # Search Name follows Name as on the contact (§10), so both sides keep agreeing.
        clean["search_name"] = contact_rules.next_search_name(
            before["name"], clean["name"], before["search_name"]
        )
    write_values(record, clean)
    after = plain_values(record)
    changed = {k for k in after if after[k] != before[k]}
    if not changed:
        return RecordSaved(row_in(s, kind, record), (), ())
    record.last_modified = now()
    s.flush()
    contact_no = rel.contact_no_of_in(s, kind, record.no)
    contact = s.get(m.Contact, contact_no) if contact_no else None
    persons: tuple[str, ...] = ()
    if contact is not None and (
        changed & RECORD_TRIGGER_FIELDS[kind] or (kind != "employee" and not contact.name)
    ):
        persons = push_record_in(s, kind, record, on)
    typed_contact = (
        kind in ("customer", "vendor")
        and "contact" in clean
        and record.contact
        and not before["contact"]
        and not before["primary_contact_no"]
        and primary is None
    )
    if typed_contact and contact is not None and contact.type == "company":
        created.append(create_person_from_contact_text_in(s, record, contact.no, on).no)
    return RecordSaved(row_in(s, kind, record), persons, tuple(created))


# ----------------------------------------------------------------------------- public actions


def count_records(ctx: AppContext, kind: Kind) -> int:
    """How many records of a kind exist."""
    model = RECORD_MODELS[kind]
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def get_record(ctx: AppContext, kind: Kind, no: str) -> RecordRow:
    """One record with its linked contact number; raises NotFoundError."""
    with ctx.db.read() as s:
        return row_in(s, kind, get_in(s, kind, no))


def create_record(ctx: AppContext, kind: Kind, values: dict[str, Any]) -> RecordSaved:
    """Create a customer, vendor, bank account or employee in one transaction.

    With the kind's business relation code set, a customer, vendor or bank account gets its
    contact (a person contact for a person-type customer) and relation (§5.3), and a Contact text
    becomes a person under that company (§5.4); given a Primary Contact No., that contact's
    company is linked instead. With the code blank nothing else is created.
    Raises ValidationError (bad value, series blank), ConflictError (number taken)."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        primary = values.get("primary_contact_no")
        record = insert_in(
            s, kind, {k: v for k, v in values.items() if k != "primary_contact_no"}, on
        )
        created: list[str] = []
        # With a Primary Contact No. given, its company (or a new one) becomes the record's
        # contact (§5.3 step 2, scenario 81) instead of a second company contact.
        if kind != "employee" and setup_codes_in(s)[kind] and not primary:
            contact = create_contact_for_in(s, kind, record, on)
            created.append(contact.no)
            if kind in ("customer", "vendor") and record.contact and contact.type == "company":
                created.append(create_person_from_contact_text_in(s, record, contact.no, on).no)
        if primary:
            saved = update_in(s, kind, record, {"primary_contact_no": primary}, on)
            created += saved.contacts_created
        return RecordSaved(row_in(s, kind, record), (), tuple(created))


def update_record(ctx: AppContext, kind: Kind, no: str, changes: dict[str, Any]) -> RecordSaved:
    """Change a record in one transaction; the change flows to its contact (§5.4) and from a
    company contact on to its persons that had the company's old value (§2.4) - which is why
    changing a customer's e-mail changes its persons' e-mails (spec §11 item 2):
    `persons_updated` lists them. Vendors and bank accounts keep the contact's salesperson.
    Raises NotFoundError, ValidationError; nothing is saved then."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        return update_in(s, kind, get_in(s, kind, no), changes, on)


def delete_record(ctx: AppContext, kind: Kind, no: str) -> list[str]:
    """Delete a record and its business relations; the contact stays (§5.4 Deletion, scenario
    61). Returns the contacts whose relation was removed. Raises NotFoundError."""
    with ctx.db.uow() as s:
        record = get_in(s, kind, no)
        contacts = rel.delete_links_in(s, kind, record.no)
        s.delete(record)
        s.flush()
        return contacts


def show_contact(ctx: AppContext, kind: Kind, no: str) -> str:
    """The record's contact number, creating the contact and relation when it has none (BC's
    ShowContact). Raises ValidationError when the kind's business relation code is blank."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        record = get_in(s, kind, no)
        linked = rel.contact_no_of_in(s, kind, record.no)
        if linked:
            return linked
        return create_contact_for_in(s, kind, record, on).no
