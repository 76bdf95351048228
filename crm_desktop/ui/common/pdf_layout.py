"""The one PDF page layout for letters, cover sheets and documents (issues 18-20).

A4 pages drawn with Qt's `QPdfWriter` and `QTextDocument`: on every page our company's details
(name, address, VAT number, IBAN, contact lines, an optional logo) at the top and "Page N of M"
at the foot; on the first page the addressee block where a window envelope shows it, then a
title and an info table (document number, dates ...), then the body (HTML: paragraphs, a lines
table) flowing over as many pages as it needs.

Callers build a `PdfContent` and call `write_pdf(path, content)`; the text they pass is already
translated. Qt needs a QGuiApplication (the GUI's, or the tests' qapp).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)

MM = 1.0  # page coordinates below are millimetres, converted with _px
MARGIN_MM = QMarginsF(20, 15, 15, 18)
HEADER_MM = 34.0  # company block on every page
FOOTER_MM = 10.0
ADDRESS_TOP_MM = 50.0  # the window of a DIN 5008 / C5 window envelope
ADDRESS_HEIGHT_MM = 40.0
RESOLUTION = 300


@dataclass(frozen=True)
class CompanyDetails:
    """Our company as printed at the top of every page."""

    name: str
    address_lines: Sequence[str] = ()
    vat_registration_no: str = ""
    iban: str = ""
    contact_lines: Sequence[str] = ()  # phone, e-mail, web
    logo_png: bytes = b""


@dataclass(frozen=True)
class PdfContent:
    """One letter or document: who it is for, its title, facts and body."""

    company: CompanyDetails
    address_block: Sequence[str]
    title: str
    body_html: str
    info: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (label, value) pairs
    footer_note: str = ""
    document_title: str = ""  # PDF metadata title


def escape(text: str) -> str:
    """Plain text for use inside body_html."""
    return html.escape(text).replace("\n", "<br/>")


def _px(mm: float) -> float:
    return mm / 25.4 * RESOLUTION


def _company_html(company: CompanyDetails) -> str:
    lines = [f"<b style='font-size:13pt'>{escape(company.name)}</b>"]
    lines += [escape(line) for line in company.address_lines if line]
    facts = list(company.contact_lines)
    if company.vat_registration_no:
        facts.append(
            QCoreApplication.translate("PdfLayout", "VAT Reg. No. {no}").format(
                no=company.vat_registration_no
            )
        )
    if company.iban:
        facts.append(
            QCoreApplication.translate("PdfLayout", "IBAN {iban}").format(iban=company.iban)
        )
    lines += [escape(line) for line in facts if line]
    return "<div style='font-size:8.5pt'>" + "<br/>".join(lines) + "</div>"


def _first_page_html(content: PdfContent) -> str:
    info_rows = "".join(
        f"<tr><td style='padding-right:12px;color:#555'>{escape(label)}</td>"
        f"<td>{escape(value)}</td></tr>"
        for label, value in content.info
    )
    info = f"<table cellspacing='0' cellpadding='1'>{info_rows}</table>" if info_rows else ""
    return (
        f"<h2 style='margin-top:0'>{escape(content.title)}</h2>{info}"
        f"<div style='margin-top:10px'>{content.body_html}</div>"
    )


def _document(html_text: str, width_px: float, writer: QPdfWriter) -> QTextDocument:
    doc = QTextDocument()
    layout: QAbstractTextDocumentLayout = doc.documentLayout()
    layout.setPaintDevice(writer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(html_text)
    doc.setTextWidth(width_px)
    return doc


def _set_spacer(doc: QTextDocument, cursor: QTextCursor, height: float) -> None:
    spacer = QTextBlockFormat()
    spacer.setLineHeight(height, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    cursor.setBlockFormat(spacer)
    doc.documentLayout().blockBoundingRect(doc.begin())  # lay out again


def write_pdf(path: Path, content: PdfContent) -> int:
    """Write the PDF to `path` and return its number of pages. Raises OSError when the file
    cannot be written."""
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(content.document_title or content.title)
    writer.setCreator("CRM Desktop")
    page_w = _px(210)
    page_h = _px(297)
    left = _px(MARGIN_MM.left())
    right = page_w - _px(MARGIN_MM.right())
    width = right - left
    body_top_first = _px(ADDRESS_TOP_MM + ADDRESS_HEIGHT_MM + 8)
    body_top = _px(MARGIN_MM.top() + HEADER_MM)
    body_bottom = page_h - _px(MARGIN_MM.bottom() + FOOTER_MM)

    header = _document(_company_html(content.company), width * 0.45, writer)
    address = _document(
        "<br/>".join(escape(line) for line in content.address_block if line), width * 0.5, writer
    )
    body = _document(_first_page_html(content), width, writer)
    # Paged layout breaks lines at page ends; the first page starts lower (below the address
    # window), which a top margin on the first block gives.
    next_h = body_bottom - body_top
    cursor = QTextCursor(body)
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.insertBlock()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    wanted = body_top_first - body_top
    _set_spacer(body, cursor, wanted)
    # A fixed line height is in the layout's own units, not the printer's pixels: measure
    # where the content starts and scale once.
    got = body.documentLayout().blockBoundingRect(body.begin().next()).top()
    if got > 0:
        _set_spacer(body, cursor, wanted * wanted / got)
    body.setPageSize(QSizeF(width, next_h))
    pages = body.pageCount()
    logo = QImage.fromData(content.company.logo_png) if content.company.logo_png else QImage()

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        for page in range(1, pages + 1):
            if page > 1:
                writer.newPage()
            painter.save()
            painter.translate(right - width * 0.45, _px(MARGIN_MM.top()))
            header.drawContents(painter)
            painter.restore()
            if not logo.isNull():
                box = QRectF(left, _px(MARGIN_MM.top()), _px(45), _px(22))
                scaled = logo.scaled(
                    box.size().toSize(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                painter.drawImage(box.topLeft(), scaled)
            if page == 1:
                painter.save()
                painter.translate(left, _px(ADDRESS_TOP_MM))
                address.drawContents(painter, QRectF(0, 0, width * 0.5, _px(ADDRESS_HEIGHT_MM)))
                painter.restore()
            offset = (page - 1) * next_h
            painter.save()
            painter.translate(left, body_top - offset)
            body.drawContents(painter, QRectF(0, offset, width, next_h))
            painter.restore()
            _footer(painter, content.footer_note, page, pages, left, width, body_bottom)
    finally:
        painter.end()
    return pages


def _footer(
    painter: QPainter, note: str, page: int, pages: int, left: float, width: float, y: float
) -> None:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(8)
    painter.setFont(font)
    rect = QRectF(left, y + _px(3), width, _px(FOOTER_MM))
    label = QCoreApplication.translate("PdfLayout", "Page {page} of {pages}").format(
        page=page, pages=pages
    )
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), label)
    if note:
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), note)


def page_size_mm() -> QSizeF:
    """The page size the layout prints on (A4 portrait)."""
    return QSizeF(210 * MM, 297 * MM)
