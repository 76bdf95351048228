"""The Import Contacts preview: any format, its column mapping, duplicates, then the import.

Choosing a file reads it (the format told by its content) and shows which column goes into
which field with the first values; the user may correct a column and save the mapping under a
name. Checking runs the whole import without keeping it, so the preview shows the rows that
would be refused and the incoming contacts that may duplicate existing ones or each other, each
with Skip / Merge / Import anyway. Import then writes everything in one transaction, with a
progress bar whose Cancel leaves the database as it was. Long work runs in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.csv_format import MIXED_ENCODING
from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.exchange_formats.source import SourceFile
from crm_desktop.services import exchange
from crm_desktop.services.app import AppContext
from crm_desktop.services.exchange import formats_import as fi
from crm_desktop.services.exchange import merge_bridge
from crm_desktop.ui import messages
from crm_desktop.ui.common.worker import JobThread
from crm_desktop.ui.exchange.preview_tables import DuplicateTable, MappingTable, RowErrorTable
from crm_desktop.ui.hub import hub

FILE_FILTER = "Contact files (*.csv *.txt *.vcf *.vcard *.xlsx);;All files (*)"


class ImportPreviewDialog(QDialog):
    """Import contacts from our CSV, Outlook or Google CSV, vCard or Excel, with a preview."""

    imported = Signal(object)  # FormatImportResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.thread_: JobThread | None = None
        self.source: SourceFile | None = None
        self.plan: fi.ImportPlan | None = None
        self.result_: fi.FormatImportResult | None = None
        self._skip_invalid = False
        self.plan_stale = False
        self._check_next = False
        self._replace_next = False  # read again as UTF-8 with replacements (issue 14)
        self.setObjectName("import_preview")
        self.setWindowTitle(self.tr("Import Contacts"))
        self.resize(1040, 640)

        self.path_edit = QLineEdit(path)
        self.path_edit.setObjectName("import_path")
        self.path_edit.setPlaceholderText(self.tr("Choose a contact file…"))
        self.path_edit.returnPressed.connect(self.read)
        self.browse_button = QPushButton(self.tr("Choose…"))
        self.browse_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(self.tr("File:")))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)

        self.format_label = QLabel(
            self.tr(
                "Choose a file: CRM Desktop CSV, an Outlook or Google Contacts CSV export "
                "(English or Dutch), vCards (.vcf) from a phone or Outlook, or an Excel "
                "workbook (.xlsx). The format is recognised from the file's content."
            )
        )
        self.format_label.setObjectName("import_format")
        self.format_label.setWordWrap(True)

        self.saved_combo = QComboBox()
        self.saved_combo.setObjectName("import_saved_mappings")
        self.saved_combo.setMinimumContentsLength(18)
        self.saved_combo.activated.connect(self._apply_saved)
        self.save_mapping_button = QPushButton(self.tr("Save Mapping…"))
        self.save_mapping_button.setObjectName("import_save_mapping")
        self.save_mapping_button.clicked.connect(self.save_mapping)
        mapping_row = QHBoxLayout()
        mapping_row.addWidget(QLabel(self.tr("Saved mapping:")))
        mapping_row.addWidget(self.saved_combo)
        mapping_row.addWidget(self.save_mapping_button)
        mapping_row.addStretch(1)

        self.mapping_table = MappingTable()
        self.mapping_table.changed.connect(self._mapping_changed)
        self.duplicates = DuplicateTable()
        self.all_combo = QComboBox()
        self.all_combo.setObjectName("import_choice_all")
        self.all_combo.activated.connect(
            lambda: self.duplicates.set_all(str(self.all_combo.currentData()))
        )
        dup_page = QWidget()
        dup_layout = QVBoxLayout(dup_page)
        all_row = QHBoxLayout()
        self.dup_hint = QLabel()
        self.dup_hint.setWordWrap(True)
        all_row.addWidget(self.dup_hint, 1)
        all_row.addWidget(QLabel(self.tr("For all:")))
        all_row.addWidget(self.all_combo)
        dup_layout.addLayout(all_row)
        dup_layout.addWidget(self.duplicates, 1)
        self.refused = RowErrorTable("import_refused")
        self.left_out = RowErrorTable("import_left_out")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("import_tabs")
        self.tabs.addTab(self.mapping_table, self.tr("Columns"))
        self.tabs.addTab(dup_page, self.tr("Duplicates"))
        self.tabs.addTab(self.refused, self.tr("Refused Rows"))
        self.tabs.addTab(self.left_out, self.tr("Not Imported"))

        self.progress = QProgressBar()
        self.progress.setObjectName("import_progress")
        self.progress.setRange(0, 1)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("import_status")
        self.status.setWordWrap(True)

        self.check_button = QPushButton(self.tr("Check Again"))
        self.check_button.setObjectName("import_check")
        self.check_button.clicked.connect(self.check)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("import_start")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda: self.start(skip_invalid=False))
        self.good_button = QPushButton(self.tr("Import the Good Rows"))
        self.good_button.setObjectName("import_good_rows")
        self.good_button.clicked.connect(lambda: self.start(skip_invalid=True))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("import_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (
            self.check_button,
            self.import_button,
            self.good_button,
            self.cancel_button,
            self.close_button,
        ):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.format_label)
        layout.addLayout(mapping_row)
        layout.addWidget(self.tabs, 1)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.progress)
        self.progress.setMinimumWidth(260)
        layout.addLayout(status_row)
        layout.addLayout(buttons)
        self._fill_choices()
        self._load_saved()
        self._update()
        if path:
            self.read()

    # -- helpers

    def _fill_choices(self) -> None:
        self.all_combo.clear()
        self.all_combo.addItem(self.tr("Skip"), fi.SKIP)
        if merge_bridge.available():  # issue 17's merge
            self.all_combo.addItem(self.tr("Merge"), fi.MERGE)
        self.all_combo.addItem(self.tr("Import anyway"), fi.IMPORT)

    def _load_saved(self) -> None:
        self.saved = fi.list_mappings(self.ctx)
        self.saved_combo.clear()
        self.saved_combo.addItem(self.tr("(as recognised)"), "")
        for name in sorted(self.saved, key=str.casefold):
            self.saved_combo.addItem(name, name)

    def _run(self, job: Callable[..., Any], done: Callable[[Any], None], text: str) -> None:
        if self.thread_ is not None:
            return
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(text)
        thread = JobThread(job, self)
        thread.progressed.connect(self._progressed)
        thread.succeeded.connect(done)
        thread.failed.connect(self._failed)
        thread.finished.connect(self._finished)
        self.thread_ = thread
        self._update()
        thread.start()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _finished(self) -> None:
        if self.thread_ is not None:
            self.thread_.deleteLater()
        self.thread_ = None
        self.progress.hide()
        self._update()
        if self._check_next:
            self._check_next = False
            self.check()
        elif self._replace_next:
            self._replace_next = False
            self.read(replace_invalid=True)

    def _update(self) -> None:
        running = self.thread_ is not None
        ready = self.plan is not None and self.result_ is None
        self.browse_button.setEnabled(not running)
        self.path_edit.setEnabled(not running)
        self.check_button.setEnabled(self.source is not None and not running)
        self.import_button.setEnabled(ready and not running and not self.plan_stale)
        self.good_button.setVisible(bool(self.plan and self.plan.errors and self.plan.would_import))
        self.good_button.setEnabled(ready and not running and not self.plan_stale)
        self.save_mapping_button.setEnabled(self.source is not None and not running)
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)

    # -- reading and checking

    def choose_file(self) -> None:
        """Let the user pick the file, then read it."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import Contacts"),
            self.path_edit.text(),
            QCoreApplication.translate("ImportPreviewDialog", FILE_FILTER),
        )
        if path:
            self.path_edit.setText(path)
            self.read()

    def read(self, *, replace_invalid: bool = False) -> None:
        """Read the chosen file and show its columns, then check it (`replace_invalid`: our CSV
        mixing UTF-8 and other bytes is read as UTF-8, the bad bytes replaced)."""
        path = self.path_edit.text().strip()
        if not path:
            return
        self.source = self.plan = self.result_ = None

        def job(progress: Callable[[int, int], None], cancel: Callable[[], bool]) -> Any:
            return fi.read_source(
                path,
                lenient=True,
                replace_invalid=replace_invalid,
                progress=progress,
                cancel=cancel,
            )

        self._run(job, self._read_done, self.tr("Reading {file}…").format(file=Path(path).name))

    def _read_done(self, source: object) -> None:
        assert isinstance(source, SourceFile)
        self.source = source
        caption = QCoreApplication.translate("exchange", source.caption)
        self.format_label.setText(
            self.tr(
                "Format found: {format}; contacts in the file: {rows}. Check the columns."
            ).format(format=caption, rows=len(source.rows))
        )
        self.mapping_table.show_source(source, source.mapping)
        self.tabs.setCurrentIndex(0)
        self._check_next = True  # once the reading thread has finished

    def _mapping_changed(self) -> None:
        self.plan_stale = self.plan is not None
        if self.plan_stale:
            self.status.setText(self.tr("The mapping changed: click Check Again."))
        self._update()

    def check(self) -> None:
        """Try the import without keeping it: refused rows and duplicates."""
        if self.source is None:
            return
        source, mapping, ctx = self.source, self.mapping_table.mapping(), self.ctx

        def job(progress: Callable[[int, int], None], cancel: Callable[[], bool]) -> Any:
            return fi.plan_import(ctx, source, mapping, progress=progress, cancel=cancel)

        self._run(job, self._checked, self.tr("Checking every row and looking for duplicates…"))

    def _checked(self, plan: object) -> None:
        assert isinstance(plan, fi.ImportPlan)
        self.plan, self.plan_stale, self.result_ = plan, False, None
        merge = merge_bridge.available()
        self.duplicates.show_offers(plan.offers, merge)
        self.dup_hint.setText(
            self.tr(
                "{count} incoming contacts may already exist (or are in the file twice). "
                "Skip is chosen for each; Merge fills the blanks of the first contact listed "
                "(a merge you can undo on the Merges page); Import anyway keeps both."
            ).format(count=len(plan.offers))
            if plan.offers
            else self.tr("No incoming contact duplicates an existing one or another row.")
        )
        self.refused.show_errors(plan.errors)
        self.tabs.setTabText(1, self.tr("Duplicates ({count})").format(count=len(plan.offers)))
        self.tabs.setTabText(2, self.tr("Refused Rows ({count})").format(count=len(plan.errors)))
        if plan.errors:
            self.status.setText(
                self.tr(
                    "{count} rows would be refused (see Refused Rows). Correct the file or the "
                    "mapping, or import the {good} good rows only."
                ).format(count=len(plan.errors), good=plan.would_import)
            )
        else:
            self.status.setText(
                self.tr("Ready: {count} rows pass every check.").format(count=plan.would_import)
            )
        if plan.offers:
            self.tabs.setCurrentIndex(1)
        elif plan.errors:
            self.tabs.setCurrentIndex(2)

    # -- importing

    def start(self, *, skip_invalid: bool) -> None:
        """Import as checked and chosen, in one transaction."""
        if self.plan is None or self.plan_stale:
            return
        plan, choices, ctx = self.plan, self.duplicates.choices(), self.ctx
        self._skip_invalid = skip_invalid

        def job(progress: Callable[[int, int], None], cancel: Callable[[], bool]) -> Any:
            return fi.import_planned(
                ctx, plan, choices, skip_invalid=skip_invalid, progress=progress, cancel=cancel
            )

        self._run(job, self._imported, self.tr("Importing…"))

    def _imported(self, result: object) -> None:
        assert isinstance(result, fi.FormatImportResult)
        self.result_ = result
        r = result.result
        text = self.tr(
            "Imported {count} contacts (companies: {companies}, persons: {persons}); "
            "{skipped} duplicates skipped, {merged} merged, {pictures} pictures."
        ).format(
            count=r.imported,
            companies=r.companies,
            persons=r.persons,
            skipped=result.skipped_duplicates,
            merged=result.merged,
            pictures=result.pictures,
        )
        if result.not_imported:
            text += " " + self.tr("Some values had no field: see Not Imported.")
        self.status.setText(text)
        self.left_out.show_lines(result.not_imported)
        self.tabs.setTabText(3, self.tr("Not Imported ({count})").format(
            count=len(result.not_imported)))  # fmt: skip
        if r.errors:
            self.refused.show_errors(r.errors)
        if result.not_imported:
            self.tabs.setCurrentIndex(3)
        hub().changed("contact")
        hub().status_message.emit(text)
        self.imported.emit(result)

    def cancel(self) -> None:
        """Stop the running work; nothing is written."""
        if self.thread_ is not None:
            self.status.setText(self.tr("Cancelling…"))
            self.thread_.cancel()

    def _failed(self, exc: object) -> None:
        if isinstance(exc, exchange.ImportRefusedError):
            self.refused.show_errors(exc.errors)
            self.tabs.setCurrentIndex(2)
            self.status.setText(
                self.tr("{count} rows have errors, so nothing was imported.").format(
                    count=len(exc.errors)
                )
            )
        elif isinstance(exc, exchange.ImportCancelledError):
            self.status.setText(messages.error_text(exc))
        elif isinstance(exc, CrmError) and exc.template == MIXED_ENCODING:
            self.status.setText(messages.error_text(exc))
            question = self.tr(
                "Line {line} of the file holds bytes that are not UTF-8, while the rest is "
                "UTF-8.\n\nRead it as UTF-8, with those characters replaced and their lines "
                "listed? (Otherwise save the file again as CSV UTF-8.)"
            ).format(line=exc.row)
            if messages.ask(self, self.tr("Mixed encodings"), question):
                # After this thread has finished (read refuses while one runs).
                self._replace_next = True
        elif isinstance(exc, CrmError):
            self.status.setText(messages.error_text(exc))
            messages.show_error(self, exc)
        elif isinstance(exc, BaseException):
            self.status.setText(self.tr("The import failed; nothing was imported."))
            messages.show_crash(self, exc, self.ctx.log_path)

    def reject(self) -> None:
        """Close, but not while work is running (Cancel first)."""
        if self.thread_ is not None:
            self.cancel()
            return
        super().reject()

    # -- saved mappings

    def save_mapping(self, name: str | None = None) -> None:
        """Save the mapping shown under a name (asked for unless given)."""
        if name is None:
            name, ok = QInputDialog.getText(
                self, self.tr("Save Mapping"), self.tr("Name of the mapping:")
            )
            if not ok:
                return
        try:
            fi.save_mapping(self.ctx, name, self.mapping_table.mapping())
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        self._load_saved()
        self.saved_combo.setCurrentIndex(self.saved_combo.findData(name.strip()))
        self.status.setText(self.tr("Mapping {name} saved.").format(name=name.strip()))

    def _apply_saved(self) -> None:
        if self.source is None:
            return
        name = str(self.saved_combo.currentData() or "")
        mapping = dict(self.source.mapping)
        mapping.update({k: v for k, v in self.saved.get(name, {}).items() if k in mapping})
        self.mapping_table.show_source(self.source, mapping)
        self.mapping_table.changed.emit()
