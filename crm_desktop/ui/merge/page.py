"""The Merges page: every merge of two contacts, newest first, with Undo Merge."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services import merge
from crm_desktop.services.app import AppContext
from crm_desktop.services.merge import MergeRow
from crm_desktop.ui import messages
from crm_desktop.ui.hub import hub

KINDS = {"contact", "contact_merge"}


class MergesPage(QWidget):
    """Past merges (date, the contact that went, the one it went into, records moved, undone)
    and Undo Merge for the selected one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[MergeRow] = []
        title = QLabel(f"<h2>{self.tr('Merges')}</h2>")
        intro = QLabel(
            self.tr(
                "Every merge of two contacts is kept here. Undo Merge brings the contact that "
                "went back, with every record it had, exactly as before the merge."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("merges_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("No."),
                self.tr("Merged on"),
                self.tr("Contact that went"),
                self.tr("Merged into"),
                self.tr("Records moved"),
                self.tr("Undone on"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(
            self.tr(
                "No merges yet.\n\nMerge two contacts from the Contact Duplicates page "
                "(Merge…) or from a contact card (Merge With…). Every merge can be undone here."
            )
        )
        self.empty.setObjectName("merges_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.undo_button = QPushButton(self.tr("Undo Merge"))
        self.undo_button.setObjectName("merges_undo")
        self.open_button = QPushButton(self.tr("Open Contact"))
        self.open_button.setObjectName("merges_open")
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        self.undo_button.clicked.connect(self.undo)
        self.open_button.clicked.connect(self.open_contact)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.open_contact())
        hub().data_changed.connect(self._on_data_changed)
        self.refresh()

    def refresh(self) -> None:
        """Reload the list, keeping the selected merge selected."""
        selected = self.selected()
        try:
            self.rows = merge.list_merges(self.ctx)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        self.table.setRowCount(len(self.rows))
        for row, r in enumerate(self.rows):
            cells = [
                str(r.no),
                f"{r.merged_at:%Y-%m-%d %H:%M}",
                f"{r.gone_no}  {r.gone_name}",
                f"{r.survivor_no}  {r.survivor_name}",
                str(r.records_moved),
                f"{r.undone_at:%Y-%m-%d %H:%M}" if r.undone_at else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 4):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.stack.setCurrentWidget(self.table if self.rows else self.empty)
        if selected is not None:
            for row, r in enumerate(self.rows):
                if r.no == selected.no:
                    self.table.selectRow(row)
        self._selection_changed()

    def selected(self) -> MergeRow | None:
        """The merge of the selected row, if any."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def _selection_changed(self) -> None:
        r = self.selected()
        self.undo_button.setEnabled(r is not None and r.can_undo)
        self.open_button.setEnabled(r is not None)

    def _on_data_changed(self, kinds: set[str], _keys: Any) -> None:
        if kinds & KINDS:
            self.refresh()

    def undo(self) -> None:
        """Undo the selected merge after asking; says why when it cannot."""
        r = self.selected()
        if r is None or not r.can_undo:
            return
        question = (
            self.tr(
                "Undo merge %1? %2 %3 comes back with every record it had, and %4 is as it was "
                "before the merge."
            )
            .replace("%1", str(r.no))
            .replace("%2", r.gone_no)
            .replace("%3", r.gone_name)
            .replace("%4", r.survivor_no)
        )
        if not messages.ask(self, self.tr("Undo Merge"), question):
            return
        try:
            done = merge.undo_merge(self.ctx, r.no)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        hub().changed(
            "contact",
            "contact_duplicate",
            "contact_business_relation",
            "contact_merge",
            keys={done.survivor_no, done.gone_no},
        )
        hub().status_message.emit(
            self.tr("Merge %1 undone: %2 is back.")
            .replace("%1", str(done.merge_no))
            .replace("%2", done.gone_no)
        )

    def open_contact(self) -> None:
        """Open the card of the contact that is there now (the survivor, or both after undo)."""
        r = self.selected()
        if r is not None:
            hub().open_contact_requested.emit(r.gone_no if r.undone_at else r.survivor_no)
