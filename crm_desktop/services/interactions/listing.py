"""The interaction log as the user reads it: filtered lists (counted, fetched a block at a
time), a contact's timeline (with its comments; a company's includes its persons'), the
statistics on the card, on templates and groups, and the CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from crm_desktop.domain import interactions as rules
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.storage import models as m
from crm_desktop.storage.integrity import create_private_file

_COMPANY = aliased(m.Contact)


@dataclass(frozen=True)
class LogFilter:
    """The log page's filters; blank means any. `contact_no` matches the contact itself,
    `company_no` every entry of the company and its persons. `text` searches description,
    subject and the comments of the contact."""

    contact_no: str = ""
    company_no: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    template_code: str = ""
    salesperson_code: str = ""
    kind: str = ""
    text: str = ""
    include_canceled: bool = True
    postponed: bool = False


@dataclass(frozen=True)
class LogRow:
    """One log entry as listed."""

    entry_no: int
    date: dt.date
    time_of_interaction: dt.time | None
    contact_no: str
    contact_name: str
    contact_company_no: str
    company_name: str
    kind: str
    interaction_template_code: str
    interaction_group_code: str
    description: str
    subject: str
    information_flow: str
    initiated_by: str
    evaluation: str
    salesperson_code: str
    cost_lcy: Decimal
    duration_min: int
    attempt_failed: bool
    canceled: bool
    postponed: bool
    correspondence_type: str
    document_type: str
    document_no: str
    contact_via: str
    user_id: str
    attachment_no: int | None
    campaign_no: str
    segment_no: str
    task_no: str
    opportunity_no: str


@dataclass(frozen=True)
class TimelineItem:
    """A row of the contact card's timeline: an interaction or a comment, newest first."""

    kind: str  # a log kind, or rules.COMMENT_KIND
    date: dt.date
    time_of_interaction: dt.time | None
    contact_no: str
    contact_name: str
    text: str
    detail: str
    entry_no: int | None
    attachment_no: int | None
    canceled: bool

    @property
    def contact(self) -> str:
        """Number and name of the contact it is about."""
        return f"{self.contact_no} {self.contact_name}"


@dataclass(frozen=True)
class Statistics:
    """No. of Interactions, Cost (LCY), Duration (Min.), Date of Last Interaction and Last
    Date Attempted (spec §4.3)."""

    no_of_interactions: int
    cost_lcy: Decimal
    duration_min: int
    date_of_last_interaction: dt.date | None
    last_date_attempted: dt.date | None


E = m.InteractionLogEntry


def _where(stmt: Any, flt: LogFilter) -> Any:
    if flt.contact_no:
        stmt = stmt.where(E.contact_no == flt.contact_no)
    if flt.company_no:
        stmt = stmt.where(E.contact_company_no == flt.company_no)
    if flt.date_from:
        stmt = stmt.where(E.date >= flt.date_from)
    if flt.date_to:
        stmt = stmt.where(E.date <= flt.date_to)
    if flt.template_code:
        stmt = stmt.where(E.interaction_template_code == flt.template_code)
    if flt.salesperson_code:
        stmt = stmt.where(E.salesperson_code == flt.salesperson_code)
    if flt.kind:
        stmt = stmt.where(E.kind == flt.kind)
    if not flt.include_canceled:
        stmt = stmt.where(E.canceled.is_(False))
    stmt = stmt.where(E.postponed.is_(flt.postponed))
    if flt.text.strip():
        like = f"%{flt.text.strip()}%"
        commented = select(m.ContactComment.contact_no).where(m.ContactComment.comment.like(like))
        stmt = stmt.where(
            or_(
                E.description.like(like),
                E.subject.like(like),
                E.contact_via.like(like),
                E.contact_no.in_(commented),
            )
        )
    return stmt


def _rows_stmt(flt: LogFilter) -> Any:
    stmt = (
        select(E, m.Contact.name, func.coalesce(_COMPANY.name, ""))
        .join(m.Contact, m.Contact.no == E.contact_no)
        .outerjoin(_COMPANY, _COMPANY.no == E.contact_company_no)
    )
    return _where(stmt, flt)


def _log_row(e: m.InteractionLogEntry, name: str, company: str) -> LogRow:
    return LogRow(
        e.entry_no,
        e.date,
        e.time_of_interaction,
        e.contact_no,
        name,
        e.contact_company_no or "",
        company,
        e.kind,
        e.interaction_template_code or "",
        e.interaction_group_code or "",
        e.description,
        e.subject,
        e.information_flow,
        e.initiated_by,
        e.evaluation,
        e.salesperson_code or "",
        Decimal(e.cost_lcy),
        e.duration_min,
        e.attempt_failed,
        e.canceled,
        e.postponed,
        e.correspondence_type,
        e.document_type,
        e.document_no,
        e.contact_via,
        e.user_id,
        e.attachment_no,
        e.campaign_no,
        e.segment_no,
        e.task_no,
        e.opportunity_no,
    )


def count_entries(ctx: AppContext, flt: LogFilter) -> int:
    """How many entries the filter shows."""
    with ctx.db.read() as s:
        return int(s.scalar(_where(select(func.count()).select_from(E), flt)) or 0)


def fetch_entries(ctx: AppContext, flt: LogFilter, offset: int, limit: int) -> list[LogRow]:
    """A block of the filtered entries, newest first (date, time, entry no.)."""
    with ctx.db.read() as s:
        stmt = (
            _rows_stmt(flt)
            .order_by(E.date.desc(), E.time_of_interaction.desc(), E.entry_no.desc())
            .offset(offset)
            .limit(limit)
        )
        return [_log_row(e, n, c) for e, n, c in s.execute(stmt).all()]


def get_entry(ctx: AppContext, entry_no: int) -> LogRow | None:
    """One entry (None when it does not exist)."""
    with ctx.db.read() as s:
        found = s.execute(
            select(E, m.Contact.name, func.coalesce(_COMPANY.name, ""))
            .join(m.Contact, m.Contact.no == E.contact_no)
            .outerjoin(_COMPANY, _COMPANY.no == E.contact_company_no)
            .where(E.entry_no == entry_no)
        ).first()
        return _log_row(*found) if found else None


def postponed_entries(ctx: AppContext, contact_no: str = "") -> list[LogRow]:
    """The Postponed Interactions list (of one contact, or all)."""
    return fetch_entries(ctx, LogFilter(contact_no=contact_no, postponed=True), 0, 10_000)


def _scope_in(s: Session, contact_no: str) -> Any:
    contact = s.get(m.Contact, contact_no)
    if contact is not None and contact.type == "company":
        return E.contact_company_no == contact_no
    return E.contact_no == contact_no


def statistics(ctx: AppContext, contact_no: str) -> Statistics:
    """The card's interaction statistics; a company aggregates its persons (spec §4.3)."""
    with ctx.db.read() as s:
        scope = _scope_in(s, contact_no)
        counted = and_(scope, E.canceled.is_(False), E.postponed.is_(False))
        n, cost, duration = s.execute(
            select(
                func.count(),
                func.coalesce(func.sum(E.cost_lcy), 0),
                func.coalesce(func.sum(E.duration_min), 0),
            ).where(counted)
        ).one()
        last = s.scalar(
            select(func.max(E.date)).where(
                scope, E.attempt_failed.is_(False), E.postponed.is_(False)
            )
        )
        attempted = s.scalar(
            select(func.max(E.date)).where(scope, E.initiated_by == "us", E.postponed.is_(False))
        )
        return Statistics(
            int(n), Decimal(str(cost)).quantize(Decimal("0.01")), int(duration), last, attempted
        )


def _sums(ctx: AppContext, column: Any, code: str) -> Statistics:
    with ctx.db.read() as s:
        n, cost, duration = s.execute(
            select(
                func.count(),
                func.coalesce(func.sum(E.cost_lcy), 0),
                func.coalesce(func.sum(E.duration_min), 0),
            ).where(column == code, E.canceled.is_(False), E.postponed.is_(False))
        ).one()
        return Statistics(
            int(n), Decimal(str(cost)).quantize(Decimal("0.01")), int(duration), None, None
        )


def template_statistics(ctx: AppContext, code: str) -> Statistics:
    """No. of Interactions, Cost and Duration of a template (BC's template statistics)."""
    return _sums(ctx, E.interaction_template_code, code)


def group_statistics(ctx: AppContext, code: str) -> Statistics:
    """No. of Interactions, Cost and Duration of an interaction group."""
    return _sums(ctx, E.interaction_group_code, code)


def _timeline_stmt(s: Session, contact_no: str) -> Any:
    contact = s.get(m.Contact, contact_no)
    company = contact is not None and contact.type == "company"
    entry_scope = E.contact_company_no == contact_no if company else E.contact_no == contact_no
    entries = (
        select(
            E.kind.label("kind"),
            E.date.label("date"),
            E.time_of_interaction.label("time"),
            E.contact_no.label("contact_no"),
            m.Contact.name.label("contact_name"),
            E.description.label("text"),
            func.coalesce(E.interaction_template_code, "").label("detail"),
            E.entry_no.label("entry_no"),
            E.attachment_no.label("attachment_no"),
            E.canceled.label("canceled"),
            E.entry_no.label("order_id"),
        )
        .join(m.Contact, m.Contact.no == E.contact_no)
        .where(entry_scope, E.postponed.is_(False))
    )
    C = m.ContactComment
    comment_scope = (
        C.contact_no.in_(
            select(m.Contact.no).where(
                or_(m.Contact.no == contact_no, m.Contact.company_no == contact_no)
            )
        )
        if company
        else C.contact_no == contact_no
    )
    comments = (
        select(
            literal(rules.COMMENT_KIND).label("kind"),
            C.date.label("date"),
            literal(None).label("time"),
            C.contact_no.label("contact_no"),
            m.Contact.name.label("contact_name"),
            C.comment.label("text"),
            C.code.label("detail"),
            literal(None).label("entry_no"),
            literal(None).label("attachment_no"),
            literal(False).label("canceled"),
            C.id.label("order_id"),
        )
        .join(m.Contact, m.Contact.no == C.contact_no)
        .where(comment_scope)
    )
    return union_all(entries, comments).subquery()


def count_timeline(ctx: AppContext, contact_no: str) -> int:
    """How many rows the contact's timeline has."""
    with ctx.db.read() as s:
        sub = _timeline_stmt(s, contact_no)
        return int(s.scalar(select(func.count()).select_from(sub)) or 0)


def fetch_timeline(
    ctx: AppContext, contact_no: str, offset: int = 0, limit: int = 200
) -> list[TimelineItem]:
    """A block of a contact's timeline, newest first: its interactions and comments; for a
    company those of its persons too."""
    with ctx.db.read() as s:
        sub = _timeline_stmt(s, contact_no)
        rows = s.execute(
            select(sub)
            .order_by(sub.c.date.desc(), sub.c.time.desc(), sub.c.order_id.desc())
            .offset(offset)
            .limit(limit)
        ).all()
    items = []
    for r in rows:
        day = r.date if isinstance(r.date, dt.date) else dt.date.fromisoformat(str(r.date))
        when = r.time
        if when is not None and not isinstance(when, dt.time):
            when = dt.time.fromisoformat(str(when))
        items.append(
            TimelineItem(
                r.kind,
                day,
                when,
                r.contact_no,
                r.contact_name,
                r.text,
                r.detail,
                r.entry_no,
                r.attachment_no,
                bool(r.canceled),
            )
        )
    return items


CSV_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(LogRow))


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def export_csv(ctx: AppContext, flt: LogFilter, path: Path) -> int:
    """Write the filtered entries to a CSV file (UTF-8 with BOM, so spreadsheets read it),
    with a `comments` column holding the contact's comments; returns how many rows.
    The file is written privately and appears only when complete."""
    total = count_entries(ctx, flt)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*CSV_FIELDS, "comments"])
    comments: dict[str, str] = {}
    with ctx.db.read() as s:
        for c in s.scalars(select(m.ContactComment).order_by(m.ContactComment.date)):
            line = f"{c.date.isoformat()} {c.code} {c.comment}".strip()
            comments[c.contact_no] = (comments.get(c.contact_no, "") + " | " + line).strip(" |")
    block = 2000
    for offset in range(0, total, block):
        for row in fetch_entries(ctx, flt, offset, block):
            values = [_csv_value(getattr(row, name)) for name in CSV_FIELDS]
            writer.writerow([*values, comments.get(row.contact_no, "")])
    partial = path.with_name(path.name + ".partial")
    create_private_file(partial)
    partial.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8", newline="")
    partial.replace(path)
    return total
