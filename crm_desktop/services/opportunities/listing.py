"""Reading opportunities: the list and its filters, the history of entries, the pipeline's
figures per stage and per month, and a contact's opportunity figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from crm_desktop.domain import opportunities as rules
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.opportunities.rows import (
    EntryRow,
    OpportunityRow,
    base_query,
    entry_row,
    get_in,
    row_in,
    to_row,
)
from crm_desktop.storage import models as m

OPEN_STATUSES = (rules.NOT_STARTED, rules.IN_PROGRESS)


def _amount(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal("0.00")


@dataclass(frozen=True)
class OpportunityFilter:
    """The list's filters; None means any. `closing_month` is (year, month) of the estimated
    closing date; `stage` the current stage; `status` one status or 'open'."""

    salesperson_code: str | None = None
    sales_cycle_code: str | None = None
    closing_month: tuple[int, int] | None = None
    stage: int | None = None
    status: str | None = None
    contact_no: str | None = None  # a company matches its persons' opportunities too
    closed_month: tuple[int, int] | None = None
    text: str = ""
    sort: str = "no"  # a column of OpportunityRow (see SORTS)
    descending: bool = True


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    end = dt.date(year + month // 12, month % 12 + 1, 1)
    return start, end


def _conditions(f: OpportunityFilter) -> list[ColumnElement[bool]]:
    opp = m.Opportunity
    entry = m.OpportunityEntry
    cond: list[ColumnElement[bool]] = []
    if f.salesperson_code:
        cond.append(opp.salesperson_code == f.salesperson_code)
    if f.sales_cycle_code:
        cond.append(opp.sales_cycle_code == f.sales_cycle_code)
    if f.closing_month:
        start, end = _month_bounds(*f.closing_month)
        cond.append(and_(entry.estimated_close_date >= start, entry.estimated_close_date < end))
    if f.closed_month:
        start, end = _month_bounds(*f.closed_month)
        cond.append(and_(opp.date_closed >= start, opp.date_closed < end))
    if f.stage is not None:
        cond.append(entry.sales_cycle_stage == f.stage)
    if f.status == "open":
        cond.append(opp.status.in_(OPEN_STATUSES))
    elif f.status:
        cond.append(opp.status == f.status)
    if f.contact_no:
        cond.append(or_(opp.contact_no == f.contact_no, opp.contact_company_no == f.contact_no))
    if f.text.strip():
        like = f"%{f.text.strip()}%"
        cond.append(or_(opp.no.ilike(like), opp.description.ilike(like)))
    return cond


def _sorts() -> dict[str, Any]:
    entry = m.OpportunityEntry
    contact_name = (
        select(m.Contact.name).where(m.Contact.no == m.Opportunity.contact_no).scalar_subquery()
    )
    return {
        "no": m.Opportunity.no,
        "description": m.Opportunity.description,
        "contact_name": contact_name,
        "salesperson_code": m.Opportunity.salesperson_code,
        "sales_cycle_code": m.Opportunity.sales_cycle_code,
        "stage_label": entry.sales_cycle_stage,
        "status": m.Opportunity.status,
        "estimated_value": entry.estimated_value,
        "probability": entry.probability_percent,
        "current_value": entry.calcd_current_value,
        "estimated_close_date": entry.estimated_close_date,
        "creation_date": m.Opportunity.creation_date,
    }


SORTS = tuple(_sorts())


def _ordered(stmt: Any, f: OpportunityFilter) -> Any:
    column = _sorts().get(f.sort, m.Opportunity.no)
    tie = m.Opportunity.no.desc() if f.descending else m.Opportunity.no.asc()
    if column is m.Opportunity.no:
        return stmt.order_by(tie)  # an index on (filter column, no) then gives the order
    key = column.desc() if f.descending else column.asc()
    return stmt.order_by(key, tie)


def list_opportunities(
    ctx: AppContext, f: OpportunityFilter | None = None, limit: int | None = None
) -> list[OpportunityRow]:
    """Opportunities matching the filter, in its order (newest number first by default), with
    their active entry's values."""
    return fetch_opportunities(ctx, f or OpportunityFilter(), 0, limit)


def count_opportunities(ctx: AppContext, f: OpportunityFilter) -> int:
    """How many opportunities the filter selects (for the windowed list)."""
    entry = m.OpportunityEntry
    stmt = (
        select(func.count())
        .select_from(m.Opportunity)
        .outerjoin(entry, and_(entry.opportunity_no == m.Opportunity.no, entry.active.is_(True)))
        .where(*_conditions(f))
    )
    with ctx.db.read() as s:
        return int(s.scalar(stmt) or 0)


def fetch_opportunities(
    ctx: AppContext, f: OpportunityFilter, offset: int, limit: int | None
) -> list[OpportunityRow]:
    """One block of the filtered, sorted opportunities (ties broken by number)."""
    stmt = _ordered(base_query().where(*_conditions(f)), f).offset(offset)
    if limit:
        stmt = stmt.limit(limit)
    with ctx.db.read() as s:
        return [to_row(o, e, n, c) for o, e, n, c in s.execute(stmt)]


def get_opportunity(ctx: AppContext, no: str) -> OpportunityRow:
    """One opportunity with its active entry's values (NotFoundError when gone)."""
    with ctx.db.read() as s:
        return row_in(s, get_in(s, no).no)


def list_entries(ctx: AppContext, no: str) -> list[EntryRow]:
    """The opportunity's history: every entry, oldest first."""
    with ctx.db.read() as s:
        rows = s.scalars(
            select(m.OpportunityEntry)
            .where(m.OpportunityEntry.opportunity_no == no)
            .order_by(m.OpportunityEntry.entry_no)
        )
        return [entry_row(e) for e in rows]


@dataclass(frozen=True)
class StageFigures:
    """One bar of the pipeline: open opportunities at a stage."""

    stage: int
    description: str
    count: int
    estimated_value: Decimal
    current_value: Decimal


def pipeline(ctx: AppContext, f: OpportunityFilter | None = None) -> list[StageFigures]:
    """Open opportunities per stage of the filter's sales cycle (per stage number over all
    cycles when none is given): count, estimated and current value. Every stage of the cycle is
    there, also one without opportunities."""
    base = f or OpportunityFilter()
    flt = OpportunityFilter(
        salesperson_code=base.salesperson_code,
        sales_cycle_code=base.sales_cycle_code,
        closing_month=base.closing_month,
        status=rules.IN_PROGRESS,
        contact_no=base.contact_no,
    )
    opp = m.Opportunity
    entry = m.OpportunityEntry
    stmt = (
        select(
            entry.sales_cycle_stage,
            func.count(),
            func.sum(entry.estimated_value),
            func.sum(entry.calcd_current_value),
        )
        .select_from(opp)
        .join(entry, and_(entry.opportunity_no == opp.no, entry.active.is_(True)))
        .where(*_conditions(flt))
        .group_by(entry.sales_cycle_stage)
    )
    with ctx.db.read() as s:
        found = {
            stage: (int(n), _amount(est), _amount(cur))
            for stage, n, est, cur in s.execute(stmt)
            if stage is not None
        }
        names: dict[int, str] = {}
        stage_q = select(m.SalesCycleStage.stage, m.SalesCycleStage.description)
        if base.sales_cycle_code:
            stage_q = stage_q.where(m.SalesCycleStage.sales_cycle_code == base.sales_cycle_code)
        for stage, desc in s.execute(stage_q.order_by(m.SalesCycleStage.stage)):
            names.setdefault(stage, desc if base.sales_cycle_code else "")
    out = []
    zero = Decimal("0.00")
    for stage in sorted(set(names) | set(found)):
        n, est, cur = found.get(stage, (0, zero, zero))
        out.append(StageFigures(stage, names.get(stage, ""), n, est, cur))
    return out


@dataclass(frozen=True)
class MonthFigures:
    """One month of the won/lost chart."""

    year: int
    month: int
    won_count: int
    won_value: Decimal
    lost_count: int
    lost_value: Decimal


def won_lost_by_month(
    ctx: AppContext, until: dt.date, months: int = 12, f: OpportunityFilter | None = None
) -> list[MonthFigures]:
    """Opportunities closed as Won or Lost per month, the `months` months up to `until`'s month:
    count and value (won: the sales; lost: the estimated value that was lost)."""
    base = f or OpportunityFilter()
    first_index = until.year * 12 + until.month - 1 - (months - 1)
    start = dt.date(first_index // 12, first_index % 12 + 1, 1)
    end = _month_bounds(until.year, until.month)[1]
    opp = m.Opportunity
    entry = m.OpportunityEntry
    flt = OpportunityFilter(
        salesperson_code=base.salesperson_code, sales_cycle_code=base.sales_cycle_code
    )
    stmt = (
        select(
            opp.status,
            func.strftime("%Y-%m", opp.date_closed),
            func.count(),
            func.sum(entry.calcd_current_value),
            func.sum(entry.estimated_value),
        )
        .select_from(opp)
        .join(entry, and_(entry.opportunity_no == opp.no, entry.active.is_(True)))
        .where(
            opp.status.in_((rules.WON, rules.LOST)),
            opp.date_closed >= start,
            opp.date_closed < end,
            *_conditions(flt),
        )
        .group_by(opp.status, func.strftime("%Y-%m", opp.date_closed))
    )
    zero = Decimal("0.00")
    table: dict[tuple[int, int], list[object]] = {}
    for i in range(months):
        index = first_index + i
        table[(index // 12, index % 12 + 1)] = [0, zero, 0, zero]
    with ctx.db.read() as s:
        for status, ym, n, cur, est in s.execute(stmt):
            key = (int(ym[:4]), int(ym[5:7]))
            if key not in table:
                continue
            if status == rules.WON:
                table[key][0] = int(n)
                table[key][1] = _amount(cur)
            else:
                table[key][2] = int(n)
                table[key][3] = _amount(est)
    return [
        MonthFigures(y, mo, int(v[0]), v[1], int(v[2]), v[3])  # type: ignore[arg-type, call-overload]
        for (y, mo), v in table.items()
    ]


@dataclass(frozen=True)
class ContactFigures:
    """A contact's opportunity figures (BC Contact: No. of Opportunities, Estimated Value (LCY),
    Calcd. Current Value (LCY)); a company's count those of its persons too."""

    count: int
    estimated_value: Decimal
    current_value: Decimal
    open_count: int


def contact_figures(ctx: AppContext, contact_no: str) -> ContactFigures:
    """Over the active entries of the contact's opportunities (closed ones included, as BC)."""
    entry = m.OpportunityEntry
    opp = m.Opportunity
    with ctx.db.read() as s:
        contact = s.get(m.Contact, contact_no)
        is_company = contact is not None and contact.type == "company"
        who = (
            entry.contact_company_no == contact_no if is_company else entry.contact_no == contact_no
        )
        n, est, cur = s.execute(
            select(
                func.count(),
                func.sum(entry.estimated_value),
                func.sum(entry.calcd_current_value),
            ).where(entry.active.is_(True), who)
        ).one()
        opp_who = (
            opp.contact_company_no == contact_no if is_company else opp.contact_no == contact_no
        )
        open_n = s.scalar(
            select(func.count()).select_from(opp).where(opp_who, opp.status.in_(OPEN_STATUSES))
        )
    return ContactFigures(int(n), _amount(est), _amount(cur), int(open_n or 0))


def cycle_statistics(ctx: AppContext, cycle_code: str) -> list[StageFigures]:
    """The sales cycle's statistics: open opportunities per stage with their values."""
    return pipeline(ctx, OpportunityFilter(sales_cycle_code=cycle_code))


def close_codes(ctx: AppContext, taken: str | None = None) -> list[tuple[str, str, str]]:
    """Close opportunity codes (code, type, description), of one type when given."""
    with ctx.db.read() as s:
        stmt = select(m.CloseOpportunityCode).order_by(m.CloseOpportunityCode.code)
        if taken:
            stmt = stmt.where(m.CloseOpportunityCode.type == taken)
        return [(c.code, c.type, c.description) for c in s.scalars(stmt)]


def salespeople(ctx: AppContext) -> list[tuple[str, str]]:
    """Salespeople not blocked (code, name), for the filters and the wizard."""
    with ctx.db.read() as s:
        return [
            (p.code, p.name)
            for p in s.scalars(
                select(m.Salesperson)
                .where(m.Salesperson.blocked.is_(False))
                .order_by(m.Salesperson.code)
            )
        ]


def sales_cycles(ctx: AppContext) -> list[tuple[str, str, bool]]:
    """Every sales cycle (code, description, blocked)."""
    with ctx.db.read() as s:
        return [
            (c.code, c.description, c.blocked)
            for c in s.scalars(select(m.SalesCycle).order_by(m.SalesCycle.code))
        ]


def default_sales_cycle(ctx: AppContext) -> str:
    """Marketing Setup's Default Sales Cycle Code when it exists and is not blocked, else ''."""
    with ctx.db.read() as s:
        setup = s.get(m.MarketingSetup, 1)
        code = setup.default_sales_cycle_code if setup else None
        cycle = s.get(m.SalesCycle, code) if code else None
        return cycle.code if cycle is not None and not cycle.blocked else ""
