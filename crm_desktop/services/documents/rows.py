"""Reading documents: the rows the screens show, with their lines and totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain import documents as rules
from crm_desktop.domain.errors import NotFoundError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.storage import models as m

NOT_FOUND = QT_TRANSLATE_NOOP("documents", "{type} {no} does not exist.")


@dataclass(frozen=True)
class LineRow:
    line_no: int
    description: str
    quantity: Decimal
    unit_price: Decimal
    line_discount_percent: Decimal
    vat_rate_code: str
    vat_percent: Decimal
    line_amount: Decimal


@dataclass(frozen=True)
class DocumentRow:
    document_type: str
    no: str
    customer_no: str
    vendor_no: str
    sell_to_contact_no: str
    bill_to_contact_no: str
    buy_from_contact_no: str
    name: str
    address: str
    address_2: str
    post_code: str
    city: str
    country_region_code: str
    contact_name: str
    document_date: dt.date
    salesperson_code: str
    currency_code: str
    language_code: str
    your_reference: str
    quote_no: str
    order_no: str
    locked: bool
    lines: tuple[LineRow, ...]
    totals: rules.Totals

    @property
    def type(self) -> rules.DocumentType:
        return rules.document_type(self.document_type)


def get_in(s: Session, document_type: str, no: str) -> m.DocumentHeader:
    """The header of a document; raises NotFoundError naming its type and number."""
    kind = rules.document_type(document_type)
    header = s.scalars(
        select(m.DocumentHeader).where(
            m.DocumentHeader.document_type == kind.code, m.DocumentHeader.no == no
        )
    ).first()
    if header is None:
        raise NotFoundError(NOT_FOUND, field="no", type=kind.label, no=no)
    return header


def lines_in(s: Session, header: m.DocumentHeader) -> list[m.DocumentLine]:
    return list(
        s.scalars(
            select(m.DocumentLine)
            .where(m.DocumentLine.document_id == header.id)
            .order_by(m.DocumentLine.line_no)
        )
    )


def totals_of(lines: list[m.DocumentLine]) -> rules.Totals:
    return rules.totals(
        rules.Line(ln.quantity, ln.unit_price, ln.line_discount_percent, ln.vat_percent)
        for ln in lines
    )


def row_in(s: Session, header: m.DocumentHeader) -> DocumentRow:
    lines = lines_in(s, header)
    return DocumentRow(
        document_type=header.document_type,
        no=header.no,
        customer_no=header.customer_no or "",
        vendor_no=header.vendor_no or "",
        sell_to_contact_no=header.sell_to_contact_no or "",
        bill_to_contact_no=header.bill_to_contact_no or "",
        buy_from_contact_no=header.buy_from_contact_no or "",
        name=header.name,
        address=header.address,
        address_2=header.address_2,
        post_code=header.post_code,
        city=header.city,
        country_region_code=header.country_region_code or "",
        contact_name=header.contact_name,
        document_date=header.document_date,
        salesperson_code=header.salesperson_code or "",
        currency_code=header.currency_code or "",
        language_code=header.language_code or "",
        your_reference=header.your_reference,
        quote_no=header.quote_no,
        order_no=header.order_no,
        locked=header.locked,
        lines=tuple(
            LineRow(
                ln.line_no,
                ln.description,
                ln.quantity,
                ln.unit_price,
                ln.line_discount_percent,
                ln.vat_rate_code or "",
                ln.vat_percent,
                ln.line_amount,
            )
            for ln in lines
        ),
        totals=totals_of(lines),
    )


def get_document(ctx: AppContext, document_type: str, no: str) -> DocumentRow:
    """One document with its lines and totals; raises NotFoundError."""
    with ctx.db.read() as s:
        return row_in(s, get_in(s, document_type, no))


def exists(ctx: AppContext, document_type: str, no: str) -> bool:
    with ctx.db.read() as s:
        return (
            s.scalar(
                select(m.DocumentHeader.id).where(
                    m.DocumentHeader.document_type == document_type, m.DocumentHeader.no == no
                )
            )
            is not None
        )
