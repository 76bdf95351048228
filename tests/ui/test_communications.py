"""Calls, e-mails, meetings and letters from the contact card (issue 19): each is logged
through the one logging service with its template and shows in the contact's and its
company's timeline.

The `.msg` sample is written by tests/ui/msg_sample.py after Microsoft's [MS-CFB] and
[MS-OXMSG] specifications and read back with olefile before the app reads it.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import unicodedata
from pathlib import Path

import olefile
import pytest
from icalendar import Calendar
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QObject, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from crm_desktop.domain.eml import Mail, build_eml, read_eml
from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import attachments, listing
from crm_desktop.ui import messages
from crm_desktop.ui.contacts.card import ContactCard

sys.path.insert(0, str(Path(__file__).parent))
from msg_sample import build_msg  # noqa: E402

SHOTS = Path("/tmp/shots/communications")
ME = "annette@cronus.example"


class _Catcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened():  # type: ignore[no-untyped-def]
    """Files the app opens (drafts, letters) are caught instead of starting a program."""
    catcher = _Catcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    yield catcher
    QDesktopServices.unsetUrlHandler("file")


@pytest.fixture
def people(ctx: AppContext) -> dict[str, str]:
    masterdata.save_row(
        ctx,
        "salesperson",
        {"code": "AH", "name": "Annette Hill", "email": f"{ME}; ah@cronus.example"},
    )
    setup.update_user_setup(ctx, salesperson_code="AH")
    co = contacts.create_contact(
        ctx,
        {
            "type": "company",
            "name": "Adatum",
            "email": "Info@Adatum.example",
            "phone_no": "+44 20 7946 0000",
            "address": "Station Road 21",
            "post_code": "CB1 2JD",
            "city": "Cambridge",
        },
    ).contact.no
    rob = contacts.create_contact(
        ctx,
        {
            "type": "person",
            "first_name": "Rob",
            "surname": "Townes",
            "company_no": co,
            "email": "rob@adatum.example; R.Townes@adatum.example",
            "phone_no": "+44 (20) 7946-0123",
            "salutation_code": "PERSON",
        },
    ).contact.no
    sue = contacts.create_contact(
        ctx,
        {
            "type": "person",
            "first_name": "Sue",
            "surname": "Jones",
            "company_no": co,
            "email": "info@adatum.example",
        },
    ).contact.no
    return {"co": co, "rob": rob, "sue": sue}


def _card(ctx: AppContext, qtbot, no: str) -> ContactCard:  # type: ignore[no-untyped-def]
    card = ContactCard(ctx, no)
    qtbot.addWidget(card)
    card.resize(1366, 768)
    card.show()
    card.persons_model.wait()
    card.interactions.model.wait()
    return card


def _timeline(ctx: AppContext, no: str) -> list[listing.TimelineItem]:
    return listing.fetch_timeline(ctx, no, 0, 100)


def _in_both(ctx: AppContext, people: dict[str, str], contact: str, text: str) -> None:
    for no in {contact, people["co"]}:
        assert any(text in i.text for i in _timeline(ctx, no)), (no, _timeline(ctx, no))


def _entries(ctx: AppContext, contact: str) -> list[listing.LogRow]:
    flt = listing.LogFilter(contact_no=contact)
    return listing.fetch_entries(ctx, flt, 0, 100)


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


# --- calls -------------------------------------------------------------------------------


def test_call_with_a_tel_handler_is_dialed_and_logged_in_two_actions(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people
) -> None:
    dialer = _Catcher()
    QDesktopServices.setUrlHandler("tel", dialer, "open")
    try:
        card = _card(ctx, qtbot, people["rob"])
        dialog = card.communications.call()  # action 1
        assert dialog is not None
        assert [u.toString() for u in dialer.urls] == ["tel:+442079460123"]
        assert dialog.no_handler.isHidden()
        qtbot.keyClicks(dialog.description, "Asked about the spring prices")
        dialog.duration.setValue(7)
        _shot(dialog, "call_dialog")
        qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)  # action 2
    finally:
        QDesktopServices.unsetUrlHandler("tel")
    (entry,) = _entries(ctx, people["rob"])
    assert entry.interaction_template_code == "CALL-OUT"
    assert (entry.kind, entry.duration_min, entry.attempt_failed) == ("call", 7, False)
    assert entry.information_flow == "outbound"
    assert entry.contact_via == "+44 (20) 7946-0123"
    _in_both(ctx, people, people["rob"], "Asked about the spring prices")
    card.interactions.model.wait()
    assert card.interactions.model.total == 1


@pytest.mark.qt_log_ignore("does not support QPlatformServices::openUrl")
def test_call_without_a_handler_shows_the_number_with_copy_and_a_failed_attempt_counts(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people
) -> None:
    QDesktopServices.unsetUrlHandler("tel")
    card = _card(ctx, qtbot, people["rob"])
    dialog = card.communications.call()
    assert dialog is not None
    assert not dialog.dialed  # the offscreen platform, like a bare Linux desktop, has none
    assert dialog.no_handler.isVisible()
    assert dialog.number.text() == "+44 (20) 7946-0123"
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "+44 (20) 7946-0123"
    _shot(dialog, "call_no_handler")
    dialog.attempt_failed.setChecked(True)
    qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    (entry,) = _entries(ctx, people["rob"])
    assert entry.attempt_failed and entry.interaction_template_code == "CALL-OUT"
    card.interactions.refresh()
    assert card.interactions.stat_labels["last_date_attempted"].text() == entry.date.isoformat()
    _in_both(ctx, people, people["rob"], "Outgoing phone call")


def test_incoming_call_uses_the_incoming_template(ctx: AppContext, qtbot, people) -> None:  # type: ignore[no-untyped-def]
    card = _card(ctx, qtbot, people["rob"])
    dialog = card.communications.log_incoming_call()
    assert dialog is not None and dialog.attempt_failed.isHidden()
    qtbot.keyClicks(dialog.description, "Complaint about delivery")
    qtbot.keyClick(dialog.description, Qt.Key.Key_Return)
    (entry,) = _entries(ctx, people["rob"])
    assert (entry.interaction_template_code, entry.information_flow, entry.initiated_by) == (
        "CALL-IN",
        "inbound",
        "them",
    )
    _in_both(ctx, people, people["rob"], "Complaint about delivery")


# --- e-mails -----------------------------------------------------------------------------


def _drop(widget, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    enter = QDragEnterEvent(
        pos.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, drop)
    assert drop.isAccepted()


def test_eml_dropped_on_the_card_is_logged_inbound_with_the_file(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, tmp_path: Path
) -> None:
    subject = "Re: Your quote for the new cold storage hall " + "with extended warranty " * 4
    path = tmp_path / "reply.eml"
    path.write_bytes(
        build_eml(
            Mail(
                sender="Rob Townes <R.TOWNES@adatum.example>",
                to=[f"Annette <{ME}>"],
                subject=subject,
                body="We accept.",
                date=dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC),
            ),
            draft=False,
        )
    )
    card = _card(ctx, qtbot, people["rob"])
    _drop(card, [path])  # one drop
    (entry,) = _entries(ctx, people["rob"])
    assert entry.interaction_template_code == "EMAIL"
    assert (entry.information_flow, entry.initiated_by) == ("inbound", "them")
    assert entry.contact_via == "r.townes@adatum.example"
    assert len(entry.description) <= 100 and entry.description.endswith("…")
    assert subject.startswith(entry.description[:-1])
    assert entry.date == dt.date(2026, 3, 2) and entry.salesperson_code == "AH"
    name, data = attachments.read_attachment(ctx, entry.attachment_no)
    assert name == "reply.eml" and read_eml(data).subject == subject
    _in_both(ctx, people, people["rob"], "Re: Your quote")


def test_msg_dropped_is_logged_for_each_to_and_cc_contact_and_unmatched_are_listed(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, tmp_path: Path
) -> None:
    data = build_msg(
        subject="Meeting notes",
        sender=ME,
        sender_name="Annette Hill",
        to=["rob@adatum.example", "nobody@elsewhere.example"],
        cc=["info@adatum.example"],
        body="Notes attached.",
        sent=dt.datetime(2026, 3, 3, 15, 0, tzinfo=dt.UTC),
    )
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    assert ole.openstream("__substg1.0_0037001F").read().decode("utf-16-le") == "Meeting notes"
    assert ole.exists("__recip_version1.0_#00000002/__substg1.0_39FE001F")
    ole.close()
    path = tmp_path / "notes.msg"
    path.write_bytes(data)
    card = _card(ctx, qtbot, people["rob"])
    _drop(card, [path])
    (to_rob,) = _entries(ctx, people["rob"])
    assert (to_rob.information_flow, to_rob.initiated_by) == ("outbound", "us")
    assert to_rob.contact_via == "rob@adatum.example" and to_rob.description == "Meeting notes"
    company_entries = [e for e in _entries(ctx, people["co"]) if e.contact_no == people["co"]]
    assert [e.contact_via for e in company_entries] == ["info@adatum.example"]
    assert _entries(ctx, people["sue"]) == []  # she only follows the company's address
    assert messages.shown[-1][0] == "info"
    assert "nobody@elsewhere.example" in messages.shown[-1][1]
    _in_both(ctx, people, people["rob"], "Meeting notes")


def test_an_address_company_and_person_share_goes_to_the_company_and_two_own_holders_ask(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, tmp_path: Path
) -> None:
    shared = tmp_path / "shared.eml"
    shared.write_bytes(
        build_eml(Mail(sender="info@adatum.example", to=[ME], subject="Order 42", body="."))
    )
    card = _card(ctx, qtbot, people["sue"])
    _drop(card, [shared])
    assert [e.contact_no for e in _entries(ctx, people["co"])] == [people["co"]]
    assert not any(m[0] == "choose" for m in messages.shown)
    _in_both(ctx, people, people["co"], "Order 42")

    other = contacts.create_contact(
        ctx, {"type": "company", "name": "Fabrikam", "email": "rob@adatum.example"}
    ).contact.no
    both = tmp_path / "both.eml"
    both.write_bytes(
        build_eml(Mail(sender="rob@adatum.example", to=[ME], subject="Which one?", body="."))
    )
    messages.answer_next.append(other)
    _drop(card, [both])
    assert any(m[0] == "choose" and "rob@adatum.example" in m[1] for m in messages.shown)
    assert [e.description for e in _entries(ctx, other)] == ["Which one?"]
    assert all(e.description != "Which one?" for e in _entries(ctx, people["rob"]))


def test_eml_dropped_on_the_log_page_is_logged(
    ctx: AppContext, qtbot, people, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.ui.communications.log_page import MailDropLogPage

    page = MailDropLogPage(ctx)
    qtbot.addWidget(page)
    page.show()
    path = tmp_path / "hello.eml"
    path.write_bytes(
        build_eml(Mail(sender="rob@adatum.example", to=[ME], subject="Hello", body="."))
    )
    _drop(page, [path])
    assert [e.description for e in _entries(ctx, people["rob"])] == ["Hello"]


def test_e_mail_button_writes_an_unsent_draft_opens_and_logs_it(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, opened
) -> None:
    card = _card(ctx, qtbot, people["rob"])
    dialog = card.communications.email()
    assert dialog is not None and dialog.to.text() == "rob@adatum.example"
    qtbot.keyClicks(dialog.subject, "Your visit next week")
    qtbot.keyClicks(dialog.body, "See you on Tuesday.")
    _shot(dialog, "draft_dialog")
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    (entry,) = _entries(ctx, people["rob"])
    assert entry.interaction_template_code == "EMAIL"
    _name, data = attachments.read_attachment(ctx, entry.attachment_no)
    mail = read_eml(data)
    assert mail.unsent and mail.to == ("rob@adatum.example",) and mail.sender == ME
    assert [Path(u.toLocalFile()).suffix for u in opened.urls] == [".eml"]
    _in_both(ctx, people, people["rob"], "Your visit next week")


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


def test_a_call_from_a_customer_card_is_logged_on_its_contact(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people
) -> None:
    from crm_desktop.services.sync.from_contact import create_as_customer
    from crm_desktop.ui.sync.card import RecordCard

    customer = create_as_customer(ctx, people["co"]).no
    card = RecordCard(ctx, "customer", customer)
    qtbot.addWidget(card)
    card.show()
    dialer = _Catcher()
    QDesktopServices.setUrlHandler("tel", dialer, "open")
    try:
        dialog = card.communications.call()
    finally:
        QDesktopServices.unsetUrlHandler("tel")
    assert dialog is not None and dialer.urls[0].toString() == "tel:+442079460000"
    qtbot.keyClicks(dialog.description, "Payment reminder")
    qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    (entry,) = _entries(ctx, people["co"])
    assert entry.interaction_template_code == "CALL-OUT"
    _in_both(ctx, people, people["co"], "Payment reminder")


def test_a_call_typed_but_not_logged_asks_before_it_is_dropped(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people
) -> None:
    card = _card(ctx, qtbot, people["rob"])
    dialog = card.communications.log_incoming_call()
    assert dialog is not None
    qtbot.keyClicks(dialog.description, "Half typed")
    assert dialog.isWindowModified() or dialog.windowTitle().endswith("*")
    messages.answer_next.append(messages.CANCEL)
    assert not dialog.close()
    assert messages.shown[-1][0] == "save_question"
    messages.answer_next.append(messages.SAVE)
    assert dialog.close()
    assert [e.description for e in _entries(ctx, people["rob"])] == ["Half typed"]


def test_a_broken_msg_dropped_is_refused_naming_the_file(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, tmp_path: Path
) -> None:
    path = tmp_path / "broken.msg"
    path.write_bytes(b"not a compound file")
    card = _card(ctx, qtbot, people["rob"])
    _drop(card, [path])
    assert messages.shown[-1][0] == "error" and "broken.msg" in messages.shown[-1][1]
    assert _entries(ctx, people["rob"]) == []
