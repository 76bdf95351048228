"""Send a document by e-mail (issue 20): the `.eml` draft parsed back by the standard library
with the PDF intact, the recipient chosen as the issue says, one log entry, no e-mail refused.
BC scenario 98 (exactly one entry, the document's template) is in test_documents_output.py."""

from __future__ import annotations

import datetime as dt
from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import select

from crm_desktop.domain.errors import ValidationError
from crm_desktop.services import contacts, documents, masterdata, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts
from crm_desktop.storage import models as m

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4 + b"\n%%EOF"


@pytest.fixture
def app(ctx: AppContext) -> AppContext:
    masterdata.save_row(ctx, "salesperson", {"code": "ME", "name": "Me"})
    setup.update_user_setup(ctx, salesperson_code="ME", work_date=dt.date(2026, 11, 2))
    return ctx


def test_eml_with_pdf_to_the_documents_contact(app: AppContext) -> None:
    row = accounts.create_record(
        app, "customer", {"name": "Acme Ltd", "email": "office@acme.example"}
    ).record
    jan = contacts.create_contact(
        app, {"type": "person", "name": "Jan Smit", "company_no": row["contact_no"],
              "email": "jan@acme.example"},
    ).contact.no  # fmt: skip
    invoice = documents.create_document(app, "sales_invoice", customer_no=row["no"], contact_no=jan)
    sent = documents.send_document(app, "sales_invoice", invoice.no, PDF, log=True)
    assert (sent.to, sent.contact_no) == ("jan@acme.example", jan)
    assert sent.path.parent == app.data_dir / "outbox" and sent.locked
    msg = BytesParser(policy=policy.default).parsebytes(sent.path.read_bytes())
    assert msg["To"] == "jan@acme.example" and msg["X-Unsent"] == "1"
    assert msg["Subject"] == f"Sales Invoice {invoice.no}"
    body = msg.get_body(("plain",))
    assert body is not None and f"our Sales Invoice {invoice.no}" in body.get_content()
    [part] = list(msg.iter_attachments())
    assert part.get_filename() == f"{invoice.no}.pdf"
    assert part.get_content_type() == "application/pdf"
    assert part.get_content() == PDF
    with app.db.read() as s:
        logged = list(s.scalars(select(m.InteractionLogEntry)))
        assert [(e.contact_no, e.correspondence_type, e.document_no) for e in logged] == [
            (jan, "email", invoice.no)
        ]


def test_company_email_when_the_contact_has_none(app: AppContext) -> None:
    row = accounts.create_record(app, "vendor", {"name": "Supplies BV"}).record
    contacts.update_contact(app, row["contact_no"], {"email": "sales@supplies.example"})
    order = documents.create_document(app, "purchase_order", vendor_no=row["no"])
    sent = documents.send_document(app, "purchase_order", order.no, PDF, log=False)
    assert (sent.to, sent.contact_no, sent.entry_no) == (
        "sales@supplies.example",
        row["contact_no"],
        None,
    )
    assert not sent.locked  # an order is never locked


def test_no_email_found_is_refused_and_nothing_changes(app: AppContext) -> None:
    row = accounts.create_record(app, "customer", {"name": "Quiet Ltd"}).record
    invoice = documents.create_document(app, "sales_invoice", customer_no=row["no"])
    with pytest.raises(ValidationError, match="No e-mail address was found .* Print it instead"):
        documents.send_document(app, "sales_invoice", invoice.no, PDF, log=True)
    assert not documents.get_document(app, "sales_invoice", invoice.no).locked
    assert not (app.data_dir / "outbox").exists()
