"""Lists of documents for the screens (issue 20): by side and type, for one customer, vendor or
contact, each with its totals; and the opportunities a quote may be linked to (issue 21)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crm_desktop.domain import documents as rules
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.documents.edit import series_of_in
from crm_desktop.services.documents.rows import totals_of
from crm_desktop.storage import models as m


@dataclass(frozen=True)
class DocumentFilter:
    """Blank means any. `contact_no` matches the sell-to, bill-to or buy-from contact (for a
    company also its persons)."""

    side: str = ""
    document_type: str = ""
    customer_no: str = ""
    vendor_no: str = ""
    contact_no: str = ""
    text: str = ""


@dataclass(frozen=True)
class DocumentListRow:
    document_type: str
    type_label: str
    no: str
    document_date: dt.date
    account_no: str
    name: str
    your_reference: str
    currency_code: str
    locked: bool
    amount: Decimal
    amount_including_vat: Decimal


def _contacts_in(s: Session, contact_no: str) -> list[str]:
    persons = s.scalars(select(m.Contact.no).where(m.Contact.company_no == contact_no))
    return [contact_no, *persons]


def list_documents(ctx: AppContext, flt: DocumentFilter) -> list[DocumentListRow]:
    """The documents the filter matches, newest first, each with its totals."""
    H = m.DocumentHeader
    with ctx.db.read() as s:
        stmt = select(H)
        if flt.document_type:
            stmt = stmt.where(H.document_type == flt.document_type)
        elif flt.side:
            stmt = stmt.where(H.document_type.like(f"{flt.side}\\_%", escape="\\"))
        if flt.customer_no:
            stmt = stmt.where(H.customer_no == flt.customer_no)
        if flt.vendor_no:
            stmt = stmt.where(H.vendor_no == flt.vendor_no)
        if flt.contact_no:
            nos = _contacts_in(s, flt.contact_no)
            stmt = stmt.where(
                or_(
                    H.sell_to_contact_no.in_(nos),
                    H.bill_to_contact_no.in_(nos),
                    H.buy_from_contact_no.in_(nos),
                )
            )
        if flt.text.strip():
            like = f"%{flt.text.strip()}%"
            stmt = stmt.where(
                or_(H.no.ilike(like), H.name.ilike(like), H.your_reference.ilike(like))
            )
        headers = list(s.scalars(stmt.order_by(H.document_date.desc(), H.id.desc())))
        ids = [h.id for h in headers]
        lines: dict[int, list[m.DocumentLine]] = {i: [] for i in ids}
        if ids:
            for line in s.scalars(
                select(m.DocumentLine).where(m.DocumentLine.document_id.in_(ids))
            ):
                lines[line.document_id].append(line)
        out = []
        for h in headers:
            kind = rules.document_type(h.document_type)
            totals = totals_of(lines[h.id])
            out.append(
                DocumentListRow(
                    h.document_type, kind.label, h.no, h.document_date,
                    (h.customer_no or h.vendor_no or h.sell_to_contact_no or ""), h.name,
                    h.your_reference, h.currency_code or "", h.locked,
                    totals.excl_vat, totals.incl_vat,
                )
            )  # fmt: skip
        return out


@dataclass(frozen=True)
class OpportunityChoice:
    no: str
    description: str
    status: str
    linked_document_no: str


def opportunities_for_quote(ctx: AppContext, quote_no: str) -> list[OpportunityChoice]:
    """The opportunities of the quote's contact (or its company) a quote may be linked to:
    those not closed and not linked to another sales document."""
    with ctx.db.read() as s:
        header = s.scalars(
            select(m.DocumentHeader).where(
                m.DocumentHeader.document_type == "sales_quote", m.DocumentHeader.no == quote_no
            )
        ).first()
        if header is None:
            return []
        contact = s.get(m.Contact, header.sell_to_contact_no or "")
        if contact is None:
            return []
        company = contact.company_no or contact.no
        Opp = m.Opportunity
        rows = s.scalars(
            select(Opp)
            .where(or_(Opp.contact_no == contact.no, Opp.contact_company_no == company))
            .where(Opp.status.in_(("not_started", "in_progress")))
            .order_by(Opp.no)
        )
        return [
            OpportunityChoice(o.no, o.description, o.status, o.sales_document_no or "")
            for o in rows
        ]


def linked_opportunity(ctx: AppContext, document_type: str, no: str) -> str:
    """The opportunity a sales quote/order/invoice is linked to, '' when none."""
    kind = rules.document_type(document_type)
    if not kind.is_sales:
        return ""
    with ctx.db.read() as s:
        found = s.scalar(
            select(m.Opportunity.no).where(
                m.Opportunity.sales_document_type == kind.kind,
                m.Opportunity.sales_document_no == no,
            )
        )
        return found or ""


@dataclass(frozen=True)
class DocumentInteraction:
    entry_no: int
    date: dt.date
    contact_no: str
    description: str
    template_code: str
    attachment_no: int | None


def interactions_of_document(ctx: AppContext, no: str) -> list[DocumentInteraction]:
    """The log entries written for a document (Preview, Print, Send), newest first. Document
    numbers are unique across types: each type has its own series."""
    E = m.InteractionLogEntry
    with ctx.db.read() as s:
        rows = s.scalars(
            select(E).where(E.document_no == no, E.document_no != "").order_by(E.entry_no.desc())
        )
        return [
            DocumentInteraction(
                e.entry_no, e.date, e.contact_no, e.description,
                e.interaction_template_code or "", e.attachment_no,
            )
            for e in rows
        ]  # fmt: skip


def is_customer(ctx: AppContext, no: str) -> bool:
    with ctx.db.read() as s:
        return s.get(m.Customer, no) is not None


def numbering_of(ctx: AppContext, document_type: str) -> tuple[str, bool]:
    """The series a document type is numbered from and whether it allows manual numbers."""
    kind = rules.document_type(document_type)
    with ctx.db.read() as s:
        code = series_of_in(s, kind)
        series = s.get(m.NoSeries, code)
        return code, bool(series is not None and series.manual_nos)


def vat_rates(ctx: AppContext) -> list[tuple[str, str, Decimal]]:
    """The VAT rates a line may take: code, description, rate %, by code."""
    with ctx.db.read() as s:
        return [
            (r.code, r.description, r.rate)
            for r in s.scalars(select(m.VatRate).order_by(m.VatRate.code))
        ]


def format_region_of(ctx: AppContext, document_type: str, no: str) -> str:
    """The locale tag a document prints in (e.g. "de-DE"): its language's format region, else
    its contact's; '' for the system's."""
    kind = rules.document_type(document_type)
    with ctx.db.read() as s:
        header = s.scalars(
            select(m.DocumentHeader).where(
                m.DocumentHeader.document_type == kind.code, m.DocumentHeader.no == no
            )
        ).first()
        if header is None:
            return ""
        language = s.get(m.Language, header.language_code) if header.language_code else None
        if language is not None and language.format_region:
            return language.format_region
        contact_no = header.bill_to_contact_no or header.buy_from_contact_no
        contact = s.get(m.Contact, contact_no) if contact_no else None
        return contact.format_region if contact is not None else ""
