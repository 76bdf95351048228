"""Every card, dialog and page under crm_desktop/ui with editable fields uses the one unsaved-changes
mechanism (issue 12 point 1).

Found by introspection twice: by reading the source (every class that builds an editor must
track its changes, or be listed below with the reason it stores nothing), and by opening every
page of the main window and every card as a user would and checking each editable widget on the
screen belongs to a form with a tracker. Then typing on each card marks its title and Esc asks.
"""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common import unsaved
from crm_desktop.ui.pages import PAGES
from tests.ui.unsaved_scan import UI_ROOT, builders_of, scan

# Parts of a form: the form that builds them tracks their edits.
COMPONENTS = {
    "CodeField": "a code editor inside a form",
    "FieldForm": "the generic form inside a card, dialog or setup section",
    "FieldEditor": "one field of the contact card",
    "_OptionalDate": "a date input of the No. Series line dialog",
    "SetupSection": "a section of the Marketing Setup page, which tracks every section",
}
# Classes with editors that hold nothing to lose: filters, pickers whose OK is the action, and
# dialogs that store every change at once.
NOT_FORMS = {
    "ContactListPage": "search box and filters of a list",
    "RecordListPage": "search box of a list",
    "ContactDuplicatesPage": "'Show pairs kept separate' filters the list",
    "SearchStringSetupDialog": "every change is stored at once; the Add row are Add's arguments",
    "RelatedDialog": "every Add and Remove is stored at once",
    "ImportDialog": "the choices of one import run; Import is the action, nothing else is stored",
    "TemplateDialog": "picks the template Create as Customer uses; OK is the action",
    "LinkDialog": "picks the record Link with Existing links; OK is the action",
    "ContactRelationsWidget": "its Add Relation picker's OK is the action",
    "InteractionLogPage": "contact, company, date, template, salesperson filters of a list",
    "MailDropLogPage": "the Interaction Log page's filters (a subclass); drops are logged at once",
    "OpportunitiesPage": "salesperson, cycle, month, status filters and search of a list",
    "ContactPickerDialog": "picks the other contact of a merge; OK is the action",
    "ImportPreviewDialog": "preview of one import run; Import is the action, nothing else stored",
    "MappingTable": "column mapping of the import preview, the arguments of Import",
    "DuplicateTable": "per-row duplicate choices of the import preview, arguments of Import",
    "ExportChoiceDialog": "export format and columns; Export is the action, nothing is stored",
    "DocumentListPage": "document type choice and search box of a list",
    "VatRateDelegate": "a document line's VAT rate cell: every cell of a line is stored at once",
    "NewDocumentDialog": "customer/vendor and No. of the document New makes; OK is the action",
    "OutputDialog": "Preview/Print/Send choices of one output; the button is the action",
}
# Classes that build a component for a dialog that tracks it.
FORM_FACTORIES = {
    "MasterTablePanel": "builds the FieldForm of a FormDialog, which tracks it",
}


def _is_component(classes, name: str) -> bool:  # type: ignore[no-untyped-def]
    cls = classes.get(name)
    while cls is not None:
        if cls.name in COMPONENTS:
            return True
        cls = next((classes[b] for b in cls.bases if b in classes), None)
    return False


def _exempt(classes, name: str) -> bool:  # type: ignore[no-untyped-def]
    cls = classes.get(name)
    while cls is not None:
        if cls.name in NOT_FORMS:
            return True
        cls = next((classes[b] for b in cls.bases if b in classes), None)
    return False


def test_every_class_with_editors_tracks_its_changes() -> None:
    classes = scan()
    missing = [
        c.qualname
        for c in classes.values()
        if c.editable
        and not c.tracked
        and not _is_component(classes, c.name)
        and not _exempt(classes, c.name)
    ]
    assert not missing, (
        "These classes put editable fields on the screen without the unsaved-changes mechanism "
        "(crm_desktop/ui/common/unsaved.py, see its docstring); if one stores nothing, list it "
        f"in NOT_FORMS with the reason: {missing}"
    )


def test_every_component_lives_in_a_tracked_form() -> None:
    classes = scan()
    loose = []
    for cls in classes.values():
        if not _is_component(classes, cls.name):
            continue
        for builder in builders_of(classes, cls.name):
            if not (
                builder.tracked
                or _is_component(classes, builder.name)
                or _exempt(classes, builder.name)
                or builder.name in FORM_FACTORIES
            ):
                loose.append(f"{builder.qualname} builds {cls.name}")
    assert not loose, f"Form parts built outside a tracked form: {loose}"


def test_the_exemption_lists_name_real_classes() -> None:
    classes = scan()
    for name in [*COMPONENTS, *NOT_FORMS, *FORM_FACTORIES]:
        assert name in classes, f"{name} is listed but no longer exists"
    for name in NOT_FORMS:
        builds_parts = any(_is_component(classes, n) for n in classes[name].builds)
        assert classes[name].editable or builds_parts, f"{name} has no editors: drop it"
        assert not classes[name].tracked, f"{name} tracks its changes: drop it from NOT_FORMS"


def test_tracked_dialogs_close_through_the_question() -> None:
    # reject() hides a dialog without a close event, so a Close button wired to it would drop
    # the edits without the question; tracked classes connect their buttons to close().
    classes = scan()
    wired = []
    for path in sorted(UI_ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef) or not classes[node.name].tracked:
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "connect"
                    and call.args
                    and isinstance(call.args[0], ast.Attribute)
                    and call.args[0].attr == "reject"
                    and isinstance(call.args[0].value, ast.Name)
                    and call.args[0].value.id == "self"
                ):
                    wired.append(f"{path.name}:{call.lineno} {node.name}")
    assert not wired, f"Buttons wired to self.reject in tracked forms: {wired}"


# ---- on the screen


def _editable(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit):
        # The line edit inside a spin box or a combo belongs to it.
        parent = widget.parentWidget()
        return not widget.isReadOnly() and not isinstance(parent, QAbstractSpinBox | QComboBox)
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QAbstractSpinBox | QCheckBox | QComboBox)


def untracked_editors(root: QWidget) -> list[str]:
    """The editable widgets shown in `root` that no tracker covers."""
    bad = []
    for widget in root.findChildren(QWidget):
        if not (_editable(widget) and widget.isVisibleTo(root) and widget.isEnabled()):
            continue
        holder: QWidget | None = widget
        covered = False
        while holder is not None:
            names = {k.__name__ for k in type(holder).__mro__}
            if names & set(NOT_FORMS) or unsaved.tracker_of(holder) is not None:
                covered = True
                break
            holder = holder.parentWidget()
        if not covered:
            bad.append(f"{type(root).__name__}: {widget.objectName() or type(widget).__name__}")
    return bad


def test_every_page_of_the_main_window_tracks_its_editors(main_window) -> None:  # type: ignore[no-untyped-def]
    bad = []
    for key, _title, _factory in PAGES:
        page = main_window.show_page(key)
        bad += untracked_editors(page)
    assert not bad


def _cards(ctx: AppContext, parent: QWidget) -> list[QWidget]:
    from crm_desktop.ui.contacts.card import ContactCard
    from crm_desktop.ui.contacts.details import NameDetailsDialog
    from crm_desktop.ui.numbering.dialogs import LineDialog, SeriesDialog
    from crm_desktop.ui.sync.card import RecordCard
    from crm_desktop.ui.sync.templates import TemplatesDialog

    company = contacts.create_contact(ctx, {"type": "company", "name": "Berg BV"}).contact.no
    person_card = ContactCard.new(ctx, "person", parent, company_no=company)
    import datetime as dt

    cards: list[QWidget] = [
        ContactCard(ctx, company, parent),
        ContactCard.new(ctx, "company", parent),
        person_card,
        NameDetailsDialog(ctx, "", person_card.editors, person_card),
        *(RecordCard(ctx, kind, "", parent) for kind in ("customer", "vendor")),  # type: ignore[arg-type]
        *(RecordCard(ctx, kind, "", parent) for kind in ("bank_account", "employee")),  # type: ignore[arg-type]
        SeriesDialog(ctx, None, parent),
        LineDialog(ctx, "CONT", None, dt.date(2026, 1, 1), parent),
        TemplatesDialog(ctx, parent),
    ]
    return cards


def test_every_card_tracks_its_editors_and_asks_before_closing(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, main_window
) -> None:
    panel = main_window.show_page("masterdata").show_table("salesperson")
    panel.new()
    cards = [*_cards(ctx, main_window), panel.dialog]
    for card in cards:
        assert card is not None
        qtbot.addWidget(card)
        card.show()
        assert untracked_editors(card) == [], type(card).__name__
        tracker = unsaved.tracker_of(card)
        assert tracker is not None and not tracker.dirty, type(card).__name__
        title = card.windowTitle()
        assert not title.endswith("*")
        edit = next(
            w
            for w in card.findChildren(QLineEdit)
            if _editable(w) and w.isVisibleTo(card) and w.isEnabled()
        )
        edit.setFocus()
        qtbot.keyClicks(edit, "X")
        assert tracker.dirty and card.windowTitle() == title + "*", type(card).__name__
        messages.answer_next.append(messages.CANCEL)
        if isinstance(card, QDialog):
            qtbot.keyClick(edit, Qt.Key.Key_Escape)
        else:
            card.close()
        assert card.isVisible(), type(card).__name__
        assert messages.shown[-1][0] == "save_question"
        messages.answer_next.append(messages.DISCARD)
        assert card.close(), type(card).__name__


def test_leaving_an_edited_page_asks(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    # Unticking an Inherit flag on Marketing Setup, then leaving the page or quitting.
    key = "marketing_setup"
    page = main_window.show_page(key)
    page.tabs.setCurrentIndex(list(page.sections).index("inheritance"))
    box = next(w for w in page.findChildren(QCheckBox) if w.isVisibleTo(page) and w.isEnabled())
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert main_window.windowTitle().endswith("*")
    messages.answer_next.append(messages.CANCEL)
    main_window.nav.setCurrentRow(0)
    assert main_window.stack.currentWidget() is page
    assert main_window.nav.currentItem().data(Qt.ItemDataRole.UserRole) == key
    messages.answer_next.append(messages.CANCEL)
    assert not main_window.close()
    messages.answer_next.append(messages.DISCARD)
    main_window.nav.setCurrentRow(0)
    assert main_window.stack.currentWidget() is not page
    assert not main_window.windowTitle().endswith("*")


def test_scan_reads_every_ui_module() -> None:
    assert len(list(Path(UI_ROOT).rglob("*.py"))) > 40
