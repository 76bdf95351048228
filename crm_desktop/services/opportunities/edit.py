"""Creating, changing and deleting opportunities (the Create Opportunity wizard and the card)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from crm_desktop.domain import opportunities as rules
from crm_desktop.domain.codes import check_text, normalize_code
from crm_desktop.domain.errors import (
    DOES_NOT_EXIST,
    MUST_HAVE_VALUE,
    ConflictError,
    NotFoundError,
    ValidationError,
)
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.numbering.issuing import issue_next
from crm_desktop.services.opportunities.entries import insert_entry
from crm_desktop.services.opportunities.rows import (
    OpportunityRow,
    active_entry,
    get_in,
    row_in,
    stages_in,
)
from crm_desktop.services.setup import work_date
from crm_desktop.storage import models as m

OPPORTUNITY_NOS = QT_TRANSLATE_NOOP("setup", "Opportunity Nos.")
MARKETING_SETUP = QT_TRANSLATE_NOOP("masterdata", "Marketing Setup")
CONTACT_TABLE = QT_TRANSLATE_NOOP("opportunities", "Contact")
SALESPERSON_TABLE = QT_TRANSLATE_NOOP("opportunities", "Salesperson/Purchaser")
SALES_CYCLE_TABLE = QT_TRANSLATE_NOOP("opportunities", "Sales Cycle")
SALESPERSON_BLOCKED = QT_TRANSLATE_NOOP(
    "errors", "Salesperson {code} is blocked: choose another salesperson."
)
OTHER_COMPANY = QT_TRANSLATE_NOOP("errors", "Contact {no} {name} is related to another company.")
CYCLE_FIXED = QT_TRANSLATE_NOOP(
    "errors", "The sales cycle of opportunity {no} cannot change once its first stage is active."
)
DOCUMENT_TAKEN = QT_TRANSLATE_NOOP(
    "errors", "Sales {type} {doc} is already assigned to opportunity {no}."
)
NOT_A_PRIORITY = QT_TRANSLATE_NOOP("errors", "Priority cannot be {value}.")
PRIORITY_VALUES = {p for p, _ in rules.PRIORITIES}


@dataclass(frozen=True)
class WizardDefaults:
    """What the Create Opportunity wizard starts with (BC CreateOppFromOpp, SetDefaultSalesCycle)."""

    contact_no: str
    contact_name: str
    salesperson_code: str
    sales_cycle_code: str
    creation_date: dt.date
    sales_cycles: tuple[tuple[str, str], ...]  # (code, description) of the cycles not blocked
    first_stage_chances: Decimal


@dataclass(frozen=True)
class NewOpportunity:
    """What the Create Opportunity wizard asks."""

    contact_no: str
    description: str
    sales_cycle_code: str = ""
    salesperson_code: str = ""
    priority: str = "normal"
    creation_date: dt.date | None = None
    activate_first_stage: bool = False
    estimated_value: Decimal = Decimal(0)
    chances_of_success: Decimal = Decimal(0)
    estimated_close_date: dt.date | None = None


def _default_cycle(s: Session) -> str:
    setup = s.get(m.MarketingSetup, 1)
    code = setup.default_sales_cycle_code if setup else None
    if code:
        cycle = s.get(m.SalesCycle, code)
        if cycle is not None and not cycle.blocked:
            return cycle.code
    return ""


def _my_salesperson(s: Session) -> str:
    row = s.get(m.UserSetup, 1)
    return (row.salesperson_code or "") if row else ""


def _contact(s: Session, no: str) -> m.Contact:
    code = (no or "").strip().upper()
    if not code:
        raise ValidationError(rules.NO_CONTACT, field="contact_no")
    contact = s.get(m.Contact, code)
    if contact is None:
        raise NotFoundError(DOES_NOT_EXIST, field="contact_no", table=CONTACT_TABLE, code=code)
    return contact


def wizard_defaults(ctx: AppContext, contact_no: str) -> WizardDefaults:
    """The wizard's starting values for a contact: the default sales cycle when it exists and is
    not blocked, the contact's salesperson or else mine, the work date."""
    on = work_date(ctx)
    with ctx.db.read() as s:
        contact = _contact(s, contact_no)
        cycle = _default_cycle(s)
        cycles = tuple(
            (c.code, c.description)
            for c in s.scalars(
                select(m.SalesCycle)
                .where(m.SalesCycle.blocked.is_(False))
                .order_by(m.SalesCycle.code)
            )
        )
        stages = stages_in(s, cycle) if cycle else []
        return WizardDefaults(
            contact_no=contact.no,
            contact_name=contact.name,
            salesperson_code=contact.salesperson_code or _my_salesperson(s),
            sales_cycle_code=cycle,
            creation_date=on,
            sales_cycles=cycles,
            first_stage_chances=stages[0].chances_of_success_percent if stages else Decimal(0),
        )


def _check_salesperson(s: Session, code: str) -> str:
    code = normalize_code(
        code, max_len=20, field="salesperson_code", caption=rules.SALESPERSON_CODE
    )
    if not code:
        raise ValidationError(
            rules.MUST_FILL_IN, field="salesperson_code", field_caption=rules.SALESPERSON_CODE
        )
    sp = s.get(m.Salesperson, code)
    if sp is None:
        raise NotFoundError(
            DOES_NOT_EXIST, field="salesperson_code", table=SALESPERSON_TABLE, code=code
        )
    if sp.blocked:
        raise ValidationError(SALESPERSON_BLOCKED, field="salesperson_code", code=code)
    return code


def _check_cycle(s: Session, code: str) -> str:
    code = normalize_code(
        code, max_len=10, field="sales_cycle_code", caption=rules.SALES_CYCLE_CODE
    )
    if not code:
        raise ValidationError(
            rules.MUST_FILL_IN, field="sales_cycle_code", field_caption=rules.SALES_CYCLE_CODE
        )
    cycle = s.get(m.SalesCycle, code)
    if cycle is None:
        raise NotFoundError(
            DOES_NOT_EXIST, field="sales_cycle_code", table=SALES_CYCLE_TABLE, code=code
        )
    if cycle.blocked:
        raise ValidationError(rules.SALES_CYCLE_BLOCKED, field="sales_cycle_code", code=code)
    return code


def _next_no(s: Session, on: dt.date) -> tuple[str, str]:
    setup = s.get(m.MarketingSetup, 1)
    series = (setup.opportunity_nos if setup else None) or ""
    if not series:
        raise ValidationError(
            MUST_HAVE_VALUE,
            field="opportunity_nos",
            field_caption=OPPORTUNITY_NOS,
            table=MARKETING_SETUP,
        )
    while True:
        no = issue_next(s, series, on)
        if s.get(m.Opportunity, no) is None:
            return no, series


def create_in(s: Session, new: NewOpportunity, on: dt.date) -> m.Opportunity:
    """The wizard's Finish inside the caller's transaction (see `create_opportunity`)."""
    creation = new.creation_date or on
    description = check_text(
        new.description, max_len=100, field="description", caption=rules.DESCRIPTION
    )
    if not description.strip():
        raise ValidationError(
            rules.MUST_FILL_IN, field="description", field_caption=rules.DESCRIPTION
        )
    contact = _contact(s, new.contact_no)
    salesperson = new.salesperson_code or contact.salesperson_code or _my_salesperson(s)
    salesperson = _check_salesperson(s, salesperson)
    cycle = _check_cycle(s, new.sales_cycle_code)
    if new.priority not in PRIORITY_VALUES:
        raise ValidationError(NOT_A_PRIORITY, field="priority", value=new.priority)
    stages = stages_in(s, cycle)
    if new.activate_first_stage:
        rules.check_estimates(
            new.estimated_value, new.chances_of_success, new.estimated_close_date, creation
        )
    no, series = _next_no(s, creation)
    opp = m.Opportunity(
        no=no,
        description=description,
        salesperson_code=salesperson,
        contact_no=contact.no,
        contact_company_no=contact.company_no,
        sales_cycle_code=cycle,
        creation_date=creation,
        status=rules.NOT_STARTED,
        priority=new.priority,
        no_series=series,
        last_modified=dt.datetime.now(),
    )
    s.add(opp)
    s.flush()
    if new.activate_first_stage:
        if not stages:
            raise ValidationError(rules.FIRST_STAGE_NOT_FOUND, field="sales_cycle_code")
        insert_entry(
            s,
            opp,
            stage=stages[0],
            action_type=rules.FIRST,
            taken="",
            date_of_change=on,
            estimated_value=new.estimated_value,
            chances_of_success=new.chances_of_success,
            estimated_close_date=new.estimated_close_date,
        )
    return opp


LinkIn = Callable[[Session, str], None]


def create_opportunity(
    ctx: AppContext, new: NewOpportunity, *, link_in: LinkIn | None = None
) -> OpportunityRow:
    """The Create Opportunity wizard's Finish, in one transaction: BC's checks (description,
    contact, salesperson, sales cycle not blocked; with Activate First Stage an Estimated Value
    and Chances of Success above 0 and a closing date not before today), then the number from
    Opportunity Nos. and, when asked, the first stage. Raises ValidationError with BC's texts
    ("You must fill in the Sales Cycle Code field.", "Opportunity Nos. must have a value in
    Marketing Setup.", ...), NotFoundError, or a numbering error; nothing is saved then.

    `link_in(session, no)` runs in the same transaction after the opportunity exists: the
    interaction log passes one that stores the number on the entry it was made from (the wizard
    from an interaction log entry), so both are saved or neither."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        opp = create_in(s, new, on)
        if link_in is not None:
            link_in(s, opp.no)
        return row_in(s, opp.no)


@dataclass(frozen=True)
class InteractionSource:
    """The interaction log entry an opportunity is made from (the interactions issue passes it)."""

    description: str
    contact_no: str
    salesperson_code: str = ""


def create_from_interaction_in(s: Session, source: InteractionSource, on: dt.date) -> str:
    """BC CreateFromInteractionLogEntry inside the caller's transaction: an opportunity with the
    entry's description, contact and salesperson and the default sales cycle, not started. The
    interaction log service then stores the returned number on its entry."""
    opp = create_in(
        s,
        NewOpportunity(
            contact_no=source.contact_no,
            description=source.description,
            sales_cycle_code=_default_cycle(s),
            salesperson_code=source.salesperson_code,
        ),
        on,
    )
    return opp.no


def activate_first_stage(ctx: AppContext, no: str) -> OpportunityRow:
    """Activate the first stage of a not started opportunity (BC StartActivateFirstStage).
    Raises ValidationError ("Sales Cycle Stage not found.", not started required)."""
    on = work_date(ctx)
    with ctx.db.uow() as s:
        opp = get_in(s, no)
        if not opp.sales_cycle_code:
            raise ValidationError(
                rules.MUST_FILL_IN, field="sales_cycle_code", field_caption=rules.SALES_CYCLE_CODE
            )
        if opp.status != rules.NOT_STARTED:
            raise ValidationError(rules.NOT_STARTED_REQUIRED, field="status", no=opp.no)
        stages = stages_in(s, opp.sales_cycle_code)
        if not stages:
            raise ValidationError(rules.FIRST_STAGE_NOT_FOUND, field="sales_cycle_code")
        insert_entry(
            s,
            opp,
            stage=stages[0],
            action_type=rules.FIRST,
            taken="",
            date_of_change=on,
            estimated_value=Decimal(0),
            chances_of_success=Decimal(0),
            estimated_close_date=None,
        )
        return row_in(s, opp.no)


EDITABLE = ("description", "priority", "salesperson_code", "sales_cycle_code", "contact_no")


def update_opportunity(ctx: AppContext, no: str, changes: dict[str, Any]) -> OpportunityRow:
    """Change the card's fields in one transaction. A new salesperson goes onto the active entry
    too; the sales cycle changes only before the first stage; a started opportunity keeps to
    contacts of its company ("Contact %1 %2 is related to another company.")."""
    with ctx.db.uow() as s:
        opp = get_in(s, no)
        for name in changes:
            if name not in EDITABLE:
                raise ValidationError(NOT_A_PRIORITY, field=name, value=name)
        if "description" in changes:
            text = check_text(
                changes["description"], max_len=100, field="description", caption=rules.DESCRIPTION
            )
            if not text.strip():
                raise ValidationError(
                    rules.MUST_FILL_IN, field="description", field_caption=rules.DESCRIPTION
                )
            opp.description = text
        if "priority" in changes:
            if changes["priority"] not in PRIORITY_VALUES:
                raise ValidationError(NOT_A_PRIORITY, field="priority", value=changes["priority"])
            opp.priority = changes["priority"]
        entry = active_entry(s, opp.no)
        if "salesperson_code" in changes:
            opp.salesperson_code = _check_salesperson(s, changes["salesperson_code"])
            if entry is not None:
                entry.salesperson_code = opp.salesperson_code
        if "sales_cycle_code" in changes:
            code = _check_cycle(s, changes["sales_cycle_code"])
            if code != opp.sales_cycle_code and opp.status != rules.NOT_STARTED:
                raise ValidationError(CYCLE_FIXED, field="sales_cycle_code", no=opp.no)
            opp.sales_cycle_code = code
        if "contact_no" in changes:
            contact = _contact(s, changes["contact_no"])
            if contact.company_no != opp.contact_company_no and opp.status != rules.NOT_STARTED:
                raise ValidationError(
                    OTHER_COMPANY, field="contact_no", no=contact.no, name=contact.name
                )
            opp.contact_no = contact.no
            opp.contact_company_no = contact.company_no
            if entry is not None:
                entry.contact_no = contact.no
                entry.contact_company_no = contact.company_no
        opp.last_modified = dt.datetime.now()
        s.flush()
        return row_in(s, opp.no)


def delete_opportunity(ctx: AppContext, no: str) -> None:
    """Delete an opportunity and its entries; refused while it is in progress ("You cannot
    delete this opportunity while it is active.")."""
    with ctx.db.uow() as s:
        opp = get_in(s, no)
        rules.check_delete(opp.status)
        s.execute(delete(m.OpportunityEntry).where(m.OpportunityEntry.opportunity_no == opp.no))
        s.delete(opp)


def link_sales_document_in(s: Session, no: str, doc_type: str, doc_no: str | None) -> None:
    """Point the opportunity at its sales document (the documents issue calls this when a quote
    is made from it, made into an order, invoiced). A document belongs to one opportunity."""
    opp = get_in(s, no)
    if doc_no:
        other = s.scalar(
            select(m.Opportunity.no).where(
                m.Opportunity.sales_document_type == doc_type,
                m.Opportunity.sales_document_no == doc_no,
                m.Opportunity.no != opp.no,
            )
        )
        if other is not None:
            raise ConflictError(
                DOCUMENT_TAKEN, field="sales_document_no", type=doc_type, doc=doc_no, no=other
            )
    s.execute(
        update(m.Opportunity)
        .where(m.Opportunity.no == opp.no)
        .values(sales_document_type=doc_type if doc_no else "", sales_document_no=doc_no or None)
    )
    s.expire(opp)
