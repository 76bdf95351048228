"""The one `.ics` writer for meeting invitations (issue 19) and meeting tasks (later), built
with icalendar (RFC 5545): METHOD, PRODID, VERSION 2.0 and one VEVENT with UID, DTSTAMP,
DTSTART/DTEND in UTC, SUMMARY, LOCATION, ORGANIZER and one ATTENDEE per person.

Returns bytes; the caller writes them where it wants.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//CRM Desktop//Interactions//EN"


@dataclass(frozen=True)
class Attendee:
    """A person invited: e-mail address and display name."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class Meeting:
    """One meeting. `start`/`end` must carry a time zone (local times are ambiguous)."""

    summary: str
    start: dt.datetime
    end: dt.datetime
    organizer_email: str
    organizer_name: str = ""
    location: str = ""
    description: str = ""
    attendees: Sequence[Attendee] = field(default_factory=tuple)
    uid: str = ""
    stamp: dt.datetime | None = None


def _utc(value: dt.datetime, what: str) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError(f"{what} has no time zone")
    return value.astimezone(dt.UTC)


def _cal_address(email: str, name: str, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    if role:
        address.params["role"] = vText(role)
        address.params["rsvp"] = vText("TRUE")
        address.params["partstat"] = vText("NEEDS-ACTION")
    return address


def build_ics(meeting: Meeting, *, method: str = "REQUEST") -> bytes:
    """The invitation as the bytes of an `.ics` file. Raises ValueError when the end is not
    after the start or a time has no time zone."""
    start = _utc(meeting.start, "start")
    end = _utc(meeting.end, "end")
    if end <= start:
        raise ValueError("the meeting must end after it starts")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", meeting.uid or f"{uuid.uuid4()}@crm-desktop")
    event.add("dtstamp", _utc(meeting.stamp or dt.datetime.now(dt.UTC), "stamp"))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", meeting.summary)
    if meeting.location:
        event.add("location", meeting.location)
    if meeting.description:
        event.add("description", meeting.description)
    event.add("organizer", _cal_address(meeting.organizer_email, meeting.organizer_name))
    for person in meeting.attendees:
        event.add("attendee", _cal_address(person.email, person.name, "REQ-PARTICIPANT"))
    cal.add_component(event)
    return bytes(cal.to_ical())
