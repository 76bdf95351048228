"""Every action from the keyboard or a menu: File, Edit, View, Help; Ctrl+N, Delete with its
question and Edit > Undo, F2/Enter, Ctrl+C, Ctrl+Q, page keys and the list's context menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.storage import models as m
from crm_desktop.ui import messages
from crm_desktop.ui.common.undo_stack import undo_stack
from crm_desktop.ui.contacts.card import ContactCard
from crm_desktop.ui.contacts.list_page import ContactListPage
from crm_desktop.ui.pages import PAGES

SHOTS = Path("/tmp/shots/i13")


def _action(window, name: str) -> QAction:  # type: ignore[no-untyped-def]
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def _contacts_page(window, qtbot) -> ContactListPage:  # type: ignore[no-untyped-def]
    with qtbot.waitActive(window):
        window.activateWindow()
    page = window.page("contacts")
    assert isinstance(page, ContactListPage)
    page.model.wait()
    return page


def _book(ctx: AppContext) -> tuple[str, list[str]]:
    company = contacts.create_contact(
        ctx, {"type": "company", "name": "Müller Bouw B.V.", "city": "Utrecht"}
    ).contact.no
    persons = [
        contacts.create_contact(
            ctx, {"type": "person", "name": n, "company_no": company}
        ).contact.no
        for n in ("Jan de Vries", "Piet Jansen")
    ]
    with ctx.db.uow() as s:
        s.add(m.BusinessRelation(code="LAW", description="Lawyer"))
        s.flush()
        s.add(m.ContactBusinessRelation(contact_no=company, business_relation_code="LAW"))
    return company, persons


def test_menus_have_the_entries_an_office_user_expects(main_window) -> None:  # type: ignore[no-untyped-def]
    titles = [a.text() for a in main_window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Help"]
    for name, keys in (
        ("import_contacts", "Ctrl+I"),
        ("export_contacts", "Ctrl+E"),
        ("backup_now", "Ctrl+B"),
        ("quit", "Ctrl+Q"),
        ("undo", "Ctrl+Z"),
        ("new_record", "Ctrl+N"),
        ("find", "Ctrl+F"),
        ("view_contacts", "Ctrl+1"),
        ("view_customers", "Ctrl+2"),
    ):
        assert _action(main_window, name).shortcut().toString() == keys, name
    # Every page has an entry in View with an accelerator.
    view = [a for a in main_window.findChildren(QAction) if a.objectName().startswith("view_")]
    assert len(view) == len(PAGES) and all("&" in a.text() for a in view)
    assert _action(main_window, "open_record").text().endswith("\tEnter")
    _action(main_window, "about").trigger()
    assert messages.shown[-1][0] == "info" and "CRM Desktop" in messages.shown[-1][1]


def test_page_keys_switch_pages(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _contacts_page(main_window, qtbot)
    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert main_window.stack.currentWidget() is main_window.page("customers")
    qtbot.keyClick(main_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert main_window.stack.currentWidget() is main_window.page("contacts")


def test_ctrl_n_makes_a_new_record_on_every_list(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _contacts_page(main_window, qtbot)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    card = page.cards[-1]
    assert isinstance(card, ContactCard) and card.no is None
    assert card.isVisible() and not card.isModal()  # cards are non-modal windows (issue 12)
    card.close()  # the card deletes itself when closed: not handed to qtbot
    main_window.show_page("customers")
    customers = main_window.page("customers")
    with qtbot.waitActive(main_window):
        main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    new = [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and type(w).__name__ == "RecordCard"
    ]
    assert len(new) == 1 and customers is not None
    assert getattr(new[0], "kind", None) == "customer" and not getattr(new[0], "no", "x")
    new[0].close()


def test_delete_asks_then_undo_brings_company_persons_and_relations_back(  # type: ignore[no-untyped-def]
    ctx: AppContext, main_window, qtbot
) -> None:
    undo_stack().clear()  # the stack lives as long as the app: forget other tests' deletes
    company, persons = _book(ctx)
    page = _contacts_page(main_window, qtbot)
    page.model.refresh()
    page.model.wait()
    assert page.select_no(company)
    page.table.setFocus()
    messages.answer_next.append(False)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert messages.shown[-1][0] == "question" and "Müller Bouw B.V." in messages.shown[-1][1]
    assert contacts.count_persons(ctx, company) == 2  # No: nothing deleted
    messages.answer_next.append(True)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    page.model.wait()
    assert page.model.total == 0
    undo = _action(main_window, "undo")
    assert undo.isEnabled() and undo.text() == "Undo Delete of Müller Bouw B.V."
    qtbot.keyClick(main_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    page.model.wait()
    assert page.model.total == 3
    assert contacts.count_persons(ctx, company) == 2
    with ctx.db.read() as s:
        assert s.get(m.ContactBusinessRelation, (company, "LAW")) is not None
    assert not undo.isEnabled()
    undo_stack().clear()


def test_f2_and_enter_open_and_ctrl_c_copies(ctx: AppContext, main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    company, persons = _book(ctx)
    page = _contacts_page(main_window, qtbot)
    page.model.refresh()
    page.model.wait()
    page.select_no(persons[0])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    assert [c.no for c in page.cards] == [persons[0]]  # type: ignore[attr-defined]
    page.select_no(company)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert [c.no for c in page.cards] == [persons[0], company]  # type: ignore[attr-defined]
    for card in list(page.cards):
        qtbot.addWidget(card)
    page.table.selectAll()
    qtbot.keyClick(page.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:2] == ["No.", "Name"]
    assert len(lines) == 4 and any("Jan de Vries" in line for line in lines)


def test_context_menu_offers_open_new_delete_copy_export(  # type: ignore[no-untyped-def]
    ctx: AppContext, main_window, qtbot
) -> None:
    _book(ctx)
    page = _contacts_page(main_window, qtbot)
    page.model.refresh()
    page.model.wait()
    rect = page.table.visualRect(page.model.index(1, 1))
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, rect.center(), QPoint())
    QApplication.sendEvent(page.table.viewport(), event)
    menu = page.table.last_menu
    assert menu is not None
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert names == ["menu_open", "menu_new", "menu_delete", "menu_copy", "menu_export"]
    assert all(a.isEnabled() for a in menu.actions() if a.objectName())
    assert page.table.currentIndex().row() == 1  # the right-clicked row became current
    SHOTS.mkdir(parents=True, exist_ok=True)
    menu.grab().save(str(SHOTS / "context_menu.png"))
    menu.close()
    menu.actions()[0].trigger()  # Open
    assert len(page.cards) == 1  # type: ignore[attr-defined]
    qtbot.addWidget(page.cards[0])


def test_ctrl_q_quits(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _contacts_page(main_window, qtbot)
    main_window.resize(1366, 768)
    SHOTS.mkdir(parents=True, exist_ok=True)
    main_window.grab().save(str(SHOTS / "main_window.png"))
    qtbot.keyClick(main_window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not main_window.isVisible()


def test_customers_empty_state_names_what_exists(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = main_window.show_page("customers")
    page.model.wait()  # the list loads in the background; then the empty state shows
    assert page.empty.isVisibleTo(page)
    text = page.empty.text()
    assert "tab" not in text and "Business Relations section" in text and "Ctrl+N" in text
    main_window.resize(1366, 768)
    SHOTS.mkdir(parents=True, exist_ok=True)
    main_window.grab().save(str(SHOTS / "customers_empty.png"))
