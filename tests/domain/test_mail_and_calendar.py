"""The shared .eml writer/reader and .ics writer, read back by the standard library and by
icalendar."""

from __future__ import annotations

import datetime as dt
from email import policy
from email.parser import BytesParser

import icalendar
import pytest

from crm_desktop.domain.eml import Mail, MailAttachment, build_eml, read_eml
from crm_desktop.domain.ics import Attendee, Meeting, build_ics

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


def test_eml_draft_with_attachment_parses_back() -> None:
    data = build_eml(
        Mail(
            sender="Annette Hill <annette@cronus.test>",
            to=["Rob Townes <rob@adatum.test>"],
            cc=["sales@adatum.test"],
            subject="Invoice 1001 – Müller",
            body="Dear Mr. Townes,\n\nplease find the invoice attached.",
            attachments=[MailAttachment("Invoice 1001.pdf", PDF)],
        )
    )
    msg = BytesParser(policy=policy.default).parsebytes(data)
    assert msg["X-Unsent"] == "1"
    assert msg["Subject"] == "Invoice 1001 – Müller"
    assert msg["To"].addresses[0].addr_spec == "rob@adatum.test"
    parts = list(msg.iter_attachments())
    assert [p.get_filename() for p in parts] == ["Invoice 1001.pdf"]
    assert parts[0].get_content_type() == "application/pdf"
    assert parts[0].get_payload(decode=True) == PDF
    read = read_eml(data)
    assert (read.sender, read.to, read.cc, read.unsent) == (
        "annette@cronus.test",
        ("rob@adatum.test",),
        ("sales@adatum.test",),
        True,
    )
    assert read.attachments[0].content == PDF
    assert "please find the invoice" in read.body


def test_eml_refuses_a_non_address() -> None:
    with pytest.raises(ValueError):
        build_eml(Mail(sender="", to=["nobody"], subject="x", body="y"))


def test_ics_invitation_reads_back_with_every_property() -> None:
    cet = dt.timezone(dt.timedelta(hours=1))
    data = build_ics(
        Meeting(
            summary="Kick-off",
            start=dt.datetime(2026, 12, 3, 10, 0, tzinfo=cet),
            end=dt.datetime(2026, 12, 3, 11, 30, tzinfo=cet),
            organizer_email="annette@cronus.test",
            organizer_name="Annette Hill",
            location="Room 1",
            attendees=[Attendee("rob@adatum.test", "Rob Townes"), Attendee("eva@adatum.test")],
            uid="abc@crm-desktop",
            stamp=dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC),
        )
    )
    cal = icalendar.Calendar.from_ical(data)
    assert (str(cal["METHOD"]), str(cal["VERSION"])) == ("REQUEST", "2.0")
    assert "CRM Desktop" in str(cal["PRODID"])
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]) == "abc@crm-desktop"
    assert event.decoded("DTSTART") == dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(2026, 12, 3, 10, 30, tzinfo=dt.UTC)
    assert b"DTSTART:20261203T090000Z" in data
    assert event.decoded("DTSTAMP") == dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    assert (str(event["SUMMARY"]), str(event["LOCATION"])) == ("Kick-off", "Room 1")
    assert str(event["ORGANIZER"]) == "mailto:annette@cronus.test"
    attendees = event["ATTENDEE"]
    assert [str(a) for a in attendees] == ["mailto:rob@adatum.test", "mailto:eva@adatum.test"]


def test_ics_refuses_times_without_zone_or_backwards() -> None:
    start = dt.datetime(2026, 12, 3, 10, 0)
    with pytest.raises(ValueError):
        build_ics(Meeting("x", start, start + dt.timedelta(hours=1), "a@b.test"))
    aware = start.replace(tzinfo=dt.UTC)
    with pytest.raises(ValueError):
        build_ics(Meeting("x", aware, aware, "a@b.test"))
