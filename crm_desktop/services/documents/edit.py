"""Creating documents and editing their lines (issue 20), each a user action in one transaction.

A sales document has one customer (quotes may instead have a contact that is not a customer
yet, as in BC); a purchase document has a vendor. Sell-to and Bill-to Contact default to the
customer's primary contact, else its company contact; Buy-from Contact likewise for a vendor.
Name and address are copied from the customer, vendor or contact when the document is made.
The salesperson (purchaser on purchase documents) is the customer's or vendor's, else my
salesperson (BC SetSalespersonCode; scenario 13 for a purchase quote). The document date is the
work date. A locked invoice refuses every change.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.domain import documents as rules
from crm_desktop.domain.errors import DOES_NOT_EXIST, MUST_HAVE_VALUE, TOO_LONG, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.documents.rows import DocumentRow, get_in, lines_in, row_in
from crm_desktop.services.numbering.issuing import check_manual_allowed, issue_next
from crm_desktop.services.setup import work_date
from crm_desktop.services.sync import relations as rel
from crm_desktop.storage import models as m

PRIVACY_BLOCKED = QT_TRANSLATE_NOOP(
    "documents",
    "You cannot create this type of document because contact {no} is blocked due to privacy.",
)
LOCKED = QT_TRANSLATE_NOOP(
    "documents",
    "{type} {no} was printed or sent and is locked: it cannot be changed. Make a corrective "
    "credit memo instead.",
)
CUSTOMER_REQUIRED = QT_TRANSLATE_NOOP(
    "documents", "A {type} needs a customer: fill in Customer No."
)
VENDOR_REQUIRED = QT_TRANSLATE_NOOP("documents", "A {type} needs a vendor: fill in Vendor No.")
NO_TAKEN = QT_TRANSLATE_NOOP("documents", "{type} {no} already exists: choose another number.")
NO_LINE = QT_TRANSLATE_NOOP("documents", "{type} {no} has no line {line_no}.")
TOO_MANY_PLACES = QT_TRANSLATE_NOOP(
    "documents", "{field_caption} may have at most {places} decimal places (line {line_no})."
)
SETUP = QT_TRANSLATE_NOOP("documents", "Sales & Purchases Setup")
CAPTIONS = {
    "description": QT_TRANSLATE_NOOP("documents", "Description"),
    "quantity": QT_TRANSLATE_NOOP("documents", "Quantity"),
    "unit_price": QT_TRANSLATE_NOOP("documents", "Unit Price Excl. VAT"),
    "line_discount_percent": QT_TRANSLATE_NOOP("documents", "Line Discount %"),
    "vat_rate_code": QT_TRANSLATE_NOOP("documents", "VAT Rate"),
}
SERIES_CAPTION = QT_TRANSLATE_NOOP("documents", "{type} Nos.")
VAT_RATE_TABLE = QT_TRANSLATE_NOOP("documents", "VAT Rate")
CUSTOMER_TABLE = QT_TRANSLATE_NOOP("documents", "Customer")
VENDOR_TABLE = QT_TRANSLATE_NOOP("documents", "Vendor")
CONTACT_TABLE = QT_TRANSLATE_NOOP("documents", "Contact")
LINE_FIELDS = frozenset(CAPTIONS)
PLACES = {"quantity": 5, "unit_price": 5, "line_discount_percent": 5}


def setup_in(s: Session) -> m.SalesPurchaseSetup:
    row = s.get(m.SalesPurchaseSetup, 1)
    if row is None:
        row = m.SalesPurchaseSetup(id=1)
        s.add(row)
        s.flush()
    return row


def series_of_in(s: Session, kind: rules.DocumentType) -> str:
    code: str | None = getattr(setup_in(s), kind.setup_field)
    if not code:
        raise ValidationError(
            MUST_HAVE_VALUE,
            field=kind.setup_field,
            field_caption=SERIES_CAPTION.format(type=kind.label),
            table=SETUP,
        )
    return code


def check_not_locked(header: m.DocumentHeader) -> None:
    if header.locked:
        raise ValidationError(
            LOCKED,
            field="locked",
            type=rules.document_type(header.document_type).label,
            no=header.no,
        )


def check_privacy_in(s: Session, *contact_nos: str | None) -> None:
    for no in contact_nos:
        if not no:
            continue
        contact = s.get(m.Contact, no)
        if contact is not None and contact.privacy_blocked:
            raise ValidationError(PRIVACY_BLOCKED, field="contact_no", no=no)


def _contact_in(s: Session, no: str) -> m.Contact:
    contact = s.get(m.Contact, no)
    if contact is None:
        raise ValidationError(DOES_NOT_EXIST, field="contact_no", table=CONTACT_TABLE, code=no)
    return contact


def account_of_contact_in(s: Session, contact: m.Contact, link: str) -> str | None:
    """The customer/vendor linked to a contact or to its company."""
    for no in (contact.no, contact.company_no):
        if no:
            relation = rel.link_of_in(s, no, link)  # type: ignore[arg-type]
            if relation is not None and relation.no:
                return relation.no
    return None


def _copy_address(header: m.DocumentHeader, source: Any) -> None:
    for name in ("name", "name_2", "address", "address_2", "city", "post_code", "county"):
        setattr(header, name, getattr(source, name, "") or "")
    header.country_region_code = getattr(source, "country_region_code", None)
    header.language_code = getattr(source, "language_code", None)


def _default_salesperson_in(s: Session, own: str | None) -> str | None:
    if own:
        return own
    user = s.get(m.UserSetup, 1)
    return user.salesperson_code if user is not None else None


def create_in(
    s: Session,
    document_type: str,
    on: dt.date,
    *,
    customer_no: str | None = None,
    vendor_no: str | None = None,
    contact_no: str | None = None,
    no: str = "",
) -> m.DocumentHeader:
    """A new document header with its defaults, numbered from its series (or `no`, typed by
    the user, where the series allows manual numbers)."""
    kind = rules.document_type(document_type)
    header = m.DocumentHeader(document_type=kind.code, document_date=on)
    contact = _contact_in(s, contact_no) if contact_no else None
    if kind.is_sales:
        if not customer_no and contact is not None:
            customer_no = account_of_contact_in(s, contact, "customer")
        if customer_no:
            customer = s.get(m.Customer, customer_no)
            if customer is None:
                raise ValidationError(
                    DOES_NOT_EXIST, field="customer_no", table=CUSTOMER_TABLE, code=customer_no
                )
            default = customer.primary_contact_no or rel.contact_no_of_in(
                s, "customer", customer.no
            )
            header.customer_no = customer.no
            header.sell_to_contact_no = contact.no if contact is not None else default
            header.bill_to_contact_no = header.sell_to_contact_no
            _copy_address(header, customer)
            header.currency_code = customer.currency_code
            header.salesperson_code = _default_salesperson_in(s, customer.salesperson_code)
        elif contact is not None and kind.kind == rules.QUOTE:
            # A quote for a contact that is not a customer yet (BC): the address of its company.
            company = s.get(m.Contact, contact.company_no) if contact.company_no else None
            header.sell_to_contact_no = contact.no
            header.bill_to_contact_no = contact.no
            _copy_address(header, company or contact)
            header.currency_code = contact.currency_code
            header.salesperson_code = _default_salesperson_in(s, contact.salesperson_code)
        else:
            raise ValidationError(CUSTOMER_REQUIRED, field="customer_no", type=kind.label)
    else:
        if not vendor_no and contact is not None:
            vendor_no = account_of_contact_in(s, contact, "vendor")
        if not vendor_no:
            raise ValidationError(VENDOR_REQUIRED, field="vendor_no", type=kind.label)
        vendor = s.get(m.Vendor, vendor_no)
        if vendor is None:
            raise ValidationError(
                DOES_NOT_EXIST, field="vendor_no", table=VENDOR_TABLE, code=vendor_no
            )
        header.vendor_no = vendor.no
        header.buy_from_contact_no = (
            contact.no
            if contact is not None
            else vendor.primary_contact_no or rel.contact_no_of_in(s, "vendor", vendor.no)
        )
        _copy_address(header, vendor)
        header.currency_code = vendor.currency_code
        header.salesperson_code = _default_salesperson_in(s, vendor.purchaser_code)
    check_privacy_in(
        s, header.sell_to_contact_no, header.bill_to_contact_no, header.buy_from_contact_no
    )
    person_no = header.sell_to_contact_no or header.buy_from_contact_no
    person = s.get(m.Contact, person_no) if person_no else None
    header.contact_name = person.name if person is not None and person.type == "person" else ""
    series = series_of_in(s, kind)
    typed = no.strip().upper()
    if typed:
        check_manual_allowed(s, series)
        if len(typed) > 20:
            raise ValidationError(
                TOO_LONG, field="no", field_caption="No.", max_len=20, length=len(typed)
            )
        if s.scalar(
            select(m.DocumentHeader.id).where(
                m.DocumentHeader.document_type == kind.code, m.DocumentHeader.no == typed
            )
        ):
            raise ValidationError(NO_TAKEN, field="no", type=kind.label, no=typed)
    header.no = typed or issue_next(s, series, on)
    header.no_series = series
    header.created_at = header.last_modified = dt.datetime.now()
    s.add(header)
    s.flush()
    return header


def create_document(
    ctx: AppContext,
    document_type: str,
    *,
    customer_no: str | None = None,
    vendor_no: str | None = None,
    contact_no: str | None = None,
    no: str = "",
) -> DocumentRow:
    """Create a document for a customer, a vendor or (quotes) a contact, dated the work date;
    `no` is a number typed by the user (the series must allow manual numbers).
    Raises ValidationError (privacy-blocked contact, no customer/vendor, series blank)."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        header = create_in(
            s, document_type, on, customer_no=customer_no, vendor_no=vendor_no,
            contact_no=contact_no, no=no,
        )  # fmt: skip
        return row_in(s, header)


def _clean_line_values(s: Session, values: dict[str, Any], line_no: int) -> dict[str, Any]:
    unknown = set(values) - LINE_FIELDS
    if unknown:
        raise ValidationError(
            QT_TRANSLATE_NOOP("documents", "A line has no field {name}."),
            field=sorted(unknown)[0],
            name=sorted(unknown)[0],
        )
    clean: dict[str, Any] = {}
    if "description" in values:
        text = str(values["description"] or "").strip()
        if len(text) > 100:
            raise ValidationError(
                TOO_LONG, field="description", row=line_no,
                field_caption=CAPTIONS["description"], max_len=100, length=len(text),
            )  # fmt: skip
        clean["description"] = text
    for name, places in PLACES.items():
        if name in values:
            value = rules.to_decimal(values[name], name, row=line_no)
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > places:
                raise ValidationError(
                    TOO_MANY_PLACES, field=name, row=line_no,
                    field_caption=CAPTIONS[name], places=places, line_no=line_no,
                )  # fmt: skip
            clean[name] = value
    if "vat_rate_code" in values:
        code = str(values["vat_rate_code"] or "").strip().upper()
        rate = s.get(m.VatRate, code) if code else None
        if code and rate is None:
            raise ValidationError(
                DOES_NOT_EXIST, field="vat_rate_code", row=line_no, table=VAT_RATE_TABLE,
                code=code,
            )  # fmt: skip
        clean["vat_rate_code"] = code or None
        clean["vat_percent"] = rate.rate if rate is not None else Decimal(0)
    return clean


def _apply_line(line: m.DocumentLine) -> None:
    rules.check_line(line.quantity, line.unit_price, line.line_discount_percent, row=line.line_no)
    line.line_amount = rules.line_amount(line.quantity, line.unit_price, line.line_discount_percent)


def add_line_in(s: Session, header: m.DocumentHeader, values: dict[str, Any]) -> m.DocumentLine:
    check_not_locked(header)
    last = s.scalar(
        select(func.max(m.DocumentLine.line_no)).where(m.DocumentLine.document_id == header.id)
    )
    line_no = int(last or 0) + 10000
    if "vat_rate_code" not in values:
        values = {**values, "vat_rate_code": setup_in(s).default_vat_rate_code or ""}
    clean = _clean_line_values(s, values, line_no)
    line = m.DocumentLine(
        document_id=header.id, line_no=line_no, quantity=Decimal(0), unit_price=Decimal(0),
        line_discount_percent=Decimal(0), vat_percent=Decimal(0), description="",
    )  # fmt: skip
    for name, value in clean.items():
        setattr(line, name, value)
    _apply_line(line)
    s.add(line)
    header.last_modified = dt.datetime.now()
    s.flush()
    return line


def add_line(ctx: AppContext, document_type: str, no: str, values: dict[str, Any]) -> DocumentRow:
    """Add a line (description, quantity, unit_price, line_discount_percent, vat_rate_code; the
    setup's default VAT rate when none is given). Raises ValidationError naming field and line."""
    with ctx.db.uow() as s:
        header = get_in(s, document_type, no)
        add_line_in(s, header, values)
        return row_in(s, header)


def _line_in(s: Session, header: m.DocumentHeader, line_no: int) -> m.DocumentLine:
    for line in lines_in(s, header):
        if line.line_no == line_no:
            return line
    raise ValidationError(
        NO_LINE, field="line_no", row=line_no,
        type=rules.document_type(header.document_type).label, no=header.no, line_no=line_no,
    )  # fmt: skip


def update_line(
    ctx: AppContext, document_type: str, no: str, line_no: int, changes: dict[str, Any]
) -> DocumentRow:
    """Change a line's fields; the line amount follows. Raises ValidationError (locked, bad
    value); nothing is saved then."""
    with ctx.db.uow() as s:
        header = get_in(s, document_type, no)
        check_not_locked(header)
        line = _line_in(s, header, line_no)
        for name, value in _clean_line_values(s, changes, line_no).items():
            setattr(line, name, value)
        _apply_line(line)
        header.last_modified = dt.datetime.now()
        s.flush()
        return row_in(s, header)


def delete_line(ctx: AppContext, document_type: str, no: str, line_no: int) -> DocumentRow:
    """Delete a line. Raises ValidationError on a locked document."""
    with ctx.db.uow() as s:
        header = get_in(s, document_type, no)
        check_not_locked(header)
        s.delete(_line_in(s, header, line_no))
        header.last_modified = dt.datetime.now()
        s.flush()
        return row_in(s, header)


HEADER_FIELDS = frozenset({"document_date", "your_reference", "salesperson_code"})


def update_header(
    ctx: AppContext, document_type: str, no: str, changes: dict[str, Any]
) -> DocumentRow:
    """Change the document date, Your Reference or the salesperson/purchaser. Raises
    ValidationError (locked, unknown salesperson, text too long)."""
    with ctx.db.uow() as s:
        header = get_in(s, document_type, no)
        check_not_locked(header)
        for name, value in changes.items():
            if name not in HEADER_FIELDS:
                raise ValidationError(
                    QT_TRANSLATE_NOOP("documents", "The header has no field {name}."),
                    field=name,
                    name=name,
                )
            if name == "document_date":
                if not isinstance(value, dt.date):
                    raise ValidationError(
                        QT_TRANSLATE_NOOP("documents", "Document Date must be a date."),
                        field=name,
                    )
                header.document_date = value
            elif name == "your_reference":
                text = str(value or "").strip()
                if len(text) > 35:
                    raise ValidationError(
                        TOO_LONG,
                        field=name,
                        field_caption="Your Reference",
                        max_len=35,
                        length=len(text),
                    )
                header.your_reference = text
            else:
                code = str(value or "").strip().upper()
                if code and s.get(m.Salesperson, code) is None:
                    raise ValidationError(
                        DOES_NOT_EXIST, field=name, table="Salesperson/Purchaser", code=code
                    )
                header.salesperson_code = code or None
        header.last_modified = dt.datetime.now()
        s.flush()
        return row_in(s, header)


def lock_in(s: Session, header: m.DocumentHeader) -> None:
    """Lock an invoice or credit memo once printed or sent for good (Print, Send)."""
    if rules.document_type(header.document_type).kind in (rules.INVOICE, rules.CREDIT_MEMO):
        header.locked = True
        header.locked_at = dt.datetime.now()
        s.flush()
