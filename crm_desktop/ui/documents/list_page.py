"""One document list for both sides (issue 20): the type chosen above (or all of the side),
searchable, with totals per document and the sum of the listed ones; New makes a document for a
customer/vendor number, Open shows the card."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain import documents as rules
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import documents
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.fields import FieldSpec
from crm_desktop.ui.common.rows_model import ROW_ROLE, RowsModel, sorting_proxy
from crm_desktop.ui.documents import new_dialog
from crm_desktop.ui.documents.card import DocumentCard
from crm_desktop.ui.documents.new_dialog import NewDocumentDialog

CTX = "documents_list"
COLUMNS = [
    FieldSpec("type_label", "Type", "text", CTX),
    FieldSpec("no", "No.", "text", CTX),
    FieldSpec("document_date", "Date", "text", CTX),
    FieldSpec("account_no", "Account", "text", CTX),
    FieldSpec("name", "Name", "text", CTX),
    FieldSpec("your_reference", "Your Reference", "text", CTX),
    FieldSpec("currency_code", "Currency", "text", CTX),
    FieldSpec("locked", "Locked", "bool", CTX),
    FieldSpec("amount", "Amount", "decimal", CTX),
    FieldSpec("amount_including_vat", "Amount Incl. VAT", "decimal", CTX),
]


class DocumentListPage(QWidget):
    """Documents of one side (`side`), optionally only of one customer, vendor or contact."""

    side = rules.SALES

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        customer_no: str = "",
        vendor_no: str = "",
        contact_no: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_no, self.vendor_no, self.contact_no = customer_no, vendor_no, contact_no
        self.setObjectName(f"{self.side}_documents_page")
        self.cards: list[DocumentCard] = []
        self.type_choice = QComboBox()
        self.type_choice.setObjectName("document_type_choice")
        self.type_choice.addItem(
            self.tr("All sales documents") if self.side == rules.SALES
            else self.tr("All purchase documents"), "",
        )  # fmt: skip
        for kind in rules.DOCUMENT_TYPES:
            if kind.side == self.side:
                self.type_choice.addItem(kind.label, kind.code)
        self.type_choice.currentIndexChanged.connect(self.refresh)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search number, name or Your Reference"))
        self.search.textChanged.connect(self.refresh)
        self.new_button = QPushButton(self.tr("New…"))
        self.new_button.setObjectName("new_document")
        self.new_button.clicked.connect(self.new_document)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self.open_current)
        bar = QHBoxLayout()
        bar.addWidget(self.type_choice)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.open_button)
        self.model = RowsModel(COLUMNS, self)
        self.proxy = sorting_proxy(self.model)
        self.table = QTableView()
        self.table.setObjectName("documents_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.open_current())
        self.empty = QLabel()
        self.empty.setObjectName("documents_empty")
        self.empty.setWordWrap(True)
        self.sum_label = QLabel()
        self.sum_label.setObjectName("documents_sum")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.sum_label)
        self.refresh()

    def filter(self) -> documents.DocumentFilter:
        return documents.DocumentFilter(
            side=self.side, document_type=str(self.type_choice.currentData() or ""),
            customer_no=self.customer_no, vendor_no=self.vendor_no, contact_no=self.contact_no,
            text=self.search.text(),
        )  # fmt: skip

    def refresh(self) -> None:
        rows = documents.list_documents(self.ctx, self.filter())
        self.model.set_rows([r.__dict__ for r in rows])
        self.empty.setVisible(not rows)
        self.empty.setText(
            self.tr("No documents here yet. Choose a type above and click New… to make one.")
        )
        total = sum((r.amount for r in rows), Decimal(0))
        incl = sum((r.amount_including_vat for r in rows), Decimal(0))
        self.sum_label.setText(
            self.tr("Documents: {n} · Amount {a} · Incl. VAT {i}").format(
                n=len(rows), a=f"{total:,.2f}", i=f"{incl:,.2f}"
            )
        )

    def current(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return None if not index.isValid() else self.proxy.data(index, ROW_ROLE)

    def open_card(self, document_type: str, no: str) -> DocumentCard:
        card = DocumentCard(self.ctx, document_type, no, self)
        card.changed.connect(self.refresh)
        self.cards.append(card)
        card.show()
        return card

    def open_current(self) -> DocumentCard | None:
        row = self.current()
        return None if row is None else self.open_card(row["document_type"], row["no"])

    def new_document(self, account_no: str | None = None, no: str = "") -> DocumentCard | None:
        """A new document of the chosen type for a customer/vendor (or, a quote, a contact).
        Without `account_no` the New dialog asks for it (and for a manual number)."""
        code = str(self.type_choice.currentData() or f"{self.side}_{rules.QUOTE}")
        kind = rules.document_type(code)
        if account_no is None:
            series, manual = documents.numbering_of(self.ctx, code)
            preset = self.customer_no or self.vendor_no or self.contact_no
            dialog = NewDocumentDialog(kind, preset, manual, series, self)
            if not new_dialog.run_dialog(dialog):
                return None
            account_no, no = dialog.account.text(), dialog.no.text()
        account_no = account_no.strip().upper()
        if not account_no:
            messages.show_error(self, self.tr("Fill in the customer, vendor or contact number."))
            return None
        try:
            if self.contact_no or (
                kind.is_sales and not documents.is_customer(self.ctx, account_no)
            ):
                doc = documents.create_document(self.ctx, code, contact_no=account_no, no=no)
            elif kind.is_sales:
                doc = documents.create_document(self.ctx, code, customer_no=account_no, no=no)
            else:
                doc = documents.create_document(self.ctx, code, vendor_no=account_no, no=no)
        except CrmError as error:
            messages.show_error(self, error)
            return None
        self.refresh()
        return self.open_card(doc.document_type, doc.no)


class SalesDocumentsPage(DocumentListPage):
    side = rules.SALES


class PurchaseDocumentsPage(DocumentListPage):
    side = rules.PURCHASE
