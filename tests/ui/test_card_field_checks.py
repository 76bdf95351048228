"""Issue 12 point 7: a field is checked when it is left, all errors of a save show at once, the
"Not saved" line goes once nothing is red, and text too long for a field is refused with BC's
message at the field, never cut (no setMaxLength)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.ui.contacts.card import ContactCard

LONG = "The length of the string is 10000, but it must be less than or equal to 100 characters."


def _line(card: ContactCard, name: str) -> QLineEdit:
    widget = card.editors[name].widget
    assert isinstance(widget, QLineEdit)
    return widget


def _error(card: ContactCard, name: str) -> str:
    editor = card.editors[name]
    return (
        editor.error.text() if editor._error is not None and editor.error.isVisibleTo(card) else ""
    )


def test_fields_are_checked_when_left_and_long_text_is_never_cut(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = ContactCard.new(ctx, "company")
    qtbot.addWidget(card)
    with qtbot.waitActive(card):
        card.show()
        card.activateWindow()
    phone = _line(card, "phone_no")
    phone.setFocus()
    qtbot.keyClicks(phone, "030-CALLME")
    qtbot.keyClick(phone, Qt.Key.Key_Tab)
    assert _error(card, "phone_no") == "Phone No. must not contain letters"
    name = _line(card, "name")
    name.setFocus()
    name.insert("x" * 10_000)  # a paste
    assert len(name.text()) == 10_000  # nothing cut before the check
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    assert _error(card, "name") == LONG
    # Save shows both refusals at once and saves nothing.
    assert not card.save()
    assert _error(card, "phone_no") and _error(card, "name") == LONG
    assert card.status.text() == "Not saved: correct the field marked in red."
    assert card.no is None
    # Correcting both makes the line go.
    name.selectAll()
    qtbot.keyClicks(name, "Berg Bouw")
    assert card.status.text() == "Not saved: correct the field marked in red."
    phone.selectAll()
    qtbot.keyClicks(phone, "030-1234567")
    assert card.status.text() == ""
    assert card.save()
    assert contacts.get_contact(ctx, str(card.no)).phone_no == "030-1234567"
