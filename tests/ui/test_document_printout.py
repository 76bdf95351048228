"""A document's PDF through the shared page layout (issue 20): a 3-page invoice renders to page
images that are not blank (pypdfium2), its text (pypdf) holds the invoice number, the total and
"Page 3"; printed for good, it is locked and logged with the PDF attached."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pypdfium2
from pypdf import PdfReader
from PySide6.QtCore import QLocale

from crm_desktop.services import documents, masterdata, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions.attachments import read_attachment
from crm_desktop.services.sync import accounts
from crm_desktop.storage import models as m
from crm_desktop.ui.common.pdf_layout import CompanyDetails
from crm_desktop.ui.documents.printout import write_document_pdf

COMPANY = CompanyDetails("Cronus Ltd", ["1 Main Street", "London"], "GB123456789", "GB29NWBK")


def _text(page: object) -> str:
    return " ".join(page.extract_text().split())  # type: ignore[attr-defined]


def test_three_page_invoice_pdf_is_printed_locked_and_logged(
    qapp,
    ctx: AppContext,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    masterdata.save_row(ctx, "salesperson", {"code": "ME", "name": "Me"})
    setup.update_user_setup(ctx, salesperson_code="ME", work_date=dt.date(2026, 11, 2))
    cust = accounts.create_record(
        ctx, "customer", {"name": "Adatum Corporation", "address": "Station Road 21",
                          "city": "Cambridge", "post_code": "CB1 2AB"},
    ).record  # fmt: skip
    invoice = documents.create_document(ctx, "sales_invoice", customer_no=cust["no"])
    for i in range(1, 91):
        doc = documents.add_line(
            ctx, "sales_invoice", invoice.no,
            {"description": f"Service item {i}", "quantity": "2", "unit_price": "1234.50",
             "vat_rate_code": "REDUCED" if i % 3 == 0 else "STANDARD"},
        )  # fmt: skip
    path = tmp_path / f"{invoice.no}.pdf"
    pages = write_document_pdf(path, doc, COMPANY, QLocale(QLocale.Language.English))
    assert pages >= 3
    reader = PdfReader(str(path))
    assert len(reader.pages) == pages
    first = _text(reader.pages[0])
    for expected in ("Cronus Ltd", "Adatum Corporation", "Station Road 21", "CB1 2AB Cambridge",
                     f"Sales Invoice {invoice.no}"):  # fmt: skip
        assert expected in first
    everything = " ".join(_text(p) for p in reader.pages)
    # 90 lines of 2 x 1,234.50: 60 at 20 % (29,628.00 VAT), 30 at 5 % (3,703.50 VAT)
    assert doc.totals.incl_vat == Decimal("255541.50")
    assert "255,541.50" in everything and "222,210.00" in everything
    assert "29,628.00" in everything and "3,703.50" in everything
    assert "Total incl. VAT" in everything
    assert f"Page 3 of {pages}" in _text(reader.pages[2])
    pdf = pypdfium2.PdfDocument(str(path))
    for i in range(pages):
        data = bytes(pdf[i].render(scale=0.3).buffer)
        assert len(set(data)) > 2, f"page {i + 1} is blank"
    pdf.close()
    done = documents.record_output(
        ctx, "sales_invoice", invoice.no, "print", log=True, pdf=path.read_bytes()
    )
    assert done.locked and done.entry_no is not None
    with ctx.db.read() as s:
        entry = s.get(m.InteractionLogEntry, done.entry_no)
        assert entry is not None and entry.attachment_no is not None
        attachment_no = entry.attachment_no
    assert read_attachment(ctx, attachment_no) == (path.name, path.read_bytes())
