"""A sales or purchase document as a PDF, drawn with the one page layout (ui/common/pdf_layout).

The addressee block, the document type and number, the dates, the lines, VAT per rate and the
totals; the layout puts our company's details and "Page N of M" on every page. Amounts are
formatted with the given QLocale (the customer's or vendor's format region, chosen by the
caller) and the currency code is printed, never converted. Preview adds "Draft" to the title.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale

from crm_desktop.services.documents import DocumentRow
from crm_desktop.ui.common.pdf_layout import CompanyDetails, PdfContent, escape, write_pdf


def _tr(text: str) -> str:
    return QCoreApplication.translate("DocumentPrintout", text)


def _money(locale: QLocale, value: Decimal) -> str:
    # Through the locale's own separators, from the exact Decimal's text (never a float).
    sign = "-" if value < 0 else ""
    digits, places = f"{abs(value):.2f}".split(".")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{locale.groupSeparator().join(groups)}{locale.decimalPoint()}{places}"


def _number(locale: QLocale, value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", locale.decimalPoint())


def _address_block(doc: DocumentRow) -> list[str]:
    city = " ".join(part for part in (doc.post_code, doc.city) if part)
    return [doc.name, doc.contact_name, doc.address, doc.address_2, city, doc.country_region_code]


def build_content(
    doc: DocumentRow, company: CompanyDetails, locale: QLocale, *, draft: bool = False
) -> PdfContent:
    """What the PDF of a document shows (already translated)."""
    title = f"{_tr(doc.type.label)} {doc.no}"
    if draft:
        title = _tr("Draft") + " " + title
    currency = doc.currency_code
    head = (
        "<tr>"
        f"<th align='left'>{escape(_tr('Description'))}</th>"
        f"<th align='right'>{escape(_tr('Quantity'))}</th>"
        f"<th align='right'>{escape(_tr('Unit Price Excl. VAT'))}</th>"
        f"<th align='right'>{escape(_tr('Disc. %'))}</th>"
        f"<th align='right'>{escape(_tr('VAT %'))}</th>"
        f"<th align='right'>{escape(_tr('Amount'))}</th>"
        "</tr>"
    )
    rows = "".join(
        "<tr>"
        f"<td>{escape(line.description)}</td>"
        f"<td align='right'>{_number(locale, line.quantity)}</td>"
        f"<td align='right'>{_money(locale, line.unit_price)}</td>"
        f"<td align='right'>{_number(locale, line.line_discount_percent)}</td>"
        f"<td align='right'>{_number(locale, line.vat_percent)}</td>"
        f"<td align='right'>{_money(locale, line.line_amount)}</td>"
        "</tr>"
        for line in doc.lines
    )
    t = doc.totals
    sums = [(_tr("Total excl. VAT"), t.excl_vat)]
    sums += [
        (_tr("VAT {rate} % of {base}").format(rate=_number(locale, rate), base=_money(locale, base)),
         vat)
        for rate, base, vat in t.vat_by_rate
    ]  # fmt: skip
    sums.append((_tr("Total incl. VAT") + (f" {currency}" if currency else ""), t.incl_vat))
    totals = "".join(
        f"<tr><td align='right'>{escape(label)}</td>"
        f"<td align='right' width='25%'>{_money(locale, value)}</td></tr>"
        for label, value in sums
    )
    body = (
        f"<table width='100%' cellspacing='0' cellpadding='3' border='0'>{head}{rows}</table>"
        f"<hr/><table width='100%' cellpadding='3'>{totals}</table>"
    )
    info = [
        (_tr("Document No."), doc.no),
        (_tr("Document Date"), locale.toString(doc.document_date, QLocale.FormatType.ShortFormat)),
    ]
    if currency:
        info.append((_tr("Currency"), currency))
    if doc.customer_no:
        info.append((_tr("Customer No."), doc.customer_no))
    if doc.vendor_no:
        info.append((_tr("Vendor No."), doc.vendor_no))
    if doc.your_reference:
        info.append((_tr("Your Reference"), doc.your_reference))
    return PdfContent(
        company=company,
        address_block=[line for line in _address_block(doc) if line],
        title=title,
        body_html=body,
        info=info,
        document_title=title,
    )


def write_document_pdf(
    path: Path, doc: DocumentRow, company: CompanyDetails, locale: QLocale, *, draft: bool = False
) -> int:
    """Write the document's PDF to `path`; returns its number of pages. Raises OSError."""
    return write_pdf(path, build_content(doc, company, locale, draft=draft))
