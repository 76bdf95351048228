"""Contacts and their business relations (BC tables 5050, 5054)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.storage.models.base import Base, code_pk, code_ref, text


class Contact(Base):
    """A company or a person. A company's company_no is its own no.

    Every table that refers to a contact does so through a foreign key to `contact.no` with
    ON UPDATE CASCADE, so renumbering and merging can find and move them all by introspection.
    """

    __tablename__ = "contact"
    no: Mapped[str] = code_pk(20)
    type: Mapped[str] = mapped_column(String(10), nullable=False, default="company")
    name: Mapped[str] = text(100)
    name_2: Mapped[str] = text(50)
    search_name: Mapped[str] = text(100)
    company_no: Mapped[str | None] = mapped_column(
        String(20),
        ForeignKey("contact.no", onupdate="CASCADE", ondelete="RESTRICT"),
        nullable=True,
        index=True,
    )
    company_name: Mapped[str] = text(100)
    first_name: Mapped[str] = text(30)
    middle_name: Mapped[str] = text(30)
    surname: Mapped[str] = text(30)
    initials: Mapped[str] = text(30)
    job_title: Mapped[str] = text(30)
    address: Mapped[str] = text(100)
    address_2: Mapped[str] = text(50)
    post_code: Mapped[str] = text(20)
    city: Mapped[str] = text(30)
    county: Mapped[str] = text(30)
    country_region_code: Mapped[str | None] = code_ref("country_region.code", 10)
    currency_code: Mapped[str | None] = code_ref("currency.code", 10)
    phone_no: Mapped[str] = text(30)
    telex_no: Mapped[str] = text(20)
    fax_no: Mapped[str] = text(30)
    telex_answer_back: Mapped[str] = text(20)
    extension_no: Mapped[str] = text(30)
    mobile_phone_no: Mapped[str] = text(30)
    pager: Mapped[str] = text(30)
    email: Mapped[str] = text(80)
    search_email: Mapped[str] = text(80)
    home_page: Mapped[str] = text(255)
    salesperson_code: Mapped[str | None] = code_ref("salesperson.code", 20, index=True)
    territory_code: Mapped[str | None] = code_ref("territory.code", 10)
    language_code: Mapped[str | None] = code_ref("language.code", 10)
    format_region: Mapped[str] = text(80)
    salutation_code: Mapped[str | None] = code_ref("salutation.code", 10)
    correspondence_type: Mapped[str] = text(10)  # '', hard_copy, email
    vat_registration_no: Mapped[str] = text(20)
    registration_number: Mapped[str] = text(20)
    privacy_blocked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    no_series: Mapped[str | None] = code_ref("no_series.code", 20)
    contact_business_relation: Mapped[str] = mapped_column(
        String(20), default="none", server_default="none"
    )
    last_modified: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

    __table_args__ = (
        Index("ix_contact_name", "name"),
        Index("ix_contact_search_name", "search_name"),
        Index("ix_contact_city", "city"),
        Index("ix_contact_type", "type"),
        # The contact list's other sortable columns (name sorts by search_name).
        Index("ix_contact_company_name", "company_name"),
        Index("ix_contact_phone_no", "phone_no"),
        Index("ix_contact_email", "email"),
    )


class ContactBusinessRelation(Base):
    """Contact Business Relation (BC table 5054): a contact holds each relation code once."""

    __tablename__ = "contact_business_relation"
    contact_no: Mapped[str] = mapped_column(
        String(20),
        ForeignKey("contact.no", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    )
    business_relation_code: Mapped[str] = mapped_column(
        String(10),
        ForeignKey("business_relation.code", onupdate="CASCADE", ondelete="RESTRICT"),
        primary_key=True,
    )
    link_to_table: Mapped[str] = text(20)  # '', customer, vendor, bank_account, employee
    no: Mapped[str] = text(20)

    __table_args__ = (
        Index("ix_cbr_link", "link_to_table", "no"),
        Index("ix_cbr_link_contact", "link_to_table", "contact_no"),
    )
