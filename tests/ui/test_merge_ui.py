"""Merging contacts in the app (issue 17): BC scenario 36 (where the Merge Duplicate page
opens, with which contacts), the field chooser, the open card of the contact that goes, the
Merges page with Undo, and the unsaved-choices question. Screens are grabbed at 1366x768."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crm_desktop.services import contacts, duplicates, merge, setup
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.contacts.card import ContactCard
from crm_desktop.ui.duplicates.notice import DuplicateNotice
from crm_desktop.ui.duplicates.page import ContactDuplicatesPage
from crm_desktop.ui.merge.dialog import MergeDialog
from crm_desktop.ui.merge.page import MergesPage

SHOTS = Path("/tmp/shots/merge")


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.resize(1366, 768)
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / f"{name}.png"))


def _pair(ctx: AppContext) -> tuple[str, str]:
    # BC's method (search strings) is BC's default; these pairs are the ones it finds.
    setup.update_marketing_setup(
        ctx, {"duplicate_method": "search_strings", "search_hit_percent": 10}
    )
    a = contacts.create_contact(
        ctx,
        {"type": "company", "name": "Cronus Cardoxy Ltd", "city": "London", "phone_no": "0207 1"},
    ).contact.no
    b = contacts.create_contact(
        ctx,
        {
            "type": "company",
            "name": "Cronus Cardoxy Ltd",
            "city": "Londen",
            "email": "sales@cronus.example",
        },
    ).contact.no
    contacts.create_contact(ctx, {"type": "person", "name": "Anna Berg", "company_no": b})
    return a, b


def _line(dialog: MergeDialog, field: str) -> int:
    for row in range(dialog.fields.rowCount()):
        item = dialog.fields.item(row, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == field:
            return row
    raise AssertionError(field)


def test_bc036_merge_from_the_duplicates_page_opens_with_the_pair(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot
) -> None:
    a, b = _pair(ctx)
    page = ContactDuplicatesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    pair = page.model.rows[0]
    page._select(pair.contact_no, pair.duplicate_contact_no)
    assert page.merge_button.isEnabled()
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    dialog = page.merge_dialog
    assert dialog.current_edit.text() == pair.contact_no
    assert dialog.other_edit.text() == pair.duplicate_contact_no
    assert dialog.current_edit.isReadOnly() and dialog.other_edit.isReadOnly()
    # Identical values need no choice; the survivor's blank e-mail is filled from the other.
    chosen = dialog.chosen()
    survivor = contacts.get_contact(ctx, pair.contact_no)
    assert ("email" in chosen) == (survivor.email == "")
    name_item = dialog.fields.item(_line(dialog, "name"), 2)
    assert name_item is not None and not name_item.flags() & Qt.ItemFlag.ItemIsUserCheckable
    _shot(dialog, "merge_dialog_from_duplicates")
    dialog.close()
    # A pair kept separate is not offered for merging (BC).
    duplicates.keep_separate(ctx, pair.contact_no, pair.duplicate_contact_no)
    page.show_separate.setChecked(True)
    page._select(pair.contact_no, pair.duplicate_contact_no)
    assert not page.merge_button.isEnabled()


def test_bc036_merge_from_a_card_current_fixed_duplicate_typed(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot
) -> None:
    a, b = _pair(ctx)
    card = ContactCard(ctx, a)
    qtbot.addWidget(card)
    card.show()
    gone_card = ContactCard(ctx, b)  # closes (and is deleted) when its contact goes
    gone_card.show()
    qtbot.mouseClick(card.merge_button, Qt.MouseButton.LeftButton)
    dialog = card.merge_dialog
    assert dialog.current_edit.text() == a and dialog.current_edit.isReadOnly()
    assert dialog.other_edit.text() == "" and not dialog.other_edit.isReadOnly()
    assert not dialog.merge_button.isEnabled()
    assert dialog.empty.isVisible()
    _shot(dialog, "merge_dialog_from_card_empty")
    qtbot.keyClicks(dialog.other_edit, b)
    qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
    assert dialog.merge_button.isEnabled()
    assert dialog.related.rowCount() >= 1  # the person of the other company
    # The user keeps the other contact's city.
    city = dialog.fields.item(_line(dialog, "city"), 2)
    assert city is not None
    city.setCheckState(Qt.CheckState.Checked)
    assert "city" in dialog.chosen()
    _shot(dialog, "merge_dialog_from_card")
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert dialog.done_result is not None
    assert contacts.get_contact(ctx, a).city == "Londen"
    assert b not in {c.no for c in contacts.list_contacts(ctx)}
    # The card of the contact that went closed, with a note.
    assert all(getattr(w, "no", None) != b for w in QApplication.topLevelWidgets() if w.isVisible())
    assert any("was merged into" in text for _kind, text in messages.shown)


def test_closing_with_changed_choices_asks_first(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = _pair(ctx)
    dialog = MergeDialog(ctx, a, b)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Merge Duplicate"
    city = dialog.fields.item(_line(dialog, "city"), 2)
    assert city is not None
    city.setCheckState(Qt.CheckState.Checked)
    assert dialog.unsaved.dirty and dialog.windowTitle() == "Merge Duplicate*"
    messages.answer_next.append(messages.CANCEL)
    assert not dialog.close()
    assert dialog.isVisible()
    messages.answer_next.append(messages.DISCARD)
    assert dialog.close()
    assert b in {c.no for c in contacts.list_contacts(ctx)}  # nothing merged


def test_notice_offers_merge(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = _pair(ctx)
    notice = DuplicateNotice(ctx)
    qtbot.addWidget(notice)
    notice.show_for(b, [a])
    qtbot.mouseClick(notice.merge_button, Qt.MouseButton.LeftButton)
    dialog = notice.merge_dialog
    assert (dialog.current_edit.text(), dialog.other_edit.text()) == (b, a)
    dialog.close()


def test_merges_page_lists_and_undoes(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = MergesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.stack.currentWidget() is page.empty
    _shot(page, "merges_page_empty")
    a, b = _pair(ctx)
    done = merge.merge_contacts(ctx, a, b)
    page.refresh()
    assert page.table.rowCount() == 1
    cells = [page.table.item(0, c).text() for c in range(6)]  # type: ignore[union-attr]
    assert cells[0] == str(done.merge_no) and cells[2].startswith(b) and cells[3].startswith(a)
    page.table.selectRow(0)
    assert page.undo_button.isEnabled()
    _shot(page, "merges_page")
    messages.answer_next.append(True)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert b in {c.no for c in contacts.list_contacts(ctx)}
    assert page.table.item(0, 5).text() != ""  # type: ignore[union-attr]
    page.table.selectRow(0)
    assert not page.undo_button.isEnabled()


def test_the_other_contact_can_be_found_by_name(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.ui.merge.picker import ContactPickerDialog

    a, b = _pair(ctx)
    contacts.create_contact(ctx, {"type": "company", "name": "Fabrikam", "city": "Paris"})
    picker = ContactPickerDialog(ctx, "company", a)
    qtbot.addWidget(picker)
    picker.show()
    assert a not in [r.no for r in picker.rows]  # never the current contact
    assert "Anna Berg" not in [r.name for r in picker.rows]  # only companies
    qtbot.keyClicks(picker.search, "cronus")
    picker.refresh()
    assert [r.no for r in picker.rows] == [b]
    assert picker.chosen() == b and picker.ok_button.isEnabled()
    _shot(picker, "merge_find_contact")
    qtbot.keyClicks(picker.search, "zzz")
    picker.refresh()
    assert picker.rows == [] and not picker.ok_button.isEnabled()
    assert "No contact" in picker.hint.text()
