"""A sales quote and its opportunity (issue 21, BC's Sales-Quote to Order): link a quote to an
opportunity of its contact or create one linked to it; Make Order / Make Invoice asks to close
a linked open opportunity as Won first (with the quote's amount), and asks before making a
contact without customer into a customer."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from crm_desktop.domain import documents as rules
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import documents
from crm_desktop.services import opportunities as opps
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.documents import new_dialog
from crm_desktop.ui.hub import hub
from crm_desktop.ui.opportunities.dialogs import CloseOpportunityDialog
from crm_desktop.ui.opportunities.wizard import CreateOpportunityDialog

# Answers for the opportunity choice (an index into the offered items), for tests.
choice_next: list[int] = []


def _tr(text: str) -> str:
    return QCoreApplication.translate("documents_opportunity", text)


def convert_with_questions(
    parent: QWidget, ctx: AppContext, document_type: str, no: str, kind: str
) -> documents.DocumentRow | None:
    """Make Order (kind ORDER) or Make Invoice; None when refused or cancelled."""
    create_customer: bool | None = None
    for _attempt in range(3):
        try:
            call = documents.make_order if kind == rules.ORDER else documents.make_invoice
            new = call(ctx, document_type, no, create_customer=create_customer)
        except documents.OpportunityOpenError as error:
            opp_no = str(error.params.get("no", ""))
            question = QCoreApplication.translate("opportunities", opps.QUOTE_TO_ORDER_QUESTION)
            if not messages.ask(parent, _tr("Make Order"), question.format(no=opp_no)):
                return None
            amount = documents.get_document(ctx, document_type, no).totals.excl_vat
            dialog = CloseOpportunityDialog(ctx, opp_no, parent, quote_amount=amount)
            if not new_dialog.run_dialog(dialog):
                return None
            continue
        except documents.CustomerQuestion as question:
            create_customer = messages.ask(parent, _tr("Make Order"), messages.error_text(question))
            if not create_customer:
                return None
            continue
        except CrmError as error:
            messages.show_error(parent, error)
            return None
        hub().changed("document", "opportunity", "customer", keys={new.no})
        return new
    return None


def link_opportunity(parent: QWidget, ctx: AppContext, quote_no: str) -> bool:
    """Choose an open opportunity of the quote's contact to link the quote to, or create one
    linked to it. True when linked."""
    doc = documents.get_document(ctx, "sales_quote", quote_no)
    choices = [c for c in documents.opportunities_for_quote(ctx, quote_no)]
    items = [
        f"{c.no} · {c.description}"
        + (
            _tr(" (linked to {doc})").format(doc=c.linked_document_no)
            if c.linked_document_no
            else ""
        )
        for c in choices
    ]
    items.append(_tr("Create Opportunity…"))
    if choice_next:
        index = choice_next.pop(0)
    else:
        text, ok = QInputDialog.getItem(
            parent, _tr("Opportunity"), _tr("Link quote {no} to:").format(no=quote_no), items, 0,
            False,
        )  # fmt: skip
        if not ok:
            return False
        index = items.index(text)
    if index < len(choices):
        try:
            documents.link_quote_to_opportunity(ctx, quote_no, choices[index].no)
        except CrmError as error:
            messages.show_error(parent, error)
            return False
        hub().changed("opportunity", keys={choices[index].no})
        return True
    contact = doc.sell_to_contact_no

    def link_in(session: object, no: str) -> None:
        opps.link_sales_document_in(session, no, "quote", quote_no)  # type: ignore[arg-type]

    dialog = CreateOpportunityDialog(ctx, contact, parent, link_in=link_in)
    return new_dialog.run_dialog(dialog)
