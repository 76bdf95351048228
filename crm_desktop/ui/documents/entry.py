"""The documents of one customer, vendor or contact (issue 20), opened from its card: the one
document list, filtered to the account, with its totals; New makes a document for it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget

from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions.log import Account
from crm_desktop.ui.documents.list_page import PurchaseDocumentsPage, SalesDocumentsPage


class AccountDocumentsDialog(QDialog):
    """Sales documents of a customer, purchase documents of a vendor, both for a contact."""

    def __init__(self, ctx: AppContext, account: Account, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("account_documents")
        self.setWindowTitle(self.tr("Documents of {no}").format(no=account.no))
        self.pages: list[SalesDocumentsPage | PurchaseDocumentsPage] = []
        layout = QVBoxLayout(self)
        if account.table == "customer":
            self.pages.append(SalesDocumentsPage(ctx, self, customer_no=account.no))
        elif account.table == "vendor":
            self.pages.append(PurchaseDocumentsPage(ctx, self, vendor_no=account.no))
        else:
            self.pages.append(SalesDocumentsPage(ctx, self, contact_no=account.no))
            self.pages.append(PurchaseDocumentsPage(ctx, self, contact_no=account.no))
        if len(self.pages) == 1:
            layout.addWidget(self.pages[0])
        else:
            tabs = QTabWidget()
            tabs.addTab(self.pages[0], self.tr("Sales"))
            tabs.addTab(self.pages[1], self.tr("Purchases"))
            layout.addWidget(tabs)
        self.resize(1000, 520)
