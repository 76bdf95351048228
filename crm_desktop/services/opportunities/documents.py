"""Opportunities and their sales documents: the hooks the documents capability (issue 20, not
built yet) calls, modelled on BC's Sales-Quote to Order and Sales-Post.

An opportunity holds at most one document link (`sales_document_type`, `sales_document_no`; a
document belongs to one opportunity). Making a linked quote into an order needs the open
opportunity closed first: the screen asks QUOTE_TO_ORDER_QUESTION and, on Yes, shows the Close
Opportunity dialog as Won with the quote's amount; after the order is made the opportunity points
to the order, and after posting to the invoice.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain import opportunities as rules
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.opportunities.rows import active_entry
from crm_desktop.storage import models as m

QUOTE_TO_ORDER_QUESTION = QT_TRANSLATE_NOOP(
    "opportunities",
    "An open opportunity ({no}) is linked to this sales quote. The opportunity has to be closed "
    "before the quote can be made into an order. Close it as won now and continue?",
)


def _linked(s: Session, doc_type: str, doc_no: str) -> m.Opportunity | None:
    return s.scalar(
        select(m.Opportunity).where(
            m.Opportunity.sales_document_type == doc_type,
            m.Opportunity.sales_document_no == doc_no,
        )
    )


def open_opportunity_of_quote_in(s: Session, quote_no: str) -> str | None:
    """The number of the in-progress opportunity linked to a quote (ask before converting)."""
    opp = _linked(s, "quote", quote_no)
    return opp.no if opp is not None and opp.status == rules.IN_PROGRESS else None


def quote_made_into_order_in(s: Session, quote_no: str, order_no: str, amount: Decimal) -> None:
    """After Make Order: a won opportunity now points to the order and its active entry holds
    the order's amount; a lost one lets go of the quote (BC Sales-Quote to Order)."""
    opp = _linked(s, "quote", quote_no)
    if opp is None:
        return
    if opp.status == rules.WON:
        opp.sales_document_type = "order"
        opp.sales_document_no = order_no
        entry = active_entry(s, opp.no)
        if entry is not None:
            entry.calcd_current_value = rules.money(amount)
    elif opp.status == rules.LOST:
        opp.sales_document_type = ""
        opp.sales_document_no = None
    s.flush()


def order_invoiced_in(s: Session, order_no: str, invoice_no: str, amount: Decimal) -> None:
    """After posting: the won opportunity of an order points to the posted invoice, with the
    invoiced amount (BC Sales-Post)."""
    opp = _linked(s, "order", order_no)
    if opp is None or opp.status != rules.WON:
        return
    opp.sales_document_type = "posted_invoice"
    opp.sales_document_no = invoice_no
    entry = active_entry(s, opp.no)
    if entry is not None:
        entry.calcd_current_value = rules.money(amount)
    s.flush()
