"""The Customers, Vendors, Bank Accounts and Employees pages: a searchable list, the card, the
record's contact, and the batch "Create Contacts" with a progress dialog."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.sync import Kind
from crm_desktop.services import setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts
from crm_desktop.services.sync import batch as sync_batch
from crm_desktop.services.sync import listing as sync_listing
from crm_desktop.ui import messages
from crm_desktop.ui.common.windowed_model import ROW_ROLE, WindowColumn, WindowedModel
from crm_desktop.ui.common.windows import open_window
from crm_desktop.ui.common.worker import CancelCheck, JobThread, Progress
from crm_desktop.ui.hub import hub
from crm_desktop.ui.sync.card import RecordCard, kind_caption, open_contact
from crm_desktop.ui.sync.specs import LIST_COLUMNS, spec

COLUMN_WIDTHS = {
    "no": 90,
    "name": 260,
    "display_name": 220,
    "email": 230,
    "contact": 180,
    "contact_no": 100,
    "iban": 250,
    "currency_code": 90,
    "job_title": 180,
}


class RecordListPage(QWidget):
    """A list of one kind of record with New, Open, Delete, Contact and Create Contacts."""

    kind: Kind = "customer"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._select_when_loaded = ""
        self.setObjectName(f"{self.kind}_list_page")
        self.thread_: JobThread | None = None
        self.progress: QProgressDialog | None = None
        self.last_batch: sync_batch.BatchResult | None = None
        self.search = QLineEdit()
        self.search.setObjectName("record_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search number, name, city or e-mail"))
        self.search.textChanged.connect(lambda _text: self._requery())
        self.new_button = QPushButton(self.tr("New"))
        self.open_button = QPushButton(self.tr("Open"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.contact_button = QPushButton(self.tr("Contact"))
        self.contact_button.setToolTip(self.tr("Open the contact of the selected record."))
        self.batch_button = QPushButton(self.tr("Create Contacts"))
        self.batch_button.setObjectName("create_contacts")
        self.batch_button.setToolTip(
            self.tr("Make a contact for every record that has none (sync must be on).")
        )
        self.new_button.clicked.connect(self.new_record)
        self.open_button.clicked.connect(self.open_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.contact_button.clicked.connect(self.open_contact_of_current)
        self.batch_button.clicked.connect(self.ask_create_contacts)
        self.batch_button.setVisible(self.kind != "employee")
        self.templates_button = QPushButton(self.tr("Templates…"))
        self.templates_button.setObjectName("customer_templates")
        self.templates_button.setToolTip(
            self.tr("Customer templates, payment terms and the templates Marketing Setup names.")
        )
        self.templates_button.clicked.connect(self.edit_templates)
        if self.kind == "vendor":
            self.templates_button.setObjectName("vendor_templates")
            self.templates_button.setToolTip(
                self.tr("Vendor templates (Master Data): Create as Vendor offers them.")
            )
        self.templates_button.setVisible(self.kind in ("customer", "vendor"))
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        for button in (
            self.new_button,
            self.open_button,
            self.delete_button,
            self.contact_button,
            self.batch_button,
            self.templates_button,
        ):
            bar.addWidget(button)
        # The shared windowed model: counted and sorted in SQLite, only the rows on screen held.
        self.query = sync_listing.RecordQuery(self.kind)
        columns = []
        for name in LIST_COLUMNS[self.kind]:
            field = spec(self.kind, name)
            columns.append(
                WindowColumn(name, QCoreApplication.translate(field.context, field.label))
            )
        self.model = WindowedModel(
            columns,
            count=lambda q: sync_listing.count_records_matching(self.ctx, q),
            fetch=lambda q, offset, limit: sync_listing.fetch_records(self.ctx, q, offset, limit),
            sort_query=self._sorted,
            key_of=lambda row: row["no"],
            parent=self,
        )
        self.model.loaded.connect(self._loaded)
        self.model.counted.connect(self._loaded)
        self.model.failed.connect(lambda error: messages.show_error(self, error))
        self.table = QTableView()
        self.table.setObjectName("record_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Widths for what the columns hold (a windowed list has no rows to measure up front).
        for column, name in enumerate(LIST_COLUMNS[self.kind]):
            header.resizeSection(column, COLUMN_WIDTHS.get(name, 130))
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.empty = QLabel()
        self.empty.setObjectName("empty_hint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sync_hint = QLabel()
        self.sync_hint.setObjectName("sync_hint")
        self.sync_hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.sync_hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        hub().data_changed.connect(self._on_data_changed)
        # The header's sort indicator has started the first query already.
        if self.model.query is None:
            self.model.set_query(self.query)
        self._show_sync_hint()

    def _on_data_changed(self, kinds: set[str], _keys: object) -> None:
        if kinds & {self.kind, "contact", "marketing_setup", "business_relation"}:
            self.refresh()

    def _sorted(
        self, query: sync_listing.RecordQuery | None, column: str, descending: bool
    ) -> sync_listing.RecordQuery:
        self.query = replace(query or self.query, sort=column, descending=descending)
        return self.query

    def refresh(self) -> None:
        """Reload the rows for the current search (in the background, keeping the sort); say
        when sync is off."""
        self._requery()
        self._show_sync_hint()

    def _requery(self) -> None:
        """The rows for the search box's text; a keystroke reads no setup."""
        query = replace(self.query, search=self.search.text())
        if query == self.model.query and self.table.isVisible():
            self.model.refresh()  # in place: what is on screen stays until the new rows come
        else:
            self.query = query
            self.model.set_query(query)

    def _loaded(self) -> None:
        """The first rows are in: show them, or say why the list is empty."""
        if self._select_when_loaded:
            self.select_no(self._select_when_loaded)
        has_rows = self.model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        caption = kind_caption(self.kind)
        if self.search.text().strip() and not has_rows:
            self.empty.setText(self.tr("No record matches the search."))
        else:
            self.empty.setText(
                self.tr(
                    "No {kind} records yet. Click New (Ctrl+N), or open a contact and click "
                    "Create as {kind} in its Business Relations section."
                ).format(kind=caption)
            )

    def _show_sync_hint(self) -> None:
        code = self._setup_code()
        if code or self.kind == "employee":
            self.sync_hint.hide()
        else:
            self.sync_hint.setText(
                self.tr(
                    "Sync with contacts is off: Marketing Setup has no business relation code "
                    "for this kind, so new records get no contact."
                )
            )
            self.sync_hint.show()

    def _setup_code(self) -> str:
        field = {
            "customer": "bus_rel_code_for_customers",
            "vendor": "bus_rel_code_for_vendors",
            "bank_account": "bus_rel_code_for_bank_accs",
            "employee": "bus_rel_code_for_employees",
        }[self.kind]
        return str(setup.get_marketing_setup(self.ctx).get(field) or "")

    def current_row(self) -> dict[str, Any] | None:
        """The selected record's values, if any."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row: dict[str, Any] | None = self.model.data(index, ROW_ROLE)
        return row

    def select_no(self, no: str) -> None:
        """Select the row of record `no` (once its rows are in, when they are on their way)."""
        row = self.model.row_of(no)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self._select_when_loaded = ""
        else:
            self._select_when_loaded = no

    def card(self, no: str = "") -> RecordCard:
        """The card of a record (a new one when `no` is blank)."""
        return RecordCard(self.ctx, self.kind, no, self)

    def new_record(self) -> QWidget:
        """Open a blank card (non-modal: the list and other cards stay usable)."""
        card = self.card()
        open_window((self.kind, "new", id(card)), lambda: card)
        return card

    def open_current(self) -> QWidget | None:
        """Open the selected record's card, or bring it forward when it is open already."""
        row = self.current_row()
        if row is None:
            return None
        no = str(row["no"])
        return open_window((self.kind, no), lambda: self.card(no))

    def delete_current(self) -> bool:
        """Delete the selected record after asking; its contact stays."""
        row = self.current_row()
        if row is None:
            return False
        question = self.tr(
            "Delete {kind} {no} {name}? Its contact stays; only the link is removed."
        ).format(kind=kind_caption(self.kind), no=row["no"], name=row["display_name"])
        if not messages.ask(self, self.tr("Delete"), question):
            return False
        try:
            accounts.delete_record(self.ctx, self.kind, str(row["no"]))
        except CrmError as exc:
            messages.show_error(self, exc)
            return False
        hub().changed(self.kind, "contact")
        return True

    def open_contact_of_current(self) -> None:
        """Open (or make) the selected record's contact."""
        row = self.current_row()
        if row is not None:
            open_contact(self.ctx, self.kind, str(row["no"]), self)

    def edit_templates(self) -> None:
        """Customers: the customer templates dialog. Vendors: Vendor Templates in Master Data."""
        if self.kind == "vendor":
            window = self.window()
            show_page = getattr(window, "show_page", None)
            if show_page is not None:
                show_page("masterdata").show_table("vendor_template")
            return
        from crm_desktop.ui.sync.templates import TemplatesDialog

        TemplatesDialog(self.ctx, self).exec()

    def ask_create_contacts(self) -> bool:
        """The button: ask first (a batch changes many records), then run; True when run."""
        question = self.tr(
            "Create a contact for every {kind} that has none yet, and link them? "
            "You can cancel while it runs; then nothing is created."
        ).format(kind=kind_caption(self.kind).lower())
        if not messages.ask(self, self.tr("Create Contacts"), question):
            return False
        self.create_contacts()
        return True

    def create_contacts(self) -> None:
        """Run "Create contacts from ..." in a worker thread with a progress dialog."""
        self.progress = QProgressDialog(
            self.tr("Creating contacts…"), self.tr("Cancel"), 0, 0, self
        )
        self.progress.setObjectName("batch_progress")
        self.progress.setWindowTitle(self.tr("Create Contacts"))
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        ctx, kind = self.ctx, self.kind

        def job(progress: Progress, cancel: CancelCheck) -> object:
            # Cancel rolls the whole batch back: the service stops when progress returns False.
            def report(done: int, total: int) -> bool:
                progress(done, total)
                return not cancel()

            return sync_batch.create_contacts_from(ctx, kind, progress=report)

        self.thread_ = JobThread(job, self)
        self.thread_.progressed.connect(self._batch_progress)
        self.thread_.succeeded.connect(self._batch_done)
        self.thread_.failed.connect(self._batch_failed)
        self.progress.canceled.connect(self.thread_.cancel)
        self.batch_button.setEnabled(False)
        self.thread_.start()

    def _batch_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _finish_batch(self) -> None:
        if self.thread_ is not None:
            self.thread_.wait()
        if self.progress is not None:
            self.progress.close()
        self.batch_button.setEnabled(True)

    def _batch_done(self, result: sync_batch.BatchResult) -> None:
        self._finish_batch()
        self.last_batch = result
        if result.linked:
            created = len(result.contacts_created)
            records = len(result.linked)
            text = (
                self.tr("%1 for %2.")
                .replace("%1", self.tr("%n contact(s) created", "", created))
                .replace("%2", self.tr("%n record(s)", "", records))
            )
        else:
            text = self.tr("Every {kind} already has a contact: nothing was created.").format(
                kind=kind_caption(self.kind).lower()
            )
        hub().changed(self.kind, "contact")
        hub().status_message.emit(text)
        messages.inform(self, self.tr("Create Contacts"), text)

    def _batch_failed(self, exc: BaseException) -> None:
        self._finish_batch()
        if isinstance(exc, sync_batch.BatchCancelled):
            messages.inform(
                self,
                self.tr("Create Contacts"),
                QCoreApplication.translate("sync", sync_batch.CANCELLED),
            )
        elif isinstance(exc, CrmError):
            messages.show_error(self, exc)
        else:
            messages.show_crash(self, exc, self.ctx.log_path)


class CustomerListPage(RecordListPage):
    """Customers."""

    kind: Kind = "customer"


class VendorListPage(RecordListPage):
    """Vendors."""

    kind: Kind = "vendor"


class BankAccountListPage(RecordListPage):
    """Bank accounts."""

    kind: Kind = "bank_account"


class EmployeeListPage(RecordListPage):
    """Employees (linked from person contacts; BC makes no contact for a new employee)."""

    kind: Kind = "employee"
