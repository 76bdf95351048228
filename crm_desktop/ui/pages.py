"""The pages the main window navigates to, in menu order.

Each entry is (key, translatable title, factory path "module:Class"). A page's class takes
(ctx, parent) and may define `refresh()`. A page whose module does not exist yet shows an empty
state that says which later version fills it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

PAGES: tuple[tuple[str, str, str | None], ...] = (
    (
        "contacts",
        QT_TRANSLATE_NOOP("pages", "Contacts"),
        "crm_desktop.ui.contacts.list_page:ContactListPage",
    ),
    (
        "customers",
        QT_TRANSLATE_NOOP("pages", "Customers"),
        "crm_desktop.ui.sync.pages:CustomerListPage",
    ),
    ("vendors", QT_TRANSLATE_NOOP("pages", "Vendors"), "crm_desktop.ui.sync.pages:VendorListPage"),
    (
        "bank_accounts",
        QT_TRANSLATE_NOOP("pages", "Bank Accounts"),
        "crm_desktop.ui.sync.pages:BankAccountListPage",
    ),
    (
        "employees",
        QT_TRANSLATE_NOOP("pages", "Employees"),
        "crm_desktop.ui.sync.pages:EmployeeListPage",
    ),
    (
        "opportunities",
        QT_TRANSLATE_NOOP("pages", "Opportunities"),
        "crm_desktop.ui.opportunities.page:OpportunitiesPage",
    ),
    (
        "sales_documents",
        QT_TRANSLATE_NOOP("pages", "Sales Documents"),
        "crm_desktop.ui.documents.list_page:SalesDocumentsPage",
    ),
    (
        "purchase_documents",
        QT_TRANSLATE_NOOP("pages", "Purchase Documents"),
        "crm_desktop.ui.documents.list_page:PurchaseDocumentsPage",
    ),
    (
        "interaction_log",
        QT_TRANSLATE_NOOP("pages", "Interaction Log"),
        "crm_desktop.ui.communications.log_page:MailDropLogPage",  # issue 18 page + e-mail drops
    ),
    (
        "contact_duplicates",
        QT_TRANSLATE_NOOP("pages", "Contact Duplicates"),
        "crm_desktop.ui.duplicates.page:ContactDuplicatesPage",
    ),
    ("merges", QT_TRANSLATE_NOOP("pages", "Merges"), "crm_desktop.ui.merge.page:MergesPage"),
    (
        "marketing_setup",
        QT_TRANSLATE_NOOP("pages", "Marketing Setup"),
        "crm_desktop.ui.setup.page:MarketingSetupPage",
    ),
    (
        "company_information",
        QT_TRANSLATE_NOOP("pages", "Company Information"),
        "crm_desktop.ui.setup.company_page:CompanyInformationPage",
    ),
    (
        "sales_purchases_setup",
        QT_TRANSLATE_NOOP("pages", "Sales & Purchases"),
        "crm_desktop.ui.setup.company_page:SalesPurchasesSetupPage",
    ),
    (
        "no_series",
        QT_TRANSLATE_NOOP("pages", "No. Series"),
        "crm_desktop.ui.numbering.page:NoSeriesPage",
    ),
    (
        "masterdata",
        QT_TRANSLATE_NOOP("pages", "Master Data"),
        "crm_desktop.ui.masterdata.page:MasterDataPage",
    ),
    ("backups", QT_TRANSLATE_NOOP("pages", "Backups"), "crm_desktop.ui.backups.page:BackupsPage"),
)
