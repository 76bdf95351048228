"""The Contact Duplicates page: the pairs found, compared field by field, kept separate or opened."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services import duplicates, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.duplicates import PairRow, ScanResult
from crm_desktop.ui import messages
from crm_desktop.ui.common.screen import fit_to_screen
from crm_desktop.ui.common.worker import JobThread
from crm_desktop.ui.duplicates.model import SORT_ROLE, PairsModel
from crm_desktop.ui.duplicates.worker import TaskThread, run_in_background
from crm_desktop.ui.hub import hub

KINDS = {"contact", "contact_duplicate", "duplicate_setup", "marketing_setup"}


class ContactDuplicatesPage(QWidget):
    """Possible duplicate contacts, each pair with both contacts' name, company, city, phone,
    e-mail, score, the method that found it and why. Scan (in the background), compare, keep
    separate, open either contact; offers the fuzzy method once to a file still on BC's.
    Given `contact_no`, it shows only that contact's pairs (as BC does after saving a card)."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, contact_no: str | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_no = contact_no
        self.task: TaskThread | None = None

        title = QLabel(f"<h2>{self.tr('Contact Duplicates')}</h2>")
        self.filter_label = QLabel()
        self.filter_label.setObjectName("duplicates_filter")
        self.method_label = QLabel()
        self.method_label.setObjectName("duplicates_method")
        self.method_label.setWordWrap(True)
        # No ellipsis: the scan starts at once (with progress and Cancel), it asks nothing.
        self.scan_button = QPushButton(self.tr("Scan"))
        self.scan_button.setObjectName("duplicates_scan")
        self.scan_button.setShortcut("F5")
        self.scan_button.setToolTip(
            self.tr("Bring the search data up to date and search all contacts again (F5)")
        )
        self.offer = QWidget()
        self.offer.setObjectName("duplicates_switch_offer")
        offer_text = QLabel(
            self.tr(
                "A better method is available: Fuzzy compares companies and persons, allows "
                "for typing errors, nicknames and other spellings, ignores blank fields and "
                "says why it paired two contacts. Pairs you kept separate stay separate."
            )
        )
        offer_text.setWordWrap(True)
        self.switch_button = QPushButton(self.tr("Switch to Fuzzy"))
        self.switch_button.setObjectName("duplicates_switch_fuzzy")
        self.keep_method_button = QPushButton(self.tr("Keep Search Strings"))
        self.keep_method_button.setObjectName("duplicates_keep_method")
        offer_layout = QHBoxLayout(self.offer)
        offer_layout.setContentsMargins(8, 4, 8, 4)
        offer_layout.addWidget(offer_text, 1)
        offer_layout.addWidget(self.switch_button)
        offer_layout.addWidget(self.keep_method_button)
        self.offer.setStyleSheet(
            "#duplicates_switch_offer { background: #e8f1fb; border: 1px solid #9cc3e6; }"
        )
        self.offer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setup_button = QPushButton(self.tr("Search String Setup…"))
        self.setup_button.setObjectName("duplicates_setup")
        self.open_button = QPushButton(self.tr("Open Contact"))
        self.open_button.setObjectName("duplicates_open")
        self.open_duplicate_button = QPushButton(self.tr("Open Duplicate"))
        self.open_duplicate_button.setObjectName("duplicates_open_duplicate")
        self.separate_button = QPushButton(self.tr("Keep Separate"))
        self.separate_button.setObjectName("duplicates_keep_separate")
        self.separate_button.setToolTip(
            self.tr("These are different companies: never show this pair again")
        )
        self.merge_button = QPushButton(self.tr("Merge…"))
        self.merge_button.setObjectName("duplicates_merge")
        self.merge_button.setToolTip(
            self.tr("These are the same: merge the duplicate into the contact (can be undone)")
        )
        self.show_separate = QCheckBox(self.tr("Show pairs kept separate"))
        self.show_separate.setObjectName("duplicates_show_separate")

        self.model = PairsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("duplicates_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.open_contact(duplicate=False))

        self.empty = QLabel()
        self.empty.setObjectName("duplicates_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.details = QTableWidget(0, 3)
        self.details.setObjectName("duplicates_details")
        self.details.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Contact"), self.tr("Duplicate")]
        )
        self.details.verticalHeader().hide()
        self.details.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.details_hint = QLabel(self.tr("Select a pair to compare it field by field."))
        self.details_hint.setObjectName("duplicates_details_hint")
        details_box = self.details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(QLabel(f"<b>{self.tr('Field by field')}</b>"))
        details_layout.addWidget(self.details_hint)
        details_layout.addWidget(self.details, 1)
        details_layout.addStretch(0)

        buttons = QHBoxLayout()
        for button in (
            self.scan_button,
            self.setup_button,
            self.open_button,
            self.open_duplicate_button,
            self.separate_button,
            self.merge_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_separate)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.stack)
        splitter.addWidget(details_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([330, 270])
        self.details.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.filter_label)
        layout.addWidget(self.method_label)
        layout.addWidget(self.offer)
        self.preparing = QWidget()
        self.preparing.setObjectName("duplicates_preparing")
        self.preparing_label = QLabel()
        self.preparing_bar = QProgressBar()
        self.preparing_bar.setMaximumWidth(260)
        self.preparing_cancel = QPushButton(self.tr("Cancel"))
        self.preparing_cancel.setObjectName("duplicates_preparing_cancel")
        preparing_layout = QHBoxLayout(self.preparing)
        preparing_layout.setContentsMargins(0, 0, 0, 0)
        preparing_layout.addWidget(self.preparing_label, 1)
        preparing_layout.addWidget(self.preparing_bar)
        preparing_layout.addWidget(self.preparing_cancel)
        self.preparing.hide()
        self.preparing_cancel.clicked.connect(self._cancel_preparing)
        self.preparing_job: JobThread | None = None
        layout.addWidget(self.preparing)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

        self.scan_button.clicked.connect(self.scan)
        self.switch_button.clicked.connect(lambda: self.answer_offer(switch=True))
        self.keep_method_button.clicked.connect(lambda: self.answer_offer(switch=False))
        self.setup_button.clicked.connect(self.open_setup)
        self.open_button.clicked.connect(lambda: self.open_contact(duplicate=False))
        self.open_duplicate_button.clicked.connect(lambda: self.open_contact(duplicate=True))
        self.separate_button.clicked.connect(self.toggle_separate)
        self.merge_button.clicked.connect(self.merge_pair)
        self.show_separate.toggled.connect(lambda _on: self.refresh())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        hub().data_changed.connect(self._on_data_changed)
        self.refresh()

    # --- showing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the pairs and the scan settings, keeping the selected pair if it is still there."""
        current = self.selected_pair()
        try:
            rows = duplicates.list_pairs(self.ctx, self.contact_no)
            values = setup.get_marketing_setup(self.ctx)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        hidden = sum(1 for r in rows if r.separate)
        if not self.show_separate.isChecked():
            rows = [r for r in rows if not r.separate]
        self.model.set_rows(rows)
        fuzzy = values["duplicate_method"] == "fuzzy"
        if fuzzy:
            text = self.tr("Method: fuzzy, threshold %1. Pairs kept separate: %2.").replace(
                "%1", str(values["fuzzy_threshold"])
            )
        else:
            text = self.tr(
                "Method: search strings (BC), Search Hit % %1. Pairs kept separate: %2."
            ).replace("%1", str(values["search_hit_percent"]))
        self.method_label.setText(text.replace("%2", str(hidden)))
        self.offer.setVisible(duplicates.switch_offer_pending(self.ctx))
        if fuzzy and self.preparing_job is None and self.task is None:
            self._prepare_keys()
        self.filter_label.setVisible(bool(self.contact_no))
        if self.contact_no:
            self.filter_label.setText(
                self.tr("Showing the pairs of contact %1.").replace("%1", self.contact_no)
            )
        self.details_box.setVisible(bool(rows))
        if rows:
            self.stack.setCurrentWidget(self.table)
        else:
            if fuzzy:
                hint = self.tr(
                    "No possible duplicates.\n\nCompanies and persons are compared when they "
                    "are saved (Marketing Setup: Maintain Dupl. Search Strings). Click Scan… to "
                    "search all contacts now."
                )
            elif duplicates.list_setup(self.ctx):
                hint = self.tr(
                    "No possible duplicates.\n\nCompanies are compared when they are saved "
                    "(Marketing Setup: Maintain Dupl. Search Strings). Click Scan to search all "
                    "companies now."
                )
            else:
                hint = self.tr(
                    "No duplicates can be found: the Duplicate Search String Setup is empty.\n\n"
                    "Click Search String Setup… to choose the fields to compare."
                )
            self.empty.setText(hint)
            self.stack.setCurrentWidget(self.empty)
        if current is not None:
            self._select(current.contact_no, current.duplicate_contact_no)
        self._selection_changed()

    def _select(self, a: str, b: str) -> None:
        for row, pair in enumerate(self.model.rows):
            if (pair.contact_no, pair.duplicate_contact_no) == (a, b):
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectRow(index.row())
                return

    def selected_pair(self) -> PairRow | None:
        """The pair of the selected row, if any."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.pair_at(self.proxy.mapToSource(rows[0]).row())

    def _selection_changed(self, *_args: QItemSelection) -> None:
        pair = self.selected_pair()
        for button in (self.open_button, self.open_duplicate_button, self.separate_button):
            button.setEnabled(pair is not None)
        # BC: Merge is not offered for a pair kept separate.
        self.merge_button.setEnabled(pair is not None and not pair.separate)
        self.separate_button.setText(
            self.tr("Not Separate")
            if pair is not None and pair.separate
            else self.tr("Keep Separate")
        )
        self.details.setRowCount(0)
        self.details.setVisible(pair is not None)
        self.details_hint.setVisible(pair is None)
        if pair is None:
            return
        self.details.setHorizontalHeaderLabels(
            [
                self.tr("Field"),
                f"{pair.contact_no} {pair.contact_name}",
                f"{pair.duplicate_contact_no} {pair.duplicate_name}",
            ]
        )
        try:
            lines = duplicates.pair_details(self.ctx, pair.contact_no, pair.duplicate_contact_no)
        except CrmError as exc:
            self.details.setVisible(False)
            self.details_hint.setVisible(True)
            self.details_hint.setText(messages.error_text(exc))
            return
        self.details_hint.setText(self.tr("Select a pair to compare it field by field."))
        self.details.setRowCount(len(lines))
        for row, line in enumerate(lines):
            cells = [
                QTableWidgetItem(self.translate_caption(line.caption)),
                QTableWidgetItem(line.value),
                QTableWidgetItem(line.duplicate_value),
            ]
            for column, item in enumerate(cells):
                if line.same and column:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.details.setItem(row, column, item)

    @staticmethod
    def translate_caption(caption: str) -> str:
        """A contact field caption in the user's language."""
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("duplicates", caption)

    def _on_data_changed(self, kinds: set[str], _keys: Any) -> None:
        if kinds & KINDS and self.task is None:
            self.refresh()

    # --- actions ---------------------------------------------------------------------------

    def scan(self) -> None:
        """Scan all companies in the background (progress and Cancel), then show the pairs."""
        if self.task is not None:
            return
        self.scan_button.setEnabled(False)

        def done(result: ScanResult) -> None:
            hub().status_message.emit(
                self.tr("%1 contacts scanned: %2 possible duplicate pairs.")
                .replace("%1", str(result.companies))
                .replace("%2", str(result.pairs))
            )

        def finished() -> None:
            self.task = None
            self.scan_button.setEnabled(True)
            hub().changed("contact_duplicate")

        self.task = run_in_background(
            self.ctx,
            self,
            self.tr("Searching all contacts for duplicates…"),
            lambda progress, cancel: duplicates.scan(self.ctx, progress=progress, cancel=cancel),
            done,
            finished,
        )

    def _prepare_keys(self) -> None:
        """Contacts without fuzzy keys (existing data after the upgrade) are not checked yet:
        compute their keys in the background, with progress and Cancel, while the user works."""
        unchecked = duplicates.unchecked_contacts(self.ctx)
        if not unchecked:
            self.preparing.hide()
            return
        self.preparing_label.setText(
            self.tr("Preparing the duplicate search for %1 contacts not checked yet…").replace(
                "%1", str(unchecked)
            )
        )
        self.preparing_bar.setRange(0, unchecked)
        self.preparing_bar.setValue(0)
        self.preparing.show()
        job = JobThread(
            lambda progress, cancel: duplicates.prepare_keys(self.ctx, progress, cancel)
        )
        job.progressed.connect(lambda done, total: self.preparing_bar.setValue(min(done, total)))
        job.failed.connect(lambda exc: messages.show_error(self, exc))
        job.finished.connect(self._prepared)
        self.preparing_job = job
        job.start()

    def _cancel_preparing(self) -> None:
        if self.preparing_job is not None:
            self.preparing_cancel.setEnabled(False)
            self.preparing_job.cancel()

    def _prepared(self) -> None:
        job, self.preparing_job = self.preparing_job, None
        if job is not None:
            job.wait()
            job.deleteLater()
        self.preparing.hide()
        self.preparing_cancel.setEnabled(True)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        """Stop the background preparation with the page (it resumes next time)."""
        if self.preparing_job is not None:
            self.preparing_job.cancel()
            self.preparing_job.wait(30000)
        super().closeEvent(event)

    def answer_offer(self, *, switch: bool) -> None:
        """The user answered the one-time offer of the fuzzy method."""
        try:
            duplicates.answer_switch_offer(self.ctx, switch=switch)
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        hub().changed("marketing_setup")
        if switch:
            self.scan()

    def toggle_separate(self) -> None:
        """Keep the selected pair separate (or undo it)."""
        pair = self.selected_pair()
        if pair is None:
            return
        try:
            duplicates.keep_separate(
                self.ctx, pair.contact_no, pair.duplicate_contact_no, not pair.separate
            )
        except CrmError as exc:
            messages.show_error(self, exc)
            return
        hub().changed("contact_duplicate", keys={pair.contact_no, pair.duplicate_contact_no})

    def open_contact(self, *, duplicate: bool) -> None:
        """Ask for the card of the selected pair's contact (or its duplicate)."""
        pair = self.selected_pair()
        if pair is not None:
            hub().open_contact_requested.emit(
                pair.duplicate_contact_no if duplicate else pair.contact_no
            )

    def merge_pair(self) -> None:
        """The Merge Duplicate dialog for the selected pair: Current = its contact."""
        pair = self.selected_pair()
        if pair is None or pair.separate:
            return
        from crm_desktop.ui.merge.dialog import MergeDialog

        self.merge_dialog = MergeDialog(
            self.ctx, pair.contact_no, pair.duplicate_contact_no, self.window()
        )
        self.merge_dialog.open()

    def open_setup(self) -> None:
        """The Duplicate Search String Setup dialog."""
        from crm_desktop.ui.duplicates.setup_dialog import SearchStringSetupDialog

        SearchStringSetupDialog(self.ctx, self).exec()


class DuplicatesDialog(QDialog):
    """The Contact Duplicates page for one contact in its own window (from the card notice)."""

    def __init__(self, ctx: AppContext, contact_no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Possible duplicates of %1").replace("%1", contact_no))
        self.page = ContactDuplicatesPage(ctx, self, contact_no=contact_no)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(buttons)
        fit_to_screen(self, 1000, 560)
