"""Issue 12 point 5: a card saved while another task holds the data file's write lock (an
import, a scan or a backup writing in its own connection) waits for it with a notice and
Cancel, keeps its edits, and never fails with "database is locked"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit, QProgressDialog

from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.contacts.card import ContactCard

SHOTS = Path("/tmp/shots/i12")


def _hold_write_lock(ctx: AppContext) -> sqlite3.Connection:
    # Another task's connection in the middle of a write transaction, as a long import holds.
    other = sqlite3.connect(str(ctx.db.path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE contact SET city = city")
    return other


def _card_with_edit(ctx: AppContext, qtbot) -> tuple[ContactCard, str]:  # type: ignore[no-untyped-def]
    no = contacts.create_contact(ctx, {"type": "company", "name": "Berg Bouw"}).contact.no
    card = ContactCard(ctx, no)
    qtbot.addWidget(card)
    card.show()
    city = card.editors["city"].widget
    assert isinstance(city, QLineEdit)
    qtbot.keyClicks(city, "Zeist")
    return card, no


def test_save_waits_for_the_lock_with_a_notice_then_saves(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    card, no = _card_with_edit(ctx, qtbot)
    other = _hold_write_lock(ctx)
    seen: list[str] = []

    def look() -> None:
        notice = card.findChild(QProgressDialog, "write_wait")
        if notice is not None and notice.isVisible() and not seen:
            seen.append(notice.labelText())
            notice.grab().save(str(SHOTS / "save_waiting.png"))
            other.execute("COMMIT")  # the long work ends

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(100)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert card.save()
    timer.stop()
    other.close()
    assert seen and "Another task" in seen[0]
    assert contacts.get_contact(ctx, no).city == "Zeist"
    assert [m for m in messages.shown if m[0] in ("error", "crash")] == []


def test_cancel_keeps_the_edits_and_saves_nothing(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    card, no = _card_with_edit(ctx, qtbot)
    other = _hold_write_lock(ctx)

    def cancel() -> None:
        notice = card.findChild(QProgressDialog, "write_wait")
        if notice is not None and notice.isVisible():
            notice.cancel()

    timer = QTimer()
    timer.timeout.connect(cancel)
    timer.start(100)
    try:
        assert not card.save()
    finally:
        timer.stop()
        other.execute("ROLLBACK")
        other.close()
    assert card.editors["city"].value() == "Zeist"
    assert card.unsaved.dirty
    assert "Your changes are kept" in card.status.text()
    assert contacts.get_contact(ctx, no).city == ""
    assert [m for m in messages.shown if m[0] in ("error", "crash")] == []
    # Once the other task is done, Save goes through.
    assert card.save()
    assert contacts.get_contact(ctx, no).city == "Zeist"
