"""UI fixtures: the real main window over a real seeded database; message boxes answered in code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages


@pytest.fixture(autouse=True)
def quiet_messages() -> Iterator[None]:
    """No message box ever blocks a test: boxes are recorded in `messages.shown`, questions
    take their answers from `messages.answer_next` (a test that asks must queue its answers)."""
    messages.quiet = True
    messages.answer_next.clear()
    messages.shown.clear()
    yield
    messages.answer_next.clear()
    messages.shown.clear()
    # pytest-qt closes the test's widgets with deleteLater(); delete them now, so a page of this
    # test cannot react to the hub's signals in the next one.
    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def main_window(ctx: AppContext, qtbot):  # type: ignore[no-untyped-def]
    """`MainWindow(ctx)` on the test's own seeded database, shown, closed at teardown."""
    from crm_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def open_company_card(ctx: AppContext, qtbot):  # type: ignore[no-untyped-def]
    """A function that saves company "Berg Bouw" and opens its card, shown and active."""
    from crm_desktop.services import contacts
    from crm_desktop.ui.contacts.card import ContactCard

    def open_card() -> ContactCard:
        no = contacts.create_contact(ctx, {"type": "company", "name": "Berg Bouw"}).contact.no
        card = ContactCard(ctx, no)
        qtbot.addWidget(card)
        card.resize(1300, 700)
        with qtbot.waitActive(card):
            card.show()
            card.activateWindow()
        return card

    return open_card
