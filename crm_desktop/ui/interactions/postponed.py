"""Postponed Interactions: the entries kept with Postpone, and Resume to finish one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import listing
from crm_desktop.ui import messages
from crm_desktop.ui.hub import hub
from crm_desktop.ui.interactions.create_dialog import CreateInteractionDialog


class PostponedDialog(QDialog):
    """The postponed interactions of a contact ('' = of every contact), with Resume."""

    def __init__(
        self, ctx: AppContext, contact_no: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_no = contact_no
        self.setObjectName("postponed_interactions")
        self.setWindowTitle(self.tr("Postponed Interactions"))
        self.rows: list[listing.LogRow] = []
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("postponed_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Entry No."),
                self.tr("Date"),
                self.tr("Contact"),
                self.tr("Template"),
                self.tr("Description"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.empty = QLabel(
            self.tr("No postponed interactions. Postpone in Create Interaction keeps one here.")
        )
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.setObjectName("resume")
        close = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.resize(640, 320)
        self.resume_button.clicked.connect(self.resume_selected)
        self.table.doubleClicked.connect(lambda _i: self.resume_selected())
        close.clicked.connect(self.close)
        hub().data_changed.connect(self._changed)
        self.load()
        self.dialog: CreateInteractionDialog | None = None

    def _changed(self, kinds: set[str], _keys: object) -> None:
        if "interaction" in kinds:
            self.load()

    def load(self) -> None:
        """Read the postponed entries again."""
        self.rows = listing.postponed_entries(self.ctx, self.contact_no)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            values = (
                str(row.entry_no),
                row.date.isoformat(),
                f"{row.contact_no} {row.contact_name}",
                row.interaction_template_code,
                row.description,
            )
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not self.rows)
        self.resume_button.setEnabled(bool(self.rows))
        if self.rows and not self.table.selectedItems():
            self.table.selectRow(0)

    def resume_selected(self) -> CreateInteractionDialog | None:
        """Open the selected entry in Create Interaction to finish it."""
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            return None
        row = self.rows[selected[0].row()]
        try:
            self.dialog = CreateInteractionDialog(
                self.ctx, row.contact_no, self, entry_no=row.entry_no
            )
        except CrmError as exc:
            messages.show_error(self, exc)
            return None
        self.dialog.show()
        return self.dialog
