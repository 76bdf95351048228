"""Issue 20: the Company Information page (our company as printed: name, address, VAT
registration no., IBAN, logo) and the Sales & Purchases setup page (each document type's
number series, the default VAT rate), driven as a user would."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QLocale
from PySide6.QtGui import QColor, QImage

from crm_desktop.services import documents, numbering
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts
from crm_desktop.ui.documents.output_dialog import company_details
from crm_desktop.ui.documents.printout import write_document_pdf
from crm_desktop.ui.setup.company_page import CompanyInformationPage, SalesPurchasesSetupPage


def _page(qtbot, page):  # type: ignore[no-untyped-def]
    qtbot.addWidget(page)
    page.show()
    return page


def test_company_details_are_checked_stored_and_printed(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, tmp_path: Path
) -> None:
    page = _page(qtbot, CompanyInformationPage(ctx))
    assert not page.save_button.isEnabled()  # nothing changed yet
    form = page.form
    qtbot.keyClicks(form.editors["name"], "Contoso B.V.")
    qtbot.keyClicks(form.editors["city"], "Utrecht")
    qtbot.keyClicks(form.editors["iban"], "NL91ABNA0417164301")  # a wrong check digit
    assert page.unsaved.dirty and page.save_button.isEnabled()
    assert not page.save()
    assert "is not a valid IBAN" in form.errors["iban"].text()
    assert documents.company_information(ctx)["name"] == ""  # nothing stored
    form.editors["iban"].clear()
    qtbot.keyClicks(form.editors["iban"], "nl91abna0417164300")
    logo = tmp_path / "logo.png"
    image = QImage(1200, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f6f43"))
    image.save(str(logo))
    assert page.load_logo_file(str(logo))
    assert page.save() and not page.unsaved.dirty
    stored = documents.company_information(ctx)
    assert (stored["name"], stored["city"], stored["iban"]) == (
        "Contoso B.V.",
        "Utrecht",
        "NL91 ABNA 0417 1643 00",
    )
    scaled = QImage.fromData(stored["logo_png"])
    assert (scaled.width(), scaled.height()) == (400, 200)  # scaled to 400 px, shape kept
    customer = accounts.create_record(ctx, "customer", {"name": "Adatum"}).record
    invoice = documents.create_document(ctx, "sales_invoice", customer_no=customer["no"])
    pdf = tmp_path / "invoice.pdf"
    doc = documents.get_document(ctx, "sales_invoice", invoice.no)
    write_document_pdf(pdf, doc, company_details(ctx), QLocale("en_GB"))
    text = " ".join(PdfReader(str(pdf)).pages[0].extract_text().split())  # tabs between words
    assert "Contoso B.V." in text and "NL91 ABNA 0417 1643 00" in text and "Adatum" in text


def test_sales_purchases_setup_chooses_the_series_a_new_document_takes(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot
) -> None:
    numbering.save_series(ctx, "S-QUO2", description="Quotes 2")
    numbering.save_line(ctx, "S-QUO2", None, {"starting_no": "Q2-0001"})
    page = _page(qtbot, SalesPurchasesSetupPage(ctx))
    assert page.form.value("sales_quote_nos") == "S-QUO"
    page.form.set_value("sales_quote_nos", "NOPE")
    page.unsaved.refresh()
    assert not page.save()
    assert page.form.errors["sales_quote_nos"].text() == "No. Series NOPE does not exist."
    assert documents.sales_purchase_setup(ctx)["sales_quote_nos"] == "S-QUO"
    page.form.set_value("sales_quote_nos", "S-QUO2")
    page.unsaved.refresh()
    assert page.unsaved.dirty and page.save()
    customer = accounts.create_record(ctx, "customer", {"name": "Adatum"}).record
    quote = documents.create_document(ctx, "sales_quote", customer_no=customer["no"])
    assert quote.no == "Q2-0001"
