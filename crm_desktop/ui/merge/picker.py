"""Choose the other contact of a merge by searching (name, city, phone, e-mail or number)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.contacts import listing
from crm_desktop.services.contacts.listing import ContactFilter, ContactListRow
from crm_desktop.ui import messages

LIMIT = 50


class ContactPickerDialog(QDialog):
    """The contacts of one type matching what is typed (the first 50), except `exclude`."""

    def __init__(
        self, ctx: AppContext, contact_type: str, exclude: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_type = contact_type
        self.exclude = exclude
        self.rows: list[ContactListRow] = []
        self.setWindowTitle(self.tr("Choose the Contact to Merge"))
        self.search = QLineEdit()
        self.search.setObjectName("picker_search")
        self.search.setPlaceholderText(self.tr("Name, city, phone, e-mail or number"))
        self.hint = QLabel()
        self.hint.setObjectName("picker_hint")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("picker_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("No."), self.tr("Name"), self.tr("City"), self.tr("Phone No.")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _t: self.timer.start())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(640, 420)
        self.refresh()

    def refresh(self) -> None:
        """Show the contacts matching the search text."""
        flt = ContactFilter(text=self.search.text(), type=self.contact_type)
        try:
            found = listing.fetch(self.ctx, flt, limit=LIMIT + 1)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        self.rows = [r for r in found if r.no != self.exclude][:LIMIT]
        self.table.setRowCount(len(self.rows))
        for row, r in enumerate(self.rows):
            for column, text in enumerate((r.no, r.name, r.city, r.phone_no)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if not self.rows:
            self.hint.setText(self.tr("No contact of this type matches. Type something else."))
        elif len(found) > LIMIT:
            self.hint.setText(
                self.tr("The first %1 matches; type more to narrow them down.").replace(
                    "%1", str(LIMIT)
                )
            )
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
        if self.rows:
            self.table.selectRow(0)
        self._selection_changed()

    def chosen(self) -> str | None:
        """The number of the selected contact, if any."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()].no

    def _selection_changed(self) -> None:
        self.ok_button.setEnabled(self.chosen() is not None)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Down from the search field goes into the list."""
        if event.key() == Qt.Key.Key_Down and self.search.hasFocus():
            self.table.setFocus()
            return
        super().keyPressEvent(event)
