"""The shared PDF page layout: company details and the address block on page 1, a long body
over several pages, "Page N of M" on each; pages rendered by pypdfium2 are not blank."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from pypdf import PdfReader

from crm_desktop.ui.common.pdf_layout import CompanyDetails, PdfContent, escape, write_pdf


def _text(page: object) -> str:
    return " ".join(page.extract_text().split())  # type: ignore[attr-defined]


def test_three_page_document(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(
        f"<tr><td>Line {i}</td><td align='right'>{i * 3}.00</td></tr>" for i in range(80)
    )
    content = PdfContent(
        CompanyDetails("Cronus Ltd", ["1 Main Street", "London"], "GB123456789", "GB29NWBK6016"),
        ["Adatum Corporation", "Rob Townes", "Station Road 21", "Cambridge"],
        "Invoice 1001",
        f"<p>{escape('Dear Mr. Townes & co,')}</p><table width='100%' border='1'>{rows}</table>",
        info=[("Invoice No.", "1001")],
    )
    path = tmp_path / "invoice.pdf"
    pages = write_pdf(path, content)
    assert pages >= 3
    reader = PdfReader(str(path))
    assert len(reader.pages) == pages
    first = _text(reader.pages[0])
    for expected in (
        "Cronus Ltd",
        "VAT Reg. No. GB123456789",
        "Adatum Corporation",
        "Station Road 21",
        "Invoice 1001",
        "Dear Mr. Townes & co,",
    ):
        assert expected in first
    for n, page in enumerate(reader.pages, 1):
        assert f"Page {n} of {pages}" in _text(page)
        assert "Cronus Ltd" in _text(page)
    doc = pypdfium2.PdfDocument(str(path))
    for i in range(pages):
        bitmap = doc[i].render(scale=0.3)
        data = bytes(bitmap.buffer)
        assert len(set(data)) > 2, f"page {i + 1} is blank"
    doc.close()
