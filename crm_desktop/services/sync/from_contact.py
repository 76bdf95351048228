"""Turning a contact into a customer, vendor, bank account or employee, and linking it with an
existing one (BC spec §5.6, §5.7), with every refusal of §5.2, §5.6 and §5.8 in BC's words.

Also the customer templates that Create as Customer offers (filtered by the contact's type, the
Marketing Setup template code of that type preselected) and the payment terms they name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain.codes import check_text, normalize_code
from crm_desktop.domain.errors import (
    DOES_NOT_EXIST,
    NOT_BLANK,
    STILL_REFERENCED,
    NotFoundError,
    ReferencedError,
    ValidationError,
)
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.sync import (
    CONTACT_TYPES,
    KIND_CAPTION,
    TEMPLATE_FIELDS,
    VENDOR_TEMPLATE_FIELDS,
    Kind,
    caption,
    changed_values,
    contact_to_record,
    fill_blanks,
)
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.setup import work_date
from crm_desktop.services.sync import accounts
from crm_desktop.services.sync import relations as rel
from crm_desktop.services.sync.push import plain_values, push_record_in, write_values
from crm_desktop.storage import models as m

Master = Literal["contact", "record"]

PRIVACY_BLOCKED = QT_TRANSLATE_NOOP(
    "errors",
    "You cannot use contact {no} {name} because they are marked as blocked due to privacy.",
)
COMPANY_NO_REQUIRED = QT_TRANSLATE_NOOP(
    "errors", "Company No. must have a value in Contact: No.={no}. It cannot be zero or empty."
)
TYPE_MUST_BE_PERSON = QT_TRANSLATE_NOOP(
    "errors",
    "Type must be equal to 'Person' in Contact: No.={no}. Current value is 'Company'.",
)
CREATED = {
    "customer": QT_TRANSLATE_NOOP("sync", "The Customer record has been created."),
    "vendor": QT_TRANSLATE_NOOP("sync", "The Vendor record has been created."),
    "bank_account": QT_TRANSLATE_NOOP("sync", "The Bank Account record has been created."),
    "employee": QT_TRANSLATE_NOOP("sync", "The Employee record has been created."),
}
TEMPLATE_WRONG_TYPE = QT_TRANSLATE_NOOP(
    "errors", "Customer template {code} is for {template_type} contacts, not {contact_type}."
)
CONTACT_CAPTION = QT_TRANSLATE_NOOP("masterdata", "Contact")
TEMPLATE_CAPTION = QT_TRANSLATE_NOOP("masterdata", "Customer Template")
VENDOR_TEMPLATE_CAPTION = QT_TRANSLATE_NOOP("masterdata", "Vendor Template")
PAYMENT_TERMS_CAPTION = QT_TRANSLATE_NOOP("masterdata", "Payment Terms")


@dataclass(frozen=True)
class Created:
    """The record made from a contact: its kind and number, the contact that holds the relation
    (the company when a person's request was redirected) and the message BC shows."""

    kind: Kind
    no: str
    contact_no: str
    message: str


@dataclass(frozen=True)
class TemplateChoice:
    """The customer templates Create as Customer offers for a contact and the one preselected."""

    contact_no: str  # the contact the customer will be made for (a person's company)
    templates: tuple[dict[str, Any], ...]
    preselected: str
    kind: str = "customer"  # or "vendor": vendor templates for Create as Vendor


def _contact(s: Session, no: str) -> m.Contact:
    code = (no or "").strip().upper()
    contact = s.get(m.Contact, code) if code else None
    if contact is None:
        raise NotFoundError(DOES_NOT_EXIST, field="contact_no", table=CONTACT_CAPTION, code=code)
    return contact


def _company_of(contact: m.Contact) -> str:
    if contact.type == "company":
        return contact.no
    return contact.company_no or ""


def _check_privacy(contact: m.Contact) -> None:
    if contact.privacy_blocked:
        raise ValidationError(
            PRIVACY_BLOCKED, field="privacy_blocked", no=contact.no, name=contact.name
        )


def _check_no_link(s: Session, contact_no: str, kind: Kind) -> None:
    existing = rel.link_of_in(s, contact_no, kind)
    if existing is not None:
        raise ValidationError(
            rel.CONTACT_ALREADY_LINKED,
            field="no",
            contact_no=contact_no,
            table=KIND_CAPTION[kind],
            no=existing.no,
        )


def _holder_in(s: Session, contact: m.Contact, kind: Kind) -> m.Contact:
    """The contact that will hold the relation, after BC's checks in BC's order (§5.6, §5.7)."""
    if kind == "customer":
        if contact.type == "person" and contact.company_no:
            _check_no_link(s, contact.company_no, kind)
        _check_no_link(s, contact.no, kind)
        holder = contact
        if contact.type == "person" and contact.company_no:
            holder = s.get(m.Contact, contact.company_no) or contact
        _check_privacy(contact)
        rel.require_code_in(s, kind)
        return holder
    if kind == "employee":
        if contact.type != "person":
            raise ValidationError(TYPE_MUST_BE_PERSON, field="type", no=contact.no)
        _check_no_link(s, contact.no, kind)
        _check_privacy(contact)
        rel.require_code_in(s, kind)
        return contact
    company_no = _company_of(contact)
    if not company_no:
        raise ValidationError(COMPANY_NO_REQUIRED, field="company_no", no=contact.no)
    _check_no_link(s, company_no, kind)
    _check_privacy(contact)
    rel.require_code_in(s, kind)
    company = s.get(m.Contact, company_no)
    assert company is not None
    return company


def _copy_contact_in(s: Session, kind: Kind, contact: m.Contact, record: Any) -> None:
    wanted = contact_to_record(kind, plain_values(contact))
    write_values(record, changed_values(plain_values(record), wanted))
    s.flush()


def _create_in(
    s: Session, kind: Kind, contact_no: str, template_code: str | None, on: dt.date
) -> Created:
    contact = _contact(s, contact_no)
    holder = _holder_in(s, contact, kind)
    values: dict[str, Any] | None = None
    fields = TEMPLATE_FIELDS
    if template_code and kind == "vendor":
        values, fields = plain_values(_vendor_template_in(s, template_code)), VENDOR_TEMPLATE_FIELDS
    elif template_code:
        values = plain_values(_template_in(s, template_code, holder.type))
    record = accounts.insert_in(s, kind, {}, on)
    rel.create_link_in(s, holder.no, kind, record.no)
    _copy_contact_in(s, kind, holder, record)
    if values is not None:
        write_values(record, fill_blanks(plain_values(record), values, fields))
        s.flush()
    return Created(kind, record.no, holder.no, CREATED[kind])


def create_as_in(
    s: Session, kind: Kind, contact_no: str, template_code: str | None, on: dt.date
) -> Created:
    """`create_as` inside the caller's transaction (closing an opportunity as Won uses it)."""
    return _create_in(s, kind, contact_no, template_code, on)


def create_as(
    ctx: AppContext, kind: Kind, contact_no: str, template_code: str | None = None
) -> Created:
    """Make a customer, vendor, bank account or employee from a contact, in one transaction.

    Customer (§5.6): refused when the contact or its company already has a customer, for a
    privacy-blocked contact, or with the customer code blank; a person with a company is
    redirected to the company; a template fills what the contact leaves blank. Vendor and bank
    account: the contact (or its company) must be a company or belong to one; the relation is
    on the company. Employee: the contact must be a person. Raises ValidationError."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        if kind not in ("customer", "vendor") and template_code:
            raise ValidationError(NOT_BLANK, field="template_code", field_caption=TEMPLATE_CAPTION)
        return _create_in(s, kind, contact_no, template_code, on)


def create_as_customer(
    ctx: AppContext, contact_no: str, template_code: str | None = None
) -> Created:
    """Create as Customer (see `create_as`)."""
    return create_as(ctx, "customer", contact_no, template_code)


def create_as_vendor(ctx: AppContext, contact_no: str, template_code: str | None = None) -> Created:
    """Create as Vendor (see `create_as`); a vendor template fills what the contact leaves blank."""
    return create_as(ctx, "vendor", contact_no, template_code)


def create_as_bank_account(ctx: AppContext, contact_no: str) -> Created:
    """Create as Bank Account (see `create_as`)."""
    return create_as(ctx, "bank_account", contact_no)


def create_as_employee(ctx: AppContext, contact_no: str) -> Created:
    """Create as Employee (see `create_as`)."""
    return create_as(ctx, "employee", contact_no)


def link_with_existing(
    ctx: AppContext, contact_no: str, kind: Kind, no: str, master: Master = "contact"
) -> accounts.RecordSaved:
    """Link a contact with an existing customer, vendor, bank account or employee (§5.7).

    The same checks as creating apply (vendors and bank accounts link to the company, employees
    need a person), then §5.2's: one record per kind per contact and one contact per record.
    `master` says whose fields win: the contact's overwrite the record, or the record's
    overwrite the contact (and flow on to its persons). Raises ValidationError, ConflictError,
    NotFoundError; nothing is saved then."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        contact = _contact(s, contact_no)
        if kind == "customer":
            # A customer link stays on the contact chosen (BC's Customer Link page).
            _check_no_link(s, contact.no, kind)
            _check_privacy(contact)
            rel.require_code_in(s, kind)
            holder = contact
        else:
            holder = _holder_in(s, contact, kind)
        record = accounts.get_in(s, kind, no)
        rel.create_link_in(s, holder.no, kind, record.no)
        persons: tuple[str, ...] = ()
        if master == "contact":
            _copy_contact_in(s, kind, holder, record)
        else:
            persons = push_record_in(s, kind, record, on)
        return accounts.RecordSaved(accounts.row_in(s, kind, record), persons, ())


# ----------------------------------------------------------------------------- templates


def _template_in(s: Session, code: str, contact_type: str) -> m.CustomerTemplate:
    template = s.get(m.CustomerTemplate, code.strip().upper())
    if template is None:
        raise NotFoundError(
            DOES_NOT_EXIST, field="template_code", table=TEMPLATE_CAPTION, code=code
        )
    if template.contact_type != contact_type:
        raise ValidationError(
            TEMPLATE_WRONG_TYPE,
            field="template_code",
            code=template.code,
            template_type=template.contact_type,
            contact_type=contact_type,
        )
    return template


def customer_templates_for(ctx: AppContext, contact_no: str) -> TemplateChoice:
    """The templates offered when creating a customer from this contact: only those of the type
    of the contact the customer is made for (scenario 41), with Marketing Setup's template code
    for that type preselected, or the only one when there is just one."""
    with ctx.db.read() as s:
        contact = _contact(s, contact_no)
        holder = contact
        if contact.type == "person" and contact.company_no:
            holder = s.get(m.Contact, contact.company_no) or contact
        rows = s.scalars(
            select(m.CustomerTemplate)
            .where(m.CustomerTemplate.contact_type == holder.type)
            .order_by(m.CustomerTemplate.code)
        )
        templates = tuple(plain_values(t) for t in rows)
        setup = s.get(m.MarketingSetup, 1)
        wanted = ""
        if setup is not None:
            wanted = (
                setup.cust_template_company_code
                if holder.type == "company"
                else setup.cust_template_person_code
            ) or ""
        codes = [t["code"] for t in templates]
        preselected = wanted if wanted in codes else (codes[0] if len(codes) == 1 else "")
        return TemplateChoice(holder.no, templates, preselected)


def _vendor_template_in(s: Session, code: str) -> m.VendorTemplate:
    template = s.get(m.VendorTemplate, code.strip().upper())
    if template is None:
        raise NotFoundError(
            DOES_NOT_EXIST, field="template_code", table=VENDOR_TEMPLATE_CAPTION, code=code
        )
    return template


def vendor_templates_for(ctx: AppContext, contact_no: str) -> TemplateChoice:
    """The vendor templates Create as Vendor offers (the only one preselected); the vendor is
    made for the contact's company."""
    with ctx.db.read() as s:
        contact = _contact(s, contact_no)
        holder = s.get(m.Contact, contact.company_no) if contact.company_no else contact
        rows = s.scalars(select(m.VendorTemplate).order_by(m.VendorTemplate.code))
        templates = tuple(plain_values(t) for t in rows)
        only = templates[0]["code"] if len(templates) == 1 else ""
        return TemplateChoice((holder or contact).no, templates, only, "vendor")


def list_templates(ctx: AppContext) -> list[dict[str, Any]]:
    """Every customer template, by code."""
    with ctx.db.read() as s:
        rows = s.scalars(select(m.CustomerTemplate).order_by(m.CustomerTemplate.code))
        return [plain_values(t) for t in rows]


def save_template(ctx: AppContext, values: dict[str, Any]) -> dict[str, Any]:
    """Add or change a customer template (code, description, contact type and the customer
    fields it fills). Raises ValidationError naming the bad field."""
    with ctx.db.uow() as s:
        code = normalize_code(values.get("code"), max_len=10, field="code", caption=caption("code"))
        if not code:
            raise ValidationError(NOT_BLANK, field="code", field_caption=caption("code"))
        ctype = str(values.get("contact_type") or "company").strip().lower()
        if ctype not in {c for c, _l in CONTACT_TYPES}:
            raise ValidationError(
                accounts.NOT_A_CHOICE,
                field="contact_type",
                field_caption=caption("contact_type"),
                value=ctype,
            )
        clean: dict[str, Any] = {
            "description": check_text(
                values.get("description", ""),
                max_len=100,
                field="description",
                caption=caption("description"),
            ),
            "contact_type": ctype,
        }
        cols = {c.key: c for c in m.CustomerTemplate.__table__.columns}
        for name in TEMPLATE_FIELDS:
            if name in values:
                col = cols[name]
                value = normalize_code(
                    values[name],
                    max_len=getattr(col.type, "length", 10),
                    field=name,
                    caption=caption(name),
                )
                fk = next(iter(col.foreign_keys)).column
                if value and s.execute(select(fk).where(fk == value)).first() is None:
                    raise ValidationError(
                        DOES_NOT_EXIST,
                        field=name,
                        table=accounts.REF_CAPTIONS.get(fk.table.name, fk.table.name),
                        code=value,
                    )
                clean[name] = value
        template = s.get(m.CustomerTemplate, code)
        if template is None:
            template = m.CustomerTemplate(code=code)
            s.add(template)
        write_values(template, clean)
        s.flush()
        return plain_values(template)


def delete_template(ctx: AppContext, code: str) -> None:
    """Delete a customer template; refused while Marketing Setup names it."""
    with ctx.db.uow() as s:
        template = s.get(m.CustomerTemplate, code)
        if template is None:
            raise NotFoundError(DOES_NOT_EXIST, field="code", table=TEMPLATE_CAPTION, code=code)
        setup = s.get(m.MarketingSetup, 1)
        if setup is not None and code in (
            setup.cust_template_company_code,
            setup.cust_template_person_code,
        ):
            raise ReferencedError(
                STILL_REFERENCED,
                field="code",
                table=TEMPLATE_CAPTION,
                code=code,
                users="Marketing Setup",
            )
        s.delete(template)


def get_setup_templates(ctx: AppContext) -> tuple[str, str]:
    """Marketing Setup's (Cust. Template Company Code, Cust. Template Person Code); '' = none."""
    with ctx.db.read() as s:
        setup = s.get(m.MarketingSetup, 1)
        if setup is None:
            return "", ""
        return setup.cust_template_company_code or "", setup.cust_template_person_code or ""


def set_setup_templates(ctx: AppContext, company_code: str = "", person_code: str = "") -> None:
    """Set Marketing Setup's Cust. Template Company Code and Cust. Template Person Code
    (blank clears); each must name a template of that contact type."""
    with ctx.db.uow() as s:
        setup = s.get(m.MarketingSetup, 1)
        assert setup is not None
        for field, code, ctype in (
            ("cust_template_company_code", company_code, "company"),
            ("cust_template_person_code", person_code, "person"),
        ):
            code = code.strip().upper()
            if code:
                _template_in(s, code, ctype)
            setattr(setup, field, code or None)


def save_payment_terms(ctx: AppContext, code: str, description: str = "", due: str = "") -> None:
    """Add or change a payment terms code (customers and templates refer to it)."""
    with ctx.db.uow() as s:
        clean = normalize_code(code, max_len=10, field="code", caption=PAYMENT_TERMS_CAPTION)
        if not clean:
            raise ValidationError(NOT_BLANK, field="code", field_caption=caption("code"))
        row = s.get(m.PaymentTerms, clean) or m.PaymentTerms(code=clean)
        row.description = check_text(
            description, max_len=100, field="description", caption=caption("description")
        )
        row.due_date_calculation = check_text(
            due, max_len=32, field="due_date_calculation", caption=caption("due_date_calculation")
        )
        s.add(row)


def list_payment_terms(ctx: AppContext) -> list[dict[str, Any]]:
    """Every payment terms code, by code."""
    with ctx.db.read() as s:
        return [
            plain_values(r) for r in s.scalars(select(m.PaymentTerms).order_by(m.PaymentTerms.code))
        ]
