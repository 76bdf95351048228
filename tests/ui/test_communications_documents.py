"""Meetings and letters from the contact card (issue 19): a held meeting, an invitation read
back by icalendar, a letter PDF read by pypdf, a cover sheet, a Word letter with its merge
fields filled; each in the contact's and its company's timeline."""

from __future__ import annotations

import datetime as dt
import io
import sys
import unicodedata
from pathlib import Path

from icalendar import Calendar
from pypdf import PdfReader
from PySide6.QtCore import Qt

from crm_desktop.services import contacts, masterdata
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import attachments
from crm_desktop.ui import messages

sys.path.insert(0, str(Path(__file__).parent))
from communications_support import (  # noqa: E402
    ME,
    _card,
    _entries,
    _in_both,
    _shot,
    opened,
    people,
)

__all__ = ["opened", "people"]  # fixtures used by name


# --- meetings ----------------------------------------------------------------------------


def test_meeting_invitation_is_an_ics_request_read_back_by_icalendar(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, tmp_path: Path
) -> None:
    card = _card(ctx, qtbot, people["rob"])
    dialog = card.communications.meeting()  # action 1
    assert dialog is not None
    assert [p.no for p in dialog.people] == [people["rob"], people["sue"]]
    qtbot.keyClicks(dialog.description, "Plant tour")
    qtbot.keyClicks(dialog.location, "Cambridge plant, gate 2")
    dialog.date.setDate(dt.date(2026, 4, 14))
    dialog.time.setTime(dt.time(10, 30))
    dialog.duration.setValue(90)
    dialog.attendees.item(1).setCheckState(Qt.CheckState.Checked)  # Sue too
    _shot(dialog, "meeting_dialog")
    target = tmp_path / "tour.ics"
    dialog.ask_path = lambda: str(target)  # action 3: the save dialog
    qtbot.mouseClick(dialog.invite_button, Qt.MouseButton.LeftButton)  # action 2
    cal = Calendar.from_ical(target.read_bytes())
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//CRM Desktop//Interactions//EN"
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]).endswith("@crm-desktop")
    assert event["DTSTAMP"].dt.tzinfo is not None
    start = dt.datetime(2026, 4, 14, 10, 30).astimezone()
    assert event["DTSTART"].dt == start and event["DTSTART"].dt.utcoffset() == dt.timedelta(0)
    assert event["DTEND"].dt == start + dt.timedelta(minutes=90)
    assert b"DTSTART:20260414T" in target.read_bytes() and b"Z\r\n" in target.read_bytes()
    assert str(event["SUMMARY"]) == "Plant tour"
    assert str(event["LOCATION"]) == "Cambridge plant, gate 2"
    assert str(event["ORGANIZER"]) == f"mailto:{ME}"
    attendees = event["ATTENDEE"]
    assert sorted(str(a) for a in attendees) == [
        "mailto:info@adatum.example",
        "mailto:rob@adatum.example",
    ]
    (entry,) = _entries(ctx, people["rob"])
    assert entry.interaction_template_code == "MEETINV" and entry.duration_min == 90
    assert attachments.read_attachment(ctx, entry.attachment_no)[1] == target.read_bytes()
    _in_both(ctx, people, people["rob"], "Plant tour")


def test_a_held_meeting_is_logged_with_its_date_time_and_duration(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people
) -> None:
    card = _card(ctx, qtbot, people["co"])
    dialog = card.communications.meeting()
    assert dialog is not None
    qtbot.keyClicks(dialog.description, "Annual review")
    dialog.date.setDate(dt.date(2026, 2, 27))
    dialog.time.setTime(dt.time(14, 0))
    dialog.duration.setValue(45)
    qtbot.mouseClick(dialog.held_button, Qt.MouseButton.LeftButton)
    (entry,) = _entries(ctx, people["co"])
    assert entry.interaction_template_code == "MEETING"
    assert (entry.date, entry.time_of_interaction, entry.duration_min) == (
        dt.date(2026, 2, 27),
        dt.time(14, 0),
        45,
    )
    _in_both(ctx, people, people["co"], "Annual review")


def test_an_invitation_without_the_salespersons_e_mail_is_refused_and_the_dialog_stays(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, tmp_path: Path
) -> None:
    masterdata.save_row(ctx, "salesperson", {"code": "JO", "name": "Jo"})
    card = _card(ctx, qtbot, people["rob"])
    dialog = card.communications.meeting()
    assert dialog is not None
    dialog.salesperson.setCurrentIndex(dialog.salesperson.findData("JO"))
    dialog.ask_path = lambda: str(tmp_path / "x.ics")
    assert not dialog.export_invitation()
    assert "Salesperson JO has no e-mail address" in messages.shown[-1][1]
    assert dialog.isVisible() and not (tmp_path / "x.ics").exists()
    assert _entries(ctx, people["rob"]) == []


# --- letters -----------------------------------------------------------------------------


def test_letter_pdf_holds_the_salutation_and_the_address_and_informal_switches(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, opened
) -> None:
    contacts.update_contact(
        ctx,
        people["rob"],
        {"address": "Station Road 21", "post_code": "CB1 2JD", "city": "Cambridge"},
    )
    card = _card(ctx, qtbot, people["rob"])
    dialog = card.communications.letter()  # the one dialog
    assert dialog is not None
    assert dialog.salutation.text() == "Dear Rob Townes,"
    dialog.salutation_type.setCurrentIndex(dialog.salutation_type.findData("informal"))
    assert dialog.salutation.text() == "Dear Rob,"
    dialog.salutation_type.setCurrentIndex(dialog.salutation_type.findData("formal"))
    qtbot.keyClicks(dialog.subject, "Your new contract")
    dialog.body.setPlainText("Please find the contract enclosed.\n\nWe look forward to it.")
    _shot(dialog, "letter_dialog")
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    (entry,) = _entries(ctx, people["rob"])
    assert (entry.interaction_template_code, entry.kind) == ("LETTER", "letter")
    name, data = attachments.read_attachment(ctx, entry.attachment_no)
    assert name.endswith(".pdf")
    text = _pdf_text(data)
    for part in (
        "Dear Rob Townes,",
        "Rob Townes",
        "Adatum",
        "Station Road 21",
        "CB1 2JD Cambridge",
        "Your new contract",
        "Please find the contract enclosed.",
    ):
        assert part in text, (part, text)
    assert [Path(u.toLocalFile()).suffix for u in opened.urls] == [".pdf"]
    _in_both(ctx, people, people["rob"], "Your new contract")


def test_cover_sheet_is_logged_with_the_cover_sheets_template(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, opened
) -> None:
    card = _card(ctx, qtbot, people["co"])
    dialog = card.communications.cover_sheet()
    assert dialog is not None and dialog.salutation.text() == "Dear Sir or Madam,"
    dialog.body.setPlainText("Three copies of the drawings.")
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    (entry,) = _entries(ctx, people["co"])
    assert entry.interaction_template_code == "COVERSH"
    _name, data = attachments.read_attachment(ctx, entry.attachment_no)
    text = _pdf_text(data)
    assert "Cover Sheet" in text and "Station Road 21" in text
    _in_both(ctx, people, people["co"], "Cover Sheet")


def _pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _merge_docx() -> bytes:
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    for field in ("Date", "Name", "Address", "Salutation"):
        paragraph = doc.add_paragraph(f"{field}: ")
        paragraph._p.append(
            parse_xml(
                f'<w:fldSimple {ns} w:instr=" MERGEFIELD {field} \\* MERGEFORMAT ">'
                f"<w:r><w:t>«{field}»</w:t></w:r></w:fldSimple>"
            )
        )
    doc.add_paragraph("Thank you for your order.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_docx_letter_has_its_merge_fields_filled_and_is_kept_and_opened(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, opened
) -> None:
    from docx import Document

    from crm_desktop.services.interactions import templates
    from crm_desktop.services.interactions.attachments import NewAttachment

    # The Word file is kept on the LETTER template's language row as issue 18's setup does.
    masterdata.save_row(
        ctx,
        "interaction_tmpl_language",
        {"interaction_template_code": "LETTER", "language_code": ""},
    )
    templates.set_language_attachment(
        ctx, "LETTER", "", NewAttachment("letter.docx", _merge_docx())
    )
    card = _card(ctx, qtbot, people["rob"])
    dialog = card.communications.letter()
    assert dialog is not None and dialog.word is not None
    _shot(dialog, "letter_dialog_word")
    qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    (entry,) = _entries(ctx, people["rob"])
    name, data = attachments.read_attachment(ctx, entry.attachment_no)
    assert name.endswith(".docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Name: Rob Townes" in text and "Salutation: Dear Rob Townes," in text
    assert "Adatum" in text and f"Date: {dialog.letter.date}" in text
    assert "«" not in text and "MERGEFIELD" not in data.decode("latin-1")
    assert [Path(u.toLocalFile()).suffix for u in opened.urls] == [".docx"]
    _in_both(ctx, people, people["rob"], "Letter")
