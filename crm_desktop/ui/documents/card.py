"""One card for every kind of document (issue 20): sales or purchase quote, order, invoice or
credit memo. Header, editable lines with live totals, Make Order / Make Invoice, Print/Send, the
interactions logged for it and, on a sales quote, its opportunity (issue 21)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain import documents as rules
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import documents
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.documents.lines import LinesTable
from crm_desktop.ui.documents.opportunity_link import convert_with_questions, link_opportunity
from crm_desktop.ui.documents.output_dialog import OutputDialog


class DocumentCard(QDialog):
    """Edit one document; after Make Order / Make Invoice it shows the new document (the
    source is gone). `changed` is emitted after every saved change."""

    changed = Signal()

    def __init__(
        self, ctx: AppContext, document_type: str, no: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.document_type = document_type
        self.no = no
        self.doc: documents.DocumentRow | None = None
        self.setObjectName("document_card")
        self.heading = QLabel()
        self.heading.setObjectName("document_heading")
        self.heading.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.account = QLabel()
        self.account.setObjectName("document_account")
        self.account.setWordWrap(True)
        self.opportunity = QLabel()
        self.opportunity.setObjectName("document_opportunity")
        self.your_reference = QLineEdit()
        self.your_reference.setObjectName("your_reference")
        self.your_reference.setMaxLength(35)
        self.document_date = QDateEdit()
        self.document_date.setObjectName("document_date")
        self.document_date.setCalendarPopup(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("save_header")
        self.save_button.clicked.connect(self.save)
        form = QFormLayout()
        form.addRow(self.tr("Document Date:"), self.document_date)
        form.addRow(self.tr("Your Reference:"), self.your_reference)
        top = QHBoxLayout()
        top.addWidget(self.account, 1)
        top.addLayout(form)
        top.addWidget(self.save_button)
        self.lines = LinesTable(ctx, self)
        self.lines.changed.connect(self._lines_changed)
        self.lines.failed.connect(lambda error: messages.show_error(self, error))
        self.add_line_button = QPushButton(self.tr("Add Line"))
        self.add_line_button.setObjectName("add_line")
        self.add_line_button.clicked.connect(self.add_line)
        self.delete_line_button = QPushButton(self.tr("Delete Line"))
        self.delete_line_button.setObjectName("delete_line")
        self.delete_line_button.clicked.connect(self.delete_line)
        self.totals = QLabel()
        self.totals.setObjectName("document_totals")
        self.totals.setStyleSheet("font-weight: bold;")
        self.totals.setMinimumWidth(520)
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        line_bar = QHBoxLayout()
        line_bar.addWidget(self.add_line_button)
        line_bar.addWidget(self.delete_line_button)
        line_bar.addStretch(1)
        line_bar.addWidget(self.totals)
        self.interactions = QListWidget()
        self.interactions.setObjectName("document_interactions")
        self.interactions.setMaximumHeight(90)
        self.make_order_button = QPushButton(self.tr("Make Order"))
        self.make_order_button.setObjectName("make_order")
        self.make_order_button.clicked.connect(lambda: self.convert(rules.ORDER))
        self.make_invoice_button = QPushButton(self.tr("Make Invoice"))
        self.make_invoice_button.setObjectName("make_invoice")
        self.make_invoice_button.clicked.connect(lambda: self.convert(rules.INVOICE))
        self.output_button = QPushButton(self.tr("Print/Send…"))
        self.output_button.setObjectName("print_send")
        self.output_button.clicked.connect(self.print_send)
        self.opportunity_button = QPushButton(self.tr("Opportunity…"))
        self.opportunity_button.setObjectName("quote_opportunity")
        self.opportunity_button.setToolTip(
            self.tr("Link this quote to an opportunity of its contact, or create one.")
        )
        self.opportunity_button.clicked.connect(self.link_opportunity)
        self.credit_memo_button = QPushButton(self.tr("Create Corrective Credit Memo"))
        self.credit_memo_button.setObjectName("corrective_credit_memo")
        self.credit_memo_button.clicked.connect(self.corrective_credit_memo)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.close)
        actions = QHBoxLayout()
        for button in (
            self.make_order_button,
            self.make_invoice_button,
            self.output_button,
            self.opportunity_button,
            self.credit_memo_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.opportunity)
        layout.addWidget(self.lines, 1)
        layout.addLayout(line_bar)
        layout.addWidget(QLabel(self.tr("Interactions logged for this document:")))
        layout.addWidget(self.interactions)
        layout.addLayout(actions)
        self.unsaved = UnsavedChanges(
            self,
            save=self.save,
            discard=self.load,
            name=lambda: f"{self.no}",
            is_dirty=lambda: bool(self.header_changes()),
            save_buttons=[self.save_button],
        )
        self.unsaved.watch(self.your_reference, self.document_date)
        self.resize(980, 600)
        self.load()

    # ---- showing

    def load(self) -> None:
        doc = documents.get_document(self.ctx, self.document_type, self.no)
        self.doc = doc
        kind = doc.type
        self.setWindowTitle(f"{kind.label} {doc.no}[*]")
        state = self.tr(" (printed or sent: locked)") if doc.locked else ""
        self.heading.setText(f"{kind.label} {doc.no}{state}")
        account = doc.customer_no or doc.vendor_no
        caption = self.tr("Customer") if kind.is_sales else self.tr("Vendor")
        contact = doc.bill_to_contact_no if kind.is_sales else doc.buy_from_contact_no
        address = ", ".join(p for p in (doc.address, doc.post_code, doc.city) if p)
        who = f"{caption} {account}" if account else self.tr("Contact (not a customer yet)")
        person = self.tr("Contact: {no} {name}").format(no=contact or "-", name=doc.contact_name)
        self.account.setText("\n".join(p for p in (f"{who}: {doc.name}", address, person) if p))
        self.your_reference.setText(doc.your_reference)
        day = doc.document_date
        self.document_date.setDate(QDate(day.year, day.month, day.day))
        for widget in (self.your_reference, self.document_date):
            widget.setEnabled(not doc.locked)
        self.lines.show_document(doc)
        self._show_totals(doc)
        convertible = rules.CONVERSIONS.get(kind.kind, ())
        self.make_order_button.setVisible(rules.ORDER in convertible)
        self.make_invoice_button.setVisible(rules.INVOICE in convertible)
        self.add_line_button.setEnabled(not doc.locked)
        self.delete_line_button.setEnabled(not doc.locked)
        self.credit_memo_button.setVisible(kind.kind == rules.INVOICE and doc.locked)
        is_quote = kind.is_sales and kind.kind == rules.QUOTE
        self.opportunity_button.setVisible(is_quote)
        linked = documents.linked_opportunity(self.ctx, doc.document_type, doc.no)
        self.opportunity.setVisible(kind.is_sales)
        self.opportunity.setText(
            self.tr("Opportunity: {no}").format(no=linked)
            if linked
            else self.tr("Opportunity: none")
        )
        self.interactions.clear()
        for item in documents.interactions_of_document(self.ctx, doc.no):
            pdf = self.tr(" (PDF attached)") if item.attachment_no else ""
            self.interactions.addItem(
                f"{item.date:%Y-%m-%d}  {item.template_code}  {item.description}  "
                f"{item.contact_no}{pdf}"
            )
        if not self.interactions.count():
            self.interactions.addItem(self.tr("None yet: Print/Send logs one."))
        if hasattr(self, "unsaved"):
            self.unsaved.refresh()

    def _show_totals(self, doc: documents.DocumentRow) -> None:
        t = doc.totals
        currency = doc.currency_code or ""
        self.totals.setText(
            self.tr("Total Excl. VAT {a}   VAT {v}   Total Incl. VAT {i} {c}").format(
                a=f"{t.excl_vat:,.2f}", v=f"{t.vat:,.2f}",
                i=f"{t.incl_vat:,.2f}", c=currency,
            )
        )  # fmt: skip

    def _lines_changed(self, doc: documents.DocumentRow) -> None:
        self.doc = doc
        self._show_totals(doc)
        self.changed.emit()

    # ---- header

    def header_changes(self) -> dict[str, object]:
        if self.doc is None:
            return {}
        changes: dict[str, object] = {}
        if self.your_reference.text().strip() != self.doc.your_reference:
            changes["your_reference"] = self.your_reference.text()
        day = self.document_date.date().toPython()
        if day != self.doc.document_date:
            changes["document_date"] = day
        return changes

    def save(self) -> bool:
        changes = self.header_changes()
        if not changes:
            return True
        try:
            documents.update_header(self.ctx, self.document_type, self.no, changes)
        except CrmError as error:
            messages.show_error(self, error)
            return False
        self.load()
        self.changed.emit()
        return True

    # ---- lines

    def add_line(self) -> None:
        try:
            doc = documents.add_line(
                self.ctx, self.document_type, self.no, {"description": "", "quantity": "1"}
            )
        except CrmError as error:
            messages.show_error(self, error)
            return
        self.lines.show_document(doc)
        self._lines_changed(doc)
        row = len(doc.lines) - 1
        self.lines.setCurrentCell(row, 0)
        self.lines.editItem(self.lines.item(row, 0))

    def delete_line(self) -> None:
        line_no = self.lines.line_no_at(self.lines.currentRow())
        if line_no is None:
            return
        try:
            doc = documents.delete_line(self.ctx, self.document_type, self.no, line_no)
        except CrmError as error:
            messages.show_error(self, error)
            return
        self.lines.show_document(doc)
        self._lines_changed(doc)

    # ---- actions

    def _show_other(self, doc: documents.DocumentRow) -> None:
        self.document_type, self.no = doc.document_type, doc.no
        self.load()
        self.changed.emit()

    def convert(self, kind: str) -> documents.DocumentRow | None:
        """Make Order / Make Invoice; the card then shows the new document."""
        if not self.unsaved.confirm():
            return None
        new = convert_with_questions(self, self.ctx, self.document_type, self.no, kind)
        if new is not None:
            self._show_other(new)
        return new

    def print_send(self) -> OutputDialog | None:
        if not self.unsaved.confirm():
            return None
        dialog = OutputDialog(self.ctx, self.document_type, self.no, self)
        self.last_output = dialog
        dialog.finished.connect(lambda _r: self._after_output())
        dialog.open()
        return dialog

    def _after_output(self) -> None:
        self.load()
        self.changed.emit()

    def link_opportunity(self) -> None:
        if link_opportunity(self, self.ctx, self.no):
            self.load()
            self.changed.emit()

    def corrective_credit_memo(self) -> documents.DocumentRow | None:
        """A new credit memo with the locked invoice's lines; the card shows it."""
        try:
            memo = documents.create_corrective_credit_memo(self.ctx, self.document_type, self.no)
        except CrmError as error:
            messages.show_error(self, error)
            return None
        self._show_other(memo)
        return memo
