"""The Import Contacts dialog: choose a CSV file, import it in a worker thread with progress and
Cancel, then see the bad rows by line, field and reason and choose to import the good rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.csv_format import MIXED_ENCODING, RowError
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import exchange
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.screen import fit_to_screen
from crm_desktop.ui.common.worker import JobThread
from crm_desktop.ui.hub import hub


def reason_text(error: RowError) -> str:
    """A bad row's reason in the user's language."""
    return messages.error_text(error.error) if error.error is not None else error.reason


class ImportDialog(QDialog):
    """Import contacts from a CSV file; nothing is written unless every row is good, or the
    user chooses to import the good rows after seeing the bad ones."""

    imported = Signal(object)  # ImportResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.thread_: JobThread | None = None
        self.result_: exchange.ImportResult | None = None
        self._imported_path = ""
        self._skip_invalid = False
        self.setObjectName("import_dialog")
        self.setWindowTitle(self.tr("Import Contacts"))
        fit_to_screen(self, 760, 520)

        self.path_edit = QLineEdit(path)
        self.path_edit.setObjectName("import_path")
        self.path_edit.setPlaceholderText(self.tr("Choose a CSV file…"))
        self.path_edit.textChanged.connect(self._update_buttons)
        self.browse_button = QPushButton(self.tr("Choose…"))
        self.browse_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(self.tr("File:")))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)

        hint = QLabel(
            self.tr(
                "A CSV file saved from a spreadsheet (UTF-8 or Windows-1252, comma or semicolon "
                "separated). Line 1 names the columns, e.g. name, type, company_no, city, email. "
                "Every row is checked first: if any row is wrong, nothing is imported and the "
                "wrong rows are listed below."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("import_hint")

        self.progress = QProgressBar()
        self.progress.setObjectName("import_progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.hide()
        self.status = QLabel(self.tr("Choose a file, then click Import."))
        self.status.setObjectName("import_status")
        self.status.setWordWrap(True)
        # Several lines (the result, then notices) must push the table down, not be clipped.
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("import_errors")
        self.table.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Field"), self.tr("Reason")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.hide()

        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("import_start")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda: self.start(skip_invalid=False))
        self.good_button = QPushButton(self.tr("Import the Good Rows"))
        self.good_button.setObjectName("import_good_rows")
        self.good_button.clicked.connect(lambda: self.start(skip_invalid=True))
        self.good_button.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("import_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.import_button, self.good_button, self.cancel_button, self.close_button):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(hint)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addStretch(0)
        layout.addLayout(buttons)
        self._update_buttons()
        # Focus on the button, not the path (a focused line edit shows its text all selected).
        self.import_button.setFocus()

    # -- actions

    def choose_file(self) -> None:
        """Let the user pick the CSV file."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import Contacts"),
            self.path_edit.text(),
            self.tr("CSV files (*.csv *.txt);;All files (*)"),
        )
        if path:
            self.path_edit.setText(path)

    def start(self, *, skip_invalid: bool, replace_invalid: bool = False) -> None:
        """Import the chosen file in a worker thread (`replace_invalid`: a file mixing UTF-8
        and other bytes is read as UTF-8, those bytes replaced and their lines listed)."""
        path = self.path_edit.text().strip()
        if not path or self.thread_ is not None:
            return
        self.table.hide()
        self.good_button.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(self.tr("Checking and importing {file}…").format(file=Path(path).name))
        ctx = self.ctx

        def job(progress: Callable[[int, int], None], cancel: Callable[[], bool]) -> Any:
            return exchange.import_contacts(
                ctx,
                path,
                skip_invalid=skip_invalid,
                replace_invalid=replace_invalid,
                progress=progress,
                cancel=cancel,
            )

        thread = JobThread(job, self)
        thread.progressed.connect(self._progressed)
        thread.succeeded.connect(self._succeeded)
        thread.failed.connect(self._failed)
        thread.finished.connect(self._finished)
        self.thread_ = thread
        self._skip_invalid = skip_invalid
        self._update_buttons()
        thread.start()

    def cancel(self) -> None:
        """Stop the running import; nothing is written."""
        if self.thread_ is not None:
            self.status.setText(self.tr("Cancelling…"))
            self.thread_.cancel()

    def reject(self) -> None:
        """Close, but not while an import is running (cancel it first)."""
        if self.thread_ is not None:
            self.cancel()
            return
        super().reject()

    # -- results

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _succeeded(self, result: object) -> None:
        assert isinstance(result, exchange.ImportResult)
        self.result_ = result
        self._imported_path = self.path_edit.text().strip()
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        text = self.tr(
            "Imported {count} contacts (companies: {companies}, persons: {persons})."
        ).format(count=result.imported, companies=result.companies, persons=result.persons)
        if result.errors:
            text += " " + self.tr("{count} rows with errors were left out:").format(
                count=len(result.errors)
            )
        for notice in result.notices:
            text += "\n" + notice
        self.status.setText(text)
        self._show_errors(result.errors)
        hub().changed("contact")
        hub().status_message.emit(text.splitlines()[0])
        self.imported.emit(result)

    def _failed(self, exc: object) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.hide()
        if isinstance(exc, exchange.ImportRefusedError):
            if exc.good_rows:
                text = self.tr(
                    "{count} rows have errors, so nothing was imported. Correct them in the "
                    "file and import again, or import the {good} good rows only."
                )
            else:
                text = self.tr(
                    "{count} rows have errors and no row is good, so nothing was imported. "
                    "Correct them in the file and import again."
                )
            self.status.setText(text.format(count=len(exc.errors), good=exc.good_rows))
            self._show_errors(exc.errors)
            self.good_button.setVisible(exc.good_rows > 0)
        elif isinstance(exc, exchange.ImportCancelledError):
            self.status.setText(messages.error_text(exc))
        elif isinstance(exc, CrmError) and exc.template == MIXED_ENCODING:
            self.status.setText(messages.error_text(exc))
            question = self.tr(
                "Line {line} of the file holds bytes that are not UTF-8, while the rest is "
                "UTF-8.\n\nImport it as UTF-8, with those characters replaced and their lines "
                "listed? (Otherwise save the file again as CSV UTF-8.)"
            ).format(line=exc.row)
            if messages.ask(self, self.tr("Mixed encodings"), question):
                # After this thread has finished (start refuses while one runs).
                skip = self._skip_invalid
                QTimer.singleShot(0, lambda: self.start(skip_invalid=skip, replace_invalid=True))
        elif isinstance(exc, CrmError):
            self.status.setText(messages.error_text(exc))
            messages.show_error(self, exc)
        elif isinstance(exc, BaseException):
            self.status.setText(self.tr("The import failed; nothing was imported."))
            messages.show_crash(self, exc, self.ctx.log_path)

    def _finished(self) -> None:
        if self.thread_ is not None:
            self.thread_.deleteLater()
        self.thread_ = None
        self._update_buttons()
        # While running, the buttons were disabled and focus fell to the path, all selected.
        next_focus = self.good_button if self.good_button.isVisible() else self.close_button
        next_focus.setFocus()
        self.path_edit.deselect()

    def _show_errors(self, errors: list[RowError]) -> None:
        self.table.setRowCount(len(errors))
        for i, error in enumerate(errors):
            line = QTableWidgetItem(str(error.line))
            line.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(i, 0, line)
            self.table.setItem(i, 1, QTableWidgetItem(error.field))
            self.table.setItem(i, 2, QTableWidgetItem(reason_text(error)))
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(errors))

    def _update_buttons(self) -> None:
        running = self.thread_ is not None
        path = self.path_edit.text().strip()
        # A file just imported is not offered again: its rows without a number would be
        # imported a second time.
        self.import_button.setEnabled(bool(path) and path != self._imported_path and not running)
        self.good_button.setEnabled(not running)
        self.browse_button.setEnabled(not running)
        self.path_edit.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)
