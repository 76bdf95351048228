"""The Contacts page: typing in the search box shows the right rows (accents, phone separators,
company names), filters, sort, open and return, delete with confirmation, remembered columns, and
a model that fetches lazily and never holds more rows than it fetched."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from crm_desktop.services import contacts, demo
from crm_desktop.services.app import AppContext
from crm_desktop.services.contacts import listing as contact_list
from crm_desktop.services.contacts.listing import ContactFilter
from crm_desktop.ui import messages
from crm_desktop.ui.contacts.card import ContactCard
from crm_desktop.ui.contacts.list_model import BLOCK_SIZE, ContactListModel
from crm_desktop.ui.contacts.list_page import ContactListPage
from crm_desktop.ui.hub import hub

SHOTS = Path("/tmp/shots/contacts")


def _page(ctx: AppContext, qtbot) -> ContactListPage:  # type: ignore[no-untyped-def]
    page = ContactListPage(ctx)
    qtbot.addWidget(page)
    page.resize(1150, 600)
    page.show()
    page.model.wait()
    return page


def _shown(page: ContactListPage) -> list[str]:
    return [page.model.row_at(i).no for i in range(page.model.rowCount())]  # type: ignore[union-attr]


def _type(qtbot, page: ContactListPage, text: str) -> None:  # type: ignore[no-untyped-def]
    page.search.clear()
    qtbot.keyClicks(page.search, text)
    # The search waits for a pause in typing, then runs off the GUI thread.
    qtbot.waitUntil(lambda: page.model.filter.text == text and not page.model.busy, timeout=3000)
    page.model.wait()


@pytest.fixture
def book(ctx: AppContext) -> dict[str, str]:
    mk = contacts.create_contact
    a = mk(
        ctx,
        {"type": "company", "name": "Müller Bouw B.V.", "city": "Utrecht", "phone_no": "030-123 4"},
    ).contact.no
    b = mk(
        ctx,
        {
            "type": "company",
            "name": "Harbour Logistics Ltd",
            "city": "London",
            "phone_no": "020 7946 0000",
        },
    ).contact.no
    c = mk(ctx, {"type": "person", "name": "Jan de Vries", "company_no": a}).contact.no
    d = mk(ctx, {"type": "person", "name": "Olivia Brown", "company_no": b}).contact.no
    return {"muller": a, "harbour": b, "jan": c, "olivia": d}


def test_empty_list_shows_a_hint(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _page(ctx, qtbot)
    assert page.stack.currentWidget() is page.empty_hint
    assert "There are no contacts yet" in page.empty_hint.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "list_empty.png"))


def test_typing_finds_accents_phones_and_companies(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, book: dict[str, str]
) -> None:
    page = _page(ctx, qtbot)
    assert page.model.total == 4
    _type(qtbot, page, "Muller")
    assert sorted(_shown(page)) == sorted([book["muller"], book["jan"]])
    _type(qtbot, page, "0301234")
    assert sorted(_shown(page)) == sorted([book["muller"], book["jan"]])
    _type(qtbot, page, "harbour log")
    assert sorted(_shown(page)) == sorted([book["harbour"], book["olivia"]])
    assert page.count_label.text() == "2 contact(s)"
    _type(qtbot, page, "nobody at all")
    assert _shown(page) == []
    assert page.stack.currentWidget() is page.empty_hint
    assert "No contact matches" in page.empty_hint.text()


def test_filters_by_type(ctx: AppContext, qtbot, book: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    page = _page(ctx, qtbot)
    page.type_filter.setCurrentIndex(page.type_filter.findData("person"))
    page.model.wait()
    assert sorted(_shown(page)) == sorted([book["jan"], book["olivia"]])


def test_header_click_sorts_in_sqlite(ctx: AppContext, qtbot, book: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    page = _page(ctx, qtbot)
    names = [page.model.row_at(i).name for i in range(4)]  # type: ignore[union-attr]
    assert names == ["Harbour Logistics Ltd", "Jan de Vries", "Müller Bouw B.V.", "Olivia Brown"]
    page.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # City
    page.model.wait()
    cities = [page.model.row_at(i).city for i in range(4)]  # type: ignore[union-attr]
    assert cities == ["Utrecht", "Utrecht", "London", "London"]
    assert page.model.sort_by.column == "city" and page.model.sort_by.descending


def test_enter_opens_the_card_and_the_list_keeps_its_state(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, book: dict[str, str]
) -> None:
    page = _page(ctx, qtbot)
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    page.model.wait()
    _type(qtbot, page, "utrecht")
    page.select_no(book["jan"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    card = page.cards[-1]
    assert isinstance(card, ContactCard) and card.no == book["jan"]
    card.editors["job_title"].set_value("Inkoper")
    card.editors["job_title"].edited.emit("job_title")
    assert card.save()
    card.close()
    page.model.wait()
    assert page.search.text() == "utrecht"
    assert page.model.sort_by.column == "no" and page.model.sort_by.descending
    assert page.current_no() == book["jan"]
    assert contacts.get_contact(ctx, book["jan"]).job_title == "Inkoper"


def test_double_click_opens_and_hub_request_opens(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, book: dict[str, str]
) -> None:
    page = _page(ctx, qtbot)
    row = page.model.row_of(book["olivia"])
    rect = page.table.visualRect(page.model.index(row, 1))
    # A real double click is a press and release, then the double-click event.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [c.no for c in page.cards] == [book["olivia"]]  # type: ignore[attr-defined]
    hub().open_contact_requested.emit(book["harbour"])
    assert [c.no for c in page.cards] == [book["olivia"], book["harbour"]]  # type: ignore[attr-defined]


def test_delete_company_says_how_many_persons_go(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, book: dict[str, str]
) -> None:
    page = _page(ctx, qtbot)
    page.select_no(book["muller"])
    messages.answer_next.append(False)
    page.delete_current()
    assert messages.shown[-1] == (
        "question",
        f"Delete company {book['muller']} Müller Bouw B.V. and the 1 person(s) working for it?",
    )
    assert contacts.count_persons(ctx, book["muller"]) == 1
    messages.answer_next.append(True)
    page.delete_current()
    page.model.wait()
    assert sorted(_shown(page)) == sorted([book["harbour"], book["olivia"]])


def test_f5_refresh_shows_contacts_added_elsewhere(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, book: dict[str, str]
) -> None:
    page = _page(ctx, qtbot)
    contacts.create_contact(ctx, {"type": "company", "name": "Added Elsewhere"})
    assert page.model.total == 4
    qtbot.keyClick(page, Qt.Key.Key_F5)
    page.model.wait()
    assert page.model.total == 5


def test_column_widths_are_remembered(ctx: AppContext, qtbot, book: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    page = _page(ctx, qtbot)
    page.table.horizontalHeader().resizeSection(1, 333)
    page.settings.sync()
    assert QSettings(str(ctx.settings_path), QSettings.Format.IniFormat).contains(
        "contacts/list_header"
    )
    again = _page(ctx, qtbot)
    assert again.table.horizontalHeader().sectionSize(1) == 333


def test_model_counts_everything_and_holds_only_blocks_on_screen(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot
) -> None:
    demo.generate(ctx, 1000, seed=3)
    model = ContactListModel(ctx)
    model.set_query(ContactFilter())
    model.wait()
    assert model.total == model.rowCount() == 1000
    assert model.cached_blocks() == [0] and model.row_at(BLOCK_SIZE) is None
    model.index(999, 0).data()  # a view painting the last row asks for its block
    model.wait()
    last = model.row_at(999)
    assert last is not None and model.cached_blocks() == [0, 999 // BLOCK_SIZE]
    every = contact_list.fetch(ctx, ContactFilter(), model.sort_by, 0, 1000)
    assert last == every[-1]


def test_stale_results_are_dropped(ctx: AppContext, qtbot, book: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    model = ContactListModel(ctx)
    model.set_query(ContactFilter(text="muller"))
    model.set_query(ContactFilter(text="harbour"))
    model.wait()
    assert sorted(model.row_at(i).no for i in range(model.rowCount())) == sorted(  # type: ignore[union-attr]
        [book["harbour"], book["olivia"]]
    )


def test_qtmodeltester(ctx: AppContext, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    demo.generate(ctx, 450, seed=5)
    model = ContactListModel(ctx)
    model.set_query(ContactFilter())
    model.wait()
    qtmodeltester.check(model)
    model.wait()
    model.set_query(ContactFilter(type="person"))
    model.wait()
    qtmodeltester.check(model)


def test_screenshots_with_demo_data(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    demo.generate(ctx, 3000, seed=1)
    page = _page(ctx, qtbot)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "list_demo.png"))
    _type(qtbot, page, "muller utr")
    assert page.model.total > 0
    for i in range(page.model.rowCount()):
        row = page.model.row_at(i)
        assert row is not None
        found = f"{row.name} {row.company_name} {row.email}".lower()
        assert "müller" in found or "muller" in found
    page.grab().save(str(SHOTS / "list_search.png"))


def test_typing_fast_runs_one_query(ctx: AppContext, qtbot, book: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    page = _page(ctx, qtbot)
    before = page.model._generation
    qtbot.keyClicks(page.search, "harbour")  # faster than the 150 ms pause
    assert page.model._generation == before  # nothing ran yet
    qtbot.waitUntil(lambda: page.model._generation == before + 1, timeout=2000)
    page.model.wait()
    qtbot.wait(300)
    assert page.model._generation == before + 1
    assert sorted(_shown(page)) == sorted([book["harbour"], book["olivia"]])


def test_new_company_from_the_list_is_selected_after_saving(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, book: dict[str, str]
) -> None:
    page = _page(ctx, qtbot)
    page.new_company_button.click()
    card = page.cards[-1]
    assert isinstance(card, ContactCard)
    card.editors["name"].set_value("Aardvark Holding")
    card.editors["name"].edited.emit("name")
    assert card.save()
    page.model.wait()
    assert page.model.total == 5
    assert page.current_no() == card.no


def test_main_window_opens_on_the_contact_list(book: dict[str, str], main_window) -> None:  # type: ignore[no-untyped-def]
    page = main_window.page("contacts")
    assert isinstance(page, ContactListPage)
    page.model.wait()
    assert page.model.total == 4


def test_ctrl_end_reaches_the_last_contact_with_the_no_visible(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot
) -> None:
    demo.generate(ctx, 20_000, seed=7)
    page = ContactListPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.model.wait()
    assert page.model.rowCount() == 20_000
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 6))  # the user clicked in the E-Mail column
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    page.model.wait()
    QApplication.processEvents()
    page.table.viewport().repaint()
    page.model.wait()
    last = contact_list.fetch(ctx, ContactFilter(), page.model.sort_by, 19_999, 1)[0]
    assert page.table.currentIndex().row() == 19_999
    assert page.current_no() == last.no
    no_rect = page.table.visualRect(page.model.index(19_999, 0))
    assert page.table.viewport().rect().contains(no_rect)  # the No. column is in view
    assert page.model.blocks_fetched <= 3
    assert page.model.index(19_999, 0).data() == last.no
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "list_ctrl_end.png"))


def test_search_box_finds_fragments_post_codes_and_single_characters(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, book: dict[str, str]
) -> None:
    thompson = contacts.create_contact(
        ctx, {"type": "person", "name": "Amelia Thompson", "company_no": book["harbour"]}
    ).contact.no
    contacts.update_contact(ctx, book["muller"], {"post_code": "3547 DM"})
    page = _page(ctx, qtbot)
    _type(qtbot, page, "omps")
    assert _shown(page) == [thompson]
    _type(qtbot, page, "3547 dm")  # Jan's address follows his company's
    assert sorted(_shown(page)) == sorted([book["muller"], book["jan"]])
    _type(qtbot, page, "0")  # every phone here starts with 0 (persons inherit them)
    assert page.model.total == 5
    _type(qtbot, page, "u")  # names only: nobody's name starts with U
    assert _shown(page) == []
    _type(qtbot, page, "a")
    assert _shown(page) == [thompson]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.resize(1366, 768)
    _type(qtbot, page, "omps")
    QApplication.processEvents()
    page.grab().save(str(SHOTS / "list_search_omps.png"))
