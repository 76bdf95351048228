"""What Preview, Print and Send do to a document (issue 20): lock an invoice, log through the
one logging service with the document type's template, against the resolved contact, with the
PDF attached (real database). The PDF is made by the screen; here any bytes stand for it.

BC scenarios here: 96 (quote logged against its Bill-to Contact with its number), 97 (invoice
printed: bill-to contact, invoice number), 98 (e-mailing logs exactly one entry, with the
document's type, not the E-Mail Draft template), 99 (purchase order, invoice, credit memo logged
with their types), 102 (draft invoice: option disabled without a template, logged with the
Sales Draft Invoices template, nothing when Log Interaction is off).
Not applicable: 101 and 103 (shipments and return orders do not exist here), 104 (statements
need ledger entries), the permission sets of 97 (one user on one machine).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from crm_desktop.domain import documents as rules
from crm_desktop.domain.errors import ValidationError
from crm_desktop.services import contacts, documents, masterdata, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions.attachments import read_attachment
from crm_desktop.services.sync import accounts
from crm_desktop.storage import models as m

DAY = dt.date(2026, 11, 2)
PRINTED = dt.datetime(2026, 11, 20, 9, 30)
PDF = b"%PDF-1.4 stand-in for the screen's PDF"


@pytest.fixture
def app(ctx: AppContext) -> AppContext:
    masterdata.save_row(ctx, "salesperson", {"code": "ME", "name": "Me"})
    setup.update_user_setup(ctx, salesperson_code="ME", work_date=DAY)
    return ctx


def customer_no(ctx: AppContext, name: str = "Acme Ltd") -> tuple[str, str]:
    row = accounts.create_record(ctx, "customer", {"name": name}).record
    return row["no"], row["contact_no"]


def vendor_no(ctx: AppContext, name: str = "Supplies BV") -> tuple[str, str]:
    row = accounts.create_record(ctx, "vendor", {"name": name}).record
    return row["no"], row["contact_no"]


def entries(ctx: AppContext) -> list[m.InteractionLogEntry]:
    with ctx.db.read() as s:
        rows = list(
            s.scalars(select(m.InteractionLogEntry).order_by(m.InteractionLogEntry.entry_no))
        )
        s.expunge_all()
        return rows


def new_document(ctx: AppContext, code: str) -> documents.DocumentRow:
    if rules.document_type(code).is_sales:
        doc = documents.create_document(ctx, code, customer_no=customer_no(ctx)[0])
    else:
        doc = documents.create_document(ctx, code, vendor_no=vendor_no(ctx)[0])
    return documents.add_line(
        ctx, code, doc.no, {"description": "X", "quantity": 1, "unit_price": 9}
    )


TEMPLATES = {
    "sales_quote": ("S-QUOTE", "Sales Qte."),
    "sales_order": ("S-ORDER", "Sales Ord. Cnfrmn."),
    "sales_invoice": ("S-INVOICE", "Sales Inv."),
    "sales_credit_memo": ("S-CR-MEMO", "Sales Cr. Memo"),
    "purchase_quote": ("P-QUOTE", "Purch.Qte."),
    "purchase_order": ("P-ORDER", "Purch. Ord."),
    "purchase_invoice": ("P-INVOICE", "Purch. Inv."),
    "purchase_credit_memo": ("P-CR-MEMO", "Purch. Cr. Memo"),
}


@pytest.mark.parametrize("code", list(TEMPLATES))
def test_bc099_each_document_type_logs_with_its_setup_template(app: AppContext, code: str) -> None:
    doc = new_document(app, code)
    assert documents.log_choice(app, code, "print") == documents.LogChoice(
        True, True, TEMPLATES[code][0]
    )
    done = documents.record_output(app, code, doc.no, "print", log=True, pdf=PDF, now=PRINTED)
    [entry] = entries(app)
    assert entry.entry_no == done.entry_no
    assert (entry.interaction_template_code, entry.document_type) == TEMPLATES[code]
    assert entry.document_no == doc.no
    assert entry.correspondence_type == "hard_copy"
    assert entry.date == PRINTED.date() != doc.document_date  # the day it was printed
    assert entry.salesperson_code == "ME"
    expected_contact = doc.bill_to_contact_no or doc.buy_from_contact_no
    assert entry.contact_no == done.contact_no == expected_contact
    assert entry.attachment_no is not None
    assert read_attachment(app, entry.attachment_no) == (f"{doc.no}.pdf", PDF)
    locks = rules.document_type(code).kind in (rules.INVOICE, rules.CREDIT_MEMO)
    assert done.locked is locks
    assert documents.get_document(app, code, doc.no).locked is locks


def test_bc096_bc097_logged_against_the_bill_to_contact(app: AppContext) -> None:
    cust, company = customer_no(app)
    jan = contacts.create_contact(
        app, {"type": "person", "name": "Jan Smit", "company_no": company}
    ).contact.no
    accounts.update_record(app, "customer", cust, {"primary_contact_no": jan})
    quote = documents.create_document(app, "sales_quote", customer_no=cust)
    assert quote.bill_to_contact_no == jan
    documents.record_output(app, "sales_quote", quote.no, "print", log=True, now=PRINTED)
    invoice = documents.create_document(app, "sales_invoice", customer_no=cust)
    documents.record_output(app, "sales_invoice", invoice.no, "print", log=True, now=PRINTED)
    assert [(e.contact_no, e.document_no) for e in entries(app)] == [
        (jan, quote.no),
        (jan, invoice.no),
    ]


def test_without_a_bill_to_contact_the_customer_is_resolved_through_its_relation(
    app: AppContext,
) -> None:
    cust, company = customer_no(app)
    invoice = documents.create_document(app, "sales_invoice", customer_no=cust)
    with app.db.uow() as s:
        header = s.scalars(select(m.DocumentHeader).filter_by(no=invoice.no)).one()
        header.bill_to_contact_no = None
    done = documents.record_output(app, "sales_invoice", invoice.no, "send", log=True)
    assert done.contact_no == company
    assert [e.contact_no for e in entries(app)] == [company]


def test_bc098_sending_logs_exactly_one_entry_with_the_documents_template(
    app: AppContext,
) -> None:
    with app.db.uow() as s:
        s.add(m.InteractionTemplate(code="XXX", interaction_group_code="EMAIL", description="Mine"))
    setup.update_interaction_template_setup(app, {"e_mail_draft": "XXX"})
    order = new_document(app, "sales_order")
    documents.record_output(app, "sales_order", order.no, "send", log=True, pdf=PDF)
    [entry] = entries(app)
    assert entry.document_type == "Sales Ord. Cnfrmn." and entry.document_no == order.no
    assert entry.interaction_template_code == "S-ORDER" != "XXX"
    assert entry.correspondence_type == "email"
    purchase = new_document(app, "purchase_order")
    documents.record_output(app, "purchase_order", purchase.no, "send", log=True)
    assert [e.document_type for e in entries(app)] == ["Sales Ord. Cnfrmn.", "Purch. Ord."]


def test_bc102_draft_invoice_preview(app: AppContext) -> None:
    invoice = new_document(app, "sales_invoice")
    setup.update_interaction_template_setup(app, {"sales_draft_invoices": ""})
    assert documents.log_choice(app, "sales_invoice", "preview") == documents.LogChoice(
        False, False, ""
    )
    documents.record_output(app, "sales_invoice", invoice.no, "preview", log=True)
    assert entries(app) == []
    setup.update_interaction_template_setup(app, {"sales_draft_invoices": "S-DRAFTINV"})
    assert documents.log_choice(app, "sales_invoice", "preview").enabled
    documents.record_output(app, "sales_invoice", invoice.no, "preview", log=False)
    assert entries(app) == []
    done = documents.record_output(app, "sales_invoice", invoice.no, "preview", log=True)
    [entry] = entries(app)
    assert (entry.interaction_template_code, entry.document_type) == (
        "S-DRAFTINV",
        "Sales Draft Invoice",
    )
    assert not done.locked and not documents.get_document(app, "sales_invoice", invoice.no).locked
    # A quote's preview is not logged.
    quote = new_document(app, "sales_quote")
    assert not documents.log_choice(app, "sales_quote", "preview").enabled
    documents.record_output(app, "sales_quote", quote.no, "preview", log=True)
    assert len(entries(app)) == 1


def test_no_template_no_entry_and_the_checkbox_disabled(app: AppContext) -> None:
    setup.update_interaction_template_setup(app, {"sales_invoices": ""})
    invoice = new_document(app, "sales_invoice")
    assert documents.log_choice(app, "sales_invoice", "print") == documents.LogChoice(
        False, False, ""
    )
    done = documents.record_output(app, "sales_invoice", invoice.no, "print", log=True)
    assert done.entry_no is None and entries(app) == []
    assert done.locked  # printing for good still locks the invoice


def test_privacy_blocked_contact_refuses_the_print_and_nothing_is_locked(
    app: AppContext,
) -> None:
    invoice = new_document(app, "sales_invoice")
    contacts.update_contact(app, invoice.bill_to_contact_no, {"privacy_blocked": True})
    with pytest.raises(ValidationError, match="blocked due to privacy"):
        documents.record_output(app, "sales_invoice", invoice.no, "print", log=True)
    assert not documents.get_document(app, "sales_invoice", invoice.no).locked
    assert entries(app) == []
    with pytest.raises(ValidationError, match="There is no output fax"):
        documents.record_output(app, "sales_invoice", invoice.no, "fax", log=True)
