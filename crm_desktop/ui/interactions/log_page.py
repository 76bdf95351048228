"""The Interaction Log page: every logged interaction, filtered by contact, company, date
range, template, salesperson, kind and text (which also finds the contacts' comments); open an
entry's attachment, cancel it, set its evaluation, log a new one for its contact, export the
filtered list to CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain import interactions as rules
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import masterdata
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import create, listing
from crm_desktop.ui import messages
from crm_desktop.ui.hub import hub
from crm_desktop.ui.interactions.create_dialog import CreateInteractionDialog
from crm_desktop.ui.interactions.log_model import LogModel
from crm_desktop.ui.interactions.open_file import open_attachment
from crm_desktop.ui.interactions.postponed import PostponedDialog


def _parse_day(text: str) -> dt.date | None:
    text = text.strip()
    return dt.date.fromisoformat(text) if text else None


class InteractionLogPage(QWidget):
    """The log of every interaction (BC's Interaction Log Entries)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._dialogs: list[QWidget] = []
        self.contact = QLineEdit()
        self.contact.setObjectName("filter_contact")
        self.contact.setPlaceholderText(self.tr("Contact No."))
        self.company = QLineEdit()
        self.company.setObjectName("filter_company")
        self.company.setPlaceholderText(self.tr("Company No."))
        self.date_from = QLineEdit()
        self.date_from.setObjectName("filter_date_from")
        self.date_from.setPlaceholderText(self.tr("From (YYYY-MM-DD)"))
        self.date_to = QLineEdit()
        self.date_to.setObjectName("filter_date_to")
        self.date_to.setPlaceholderText(self.tr("To (YYYY-MM-DD)"))
        self.template = QComboBox()
        self.template.setObjectName("filter_template")
        self.salesperson = QComboBox()
        self.salesperson.setObjectName("filter_salesperson")
        self.kind = QComboBox()
        self.kind.setObjectName("filter_kind")
        self.kind.addItem(self.tr("(any kind)"), "")
        for code, label in rules.KINDS:
            self.kind.addItem(QCoreApplication.translate("interactions", label), code)
        self.search = QLineEdit()
        self.search.setObjectName("filter_text")
        self.search.setPlaceholderText(self.tr("Search descriptions, subjects and comments"))
        self.search.setClearButtonEnabled(True)
        self.filter_error = QLabel()
        self.filter_error.setObjectName("filter_error")
        self.filter_error.setStyleSheet("color: #b00020")
        self._fill_codes()

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Contact")), 0, 0)
        grid.addWidget(self.contact, 0, 1)
        grid.addWidget(QLabel(self.tr("Company")), 0, 2)
        grid.addWidget(self.company, 0, 3)
        grid.addWidget(QLabel(self.tr("Date")), 0, 4)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.date_to)
        grid.addLayout(dates, 0, 5)
        grid.addWidget(QLabel(self.tr("Template")), 1, 0)
        grid.addWidget(self.template, 1, 1)
        grid.addWidget(QLabel(self.tr("Salesperson")), 1, 2)
        grid.addWidget(self.salesperson, 1, 3)
        grid.addWidget(QLabel(self.tr("Kind")), 1, 4)
        grid.addWidget(self.kind, 1, 5)
        grid.addWidget(QLabel(self.tr("Search")), 2, 0)
        grid.addWidget(self.search, 2, 1, 1, 5)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(5, 1)

        self.model = LogModel(ctx, self)
        self.view = QTableView()
        self.view.setObjectName("log_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((0, 70), (1, 120), (2, 110), (4, 180), (5, 100), (7, 260), (9, 120)):
            header.resizeSection(column, width)
        self.empty = QLabel(
            self.tr(
                "No interactions match. Log one from a contact's card with Create Interaction, "
                "or clear the filters."
            )
        )
        self.empty.setObjectName("log_empty")
        self.empty.setWordWrap(True)
        self.count = QLabel()
        self.count.setObjectName("log_count")

        self.open_button = QPushButton(self.tr("Open Attachment"))
        self.open_button.setObjectName("open_attachment")
        self.cancel_button = QPushButton(self.tr("Cancel Entry"))
        self.cancel_button.setObjectName("cancel_entry")
        self.evaluation_button = QPushButton(self.tr("Evaluation"))
        self.evaluation_button.setObjectName("evaluation")
        menu = QMenu(self.evaluation_button)
        for code, label in rules.EVALUATIONS:
            action = menu.addAction(QCoreApplication.translate("interactions", label))
            action.triggered.connect(lambda _c=False, v=code: self.set_evaluation(v))
        self.evaluation_button.setMenu(menu)
        self.new_button = QPushButton(self.tr("Create Interaction..."))
        self.new_button.setObjectName("new_interaction")
        self.postponed_button = QPushButton(self.tr("Postponed Interactions..."))
        self.postponed_button.setObjectName("postponed")
        self.export_button = QPushButton(self.tr("Export to CSV..."))
        self.export_button.setObjectName("export_csv")
        actions = QHBoxLayout()
        for button in (
            self.new_button,
            self.open_button,
            self.cancel_button,
            self.evaluation_button,
            self.postponed_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count)
        actions.addWidget(self.export_button)

        title = QLabel(f"<h2>{self.tr('Interaction Log')}</h2>")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addWidget(self.filter_error)
        layout.addLayout(actions)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.apply_filter)
        for edit in (self.contact, self.company, self.date_from, self.date_to, self.search):
            edit.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.template, self.salesperson, self.kind):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.open_button.clicked.connect(self.open_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.new_button.clicked.connect(self.new_for_selected)
        self.postponed_button.clicked.connect(self.show_postponed)
        self.export_button.clicked.connect(self.export)
        self.view.doubleClicked.connect(lambda _i: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        hub().data_changed.connect(self._changed)
        self.model.counted.connect(self._counted)
        self.model.failed.connect(lambda error: messages.show_error(self, error))
        self.apply_filter()

    def _fill_codes(self) -> None:
        self.template.addItem(self.tr("(any template)"), "")
        for row in masterdata.list_rows(self.ctx, "interaction_template"):
            self.template.addItem(f"{row['code']} - {row.get('description', '')}", row["code"])
        self.salesperson.addItem(self.tr("(any salesperson)"), "")
        for row in masterdata.list_rows(self.ctx, "salesperson"):
            self.salesperson.addItem(f"{row['code']} - {row.get('name', '')}", row["code"])

    def current_filter(self) -> listing.LogFilter:
        """The filter as typed; ValueError for a date that is not YYYY-MM-DD."""
        return listing.LogFilter(
            contact_no=self.contact.text().strip().upper(),
            company_no=self.company.text().strip().upper(),
            date_from=_parse_day(self.date_from.text()),
            date_to=_parse_day(self.date_to.text()),
            template_code=str(self.template.currentData() or ""),
            salesperson_code=str(self.salesperson.currentData() or ""),
            kind=str(self.kind.currentData() or ""),
            text=self.search.text(),
        )

    def apply_filter(self) -> None:
        """Show the entries of the filters as typed."""
        try:
            flt = self.current_filter()
        except ValueError:
            self.filter_error.setText(
                self.tr("A date must be written as YYYY-MM-DD, for example 2026-12-31.")
            )
            return
        self.filter_error.clear()
        if flt == self.model.query:
            self.model.refresh()
        else:
            self.model.set_query(flt)

    def _counted(self) -> None:
        self.count.setText(self.tr("{n} entries").format(n=self.model.total))
        self.empty.setVisible(self.model.total == 0)
        self._enable()

    def refresh(self) -> None:
        """Read the entries again (the main window calls it when the page is shown)."""
        self.apply_filter()

    def _changed(self, kinds: set[str], _keys: object) -> None:
        if kinds & {"interaction", "contact"}:
            self.apply_filter()

    def selected(self) -> listing.LogRow | None:
        """The selected entry."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _enable(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None and row.attachment_no is not None)
        self.cancel_button.setEnabled(row is not None)
        self.evaluation_button.setEnabled(row is not None)
        self.cancel_button.setText(
            self.tr("Undo Cancel") if row is not None and row.canceled else self.tr("Cancel Entry")
        )

    def open_selected(self) -> None:
        """Open the selected entry's attachment in the desktop's program."""
        row = self.selected()
        if row is not None and row.attachment_no is not None:
            open_attachment(self.ctx, row.attachment_no, self)

    def _select_entry(self, entry_no: int) -> None:
        self.model.wait()
        row = self.model.row_of(entry_no)
        if row >= 0:
            self.view.selectRow(row)

    def cancel_selected(self) -> None:
        """Cancel the selected entry (or undo that): cancelled entries do not count."""
        row = self.selected()
        if row is None:
            return
        try:
            create.set_canceled(self.ctx, row.entry_no, not row.canceled)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        hub().changed("interaction", keys={row.contact_no})
        self._select_entry(row.entry_no)

    def set_evaluation(self, evaluation: str) -> None:
        """Set the selected entry's evaluation."""
        row = self.selected()
        if row is None:
            return
        create.set_evaluation(self.ctx, row.entry_no, evaluation)
        hub().changed("interaction", keys={row.contact_no})
        self._select_entry(row.entry_no)

    def new_for_selected(self) -> CreateInteractionDialog | None:
        """Create Interaction for the selected entry's contact (or the contact filter's)."""
        row = self.selected()
        contact_no = row.contact_no if row else self.contact.text().strip().upper()
        if not contact_no:
            messages.inform(
                self,
                self.tr("Create Interaction"),
                self.tr("Select an entry, or type a contact number in the Contact filter."),
            )
            return None
        try:
            dialog = CreateInteractionDialog(self.ctx, contact_no, self)
        except CrmError as exc:
            messages.show_error(self, exc)
            return None
        self._dialogs = [d for d in self._dialogs if shiboken6.isValid(d) and d.isVisible()] + [
            dialog
        ]
        dialog.show()
        return dialog

    def show_postponed(self) -> PostponedDialog:
        """Every postponed interaction, with Resume."""
        dialog = PostponedDialog(self.ctx, "", self)
        self._dialogs = [d for d in self._dialogs if shiboken6.isValid(d) and d.isVisible()] + [
            dialog
        ]
        dialog.show()
        return dialog

    def export(self, path: Path | None = None) -> int | None:
        """Export the filtered entries (with the contacts' comments) to a CSV file."""
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export Interaction Log"), "interaction-log.csv", "CSV (*.csv)"
            )
            if not name:
                return None
            path = Path(name)
        try:
            n = listing.export_csv(self.ctx, self.current_filter(), path)
        except (CrmError, OSError) as exc:
            messages.show_error(self, exc if isinstance(exc, CrmError) else str(exc))
            return None
        hub().status_message.emit(
            self.tr("{n} entries exported to {path}.").format(n=n, path=str(path))
        )
        return n
