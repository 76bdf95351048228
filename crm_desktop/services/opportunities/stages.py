"""Working an opportunity: the Update wizard's stage moves and the Close wizard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain import opportunities as rules
from crm_desktop.domain.errors import DOES_NOT_EXIST, ConflictError, NotFoundError, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.opportunities.entries import insert_entry
from crm_desktop.services.opportunities.rows import (
    OpportunityRow,
    active_entry,
    get_in,
    row_in,
    stages_in,
)
from crm_desktop.services.setup import work_date
from crm_desktop.services.sync.from_contact import create_as_in
from crm_desktop.storage import models as m

CLOSE_CODE_TABLE = QT_TRANSLATE_NOOP("opportunities", "Close Opportunity Code")
CUSTOMER_QUESTION = QT_TRANSLATE_NOOP(
    "errors",
    "Contact {no} {name} is not a customer yet. Create a customer for it with the Marketing "
    "Setup template?",
)
ACTION_CAPTIONS = dict(rules.ACTION_TYPES)


@dataclass(frozen=True)
class UpdateChoices:
    """What the Update wizard offers: per action its stages, the action it proposes, and the
    values it starts with (those of the active entry)."""

    options: rules.StageOptions
    date_of_change: dt.date
    last_date_of_change: dt.date | None
    estimated_value: Decimal
    chances_of_success: Decimal
    estimated_close_date: dt.date | None
    sales_cycle_code: str


def _check_open(opp: m.Opportunity) -> None:
    if opp.closed:
        raise ValidationError(rules.ALREADY_CLOSED, field="status", no=opp.no)


def update_choices(ctx: AppContext, no: str) -> UpdateChoices:
    """The Update wizard's starting point (BC UpdateOppFromOpp + CreateStageList). The date of
    change is the work date, or the last change's date when that is later."""
    on = work_date(ctx)
    with ctx.db.read() as s:
        opp = get_in(s, no)
        _check_open(opp)
        entry = active_entry(s, opp.no)
        stages = stages_in(s, opp.sales_cycle_code or "")
        last = entry.date_of_change if entry else None
        return UpdateChoices(
            options=rules.stage_options(stages, entry.sales_cycle_stage if entry else None),
            date_of_change=max(on, last) if last else on,
            last_date_of_change=last,
            estimated_value=entry.estimated_value if entry else Decimal(0),
            chances_of_success=entry.chances_of_success_percent if entry else Decimal(0),
            estimated_close_date=entry.estimated_close_date if entry else None,
            sales_cycle_code=opp.sales_cycle_code or "",
        )


def move_in(s: Session, no: str, move: rules.Move) -> m.OpportunityEntry:
    """A stage move inside the caller's transaction (see `move_stage`)."""
    opp = get_in(s, no)
    _check_open(opp)
    entry = active_entry(s, opp.no)
    stages = stages_in(s, opp.sales_cycle_code or "")
    options = rules.stage_options(stages, entry.sales_cycle_stage if entry else None)
    if move.estimated_close_date is None and entry is not None:
        move = rules.Move(
            move.action,
            move.stage,
            move.date_of_change,
            move.estimated_value,
            move.chances_of_success,
            entry.estimated_close_date,
        )
    has_quote = opp.sales_document_type == "quote" and bool(opp.sales_document_no)
    target = rules.check_move(
        move,
        options,
        sales_cycle_code=opp.sales_cycle_code or "",
        last_date_of_change=entry.date_of_change if entry else None,
        has_quote=has_quote,
        action_caption=ACTION_CAPTIONS.get(move.action, move.action),
    )
    assert move.date_of_change is not None
    return insert_entry(
        s,
        opp,
        stage=target,
        action_type=move.action,
        taken=rules.action_taken(move.action, target.stage, options),
        date_of_change=move.date_of_change,
        estimated_value=move.estimated_value,
        chances_of_success=move.chances_of_success,
        estimated_close_date=move.estimated_close_date,
    )


def move_stage(ctx: AppContext, no: str, move: rules.Move) -> OpportunityRow:
    """The Update wizard's Finish: First, Next, Previous, Skip, Jump or Update, in one
    transaction. BC's refusals: "There are no stages in sales cycle %1.", a stage the action
    cannot reach, "The Date of Change has to be after last Date of change.", "You cannot go to
    this stage before you have assigned a sales quote.", "%1 must be greater than 0.",
    "The Estimated closing date has to be later than this change."."""
    with ctx.db.uow() as s:
        move_in(s, no, move)
        return row_in(s, no)


@dataclass(frozen=True)
class Close:
    """What the Close Opportunity wizard asks. `create_customer`: None means "not asked yet"
    (a Won close of a contact without customer then raises CustomerQuestion)."""

    taken: str  # won, lost
    close_code: str
    date_of_change: dt.date | None
    sales: Decimal = Decimal(0)
    create_customer: bool | None = None
    quote_amount: Decimal | None = None  # a linked quote's amount (documents), wins over sales


class CustomerQuestion(ConflictError):
    """Closing as Won would create a customer for the contact: the UI asks, then calls again
    with create_customer set."""


def _customer_holder(s: Session, contact: m.Contact) -> m.Contact:
    # BC TestCust: a person of a company is made a customer through its company.
    if contact.type == "person" and contact.company_no and contact.company_no != contact.no:
        company = s.get(m.Contact, contact.company_no)
        if company is not None:
            return company
    return contact


def _has_customer(s: Session, contact_no: str) -> bool:
    found = s.scalar(
        select(m.ContactBusinessRelation.no).where(
            m.ContactBusinessRelation.contact_no == contact_no,
            m.ContactBusinessRelation.link_to_table == "customer",
        )
    )
    return found is not None


def close_in(
    s: Session, no: str, close: Close, on: dt.date, quote_amount: Decimal | None = None
) -> m.OpportunityEntry:
    """Close inside the caller's transaction (see `close_opportunity`)."""
    opp = get_in(s, no)
    _check_open(opp)
    code = (close.close_code or "").strip().upper()
    code_row = s.get(m.CloseOpportunityCode, code) if code else None
    if code and code_row is None:
        raise NotFoundError(DOES_NOT_EXIST, field="close_code", table=CLOSE_CODE_TABLE, code=code)
    entry = active_entry(s, opp.no)
    rules.check_close(
        close.taken,
        code,
        code_row.type if code_row else None,
        close.date_of_change,
        close.sales if quote_amount is None else quote_amount,
        entry.date_of_change if entry else None,
    )
    assert close.date_of_change is not None
    if close.taken == rules.WON:
        contact = s.get(m.Contact, opp.contact_no)
        assert contact is not None
        holder = _customer_holder(s, contact)
        if not _has_customer(s, holder.no):
            if close.create_customer is None:
                raise CustomerQuestion(
                    CUSTOMER_QUESTION, field="create_customer", no=holder.no, name=holder.name
                )
            if close.create_customer:
                _create_customer_in(s, holder, on)
    return insert_entry(
        s,
        opp,
        stage=None,
        action_type="close",
        taken=close.taken,
        date_of_change=close.date_of_change,
        estimated_value=entry.estimated_value if entry else Decimal(0),
        chances_of_success=entry.chances_of_success_percent if entry else Decimal(0),
        estimated_close_date=close.date_of_change,
        current=close.sales if close.taken == rules.WON else Decimal(0),
        close_code=code,
        quote_amount=quote_amount,
    )


def _create_customer_in(s: Session, holder: m.Contact, on: dt.date) -> None:
    setup = s.get(m.MarketingSetup, 1)
    template = None
    if setup is not None:
        template = (
            setup.cust_template_company_code
            if holder.type == "company"
            else setup.cust_template_person_code
        )
    create_as_in(s, "customer", holder.no, template or None, on)


def close_opportunity(ctx: AppContext, no: str, close: Close) -> OpportunityRow:
    """Close as Won or Lost with a close code and closing date, in one transaction (BC Close
    Opportunity): Won needs sales above 0 ("Sales (LCY) must be greater than 0."), sets 100 %
    and takes that amount (a linked quote's amount once documents exist); Lost sets 0. A Won
    contact without a customer gets one with the Marketing Setup template after the question
    (CustomerQuestion)."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        close_in(s, no, close, on, close.quote_amount)
        return row_in(s, no)
