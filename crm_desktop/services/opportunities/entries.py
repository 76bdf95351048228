"""Writing opportunity entries: the one active entry per opportunity (BC InsertEntry)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from crm_desktop.domain import opportunities as rules
from crm_desktop.services.opportunities.rows import active_entry
from crm_desktop.storage import models as m


def insert_entry(
    s: Session,
    opp: m.Opportunity,
    *,
    stage: rules.Stage | None,
    action_type: str,
    taken: str,
    date_of_change: dt.date,
    estimated_value: Decimal,
    chances_of_success: Decimal,
    estimated_close_date: dt.date | None,
    current: Decimal = Decimal(0),
    close_code: str | None = None,
    quote_amount: Decimal | None = None,
) -> m.OpportunityEntry:
    """Close the active entry (its Days Open) and add the new active one with UpdateEstimates'
    values; the opportunity's status follows (BC OnInsert of Opportunity Entry)."""
    previous = active_entry(s, opp.no)
    calculation = "multiply"
    if opp.sales_cycle_code:
        cycle = s.get(m.SalesCycle, opp.sales_cycle_code)
        if cycle is not None:
            calculation = cycle.probability_calculation
    old = previous
    est = rules.update_estimates(
        stage=stage,
        calculation=calculation,
        action_type=action_type,
        taken=taken,
        estimated_value=estimated_value,
        chances_of_success=chances_of_success,
        current=current,
        date_of_change=date_of_change,
        estimated_close_date=estimated_close_date,
        quote_amount=quote_amount,
        completed=old.completed_percent if old is not None and stage is None else Decimal(0),
        probability_percent=old.probability_percent
        if old is not None and stage is None
        else Decimal(0),
    )
    if previous is not None:
        previous.active = False
        previous.days_open = rules.days_open(previous.date_of_change, date_of_change)
        s.flush()
    entry = m.OpportunityEntry(
        opportunity_no=opp.no,
        sales_cycle_code=opp.sales_cycle_code,
        sales_cycle_stage=stage.stage if stage is not None else None,
        sales_cycle_stage_description=stage.description if stage is not None else "",
        previous_sales_cycle_stage=previous.sales_cycle_stage if previous is not None else None,
        contact_no=opp.contact_no,
        contact_company_no=opp.contact_company_no,
        salesperson_code=opp.salesperson_code,
        date_of_change=date_of_change,
        active=True,
        action_type=action_type,
        action_taken=taken,
        estimated_value=rules.money(estimated_value),
        calcd_current_value=est.current_value,
        completed_percent=est.completed,
        chances_of_success_percent=est.chances_of_success,
        probability_percent=est.probability,
        close_opportunity_code=close_code,
        estimated_close_date=est.estimated_close_date,
    )
    if taken in (rules.WON, rules.LOST):
        opp.status = taken
        opp.closed = True
        opp.date_closed = date_of_change
        entry.date_closed = date_of_change
        entry.estimated_close_date = date_of_change
    else:
        opp.status = rules.IN_PROGRESS
    opp.last_modified = dt.datetime.now()
    s.add(entry)
    s.flush()
    return entry
