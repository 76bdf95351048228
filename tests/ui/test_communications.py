"""Calls and e-mails from the contact card (issue 19; meetings and letters are in
test_communications_documents.py): each is logged
through the one logging service with its template and shows in the contact's and its
company's timeline.

The `.msg` sample is written by tests/ui/msg_sample.py after Microsoft's [MS-CFB] and
[MS-OXMSG] specifications and read back with olefile before the app reads it.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import olefile
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from crm_desktop.domain.eml import Mail, build_eml, read_eml
from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import attachments
from crm_desktop.ui import messages

sys.path.insert(0, str(Path(__file__).parent))
from communications_support import (  # noqa: E402
    ME,
    _card,
    _Catcher,
    _entries,
    _in_both,
    _shot,
    opened,
    people,
)
from msg_sample import build_msg  # noqa: E402

__all__ = ["opened", "people"]  # fixtures used by name


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
    _drop(card.editors["name"].widget, [path])  # one drop, even on a text field
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
