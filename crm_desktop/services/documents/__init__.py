"""Sales and purchase documents (issue 20): quotes, orders, invoices and credit memos for a
customer or a vendor, one model for both sides.

Modules by role: `rows` (what the screens get: a document with its lines and totals), `edit`
(create, header and line changes, locking), `company_setup` (Company Information, the
Sales & Purchases setup), `convert` (Make Order, Make Invoice, the link to an
opportunity), `output` (what Preview/Print/Send do: lock, log through the one logging
service), `mail` (Send: the `.eml` draft with the PDF). The amounts are `domain.documents`.

Arrows: documents imports opportunities (the quote/order/invoice hooks), sync (the customer's
or vendor's contact through the business relation), numbering (a series per type), setup (work
date, my salesperson), interactions (the one logging service) and datafile.
"""

from crm_desktop.services.documents.company_setup import (
    COMPANY_FIELDS,
    company_information,
    sales_purchase_setup,
    save_company_information,
    save_sales_purchase_setup,
)
from crm_desktop.services.documents.convert import (
    OPEN_OPPORTUNITY,
    OpportunityOpenError,
    create_corrective_credit_memo,
    create_quote_for_opportunity,
    link_quote_to_opportunity,
    make_invoice,
    make_order,
)
from crm_desktop.services.documents.edit import (
    PRIVACY_BLOCKED,
    add_line,
    create_document,
    delete_line,
    update_header,
    update_line,
)
from crm_desktop.services.documents.listing import (
    DocumentFilter,
    DocumentInteraction,
    DocumentListRow,
    OpportunityChoice,
    format_region_of,
    interactions_of_document,
    is_customer,
    linked_opportunity,
    list_documents,
    numbering_of,
    opportunities_for_quote,
    vat_rates,
)
from crm_desktop.services.documents.mail import SentDocument, send_document
from crm_desktop.services.documents.output import (
    LogChoice,
    OutputDone,
    log_choice,
    record_output,
)
from crm_desktop.services.documents.rows import DocumentRow, LineRow, exists, get_document
from crm_desktop.services.opportunities.stages import CustomerQuestion

__all__ = [
    "COMPANY_FIELDS",
    "company_information",
    "sales_purchase_setup",
    "save_company_information",
    "save_sales_purchase_setup",
    "OPEN_OPPORTUNITY",
    "PRIVACY_BLOCKED",
    "CustomerQuestion",
    "DocumentFilter",
    "DocumentInteraction",
    "DocumentListRow",
    "DocumentRow",
    "OpportunityChoice",
    "interactions_of_document",
    "is_customer",
    "linked_opportunity",
    "list_documents",
    "numbering_of",
    "opportunities_for_quote",
    "LineRow",
    "LogChoice",
    "OutputDone",
    "SentDocument",
    "OpportunityOpenError",
    "add_line",
    "create_corrective_credit_memo",
    "create_quote_for_opportunity",
    "create_document",
    "delete_line",
    "exists",
    "format_region_of",
    "get_document",
    "link_quote_to_opportunity",
    "log_choice",
    "make_invoice",
    "make_order",
    "record_output",
    "send_document",
    "update_header",
    "update_line",
    "vat_rates",
]
