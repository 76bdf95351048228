"""Sales and purchase documents (issue 20): one header table and one line table for both sides,
a small VAT rate list and the Sales & Purchases setup (the number series of each type).

A header is identified by (document_type, no); `id` is a surrogate key for the lines. The
contact references (sell-to, bill-to, buy-from) are real foreign keys to `contact.no` with ON
UPDATE CASCADE, so a contacts merge and a renumbering move them. Name and address are copied
onto the document when its customer or vendor is chosen, and never change on a locked invoice.
Amounts are scaled integers (storage.models.amounts): exact, never floats.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.storage.models.amounts import Amount, Percent, ScaledDecimal
from crm_desktop.storage.models.base import Base, code_pk, code_ref, text

# Quantities and unit prices keep BC's five decimal places.
QUANTITY_SCALE = 5


def _contact_ref() -> Mapped[str | None]:
    return mapped_column(
        String(20),
        ForeignKey("contact.no", onupdate="CASCADE", ondelete="RESTRICT"),
        nullable=True,
        index=True,
    )


class VatRate(Base):
    """A VAT rate a line may carry (a small stand-in for BC's VAT Posting Setup)."""

    __tablename__ = "vat_rate"
    code: Mapped[str] = code_pk(10)
    description: Mapped[str] = text(100)
    rate: Mapped[Decimal] = mapped_column(Percent(), nullable=False, default=0, server_default="0")


class SalesPurchaseSetup(Base):
    """Sales & Purchases setup (one row): each document type's number series, the default VAT
    rate of a new line."""

    __tablename__ = "sales_purchase_setup"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sales_quote_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    sales_order_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    sales_invoice_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    sales_credit_memo_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    purchase_quote_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    purchase_order_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    purchase_invoice_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    purchase_credit_memo_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    default_vat_rate_code: Mapped[str | None] = code_ref("vat_rate.code", 10)


class CompanyInformation(Base):
    """Our company as printed on documents (BC's Company Information, one row)."""

    __tablename__ = "company_information"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = text(100)
    address: Mapped[str] = text(100)
    address_2: Mapped[str] = text(50)
    post_code: Mapped[str] = text(20)
    city: Mapped[str] = text(30)
    country_region_code: Mapped[str | None] = code_ref("country_region.code", 10)
    phone_no: Mapped[str] = text(30)
    email: Mapped[str] = text(80)
    home_page: Mapped[str] = text(80)
    vat_registration_no: Mapped[str] = text(20)
    iban: Mapped[str] = text(50)
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class DocumentHeader(Base):
    """A sales or purchase document (BC Sales Header 36 / Purchase Header 38 in one)."""

    __tablename__ = "document_header"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_type: Mapped[str] = mapped_column(String(30), nullable=False)
    no: Mapped[str] = mapped_column(String(20), nullable=False)
    customer_no: Mapped[str | None] = code_ref("customer.no", 20, index=True)
    vendor_no: Mapped[str | None] = code_ref("vendor.no", 20, index=True)
    sell_to_contact_no: Mapped[str | None] = _contact_ref()
    bill_to_contact_no: Mapped[str | None] = _contact_ref()
    buy_from_contact_no: Mapped[str | None] = _contact_ref()
    # Copied when the customer, vendor or contact is chosen.
    name: Mapped[str] = text(100)
    name_2: Mapped[str] = text(50)
    address: Mapped[str] = text(100)
    address_2: Mapped[str] = text(50)
    city: Mapped[str] = text(30)
    post_code: Mapped[str] = text(20)
    county: Mapped[str] = text(30)
    country_region_code: Mapped[str | None] = code_ref("country_region.code", 10)
    contact_name: Mapped[str] = text(100)
    document_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    # Salesperson on sales documents, purchaser on purchase documents.
    salesperson_code: Mapped[str | None] = code_ref("salesperson.code", 20)
    currency_code: Mapped[str | None] = code_ref("currency.code", 10)
    language_code: Mapped[str | None] = code_ref("language.code", 10)
    your_reference: Mapped[str] = text(35)
    # The quote an order or invoice was made from (BC "Quote No."), the order an invoice was.
    quote_no: Mapped[str] = text(20)
    order_no: Mapped[str] = text(20)
    locked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    locked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    no_series: Mapped[str | None] = code_ref("no_series.code", 20)
    created_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    last_modified: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

    __table_args__ = (
        UniqueConstraint("document_type", "no", name="uq_document_header_type_no"),
        Index("ix_document_header_type_date", "document_type", "document_date"),
    )


class DocumentLine(Base):
    """A line of a document: description, quantity, unit price excl. VAT, discount, VAT rate."""

    __tablename__ = "document_line"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(
        Integer,
        ForeignKey("document_header.id", onupdate="CASCADE", ondelete="CASCADE"),
        nullable=False,
    )
    line_no: Mapped[int] = mapped_column(Integer, nullable=False)
    description: Mapped[str] = text(100)
    quantity: Mapped[Decimal] = mapped_column(
        ScaledDecimal(QUANTITY_SCALE), nullable=False, default=0, server_default="0"
    )
    unit_price: Mapped[Decimal] = mapped_column(
        ScaledDecimal(QUANTITY_SCALE), nullable=False, default=0, server_default="0"
    )
    line_discount_percent: Mapped[Decimal] = mapped_column(
        Percent(), nullable=False, default=0, server_default="0"
    )
    vat_rate_code: Mapped[str | None] = code_ref("vat_rate.code", 10)
    vat_percent: Mapped[Decimal] = mapped_column(
        Percent(), nullable=False, default=0, server_default="0"
    )
    line_amount: Mapped[Decimal] = mapped_column(
        Amount(), nullable=False, default=0, server_default="0"
    )

    __table_args__ = (UniqueConstraint("document_id", "line_no", name="uq_document_line_no"),)
