"""The Duplicate Search String Setup: which contact fields, which part, how many characters."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.duplicates import search_strings as rules
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import duplicates
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.screen import fit_to_screen
from crm_desktop.ui.hub import hub

KEY_ROLE = Qt.ItemDataRole.UserRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("duplicates", text)


class SearchStringSetupDialog(QDialog):
    """Lists the setup rows; the length is edited in place (2 to 10); rows are added and deleted.

    Deleting a row deletes its stored strings; other changes reach existing contacts at the next
    scan or generate run, which the hint says."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Duplicate Search String Setup"))
        intro = QLabel(
            self.tr(
                "Each line makes one search string per company: the first or last characters of "
                "a field, after removing spaces and punctuation. Changes reach existing companies "
                "at the next scan."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("setup_table")
        self.table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Part"), self.tr("Length")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(
            self.tr(
                "The setup is empty: no duplicates can be found. Add lines or reset to BC's default."
            )
        )
        self.empty.setObjectName("setup_empty")
        self.empty.setWordWrap(True)

        self.field = QComboBox()
        self.field.setObjectName("setup_field")
        for name, caption in rules.SEARCHABLE_FIELDS:
            self.field.addItem(_tr(caption), name)
        self.part = QComboBox()
        self.part.setObjectName("setup_part")
        for part in rules.PARTS:
            self.part.addItem(_tr(rules.PART_CAPTIONS[part]), part)
        self.length = QSpinBox()
        self.length.setObjectName("setup_length")
        self.length.setRange(rules.MIN_LENGTH, rules.MAX_LENGTH)
        self.length.setValue(rules.DEFAULT_LENGTH)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName("setup_add")
        self.delete_button = QPushButton(self.tr("Delete Line"))
        self.delete_button.setObjectName("setup_delete")
        self.default_button = QPushButton(self.tr("Reset to Default"))
        self.default_button.setObjectName("setup_default")
        add_row = QHBoxLayout()
        add_row.addWidget(self.field, 2)
        add_row.addWidget(self.part, 1)
        add_row.addWidget(self.length)
        add_row.addWidget(self.add_button)
        actions = QHBoxLayout()
        actions.addWidget(self.delete_button)
        actions.addWidget(self.default_button)
        actions.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(add_row)
        layout.addLayout(actions)
        layout.addWidget(buttons)

        self.add_button.clicked.connect(self.add_line)
        self.delete_button.clicked.connect(self.delete_line)
        self.default_button.clicked.connect(self.reset_default)
        fit_to_screen(self, 520, 560)
        self.refresh()

    def refresh(self) -> None:
        """Reload the lines."""
        lines = duplicates.list_setup(self.ctx)
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            item = QTableWidgetItem(_tr(line.caption))
            item.setData(KEY_ROLE, (line.field_name, line.part))
            self.table.setItem(row, 0, item)
            self.table.setItem(row, 1, QTableWidgetItem(_tr(rules.PART_CAPTIONS[line.part])))
            spin = QSpinBox()
            spin.setRange(rules.MIN_LENGTH, rules.MAX_LENGTH)
            spin.setValue(line.length)
            spin.valueChanged.connect(
                lambda value, f=line.field_name, p=line.part: self.set_length(f, p, value)
            )
            self.table.setCellWidget(row, 2, spin)
        self.empty.setVisible(not lines)
        self.delete_button.setEnabled(bool(lines))

    def _changed(self) -> None:
        hub().changed("duplicate_setup")

    def set_length(self, field_name: str, part: str, length: int) -> None:
        """Save a line's new length."""
        try:
            duplicates.set_setup_length(self.ctx, field_name, part, length)
        except CrmError as exc:
            messages.show_error(self, exc)
            self.refresh()
            return
        self._changed()

    def add_line(self) -> None:
        """Add the field/part/length chosen below the table."""
        try:
            duplicates.add_setup_row(
                self.ctx, self.field.currentData(), self.part.currentData(), self.length.value()
            )
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        self.refresh()
        self._changed()

    def delete_line(self) -> None:
        """Delete the selected line and its stored strings."""
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            return
        field_name, part = item.data(KEY_ROLE)
        try:
            duplicates.delete_setup_row(self.ctx, field_name, part)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        self.refresh()
        self._changed()

    def reset_default(self) -> None:
        """Replace every line with BC's 16 default lines, after asking."""
        if not messages.ask(
            self,
            self.windowTitle(),
            self.tr("Replace all lines with the 8 default fields, First and Last, length 5?"),
        ):
            return
        duplicates.reset_default_setup(self.ctx)
        self.refresh()
        self._changed()
