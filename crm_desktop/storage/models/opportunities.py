"""Opportunities (BC tables 5092, 5093) and their close codes (5094).

An opportunity's stage, values and estimated closing date are those of its one active entry, as
BC's FlowFields read them. Both tables refer to contacts through foreign keys to `contact.no`
with ON UPDATE CASCADE (merge and renumbering follow them); they carry `contact_no` and
`contact_company_no`, so a person's history moves with the rules of §2.5 and §5.8.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.storage.models.amounts import Amount, Percent
from crm_desktop.storage.models.base import Base, code_pk, code_ref, text


def _contact_ref(*, nullable: bool) -> Mapped[str | None]:
    return mapped_column(
        String(20),
        ForeignKey("contact.no", onupdate="CASCADE", ondelete="RESTRICT"),
        nullable=nullable,
        index=True,
    )


class CloseOpportunityCode(Base):
    """Close Opportunity Code (BC table 5094): a reason an opportunity was won or lost."""

    __tablename__ = "close_opportunity_code"
    code: Mapped[str] = code_pk(10)
    type: Mapped[str] = mapped_column(String(10), nullable=False, default="won")  # won, lost
    description: Mapped[str] = text(100)


class Opportunity(Base):
    """Opportunity (BC table 5092)."""

    __tablename__ = "opportunity"
    no: Mapped[str] = code_pk(20)
    description: Mapped[str] = text(100)
    salesperson_code: Mapped[str | None] = code_ref("salesperson.code", 20)
    contact_no: Mapped[str] = _contact_ref(nullable=False)  # type: ignore[assignment]
    contact_company_no: Mapped[str | None] = _contact_ref(nullable=True)
    sales_cycle_code: Mapped[str | None] = code_ref("sales_cycle.code", 10)
    # The linked sales document (the documents issue fills it): '', quote, order, posted_invoice.
    sales_document_type: Mapped[str] = text(20)
    sales_document_no: Mapped[str | None] = mapped_column(String(20), nullable=True)
    creation_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(
        String(20), nullable=False, default="not_started", server_default="not_started"
    )
    priority: Mapped[str] = mapped_column(
        String(10), nullable=False, default="normal", server_default="normal"
    )
    closed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    date_closed: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    no_series: Mapped[str | None] = code_ref("no_series.code", 20)
    last_modified: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

    __table_args__ = (
        # A document belongs to one opportunity at most (BC Text006).
        UniqueConstraint(
            "sales_document_type", "sales_document_no", name="uq_opportunity_document"
        ),
        Index("ix_opportunity_status_closed", "status", "date_closed"),
        # Filtered lists come newest number first: these give the rows in that order, so a
        # block of 200 stops after 200 rows instead of sorting every opportunity of a cycle.
        Index("ix_opportunity_cycle_no", "sales_cycle_code", "no"),
        Index("ix_opportunity_salesperson_no", "salesperson_code", "no"),
    )


class OpportunityEntry(Base):
    """Opportunity Entry (BC table 5093): one per stage change or close; one is active."""

    __tablename__ = "opportunity_entry"
    entry_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    opportunity_no: Mapped[str] = mapped_column(
        String(20),
        ForeignKey("opportunity.no", onupdate="CASCADE", ondelete="CASCADE"),
        nullable=False,
    )
    sales_cycle_code: Mapped[str | None] = code_ref("sales_cycle.code", 10)
    sales_cycle_stage: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sales_cycle_stage_description: Mapped[str] = text(100)
    previous_sales_cycle_stage: Mapped[int | None] = mapped_column(Integer, nullable=True)
    contact_no: Mapped[str] = _contact_ref(nullable=False)  # type: ignore[assignment]
    contact_company_no: Mapped[str | None] = _contact_ref(nullable=True)
    salesperson_code: Mapped[str | None] = code_ref("salesperson.code", 20)
    date_of_change: Mapped[dt.date] = mapped_column(Date, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    date_closed: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    days_open: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    action_type: Mapped[str] = text(10)  # first, next, previous, skip, update, jump, close
    action_taken: Mapped[str] = text(10)  # '', next, previous, updated, jumped, won, lost
    estimated_value: Mapped[Decimal] = mapped_column(Amount(), default=0, server_default="0")
    calcd_current_value: Mapped[Decimal] = mapped_column(Amount(), default=0, server_default="0")
    completed_percent: Mapped[Decimal] = mapped_column(Percent(), default=0, server_default="0")
    chances_of_success_percent: Mapped[Decimal] = mapped_column(
        Percent(), default=0, server_default="0"
    )
    probability_percent: Mapped[Decimal] = mapped_column(Percent(), default=0, server_default="0")
    close_opportunity_code: Mapped[str | None] = code_ref("close_opportunity_code.code", 10)
    estimated_close_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)

    __table_args__ = (
        Index("ix_opportunity_entry_opportunity", "opportunity_no", "active"),
        Index("ix_opportunity_entry_pipeline", "active", "sales_cycle_code", "sales_cycle_stage"),
    )
