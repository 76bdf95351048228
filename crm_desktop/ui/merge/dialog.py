"""The Merge Duplicate dialog: two contacts side by side, the surviving value chosen per field.

Opened from the Contact Duplicates page (Current = the pair's contact, Duplicate = the other),
from the on-creation duplicate notice, or from a contact card (Current = the card's contact, not
editable; Duplicate blank and typed in), as BC's Merge Duplicate page (scenario 36). Current
survives unless the user swaps. Identical values need no choice; a value blank on the survivor
is taken from the other side until the user says otherwise. Business relation clashes are asked
before anything is written. The choices are unsaved work: closing asks first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.sync import KIND_CAPTION
from crm_desktop.services import contacts, merge
from crm_desktop.services.app import AppContext
from crm_desktop.services.merge import MergeDone, MergePreview
from crm_desktop.ui import messages
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.hub import hub
from crm_desktop.ui.merge import cards

SAME_COLOUR = QColor("#6b6b6b")


def _text(value: Any) -> str:
    if value is True:
        return QCoreApplication.translate("MergeDialog", "Yes")
    if value is False or value is None:
        return ""
    return str(value)


class MergeDialog(QDialog):
    """Merge `other_no` into `current_no` (or the other way round after Swap)."""

    merged = Signal(object)  # MergeDone

    def __init__(
        self,
        ctx: AppContext,
        current_no: str,
        other_no: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("merge_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Merge Duplicate"))
        self.preview: MergePreview | None = None
        self._initial: frozenset[str] = frozenset()
        self.done_result: MergeDone | None = None
        # From a card the duplicate is typed in; from a pair both are given.
        self.from_card = other_no is None

        self.current_edit = QLineEdit(current_no)
        self.current_edit.setObjectName("merge_current")
        self.current_edit.setReadOnly(True)
        self.current_name = QLabel()
        self.current_name.setObjectName("merge_current_name")
        self.other_edit = QLineEdit(other_no or "")
        self.other_edit.setObjectName("merge_duplicate")
        self.other_edit.setReadOnly(not self.from_card)
        self.other_edit.setPlaceholderText(self.tr("Contact No."))
        self.other_name = QLabel()
        self.other_name.setObjectName("merge_duplicate_name")
        self.load_button = QPushButton(self.tr("Compare"))
        self.load_button.setObjectName("merge_compare")
        self.load_button.setVisible(self.from_card)
        self.find_button = QPushButton(self.tr("Find…"))
        self.find_button.setObjectName("merge_find")
        self.find_button.setToolTip(self.tr("Search for the other contact by name, city or phone"))
        self.find_button.setVisible(self.from_card)
        self.swap_button = QPushButton(self.tr("Swap: Keep the Duplicate"))
        self.swap_button.setObjectName("merge_swap")
        self.swap_button.setToolTip(
            self.tr("The duplicate survives and the current contact goes into it")
        )
        self.explain = QLabel()
        self.explain.setObjectName("merge_explain")
        self.explain.setWordWrap(True)
        self.clash_label = QLabel()
        self.clash_label.setObjectName("merge_clash")
        self.clash_label.setWordWrap(True)
        self.clash_label.setStyleSheet(
            "QLabel { background: #fff4ce; border: 1px solid #e0c060; padding: 4px; }"
        )
        self.clash_label.hide()

        self.fields = QTableWidget(0, 3)
        self.fields.setObjectName("merge_fields")
        self.fields.verticalHeader().hide()
        self.fields.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.fields.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.fields.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.related = QTableWidget(0, 3)
        self.related.setObjectName("merge_related")
        self.related.verticalHeader().hide()
        self.related.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.related.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.fields, self.tr("Fields"))
        self.tabs.addTab(self.related, self.tr("Related Records"))
        self.empty = QLabel(
            self.tr(
                "Type the number of the contact to merge into this one and click Compare, or click "
                "Find… to search for it."
            )
        )
        self.empty.setObjectName("merge_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        self.show_same = QCheckBox(self.tr("Show fields that are the same"))
        self.show_same.setObjectName("merge_show_same")
        self.merge_button = QPushButton(self.tr("Merge"))
        self.merge_button.setObjectName("merge_ok")
        self.merge_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("merge_cancel")

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Current (survives):")), 0, 0)
        grid.addWidget(self.current_edit, 0, 1)
        grid.addWidget(self.current_name, 0, 3)
        grid.addWidget(QLabel(self.tr("Duplicate (goes):")), 1, 0)
        grid.addWidget(self.other_edit, 1, 1)
        compare = QHBoxLayout()
        compare.addWidget(self.find_button)
        compare.addWidget(self.load_button)
        grid.addLayout(compare, 1, 2)
        grid.addWidget(self.other_name, 1, 3)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(1, 140)
        buttons = QHBoxLayout()
        buttons.addWidget(self.swap_button)
        buttons.addWidget(self.show_same)
        buttons.addStretch(1)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.explain)
        layout.addWidget(self.clash_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)

        self.unsaved = UnsavedChanges(
            self,
            save=self.merge,
            name=self.windowTitle,
            is_dirty=lambda: self.chosen() != self._initial,
            save_shortcut=False,
        )
        self.unsaved.watch(self.fields.itemChanged)
        self.load_button.clicked.connect(self.load)
        self.find_button.clicked.connect(self.find_other)
        self.other_edit.returnPressed.connect(self.load)
        self.swap_button.clicked.connect(self.swap)
        self.show_same.toggled.connect(lambda _on: self._hide_same())
        self.merge_button.clicked.connect(self.merge)
        self.cancel_button.clicked.connect(self.close)
        self.resize(900, 640)
        self.load()
        if self.from_card:
            self.other_edit.setFocus()

    # --- showing ---------------------------------------------------------------------------

    def load(self) -> None:
        """Compare the two contacts again (the choices start over)."""
        current = self.current_edit.text().strip().upper()
        other = self.other_edit.text().strip().upper()
        self.preview = None
        if other:
            try:
                self.preview = merge.preview(self.ctx, current, other)
            except CrmError as exc:
                messages.show_error(self, exc)
        self._show()

    def _show(self) -> None:
        p = self.preview
        shown = p is not None
        self.tabs.setVisible(shown)
        self.empty.setVisible(not shown)
        self.swap_button.setEnabled(shown and not self.from_card)
        self.merge_button.setEnabled(shown)
        self.show_same.setVisible(shown)
        self.clash_label.setVisible(bool(p and p.clashes))
        if p is None:
            self.current_name.setText(self._name_of(self.current_edit.text()))
            self.other_name.setText("")
            self.explain.setText("")
            self._initial = frozenset()
            self.unsaved.refresh()
            return
        self.current_name.setText(str(p.current["name"]))
        self.other_name.setText(str(p.other["name"]))
        self.explain.setText(
            self.tr(
                "%1 survives: every record of %2 moves to it and %2 goes. Tick a value of %2 to "
                "keep it instead; blank fields are filled from %2. A merge can be undone on "
                "the Merges page."
            )
            .replace("%1", str(p.current["no"]))
            .replace("%2", str(p.other["no"]))
        )
        if p.clashes:
            self.clash_label.setText(
                "\n".join(
                    self.tr(
                        "Both are linked to a different %1 (%2 and %3). Merging keeps %2; "
                        "%1 %3 loses its contact."
                    )
                    .replace("%1", _kind_caption(c.kind))
                    .replace("%2", c.survivor_record)
                    .replace("%3", c.gone_record)
                    for c in p.clashes
                )
            )
        self.fields.blockSignals(True)
        self.fields.setHorizontalHeaderLabels(
            [
                self.tr("Field"),
                f"{p.current['no']} {p.current['name']}",
                f"{p.other['no']} {p.other['name']}",
            ]
        )
        self.fields.setRowCount(len(p.lines))
        for row, line in enumerate(p.lines):
            caption = QTableWidgetItem(QCoreApplication.translate("contact", line.caption))
            caption.setData(Qt.ItemDataRole.UserRole, line.field)
            mine = QTableWidgetItem(_text(line.current))
            theirs = QTableWidgetItem(_text(line.other))
            if line.same:
                for item in (caption, mine, theirs):
                    item.setForeground(SAME_COLOUR)
                theirs.setFlags(Qt.ItemFlag.ItemIsEnabled)
                theirs.setToolTip(self.tr("The same on both"))
            else:
                theirs.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                theirs.setCheckState(
                    Qt.CheckState.Checked if line.take_other else Qt.CheckState.Unchecked
                )
                theirs.setToolTip(self.tr("Ticked: this value is kept"))
            self.fields.setItem(row, 0, caption)
            self.fields.setItem(row, 1, mine)
            self.fields.setItem(row, 2, theirs)
        self.fields.blockSignals(False)
        self.related.setHorizontalHeaderLabels(
            [self.tr("Records"), str(p.current["no"]), str(p.other["no"])]
        )
        self.related.setRowCount(len(p.related))
        for row, rel in enumerate(p.related):
            self.related.setItem(row, 0, QTableWidgetItem(_table_caption(rel.table)))
            self.related.setItem(row, 1, QTableWidgetItem(str(rel.current)))
            self.related.setItem(row, 2, QTableWidgetItem(str(rel.other)))
        self._hide_same()
        self._initial = self.chosen()
        self.unsaved.refresh()

    def _hide_same(self) -> None:
        lines = self.preview.lines if self.preview is not None else ()
        for row, line in enumerate(lines):
            self.fields.setRowHidden(row, line.same and not self.show_same.isChecked())

    def _name_of(self, no: str) -> str:
        try:
            return contacts.get_contact(self.ctx, no.strip().upper()).name if no.strip() else ""
        except CrmError:
            return ""

    def chosen(self) -> frozenset[str]:
        """The fields whose value is taken from the duplicate (ticked)."""
        out: set[str] = set()
        for row in range(self.fields.rowCount()):
            item = self.fields.item(row, 2)
            caption = self.fields.item(row, 0)
            if item is None or caption is None:
                continue
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and (
                item.checkState() == Qt.CheckState.Checked
            ):
                out.add(str(caption.data(Qt.ItemDataRole.UserRole)))
        return frozenset(out)

    # --- actions ---------------------------------------------------------------------------

    def find_other(self) -> None:
        """Search for the other contact (of the same type) and compare with it."""
        from crm_desktop.ui.merge.picker import ContactPickerDialog

        current = self.current_edit.text().strip().upper()
        try:
            contact_type = contacts.get_contact(self.ctx, current).type
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        self.picker = ContactPickerDialog(self.ctx, contact_type, current, self)
        if self.picker.exec() == QDialog.DialogCode.Accepted:
            chosen = self.picker.chosen()
            if chosen:
                self.other_edit.setText(chosen)
                self.load()

    def swap(self) -> None:
        """The duplicate survives instead; the choices start over for it."""
        current, other = self.current_edit.text(), self.other_edit.text()
        self.current_edit.setText(other)
        self.other_edit.setText(current)
        self.load()

    def merge(self) -> bool:
        """Merge after asking about clashes and the other contact's open card; True when done."""
        p = self.preview
        if p is None:
            return False
        drop: list[str] = []
        if p.clashes:
            question = self.tr(
                "Keep the links of %1? The other records lose their contact: %2."
            ).replace("%1", str(p.current["no"]))
            question = question.replace(
                "%2", ", ".join(f"{_kind_caption(c.kind)} {c.gone_record}" for c in p.clashes)
            )
            if not messages.ask(self, self.tr("Merge Duplicate"), question):
                return False
            drop = [c.kind for c in p.clashes]
        gone = str(p.other["no"])
        if not cards.settle_cards_of(gone):
            return False
        try:
            done = merge.merge_contacts(
                self.ctx, str(p.current["no"]), gone, take_other=self.chosen(), drop_links=drop
            )
        except CrmError as exc:
            messages.show_error(self, exc)
            return False
        self.done_result = done
        self.unsaved.mark_clean()
        self._initial = self.chosen()
        # Before the hub: a card that hears its contact changed and cannot load it closes
        # without saying why.
        cards.close_cards_of(done)
        hub().changed(
            "contact",
            "contact_duplicate",
            "contact_business_relation",
            "contact_merge",
            keys={done.survivor_no, done.gone_no, *done.contacts_changed},
        )
        hub().status_message.emit(
            self.tr("Merged %1 into %2 (merge %3): %4 records moved. Undo it on the Merges page.")
            .replace("%1", done.gone_no)
            .replace("%2", done.survivor_no)
            .replace("%3", str(done.merge_no))
            .replace("%4", str(done.records_moved))
        )
        self.merged.emit(done)
        self.accept()
        return True


def _kind_caption(kind: str) -> str:
    caption = KIND_CAPTION.get(kind, kind)  # type: ignore[call-overload]
    return QCoreApplication.translate("sync", caption)


def _table_caption(table: str) -> str:
    names = {
        "contact": QCoreApplication.translate("MergeDialog", "Persons"),
        "contact_business_relation": QCoreApplication.translate(
            "MergeDialog", "Business relations"
        ),
        "contact_duplicate": QCoreApplication.translate("MergeDialog", "Duplicate pairs"),
        "cont_duplicate_search_string": QCoreApplication.translate(
            "MergeDialog", "Duplicate search strings"
        ),
        "customer": QCoreApplication.translate("MergeDialog", "Customers (primary contact)"),
        "vendor": QCoreApplication.translate("MergeDialog", "Vendors (primary contact)"),
    }
    return names.get(table, table.replace("_", " ").capitalize())
