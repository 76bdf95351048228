"""The Contact Duplicates page, its setup dialog and the card notice, driven like a user."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from crm_desktop.services import contacts, duplicates, setup
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.duplicates.model import PairsModel
from crm_desktop.ui.duplicates.notice import DuplicateNotice
from crm_desktop.ui.duplicates.page import ContactDuplicatesPage
from crm_desktop.ui.duplicates.setup_dialog import SearchStringSetupDialog
from crm_desktop.ui.hub import hub

SHOTS = Path("/tmp/shots/duplicates")


@pytest.fixture(autouse=True)
def bc_method(ctx: AppContext) -> None:
    """GIVEN Duplicate Search Method = search strings (BC's default; these tests follow BC's
    scenarios); the fuzzy tests below switch back to the method a new database of ours has."""
    setup.update_marketing_setup(ctx, {"duplicate_method": "search_strings"})


def _company(ctx: AppContext, **values: str) -> tuple[str, tuple[str, ...]]:
    saved = contacts.create_contact(ctx, {"type": "company", **values})
    return saved.contact.no, saved.duplicates


def _fill(ctx: AppContext) -> tuple[str, str, str]:
    setup.update_marketing_setup(ctx, {"search_hit_percent": 10})
    a, _ = _company(ctx, name="Cronus Cardoxy Ltd", city="London", phone_no="0207 123 456")
    b, found_b = _company(
        ctx, name="Cronus Cardoxy Ltd.", city="London", email="sales@cronus.co.uk"
    )
    c, _ = _company(ctx, name="Fabrikam Inc", city="Paris")
    assert found_b == (a,)
    return a, b, c


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def test_pairs_table_details_and_keep_separate(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b, _c = _fill(ctx)
    page = ContactDuplicatesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    assert page.model.rowCount() == 1
    assert page.stack.currentWidget() is page.table
    assert not page.separate_button.isEnabled()
    page.table.selectRow(0)
    pair = page.selected_pair()
    assert pair is not None and (pair.contact_no, pair.duplicate_contact_no) == (b, a)
    assert page.details.rowCount() == 8  # one line per field of the default setup
    assert page.details.item(0, 0).text() == "Name"
    assert page.details.item(0, 1).text() == "Cronus Cardoxy Ltd."
    assert page.details.item(0, 2).text() == "Cronus Cardoxy Ltd"
    _shot(page, "page_pairs")
    with qtbot.waitSignal(hub().open_contact_requested) as opened:
        qtbot.mouseClick(page.open_duplicate_button, Qt.MouseButton.LeftButton)
    assert opened.args == [a]
    qtbot.mouseClick(page.separate_button, Qt.MouseButton.LeftButton)
    assert [p.separate for p in duplicates.list_pairs(ctx)] == [True]
    assert page.model.rowCount() == 0 and page.stack.currentWidget() is page.empty
    assert "Click Scan" in page.empty.text()
    assert "Pairs kept separate: 1." in page.method_label.text()
    _shot(page, "page_empty")
    page.show_separate.setChecked(True)
    assert page.model.rowCount() == 1


def test_sorting_by_score(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    _fill(ctx)
    _company(ctx, name="Cronus Cardoxy Ltd", city="London", phone_no="0207 123 456")
    page = ContactDuplicatesPage(ctx)
    qtbot.addWidget(page)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    scores = [int(page.proxy.index(r, 0).data()) for r in range(page.proxy.rowCount())]
    assert scores == sorted(scores) and len(set(scores)) > 1
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert int(page.proxy.index(0, 0).data()) == max(scores)


def test_scan_runs_in_the_background(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    _company(ctx, name="Acme", city="Rome")
    _company(ctx, name="Acme", city="Rome")
    setup.update_marketing_setup(ctx, {"search_hit_percent": 20})
    page = ContactDuplicatesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 0
    qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    assert page.task is not None and not page.scan_button.isEnabled()
    qtbot.waitUntil(lambda: page.task is None, timeout=10000)
    assert page.model.rowCount() == 1 and page.scan_button.isEnabled()
    assert page.model.rows[0].score == 25


def test_cancelled_scan_says_so(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = ContactDuplicatesPage(ctx)
    qtbot.addWidget(page)
    page.scan()
    assert page.task is not None
    page.task.cancel()
    qtbot.waitUntil(lambda: page.task is None, timeout=10000)
    assert ("info", "The duplicate search was cancelled; nothing was changed.") in messages.shown


def test_setup_dialog_edits_lines(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SearchStringSetupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 16
    _shot(dialog, "setup_dialog")
    dialog.field.setCurrentIndex(dialog.field.findData("name_2"))
    dialog.part.setCurrentIndex(dialog.part.findData("last"))
    dialog.length.setValue(7)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert ("name_2", "last", 7) in {
        (x.field_name, x.part, x.length) for x in duplicates.list_setup(ctx)
    }
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert messages.shown[-1] == (
        "error",
        "Duplicate Search String Setup Name 2 Last already exists.",
    )
    row = next(
        r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == "Name 2"
    )
    dialog.table.cellWidget(row, 2).setValue(3)
    assert ("name_2", "last", 3) in {
        (x.field_name, x.part, x.length) for x in duplicates.list_setup(ctx)
    }
    dialog.table.setCurrentCell(row, 0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert len(duplicates.list_setup(ctx)) == 16 and dialog.table.rowCount() == 16
    for line in duplicates.list_setup(ctx):
        duplicates.delete_setup_row(ctx, line.field_name, line.part)
    dialog.refresh()
    assert dialog.empty.isVisible()
    messages.answer_next.append(True)
    qtbot.mouseClick(dialog.default_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 16


def test_notice_keeps_pairs_separate(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b, _c = _fill(ctx)
    notice = DuplicateNotice(ctx)
    qtbot.addWidget(notice)
    notice.show_for(b, [])
    assert notice.isHidden()
    notice.show_for(b, [a])
    assert notice.isVisible()
    assert notice.label.text() == f"1 possible duplicate: {a} (4 equal search strings)"
    notice.resize(640, 40)
    _shot(notice, "notice")
    with qtbot.waitSignal(notice.dismissed):
        qtbot.mouseClick(notice.separate_button, Qt.MouseButton.LeftButton)
    assert notice.isHidden()
    assert [p.separate for p in duplicates.list_pairs(ctx)] == [True]
    assert not duplicates.duplicate_exists(ctx, b)
    notice.show_for(b, [a, "X1", "X2", "X3"])
    assert notice.label.text() == f"4 possible duplicates: {a}; X1; X2 …"


def test_page_is_registered_and_model_is_sound(main_window, ctx: AppContext, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    _fill(ctx)
    page = main_window.show_page("contact_duplicates")
    assert isinstance(page, ContactDuplicatesPage)
    qtmodeltester.check(page.model)
    qtmodeltester.check(PairsModel())
    QApplication.processEvents()


def test_card_gets_the_notice_at_its_top(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    from crm_desktop.ui.duplicates.notice import show_duplicates_notice

    a, b, _c = _fill(ctx)
    card = QWidget()
    qtbot.addWidget(card)
    QVBoxLayout(card).addWidget(QLabel("card body"))
    card.show()
    notice = show_duplicates_notice(ctx, b, (a,), card)
    assert card.layout().itemAt(0).widget() is notice and notice.isVisible()
    assert show_duplicates_notice(ctx, b, (), card) is notice and notice.isHidden()


def test_generate_runs_in_the_background_without_a_parent(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.ui.duplicates.worker import run_generate

    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    _company(ctx, name="Acme", city="Rome")
    _company(ctx, name="Acme", city="Rome")
    setup.update_marketing_setup(ctx, {"search_hit_percent": 20})
    results: list[object] = []
    with qtbot.waitSignal(hub().status_message, timeout=10000) as said:
        run_generate(ctx, None, results.append)
    assert said.args == [
        "Duplicate search strings generated for 2 companies: 1 possible duplicate pairs."
    ]
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert len(duplicates.list_pairs(ctx)) == 1


def test_closing_the_window_during_a_job_is_safe(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    import threading

    from PySide6.QtWidgets import QWidget

    from crm_desktop.ui.duplicates.worker import run_in_background

    gate = threading.Event()
    called: list[str] = []
    owner = QWidget()
    thread = run_in_background(
        ctx,
        owner,
        "working",
        lambda progress, cancel: gate.wait(5),
        lambda _r: called.append("done"),
        lambda: called.append("finished"),
    )
    owner.deleteLater()
    qtbot.waitUntil(lambda: not isValid(owner), timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: not isValid(thread), timeout=10000)
    assert called == []  # the owner's callbacks are skipped, nothing touches deleted widgets


def isValid(obj: object) -> bool:  # noqa: N802 - shiboken's name
    import shiboken6

    return bool(shiboken6.isValid(obj))


def test_empty_setup_is_explained(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    for line in duplicates.list_setup(ctx):
        duplicates.delete_setup_row(ctx, line.field_name, line.part)
    page = ContactDuplicatesPage(ctx)
    qtbot.addWidget(page)
    assert "Duplicate Search String Setup is empty" in page.empty.text()


def test_marketing_setup_section_generates_in_the_background(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.ui.setup.duplicates import DuplicatesSection

    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    _company(ctx, name="Acme", city="Rome")
    _company(ctx, name="Acme", city="Rome")
    setup.update_marketing_setup(ctx, {"search_hit_percent": 20})
    section = DuplicatesSection(ctx)
    qtbot.addWidget(section)
    section.load(setup.get_marketing_setup(ctx))
    section.resize(760, 420)
    section.show()
    note = section.findChild(QLabel, "duplicates_method_note")
    assert note is not None and "Search Hit %" in note.text() and "Fuzzy Threshold" in note.text()
    _shot(section, "setup_section")
    with qtbot.waitSignal(hub().status_message, timeout=10000) as said:
        qtbot.mouseClick(section.generate_button, Qt.MouseButton.LeftButton)
    assert "2 companies: 1 possible duplicate pairs" in said.args[0]
    assert len(duplicates.list_pairs(ctx)) == 1


def _fuzzy_pair(ctx: AppContext) -> tuple[str, str]:
    a, _ = _company(
        ctx,
        name="Bakkerij Jansen B.V.",
        address="Kerkstraat 12",
        city="Utrecht",
        post_code="1234 AB",
        phone_no="030-1234567",
    )
    b, found = _company(
        ctx,
        name="BAKKERIJ JANSSEN",
        address="Kerkstr. 12",
        city="Utrecht",
        post_code="1234AB",
        phone_no="+31 30 123 45 67",
    )
    assert found == (a,)
    return a, b


def test_fuzzy_pairs_show_method_and_reasons(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    setup.update_marketing_setup(ctx, {"duplicate_method": "fuzzy"})
    a, b = _fuzzy_pair(ctx)
    page = ContactDuplicatesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    assert not page.offer.isVisible()  # nothing to offer: it is on fuzzy
    assert page.method_label.text().startswith("Method: fuzzy, threshold 60.")
    headers = [
        page.model.headerData(i, Qt.Orientation.Horizontal) for i in range(page.model.columnCount())
    ]
    row = {h: page.proxy.index(0, i).data() for i, h in enumerate(headers)}
    assert row["Found By"] == "Fuzzy" and row["Score %"] == "100"
    assert (
        row["Why"].startswith("Name 9")
        and "Phone same · Address 100 · Post Code same · City same" in row["Why"]
    )
    _shot(page, "page_fuzzy_1366")
    notice = DuplicateNotice(ctx)
    qtbot.addWidget(notice)
    notice.show_for(b, [a])
    assert notice.label.text().startswith(f"1 possible duplicate: {a} (Name 9")
    notice.resize(900, 40)
    _shot(notice, "notice_fuzzy")


def test_the_switch_is_offered_once(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = ContactDuplicatesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    assert page.offer.isVisible()
    _shot(page, "page_offer_1366")
    qtbot.mouseClick(page.keep_method_button, Qt.MouseButton.LeftButton)
    assert not page.offer.isVisible()
    assert setup.get_marketing_setup(ctx)["duplicate_method"] == "search_strings"
    again = ContactDuplicatesPage(ctx)
    qtbot.addWidget(again)
    again.show()
    assert not again.offer.isVisible()


def test_switching_to_fuzzy_from_the_offer_scans_again(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    contacts.create_contact(
        ctx,
        {
            "type": "person",
            "first_name": "Kees",
            "surname": "de Boer",
            "mobile_phone_no": "06-12345678",
        },
    )
    contacts.create_contact(
        ctx,
        {
            "type": "person",
            "first_name": "Cornelis",
            "surname": "Boer",
            "middle_name": "de",
            "mobile_phone_no": "0612345678",
        },
    )
    page = ContactDuplicatesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 0
    qtbot.mouseClick(page.switch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task is None and page.model.rowCount() == 1, timeout=20000)
    assert setup.get_marketing_setup(ctx)["duplicate_method"] == "fuzzy"
    assert not page.offer.isVisible()
    assert page.model.rows[0].method == "fuzzy"


def test_contacts_without_keys_are_prepared_in_the_background(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.storage import models as m

    setup.update_marketing_setup(ctx, {"duplicate_method": "fuzzy"})
    with ctx.db.uow() as s:  # contacts from before the upgrade: no keys
        s.add_all(m.Contact(no=f"K{i:03d}", type="company", name=f"Firm {i}") for i in range(40))
    page = ContactDuplicatesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    assert page.preparing.isVisible()
    assert "40 contacts not checked yet" in page.preparing_label.text()
    qtbot.waitUntil(lambda: page.preparing_job is None, timeout=20000)
    assert not page.preparing.isVisible()
    assert duplicates.unchecked_contacts(ctx) == 0
