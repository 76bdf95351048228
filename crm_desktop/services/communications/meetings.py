"""Meetings: a held meeting logged (MEETING template, which the setup has no field for), and an
invitation written as `.ics` through the shared writer and logged with the Meeting Invitation
template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from crm_desktop.domain.communications import (
    MEETING_ENDS,
    NO_ATTENDEES,
    NO_ORGANIZER,
    NO_SALESPERSON,
    shorten_at_word,
    split_emails,
)
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.ics import Attendee, Meeting, build_ics
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.interactions.attachments import NewAttachment
from crm_desktop.services.interactions.log import Account, LogOutcome, log_in, resolve_contact_in
from crm_desktop.storage import models as m

HELD_TEMPLATE = "MEETING"


@dataclass(frozen=True)
class Person:
    """A person of the contact's company who can be invited."""

    no: str
    name: str
    email: str


def invitable(ctx: AppContext, contact_no: str) -> list[Person]:
    """The persons of the contact's company (and the company itself) that have an e-mail
    address, by name; the contact itself first."""
    with ctx.db.read() as s:
        contact = resolve_contact_in(s, Account("contact", contact_no))
        assert contact is not None
        company = contact.no if contact.type == "company" else contact.company_no
        rows = [contact]
        if company:
            rows += list(
                s.scalars(
                    select(m.Contact)
                    .where(m.Contact.company_no == company, m.Contact.type == "person")
                    .where(m.Contact.no != contact.no)
                    .order_by(m.Contact.name)
                )
            )
        return [
            Person(c.no, c.name, split_emails(c.email)[0]) for c in rows if split_emails(c.email)
        ]


def log_meeting(
    ctx: AppContext,
    account: Account,
    *,
    description: str,
    start: dt.datetime,
    duration_min: int,
    salesperson_code: str = "",
) -> LogOutcome:
    """Log a meeting that took place (date, time, duration, description)."""
    with ctx.db.uow() as s:
        return log_in(
            s,
            ctx,
            "",
            account,
            template_code=HELD_TEMPLATE,
            kind="meeting",
            description=description,
            duration_min=duration_min,
            salesperson_code=salesperson_code,
            now=start,
        )


@dataclass(frozen=True)
class Invitation:
    """The written `.ics` and the entry logged."""

    file_name: str
    data: bytes
    outcome: LogOutcome


def invite(
    ctx: AppContext,
    account: Account,
    *,
    summary: str,
    start: dt.datetime,
    duration_min: int,
    location: str,
    attendees: list[Person],
    salesperson_code: str,
    uid: str = "",
    stamp: dt.datetime | None = None,
    path: Path | None = None,
) -> Invitation:
    """Write the invitation (METHOD:REQUEST, the salesperson's e-mail as ORGANIZER, one
    ATTENDEE per chosen person) and log it with the Meeting Invitation template, the `.ics` as
    attachment, in one transaction; `path` is written before it commits (OSError leaves
    nothing logged). `start` without a time zone is local time."""
    if not salesperson_code:
        raise ValidationError(NO_SALESPERSON, field="salesperson_code")
    if not attendees:
        raise ValidationError(NO_ATTENDEES, field="attendees")
    if duration_min <= 0:
        raise ValidationError(MEETING_ENDS, field="duration_min")
    begin = start if start.tzinfo else start.astimezone()
    with ctx.db.uow() as s:
        person = s.get(m.Salesperson, salesperson_code)
        addresses = split_emails(person.email or "") if person else []
        if person is None or not addresses:
            raise ValidationError(NO_ORGANIZER, field="salesperson_code", code=salesperson_code)
        data = build_ics(
            Meeting(
                summary=summary,
                start=begin,
                end=begin + dt.timedelta(minutes=duration_min),
                organizer_email=addresses[0],
                organizer_name=person.name,
                location=location,
                attendees=[Attendee(p.email, p.name) for p in attendees],
                uid=uid,
                stamp=stamp,
            )
        )
        file_name = "invitation.ics"
        outcome = log_in(
            s,
            ctx,
            "meeting_invitation",
            account,
            description=shorten_at_word(summary),
            duration_min=duration_min,
            salesperson_code=salesperson_code,
            correspondence_type="email",
            attachment=NewAttachment(file_name, data),
            now=begin.astimezone().replace(tzinfo=None),
        )
        if path is not None:
            path.write_bytes(data)
        return Invitation(file_name, data, outcome)
