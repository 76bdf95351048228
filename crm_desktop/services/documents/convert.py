"""Make Order and Make Invoice (issue 20), as BC's Sales-Quote to Order / to Invoice, with the
order → invoice step standing in for posting.

The new document copies the header and the lines and gets a number from its own series, dated
the work date; the source is deleted in the same transaction (its logged interactions keep its
type and number: they are text on the log entry). A sales quote for a contact that is not yet
a customer is refused until Create as Customer has made it one. A sales quote linked to an open
opportunity is refused with OpportunityOpenError (the screen asks BC's question and closes the
opportunity as Won first); a won opportunity then points to the new document (the hooks in
services.opportunities.documents). LCY figures come only from documents in the blank currency.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import delete
from sqlalchemy.orm import Session

from crm_desktop.domain import documents as rules
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.documents.edit import (
    account_of_contact_in,
    check_not_locked,
    check_privacy_in,
    create_in,
    series_of_in,
)
from crm_desktop.services.documents.rows import DocumentRow, get_in, lines_in, row_in, totals_of
from crm_desktop.services.numbering.issuing import issue_next
from crm_desktop.services.opportunities import documents as opp_hooks
from crm_desktop.services.opportunities import edit as opp_edit
from crm_desktop.services.opportunities.rows import active_entry
from crm_desktop.services.opportunities.stages import CUSTOMER_QUESTION, CustomerQuestion
from crm_desktop.services.setup import work_date
from crm_desktop.services.sync.from_contact import create_as_in
from crm_desktop.storage import models as m

# BC's sentence (Sales-Quote to Order, Text000 in the issue's wording).
OPEN_OPPORTUNITY = QT_TRANSLATE_NOOP(
    "documents",
    "An Open Opportunity is linked to this quote. It has to be closed before an Order can be "
    "made. Do you wish to close this Opportunity now?",
)
NOT_A_CUSTOMER = QT_TRANSLATE_NOOP(
    "documents",
    "Quote {no} is for contact {contact}, which is not a customer yet. Create the contact as a "
    "customer first.",
)

COPIED = (
    "customer_no", "vendor_no", "sell_to_contact_no", "bill_to_contact_no",
    "buy_from_contact_no", "name", "name_2", "address", "address_2", "city", "post_code",
    "county", "country_region_code", "contact_name", "salesperson_code", "currency_code",
    "language_code", "your_reference", "quote_no", "order_no",
)  # fmt: skip


class OpportunityOpenError(ValidationError):
    """A sales quote is linked to an open opportunity: close it as Won first."""


def _opportunity_amount(s: Session, header: m.DocumentHeader, opp_no: str | None) -> Decimal:
    """The amount the won opportunity takes: the document's total excl. VAT in LCY; a document
    in a foreign currency leaves the opportunity's value as it was."""
    excl = totals_of(lines_in(s, header)).excl_vat
    if not header.currency_code:
        return excl
    entry = active_entry(s, opp_no) if opp_no else None
    return entry.calcd_current_value if entry is not None else Decimal(0)


def _linked_opportunity_no(s: Session, doc_type: str, doc_no: str) -> str | None:
    opp = opp_hooks._linked(s, doc_type, doc_no)  # noqa: SLF001 - the hooks' own lookup
    return opp.no if opp is not None else None


def _make_customer_in(
    s: Session, header: m.DocumentHeader, create_customer: bool | None, on: dt.date
) -> None:
    """A quote for a contact without customer: ask first (CustomerQuestion), then Create as
    Customer with the Marketing Setup template (the company's, or the person's when alone)."""
    contact = s.get(m.Contact, header.sell_to_contact_no) if header.sell_to_contact_no else None
    if contact is None or create_customer is False:
        raise ValidationError(
            NOT_A_CUSTOMER, field="customer_no", no=header.no,
            contact=header.sell_to_contact_no or "",
        )  # fmt: skip
    existing = account_of_contact_in(s, contact, "customer")
    if existing:
        # Made a customer since the quote was written (e.g. when its opportunity was won).
        header.customer_no = existing
        s.flush()
        return
    holder = s.get(m.Contact, contact.company_no) if contact.company_no else None
    holder = holder or contact
    if create_customer is None:
        raise CustomerQuestion(
            CUSTOMER_QUESTION, field="create_customer", no=holder.no, name=holder.name
        )
    setup = s.get(m.MarketingSetup, 1)
    template = None
    if setup is not None:
        template = (
            setup.cust_template_company_code
            if holder.type == "company"
            else setup.cust_template_person_code
        )
    created = create_as_in(s, "customer", holder.no, template or None, on)
    header.customer_no = created.no
    s.flush()


def convert_in(
    s: Session,
    header: m.DocumentHeader,
    kind: str,
    on: dt.date,
    create_customer: bool | None = None,
) -> m.DocumentHeader:
    source = rules.document_type(header.document_type)
    target = rules.converted_type(source, kind)
    check_not_locked(header)
    check_privacy_in(
        s, header.sell_to_contact_no, header.bill_to_contact_no, header.buy_from_contact_no
    )
    if source.is_sales and source.kind == rules.QUOTE:
        open_no = opp_hooks.open_opportunity_of_quote_in(s, header.no)
        if open_no is not None:
            raise OpportunityOpenError(OPEN_OPPORTUNITY, field="opportunity_no", no=open_no)
    if source.is_sales and not header.customer_no:
        _make_customer_in(s, header, create_customer, on)
    new = m.DocumentHeader(document_type=target.code, document_date=on)
    for name in COPIED:
        setattr(new, name, getattr(header, name))
    if source.kind == rules.QUOTE:
        new.quote_no = header.no
    elif source.kind == rules.ORDER:
        new.order_no = header.no
    series = series_of_in(s, target)
    new.no = issue_next(s, series, on)
    new.no_series = series
    new.created_at = new.last_modified = dt.datetime.now()
    s.add(new)
    s.flush()
    _copy_lines_in(s, header, new)
    s.flush()
    if source.is_sales:
        _follow_opportunity_in(s, header, source, new)
    s.execute(delete(m.DocumentLine).where(m.DocumentLine.document_id == header.id))
    s.delete(header)
    s.flush()
    return new


def _copy_lines_in(s: Session, source: m.DocumentHeader, target: m.DocumentHeader) -> None:
    for line in lines_in(s, source):
        s.add(
            m.DocumentLine(
                document_id=target.id, line_no=line.line_no, description=line.description,
                quantity=line.quantity, unit_price=line.unit_price,
                line_discount_percent=line.line_discount_percent,
                vat_rate_code=line.vat_rate_code, vat_percent=line.vat_percent,
                line_amount=line.line_amount,
            )
        )  # fmt: skip
    s.flush()


def _follow_opportunity_in(
    s: Session, header: m.DocumentHeader, source: rules.DocumentType, new: m.DocumentHeader
) -> None:
    if source.kind == rules.QUOTE:
        opp_no = _linked_opportunity_no(s, "quote", header.no)
        if opp_no is None:
            return
        amount = _opportunity_amount(s, new, opp_no)
        opp_hooks.quote_made_into_order_in(s, header.no, new.no, amount)
        if new.document_type == "sales_invoice":
            # Make Invoice from a quote: the opportunity goes on to the invoice at once.
            opp_hooks.order_invoiced_in(s, new.no, new.no, amount)
    elif source.kind == rules.ORDER:
        opp_no = _linked_opportunity_no(s, "order", header.no)
        if opp_no is not None:
            opp_hooks.order_invoiced_in(s, header.no, new.no, _opportunity_amount(s, new, opp_no))


def make_order(
    ctx: AppContext, document_type: str, no: str, *, create_customer: bool | None = None
) -> DocumentRow:
    """Make Order from a quote; the quote is deleted. A quote for a contact without customer
    raises CustomerQuestion until `create_customer` is given (True: Create as Customer first).
    Raises OpportunityOpenError, CustomerQuestion, ValidationError; nothing is saved then."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        header = get_in(s, document_type, no)
        return row_in(s, convert_in(s, header, rules.ORDER, on, create_customer))


def make_invoice(
    ctx: AppContext, document_type: str, no: str, *, create_customer: bool | None = None
) -> DocumentRow:
    """Make Invoice from a quote or an order; the source is deleted. Raises as make_order."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        header = get_in(s, document_type, no)
        return row_in(s, convert_in(s, header, rules.INVOICE, on, create_customer))


def link_quote_to_opportunity(ctx: AppContext, quote_no: str, opportunity_no: str) -> None:
    """Link a sales quote to an opportunity (BC: the quote made from, or assigned to, it). A
    quote belongs to one opportunity; raises ConflictError, NotFoundError."""
    with ctx.db.uow() as s:
        header = get_in(s, "sales_quote", quote_no)
        opp_edit.link_sales_document_in(s, opportunity_no, "quote", header.no)


def create_quote_for_opportunity(ctx: AppContext, opportunity_no: str) -> DocumentRow:
    """BC's Create Sales Quote on an opportunity: a new quote for its contact (the customer's
    when the contact has one), linked to the opportunity, in one transaction. Raises
    ConflictError (it already has a sales document), NotFoundError, ValidationError."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        opp = s.get(m.Opportunity, opportunity_no)
        if opp is None:
            raise ValidationError(
                QT_TRANSLATE_NOOP("documents", "Opportunity {no} does not exist."),
                field="opportunity_no",
                no=opportunity_no,
            )
        if opp.sales_document_no:
            raise ValidationError(
                QT_TRANSLATE_NOOP(
                    "documents", "Opportunity {no} already has a sales document ({doc})."
                ),
                field="opportunity_no",
                no=opp.no,
                doc=opp.sales_document_no,
            )
        header = create_in(s, "sales_quote", on, contact_no=opp.contact_no)
        header.salesperson_code = opp.salesperson_code or header.salesperson_code
        opp_edit.link_sales_document_in(s, opp.no, "quote", header.no)
        s.flush()
        return row_in(s, header)


NOT_LOCKED_INVOICE = QT_TRANSLATE_NOOP(
    "documents",
    "A corrective credit memo is made from a printed or sent (locked) invoice; {type} {no} is "
    "not one.",
)


def create_corrective_credit_memo(ctx: AppContext, document_type: str, no: str) -> DocumentRow:
    """A new credit memo with a locked invoice's customer/vendor, contacts, address and lines
    (BC Create Corrective Credit Memo); the invoice stays as it is."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        invoice = get_in(s, document_type, no)
        kind = rules.document_type(invoice.document_type)
        if kind.kind != rules.INVOICE or not invoice.locked:
            raise ValidationError(NOT_LOCKED_INVOICE, field="no", type=kind.label, no=no)
        check_privacy_in(
            s, invoice.sell_to_contact_no, invoice.bill_to_contact_no, invoice.buy_from_contact_no
        )
        target = rules.BY_CODE[f"{kind.side}_{rules.CREDIT_MEMO}"]
        memo = m.DocumentHeader(document_type=target.code, document_date=on)
        for name in COPIED:
            setattr(memo, name, getattr(invoice, name))
        memo.your_reference = invoice.no[:35]
        series = series_of_in(s, target)
        memo.no = issue_next(s, series, on)
        memo.no_series = series
        memo.created_at = memo.last_modified = dt.datetime.now()
        s.add(memo)
        s.flush()
        _copy_lines_in(s, invoice, memo)
        return row_in(s, memo)
