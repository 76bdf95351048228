"""The unsaved-changes mechanism on its own: title `*`, Save enabled only when dirty, Ctrl+S, and
Save / Discard / Cancel asked on close, Esc, leaving a page and quitting, answered through
`messages.answer_next` as every test does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QVBoxLayout, QWidget

from crm_desktop.ui import messages
from crm_desktop.ui.common import unsaved
from crm_desktop.ui.common.unsaved import UnsavedChanges


class _Card(QDialog):
    """A minimal card: one field, stored in `self.stored`, Save refuses 'bad'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stored = "old"
        self.saves = 0
        self.edit = QLineEdit(self.stored)
        self.save_button = QPushButton("Save")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.save_button)
        self.setWindowTitle("Card 1")
        self.unsaved = UnsavedChanges(
            self,
            save=self.save,
            discard=self.load,
            name=self.windowTitle,
            is_dirty=lambda: self.edit.text() != self.stored,
            save_buttons=[self.save_button],
        )
        self.unsaved.watch(self.edit)
        self.save_button.clicked.connect(self.unsaved.save)

    def load(self) -> None:
        self.edit.setText(self.stored)
        self.unsaved.refresh()

    def save(self) -> bool:
        if self.edit.text() == "bad":
            return False
        self.stored = self.edit.text()
        self.saves += 1
        return True


def _card(qtbot) -> _Card:  # type: ignore[no-untyped-def]
    card = _Card()
    qtbot.addWidget(card)
    with qtbot.waitActive(card):
        card.show()
        card.activateWindow()
    return card


def _type(qtbot, card: _Card, text: str) -> None:  # type: ignore[no-untyped-def]
    card.edit.setFocus()
    card.edit.selectAll()
    qtbot.keyClicks(card.edit, text)


def test_typing_marks_the_title_and_enables_save(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = _card(qtbot)
    assert not card.save_button.isEnabled()
    assert card.windowTitle() == "Card 1"
    _type(qtbot, card, "new")
    assert card.unsaved.dirty and card.windowTitle() == "Card 1*" and card.save_button.isEnabled()
    # Typing the stored value back is no change.
    _type(qtbot, card, "old")
    assert not card.unsaved.dirty and not card.save_button.isEnabled()
    assert card.windowTitle() == "Card 1"
    # A title the card sets while unsaved is marked too.
    _type(qtbot, card, "new")
    card.setWindowTitle("Card 2")
    assert card.windowTitle() == "Card 2*"


def test_ctrl_s_saves(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = _card(qtbot)
    _type(qtbot, card, "new")
    qtbot.keyClick(card.edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert card.stored == "new" and not card.unsaved.dirty and card.windowTitle() == "Card 1"


def test_close_asks_and_cancel_keeps_the_card_open(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = _card(qtbot)
    _type(qtbot, card, "new")
    messages.answer_next.append(messages.CANCEL)
    assert not card.close()
    assert card.isVisible() and card.edit.text() == "new"
    assert messages.shown[-1] == ("save_question", "Save changes to Card 1?")


def test_close_save_stores_then_closes(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = _card(qtbot)
    _type(qtbot, card, "new")
    messages.answer_next.append(messages.SAVE)
    assert card.close()
    assert not card.isVisible() and card.stored == "new"


def test_a_refused_save_keeps_the_card_open(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = _card(qtbot)
    _type(qtbot, card, "bad")
    messages.answer_next.append(messages.SAVE)
    assert not card.close()
    assert card.isVisible() and card.stored == "old" and card.unsaved.dirty


def test_escape_asks_and_discard_closes_without_saving(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = _card(qtbot)
    _type(qtbot, card, "new")
    messages.answer_next.append(messages.CANCEL)
    qtbot.keyClick(card.edit, Qt.Key.Key_Escape)
    assert card.isVisible()
    messages.answer_next.append(messages.DISCARD)
    qtbot.keyClick(card.edit, Qt.Key.Key_Escape)
    assert not card.isVisible()
    assert card.stored == "old" and card.saves == 0 and card.edit.text() == "old"
    assert [kind for kind, _t in messages.shown] == ["save_question", "save_question"]


def test_a_clean_card_closes_without_a_question(qtbot) -> None:  # type: ignore[no-untyped-def]
    card = _card(qtbot)
    assert card.close()
    assert messages.shown == []


def test_flag_mode_and_a_page_inside_a_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    window.setWindowTitle("Main")
    qtbot.addWidget(window)
    page = QWidget(window)
    edit = QLineEdit(page)
    saved: list[str] = []
    tracker = UnsavedChanges(
        page, save=lambda: saved.append(edit.text()) is None, name="Marketing Setup"
    )
    tracker.watch(edit)
    window.show()
    assert unsaved.tracker_of(page) is tracker and unsaved.tracker_of(window) is None
    qtbot.keyClicks(edit, "x")
    assert tracker.dirty and window.windowTitle() == "Main*"
    # Leaving the page: Cancel stays, Save stores.
    messages.answer_next.append(messages.CANCEL)
    assert not unsaved.confirm_within(window)
    messages.answer_next.append(messages.SAVE)
    assert unsaved.confirm_within(window)
    assert saved == ["x"] and not tracker.dirty and window.windowTitle() == "Main"
    # Quitting asks about every unsaved form of every window.
    qtbot.keyClicks(edit, "y")
    card = _card(qtbot)
    _type(qtbot, card, "new")
    messages.answer_next.extend([messages.DISCARD, messages.CANCEL])
    assert not unsaved.confirm_all()
    messages.shown.clear()
    messages.answer_next.extend([messages.DISCARD])
    assert unsaved.confirm_all()
    assert len(messages.shown) == 1  # the one still unsaved
    assert not tracker.dirty and not card.unsaved.dirty
