"""Contacts: create, edit, move, delete companies and persons with BC's rules (spec §2, §3, §10).

Public functions take the AppContext and are one user action, one transaction. `create_in` and
`update_in` run inside a caller's session (sync, import). After every insert or update the
contact's duplicate search strings are maintained (`duplicates.maintain_in`) and the listeners
of `hooks` are told (sync updates the linked records there), in the same transaction.

The rules themselves are pure functions in `crm_desktop.domain` (contacts, inheritance, defaults,
salutations); this module writes the rows; reading them is `queries`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain import contacts as rules
from crm_desktop.domain.contacts import COMPANY, PERSON
from crm_desktop.domain.defaults import apply_type
from crm_desktop.domain.errors import DOES_NOT_EXIST, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.inheritance import (
    InheritFlags,
    inherit_on_assign,
    propagate_company_change,
)
from crm_desktop.services import duplicates, numbering
from crm_desktop.services.contacts import hooks
from crm_desktop.services.contacts import rules as extra
from crm_desktop.services.contacts.derive import (
    COMPANY_KEYS,
    NOT_A_COMPANY,
    TYPE_MUST_BE_PERSON,
    blank_values,
    company_from_name_in,
    company_in,
    derive_new_in,
    language_format_region,
    name_rules,
)
from crm_desktop.services.contacts.queries import (
    COLUMNS,
    ContactSaved,
    get_in,
    to_row,
    values_of,
)
from crm_desktop.services.contacts.relation_summary import recompute_summary_in, summary_in
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.setup import work_date
from crm_desktop.storage import models as m

NOT_EDITABLE = QT_TRANSLATE_NOOP("errors", "{field_caption} cannot be changed here.")

# Columns kept by the service itself, never set by a caller.
COMPUTED = frozenset({"search_email", "last_modified", "no_series", "contact_business_relation"})
_NULLABLE_CODES = frozenset(
    c.key for c in m.Contact.__table__.columns if c.nullable and c.foreign_keys
)


def _now() -> dt.datetime:
    # Local wall-clock time, as the user reads "Last Date/Time Modified".
    return dt.datetime.now().replace(microsecond=0)


def _check_refs(s: Session, values: dict[str, Any]) -> None:
    for name, table_key in rules.REF_TABLES.items():
        code = values.get(name)
        if code:
            model = extra.REF_MODELS[table_key]
            if s.get(model, code) is None:
                raise ValidationError(
                    DOES_NOT_EXIST, field=name, table=extra.REF_CAPTIONS[table_key], code=code
                )


def _to_db(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (None if k in _NULLABLE_CODES and v == "" else v) for k, v in values.items()}


def _write(contact: m.Contact, values: dict[str, Any]) -> None:
    for name, value in _to_db(values).items():
        if name in COLUMNS and getattr(contact, name) != value:
            setattr(contact, name, value)


def _create(
    s: Session, values: dict[str, Any], *, on: dt.date, skip_defaults: bool
) -> tuple[m.Contact, tuple[str, ...]]:
    given = {k for k in values if k not in COMPUTED}
    for name in values:
        if name in COMPUTED:
            raise ValidationError(NOT_EDITABLE, field=name, field_caption=rules.caption(name))
    clean = rules.clean_contact_values(values)
    setup = extra.setup_row(s)
    before = blank_values()
    after = {**before, **clean}
    if "type" not in clean and clean.get("company_no"):
        # New from a company's context (scenario 14): a contact given a company is a person.
        after["type"] = PERSON
    series = setup.contact_nos or ""
    if after["no"]:
        numbering.check_manual_allowed(s, series)
        if s.get(m.Contact, after["no"]) is not None:
            raise extra.already_exists(after["no"])
        extra.check_not_merged_away(s, after["no"])
        after["no_series"] = ""
    else:
        after["no"], after["no_series"] = extra.next_free_no(s, series, on)
    after = derive_new_in(s, after, clean, given, skip_defaults=skip_defaults)
    _check_refs(s, after)
    after["last_modified"] = _now()
    contact = m.Contact(no=after["no"])
    _write(contact, after)
    s.add(contact)
    s.flush()
    contact.contact_business_relation = summary_in(s, contact)
    s.flush()
    changed = frozenset(k for k in COLUMNS if after.get(k) != before.get(k))
    found = duplicates.maintain_in(s, contact, changed, True)
    hooks.contact_saved(s, contact, changed, None)
    return contact, tuple(found)


def create_in(
    s: Session, values: dict[str, Any], *, on: dt.date, skip_defaults: bool = False
) -> m.Contact:
    """Create a contact inside the caller's transaction (see `create_contact`)."""
    return _create(s, values, on=on, skip_defaults=skip_defaults)[0]


def create_contact(ctx: AppContext, values: dict[str, Any]) -> ContactSaved:
    """Create a company or person contact with BC's rules, in one transaction.

    'no' in `values` is a number typed by the user (the Contact Nos. series must allow manual
    numbers and the number must be free); without it the next free number of Contact Nos. is
    drawn. A person given `company_no` (or a `company_name` that resolves to one company)
    inherits from that company (§2.3); then the Marketing Setup defaults fill blank fields (§3).
    Raises ValidationError (bad value, unknown reference, Contact Nos. blank), ConflictError
    (number taken) or a numbering error; nothing is saved then.
    """
    on = work_date(ctx)
    with ctx.db.uow() as s:
        contact, found = _create(s, values, on=on, skip_defaults=False)
        return ContactSaved(to_row(contact), (), found)


def _update(
    s: Session, contact: m.Contact, changes: dict[str, Any], *, origin: str | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    current = values_of(contact)
    # A whole form sent back may hold the computed fields unchanged; only a change is refused.
    for name in [n for n in changes if n in COMPUTED]:
        if changes[name] != current[name]:
            raise ValidationError(NOT_EDITABLE, field=name, field_caption=rules.caption(name))
    clean = rules.clean_contact_values({k: v for k, v in changes.items() if k not in COMPUTED})
    if "no" in clean and clean["no"] != contact.no:
        raise ValidationError(NOT_EDITABLE, field="no", field_caption=rules.caption("no"))
    clean.pop("no", None)
    setup = extra.setup_row(s)
    setup_values = extra.setup_values(setup)
    flags = InheritFlags.from_setup(setup_values)
    before = values_of(contact)
    after = dict(before)
    given = {k for k, v in clean.items() if v != before.get(k)}
    new_type = clean.get("type", before["type"])
    if new_type != before["type"]:
        extra.check_type_change(s, contact, new_type)
    after["type"] = new_type
    if after["type"] == PERSON:
        new_company_no = clean.get("company_no", after["company_no"])
        if before["type"] == COMPANY and new_company_no == contact.no:
            new_company_no = ""
        if "company_name" in given and "company_no" not in given:
            new_company_no = (
                company_from_name_in(s, clean["company_name"]).no if clean["company_name"] else ""
            )
        if new_company_no:
            company = company_in(s, new_company_no)
            if company.no == contact.no:
                raise ValidationError(NOT_A_COMPANY, field="company_no", no=company.no)
            old = s.get(m.Contact, before["company_no"]) if before["company_no"] else None
            old_values = values_of(old) if old is not None and old.no != contact.no else None
            after["company_no"] = new_company_no
            # Inherit when the company changes. (BC also re-inherits when the same number is
            # typed again; callers here send whole forms, so an unchanged number must not
            # overwrite what the person has.)
            if new_company_no != before["company_no"] or before["type"] == COMPANY:
                after.update(inherit_on_assign(after, values_of(company), old_values, flags))
        else:
            after["company_no"] = ""
            after["company_name"] = ""
    elif "company_no" in given and clean["company_no"] not in ("", contact.no):
        raise ValidationError(TYPE_MUST_BE_PERSON, field="company_no")
    # Values the caller changed win over inherited ones.
    for name in given - COMPANY_KEYS:
        after[name] = clean[name]
    name_rules(before, after, given)
    # A change coming from a linked record copies fields as they are (BC's TransferFields).
    if "language_code" in given and after["language_code"] and origin is None:
        language_format_region(s, after)
    if after["type"] != before["type"]:
        after = apply_type(after, setup_values, previous_type=before["type"])
    elif after["type"] == COMPANY:
        after["company_name"] = after["name"]
    _check_refs(s, after)
    changed = frozenset(k for k in COLUMNS if after.get(k) != before.get(k))
    if not changed:
        return (), ()
    after["last_modified"] = _now()
    _write(contact, after)
    if "company_no" in changed or "type" in changed:
        contact.contact_business_relation = summary_in(s, contact)
    s.flush()
    if "company_no" in changed and before["company_no"] and before["company_no"] != contact.no:
        extra.move_history(s, contact.no, before["company_no"])
    persons: tuple[str, ...] = ()
    if after["type"] == COMPANY and before["type"] == COMPANY:
        persons = _propagate(s, contact, before, flags)
    found = duplicates.maintain_in(s, contact, changed, False)
    hooks.contact_saved(s, contact, changed, origin)
    return persons, tuple(found)


def _propagate(
    s: Session, company: m.Contact, before: dict[str, Any], flags: InheritFlags
) -> tuple[str, ...]:
    """§2.4: pass the company's changes on to its persons; the numbers of those updated.

    Written in bulk (one flush, one duplicate-index pass), so a company with hundreds of
    persons saves without a visible pause.
    """
    new = values_of(company)
    stmt = (
        select(m.Contact)
        .where(m.Contact.company_no == company.no, m.Contact.no != company.no)
        .order_by(m.Contact.no)
    )
    stamp = _now()
    updated: list[tuple[m.Contact, frozenset[str]]] = []
    for person in s.scalars(stmt):
        changes = propagate_company_change(values_of(person), before, new, flags)
        if not changes:
            continue
        if "email" in changes:
            changes["search_email"] = rules.search_email(changes["email"])
        changes["last_modified"] = stamp
        _write(person, changes)
        updated.append((person, frozenset(changes)))
    if not updated:
        return ()
    s.flush()
    nos = [p.no for p, _ in updated]
    duplicates.maintain_many_in(s, nos)
    # Only persons with linked records have anything to push (propagation never changes a
    # person's own Name, the other thing the sync looks at).
    linked = extra.with_linked_records(s, nos)
    for person, changed in updated:
        if person.no in linked:
            hooks.contact_saved(s, person, changed, None)
    return tuple(nos)


def refresh_business_relation_in(s: Session, contact_no: str) -> None:
    """Recompute the business-relation summary of a contact (and a company's persons) after
    its contact business relations changed, inside the caller's transaction."""
    recompute_summary_in(s, contact_no)


def update_in(
    s: Session,
    contact: m.Contact,
    changes: dict[str, Any],
    *,
    on: dt.date,
    origin: str | None = None,
) -> tuple[str, ...]:
    """Apply `changes` to a contact inside the caller's transaction; the persons it updated.

    `origin` names the linked kind (customer, vendor, ...) whose change caused this, so the sync
    does not write back to it. See `update_contact` for the rules.
    """
    del on
    return _update(s, contact, changes, origin=origin)[0]


def update_contact(ctx: AppContext, no: str, changes: dict[str, Any]) -> ContactSaved:
    """Change a contact's fields with BC's rules, in one transaction.

    A person given another Company No. (or a Company Name that resolves to one company)
    inherits from it (§2.3) and leaves its history with the old company (§2.5); a company's
    changes reach its persons field by field where they still had the old value (§2.4), and
    `persons_updated` lists them. A Type change runs BC's checks and type-change routine.
    Raises NotFoundError, ValidationError or ConflictError; nothing is saved then.
    """
    with ctx.db.uow() as s:
        contact = get_in(s, no)
        persons, found = _update(s, contact, changes, origin=None)
        return ContactSaved(to_row(contact), persons, found)


def delete_contact(ctx: AppContext, no: str, *, including_persons: bool = False) -> int:
    """Delete a contact; the number of contacts deleted (§5.8).

    A company with persons is refused unless `including_persons` (the UI first asks "This
    deletes N persons too"); then its persons go with it. A person's history moves to its
    company. Raises NotFoundError, or ReferencedError with the reason it cannot go.
    """
    with ctx.db.uow() as s:
        return extra.delete_in(s, get_in(s, no), including_persons=including_persons)
