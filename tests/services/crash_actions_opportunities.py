"""Crash-harness actions of the opportunities capability (issue 21): a stage update and a close.

Used by tests/services/crash_actions.py (see its docstring for the protocol). Both check the
data alone: every opportunity has exactly one active entry, the entries chain from stage to stage,
and a closed opportunity is closed in every table its close touches (the entry, the opportunity
and, for Won, the customer made for its company), or not at all.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from crm_desktop.services.app import AppContext
from crm_desktop.storage import models as m

ON = dt.date(2026, 11, 27)
STAGE_OPPS = 3
CLOSE_COMPANIES = 4


def _tag_no(tag: str) -> int:
    return int(tag.rsplit("-", 1)[1])


def _has(module: str, *names: str) -> bool:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return False
    return all(hasattr(mod, n) for n in names)


def _new(ctx: AppContext, contact_no: str, description: str) -> str:
    from crm_desktop.services import opportunities as opps

    return opps.create_opportunity(
        ctx,
        opps.NewOpportunity(
            contact_no=contact_no,
            description=description,
            sales_cycle_code="NEW",
            salesperson_code="KILLOPP",
            activate_first_stage=True,
            estimated_value=Decimal("1000.00"),
            chances_of_success=Decimal(50),
            estimated_close_date=ON + dt.timedelta(days=30),
        ),
    ).no


def _prepare_salesperson(ctx: AppContext) -> None:
    from crm_desktop.services import masterdata, setup

    with ctx.db.read() as s:
        if s.get(m.Salesperson, "KILLOPP") is not None:
            return
    masterdata.save_row(ctx, "salesperson", {"code": "KILLOPP", "name": "Kill Opp"})
    setup.update_user_setup(ctx, work_date=ON)


def _entry_problems(ctx: AppContext, like: str, name: str) -> list[str]:
    """Each matching opportunity: exactly one active entry, a chain of previous stages, and a
    status that matches its active entry."""
    problems: list[str] = []
    with ctx.db.read() as s:
        opps = list(s.scalars(select(m.Opportunity).where(m.Opportunity.description.like(like))))
        for opp in opps:
            entries = list(
                s.scalars(
                    select(m.OpportunityEntry)
                    .where(m.OpportunityEntry.opportunity_no == opp.no)
                    .order_by(m.OpportunityEntry.entry_no)
                )
            )
            active = [e for e in entries if e.active]
            if len(active) != 1 or active[0] is not entries[-1]:
                problems.append(f"{name}: {opp.no} has {len(active)} active entries")
                continue
            for before, after in zip(entries, entries[1:], strict=False):
                if after.previous_sales_cycle_stage != before.sales_cycle_stage:
                    problems.append(f"{name}: {opp.no} entry {after.entry_no} breaks the chain")
            last = entries[-1]
            wanted = last.action_taken if last.action_taken in ("won", "lost") else "in_progress"
            if opp.status != wanted or opp.closed != (wanted != "in_progress"):
                problems.append(f"{name}: {opp.no} is {opp.status} but its entry is {wanted}")
    return problems


@dataclass
class StageUpdate:
    """Move an opportunity to the next stage, or jump back to the first from the last."""

    name: str = "opp_stage"

    def missing(self) -> str | None:
        if not _has("crm_desktop.services.opportunities", "move_stage", "create_opportunity"):
            return "opportunities.move_stage/create_opportunity"
        return None

    def prepare(self, ctx: AppContext) -> None:
        from crm_desktop.services import contacts

        _prepare_salesperson(ctx)
        company = contacts.create_contact(ctx, {"type": "company", "name": "Kill Stage Co"})
        for i in range(STAGE_OPPS):
            _new(ctx, company.contact.no, f"KillStage {i}")

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.domain import opportunities as rules
        from crm_desktop.services import opportunities as opps

        rows = opps.list_opportunities(ctx, opps.OpportunityFilter(text="KillStage"))
        row = sorted(rows, key=lambda r: r.no)[_tag_no(tag) % STAGE_OPPS]
        action = rules.NEXT if (row.current_stage or 1) < 5 else rules.JUMP
        stage = None if action == rules.NEXT else 1
        opps.move_stage(
            ctx,
            row.no,
            rules.Move(action, stage, ON, Decimal(_tag_no(tag)), Decimal(50), None),
        )

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        problems = _entry_problems(ctx, "KillStage %", self.name)
        with ctx.db.read() as s:
            entries = s.scalar(
                select(func.count())
                .select_from(m.OpportunityEntry)
                .join(m.Opportunity, m.Opportunity.no == m.OpportunityEntry.opportunity_no)
                .where(m.Opportunity.description.like("KillStage %"))
            )
        allowed = {STAGE_OPPS + len(done)} | ({STAGE_OPPS + len(done) + 1} if inflight else set())
        if entries not in allowed:
            problems.append(f"{self.name}: {entries} entries, expected one of {sorted(allowed)}")
        return problems


@dataclass
class CloseOpportunity:
    """Close an open opportunity as Won (making its company a customer the first time) or Lost;
    when a company has no open one, a new one is created first (its own transaction)."""

    name: str = "opp_close"

    def missing(self) -> str | None:
        if not _has("crm_desktop.services.opportunities", "close_opportunity"):
            return "opportunities.close_opportunity"
        return None

    def prepare(self, ctx: AppContext) -> None:
        from crm_desktop.services import contacts

        _prepare_salesperson(ctx)
        for i in range(CLOSE_COMPANIES):
            company = contacts.create_contact(ctx, {"type": "company", "name": f"Kill Close {i}"})
            _new(ctx, company.contact.no, f"KillClose {i}")

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.domain import opportunities as rules
        from crm_desktop.services import opportunities as opps

        n = _tag_no(tag)
        with ctx.db.read() as s:
            company_no = str(
                s.scalar(select(m.Contact.no).where(m.Contact.name == f"Kill Close {n % 4}"))
            )
        open_rows = opps.list_opportunities(
            ctx, opps.OpportunityFilter(contact_no=company_no, status="in_progress")
        )
        no = open_rows[0].no if open_rows else _new(ctx, company_no, f"KillClose {n % 4}")
        won = n % 2 == 0
        opps.close_opportunity(
            ctx,
            no,
            opps.Close(
                rules.WON if won else rules.LOST,
                "WON" if won else "PRICE",
                ON,
                Decimal("900.00") if won else Decimal(0),
                create_customer=True,
            ),
        )

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        problems = _entry_problems(ctx, "KillClose %", self.name)
        with ctx.db.read() as s:
            closed = s.scalar(
                select(func.count())
                .select_from(m.Opportunity)
                .where(
                    m.Opportunity.description.like("KillClose %"), m.Opportunity.closed.is_(True)
                )
            )
            won_companies = set(
                s.scalars(
                    select(m.Opportunity.contact_no).where(
                        m.Opportunity.description.like("KillClose %"),
                        m.Opportunity.status == "won",
                    )
                )
            )
            customers = list(
                s.scalars(
                    select(m.ContactBusinessRelation.contact_no)
                    .join(m.Contact, m.Contact.no == m.ContactBusinessRelation.contact_no)
                    .where(
                        m.Contact.name.like("Kill Close %"),
                        m.ContactBusinessRelation.link_to_table == "customer",
                    )
                )
            )
        allowed = {len(done)} | ({len(done) + 1} if inflight else set())
        if closed not in allowed:
            problems.append(f"{self.name}: {closed} closed, expected one of {sorted(allowed)}")
        if sorted(customers) != sorted(won_companies):
            problems.append(
                f"{self.name}: customers {sorted(customers)} but won {sorted(won_companies)}"
            )
        return problems


ACTIONS = (StageUpdate(), CloseOpportunity())
HALF_DONE = {
    "opp_stage": "UPDATE opportunity_entry SET active = 0 WHERE entry_no = (SELECT max(e.entry_no) "
    "FROM opportunity_entry e JOIN opportunity o ON o.no = e.opportunity_no "
    "WHERE o.description LIKE 'KillStage %')",
    "opp_close": "UPDATE opportunity SET status = 'won', closed = 1 WHERE no = (SELECT min(no) "
    "FROM opportunity WHERE description LIKE 'KillClose %')",
}
