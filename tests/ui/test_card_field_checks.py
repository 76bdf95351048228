"""Issue 12 point 7: a field is checked when the user leaves it (an unknown code too), and an
error line under a field never shifts the other column of its section out of line."""

from __future__ import annotations

from PySide6.QtCore import Qt

from crm_desktop.services.app import AppContext
from crm_desktop.ui.contacts.card import ContactCard


def _top(card: ContactCard, name: str) -> int:
    widget = card.editors[name].widget
    return widget.mapTo(card, widget.rect().topLeft()).y()


def test_an_unknown_code_is_refused_when_the_field_is_left(
    ctx: AppContext, qtbot, open_company_card
) -> None:  # type: ignore[no-untyped-def]
    card = open_company_card()
    territory = card.editors["territory_code"]
    combo = territory.widget
    combo.setFocus()
    qtbot.keyClicks(combo, "zzz")
    card.editors["currency_code"].widget.setFocus()  # leave the field
    qtbot.waitUntil(lambda: territory.error.isVisible())
    assert territory.error.text() == "Territory ZZZ does not exist."
    combo.setFocus()
    combo.lineEdit().clear()
    card.editors["currency_code"].widget.setFocus()
    qtbot.waitUntil(lambda: not territory.error.isVisible())


def test_an_error_line_keeps_both_columns_level(ctx: AppContext, qtbot, open_company_card) -> None:  # type: ignore[no-untyped-def]
    card = open_company_card()
    section = card.sections[1]  # Communication: Phone No. beside Email
    shown = [n for n in section.editors if section.editors[n].row_visible]
    half = (len(shown) + 1) // 2
    pairs = list(zip(shown[:half], shown[half:], strict=False))
    assert all(_top(card, a) == _top(card, b) for a, b in pairs)
    phone = card.editors["phone_no"]
    phone.widget.setFocus()
    qtbot.keyClicks(phone.widget, "abc")
    qtbot.keyClick(phone.widget, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: phone.error.isVisible())
    assert phone.error.text() == "Phone No. must not contain letters"
    card.layout().activate()
    qtbot.wait(10)
    assert all(_top(card, a) == _top(card, b) for a, b in pairs)
    # The field under the error moved down, and so did its neighbour on the other side.
    below = shown[1]
    assert _top(card, below) == _top(card, shown[half + 1])
