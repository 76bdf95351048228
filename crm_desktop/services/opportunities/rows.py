"""What the opportunity screens show: plain read-only rows, never live ORM objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session

from crm_desktop.domain import opportunities as rules
from crm_desktop.domain.errors import DOES_NOT_EXIST, NotFoundError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.storage import models as m

OPPORTUNITY_TABLE = QT_TRANSLATE_NOOP("opportunities", "Opportunity")
ZERO = Decimal(0)


@dataclass(frozen=True)
class OpportunityRow:
    """An opportunity with the values of its active entry (BC's FlowFields)."""

    no: str
    description: str
    contact_no: str
    contact_name: str
    contact_company_no: str
    contact_company_name: str
    salesperson_code: str
    sales_cycle_code: str
    status: str
    priority: str
    creation_date: dt.date
    closed: bool
    date_closed: dt.date | None
    sales_document_type: str
    sales_document_no: str
    current_stage: int | None
    stage_description: str
    estimated_value: Decimal
    chances_of_success: Decimal
    completed: Decimal
    probability: Decimal
    current_value: Decimal
    estimated_close_date: dt.date | None
    close_code: str

    @property
    def stage_label(self) -> str:
        """'2 · Needs analysis', '' before the first stage."""
        if self.current_stage is None:
            return ""
        return f"{self.current_stage} · {self.stage_description}".rstrip(" ·")

    @property
    def has_quote(self) -> bool:
        """A sales quote is linked (the documents issue makes them)."""
        return self.sales_document_type == "quote" and bool(self.sales_document_no)


@dataclass(frozen=True)
class EntryRow:
    """One opportunity entry: a stage change or the close."""

    entry_no: int
    opportunity_no: str
    active: bool
    action_type: str
    action_taken: str
    sales_cycle_stage: int | None
    stage_description: str
    previous_stage: int | None
    date_of_change: dt.date
    days_open: int
    estimated_value: Decimal
    chances_of_success: Decimal
    completed: Decimal
    probability: Decimal
    current_value: Decimal
    estimated_close_date: dt.date | None
    date_closed: dt.date | None
    close_code: str
    salesperson_code: str


def active_entry(s: Session, no: str) -> m.OpportunityEntry | None:
    """The opportunity's active entry, if it has one."""
    return s.scalar(
        select(m.OpportunityEntry).where(
            m.OpportunityEntry.opportunity_no == no, m.OpportunityEntry.active.is_(True)
        )
    )


def get_in(s: Session, no: str) -> m.Opportunity:
    """The opportunity, or NotFoundError."""
    opp = s.get(m.Opportunity, (no or "").strip().upper())
    if opp is None:
        raise NotFoundError(DOES_NOT_EXIST, field="no", table=OPPORTUNITY_TABLE, code=no)
    return opp


def base_query() -> Select[Any]:
    """Opportunities joined to their active entry and contact names."""
    entry = m.OpportunityEntry
    contact = m.Contact.__table__.alias("c")
    company = m.Contact.__table__.alias("cc")
    return (
        select(m.Opportunity, entry, contact.c.name, company.c.name)
        .outerjoin(entry, and_(entry.opportunity_no == m.Opportunity.no, entry.active.is_(True)))
        .outerjoin(contact, contact.c.no == m.Opportunity.contact_no)
        .outerjoin(company, company.c.no == m.Opportunity.contact_company_no)
    )


def to_row(
    opp: m.Opportunity,
    entry: m.OpportunityEntry | None,
    contact_name: str | None,
    company_name: str | None,
) -> OpportunityRow:
    """The row of an opportunity and its active entry."""
    return OpportunityRow(
        no=opp.no,
        description=opp.description,
        contact_no=opp.contact_no,
        contact_name=contact_name or "",
        contact_company_no=opp.contact_company_no or "",
        contact_company_name=company_name or "",
        salesperson_code=opp.salesperson_code or "",
        sales_cycle_code=opp.sales_cycle_code or "",
        status=opp.status,
        priority=opp.priority,
        creation_date=opp.creation_date,
        closed=opp.closed,
        date_closed=opp.date_closed,
        sales_document_type=opp.sales_document_type,
        sales_document_no=opp.sales_document_no or "",
        current_stage=entry.sales_cycle_stage if entry else None,
        stage_description=entry.sales_cycle_stage_description if entry else "",
        estimated_value=entry.estimated_value if entry else ZERO,
        chances_of_success=entry.chances_of_success_percent if entry else ZERO,
        completed=entry.completed_percent if entry else ZERO,
        probability=entry.probability_percent if entry else ZERO,
        current_value=entry.calcd_current_value if entry else ZERO,
        estimated_close_date=entry.estimated_close_date if entry else None,
        close_code=(entry.close_opportunity_code or "") if entry else "",
    )


def row_in(s: Session, no: str) -> OpportunityRow:
    """One opportunity's row (NotFoundError when it is gone)."""
    found = s.execute(base_query().where(m.Opportunity.no == no)).first()
    if found is None:
        raise NotFoundError(DOES_NOT_EXIST, field="no", table=OPPORTUNITY_TABLE, code=no)
    opp, entry, name, company = found
    return to_row(opp, entry, name, company)


def entry_row(e: m.OpportunityEntry) -> EntryRow:
    """The row of an entry."""
    return EntryRow(
        entry_no=e.entry_no,
        opportunity_no=e.opportunity_no,
        active=e.active,
        action_type=e.action_type,
        action_taken=e.action_taken,
        sales_cycle_stage=e.sales_cycle_stage,
        stage_description=e.sales_cycle_stage_description,
        previous_stage=e.previous_sales_cycle_stage,
        date_of_change=e.date_of_change,
        days_open=e.days_open,
        estimated_value=e.estimated_value,
        chances_of_success=e.chances_of_success_percent,
        completed=e.completed_percent,
        probability=e.probability_percent,
        current_value=e.calcd_current_value,
        estimated_close_date=e.estimated_close_date,
        date_closed=e.date_closed,
        close_code=e.close_opportunity_code or "",
        salesperson_code=e.salesperson_code or "",
    )


def stages_in(s: Session, cycle_code: str) -> list[rules.Stage]:
    """A sales cycle's stages as the rules see them, by stage number."""
    rows = s.scalars(
        select(m.SalesCycleStage)
        .where(m.SalesCycleStage.sales_cycle_code == cycle_code)
        .order_by(m.SalesCycleStage.stage)
    )
    return [
        rules.Stage(
            stage=r.stage,
            description=r.description,
            completed_percent=Decimal(r.completed_percent),
            chances_of_success_percent=Decimal(r.chances_of_success_percent),
            allow_skip=r.allow_skip,
            quote_required=r.quote_required,
            date_formula=r.date_formula,
            activity_code=r.activity_code,
        )
        for r in rows
    ]
