"""Customers, vendors, bank accounts and employees kept in step with contacts (BC spec §5).

The fields that sync are listed in `crm_desktop.domain.sync`; each record also has a few of its
own. Every reference to a contact is a foreign key to `contact.no` with ON UPDATE CASCADE, so
merging and renumbering contacts moves it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.storage.models.base import Base, code_pk, code_ref, text


class PaymentTerms(Base):
    """Payment Terms (BC table 3)."""

    __tablename__ = "payment_terms"
    code: Mapped[str] = code_pk(10)
    description: Mapped[str] = text(100)
    due_date_calculation: Mapped[str] = text(32)


class SyncSetup(Base):
    """Number series of customers, vendors, bank accounts and employees (BC keeps these in
    Sales, Purchases and Human Resources Setup): one row, id 1."""

    __tablename__ = "sync_setup"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    customer_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    vendor_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    bank_account_nos: Mapped[str | None] = code_ref("no_series.code", 20)
    employee_nos: Mapped[str | None] = code_ref("no_series.code", 20)


class CustomerTemplate(Base):
    """Customer Templ. (BC table 1381), with the customer fields this app has."""

    __tablename__ = "customer_template"
    code: Mapped[str] = code_pk(10)
    description: Mapped[str] = text(100)
    contact_type: Mapped[str] = mapped_column(
        String(10), nullable=False, default="company", server_default="company"
    )
    country_region_code: Mapped[str | None] = code_ref("country_region.code", 10)
    territory_code: Mapped[str | None] = code_ref("territory.code", 10)
    currency_code: Mapped[str | None] = code_ref("currency.code", 10)
    language_code: Mapped[str | None] = code_ref("language.code", 10)
    salesperson_code: Mapped[str | None] = code_ref("salesperson.code", 20)
    payment_terms_code: Mapped[str | None] = code_ref("payment_terms.code", 10)


class VendorTemplate(Base):
    """Vendor Templ. (as BC has beside Customer Templ.), with the vendor fields this app has."""

    __tablename__ = "vendor_template"
    code: Mapped[str] = code_pk(10)
    description: Mapped[str] = text(100)
    country_region_code: Mapped[str | None] = code_ref("country_region.code", 10)
    territory_code: Mapped[str | None] = code_ref("territory.code", 10)
    currency_code: Mapped[str | None] = code_ref("currency.code", 10)
    language_code: Mapped[str | None] = code_ref("language.code", 10)
    purchaser_code: Mapped[str | None] = code_ref("salesperson.code", 20)


def _contact_ref() -> Mapped[str | None]:
    # A deleted contact leaves the record without a primary contact (BC clears it, §5.8).
    return mapped_column(
        String(20),
        ForeignKey("contact.no", onupdate="CASCADE", ondelete="SET NULL"),
        nullable=True,
        index=True,
    )


class _NumberedRecord:
    """Columns every synced record has: its number series and when it was last changed."""

    no_series: Mapped[str | None] = code_ref("no_series.code", 20)
    last_modified: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class _CompanyLikeRecord(_NumberedRecord):
    """The name, address and communication columns customers, vendors and bank accounts share
    with a company contact (spec §5.4/§5.5)."""

    name: Mapped[str] = text(100)
    search_name: Mapped[str] = text(100)
    name_2: Mapped[str] = text(50)
    address: Mapped[str] = text(100)
    address_2: Mapped[str] = text(50)
    city: Mapped[str] = text(30)
    post_code: Mapped[str] = text(20)
    county: Mapped[str] = text(30)
    country_region_code: Mapped[str | None] = code_ref("country_region.code", 10)
    phone_no: Mapped[str] = text(30)
    mobile_phone_no: Mapped[str] = text(30)
    telex_no: Mapped[str] = text(20)
    fax_no: Mapped[str] = text(30)
    telex_answer_back: Mapped[str] = text(20)
    email: Mapped[str] = text(80)
    home_page: Mapped[str] = text(255)
    territory_code: Mapped[str | None] = code_ref("territory.code", 10)
    currency_code: Mapped[str | None] = code_ref("currency.code", 10)
    language_code: Mapped[str | None] = code_ref("language.code", 10)
    format_region: Mapped[str] = text(80)


class Customer(_CompanyLikeRecord, Base):
    """Customer (BC table 18), the fields that sync plus a few of its own."""

    __tablename__ = "customer"
    no: Mapped[str] = code_pk(20)
    salesperson_code: Mapped[str | None] = code_ref("salesperson.code", 20)
    registration_number: Mapped[str] = text(20)
    vat_registration_no: Mapped[str] = text(20)
    contact_type: Mapped[str] = mapped_column(
        String(10), nullable=False, default="company", server_default="company"
    )
    primary_contact_no: Mapped[str | None] = _contact_ref()
    contact: Mapped[str] = text(100)
    payment_terms_code: Mapped[str | None] = code_ref("payment_terms.code", 10)

    __table_args__ = (Index("ix_customer_name", "name"),)


class Vendor(_CompanyLikeRecord, Base):
    """Vendor (BC table 23): always a company contact; its purchaser does not sync."""

    __tablename__ = "vendor"
    no: Mapped[str] = code_pk(20)
    purchaser_code: Mapped[str | None] = code_ref("salesperson.code", 20)
    registration_number: Mapped[str] = text(20)
    vat_registration_no: Mapped[str] = text(20)
    primary_contact_no: Mapped[str | None] = _contact_ref()
    contact: Mapped[str] = text(100)

    __table_args__ = (Index("ix_vendor_name", "name"),)


class BankAccount(_CompanyLikeRecord, Base):
    """Bank Account (BC table 270): always a company contact; keeps its own Our Contact Code."""

    __tablename__ = "bank_account"
    no: Mapped[str] = code_pk(20)
    our_contact_code: Mapped[str | None] = code_ref("salesperson.code", 20)
    bank_account_no: Mapped[str] = text(30)
    iban: Mapped[str] = text(50)
    swift_code: Mapped[str] = text(20)

    __table_args__ = (Index("ix_bank_account_name", "name"),)


class Employee(_NumberedRecord, Base):
    """Employee (BC table 5200): always a person contact."""

    __tablename__ = "employee"
    no: Mapped[str] = code_pk(20)
    first_name: Mapped[str] = text(30)
    middle_name: Mapped[str] = text(30)
    last_name: Mapped[str] = text(30)
    initials: Mapped[str] = text(30)
    job_title: Mapped[str] = text(30)
    address: Mapped[str] = text(100)
    address_2: Mapped[str] = text(50)
    city: Mapped[str] = text(30)
    post_code: Mapped[str] = text(20)
    county: Mapped[str] = text(30)
    country_region_code: Mapped[str | None] = code_ref("country_region.code", 10)
    phone_no: Mapped[str] = text(30)
    mobile_phone_no: Mapped[str] = text(30)
    fax_no: Mapped[str] = text(30)
    pager: Mapped[str] = text(30)
    email: Mapped[str] = text(80)

    __table_args__ = (Index("ix_employee_last_name", "last_name"),)
