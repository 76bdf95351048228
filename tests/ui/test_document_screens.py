"""The documents' screens (issues 20 and 21) on real widgets and a real database: a new user
makes a quote for a customer from the Sales Documents page, edits its lines (totals follow),
makes it an order and an invoice, prints it to PDF with Log Interaction ticked, and finds the
entry in the contact's timeline with the same PDF attached. A quote linked to an opportunity
asks to close it as Won before the order is made, and the opportunity then points to the order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from crm_desktop.services import contacts, documents, masterdata, setup
from crm_desktop.services import opportunities as opps
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions.attachments import read_attachment
from crm_desktop.services.interactions.listing import fetch_timeline
from crm_desktop.services.sync import accounts
from crm_desktop.ui import messages
from crm_desktop.ui.documents import new_dialog, opportunity_link, output_dialog
from crm_desktop.ui.documents.card import DocumentCard
from crm_desktop.ui.documents.list_page import DocumentListPage

DAY = dt.date(2026, 11, 2)
SHOTS = Path("/work/wt/notes/j20_shots")


@pytest.fixture
def app(ctx: AppContext) -> AppContext:
    masterdata.save_row(ctx, "salesperson", {"code": "ME", "name": "Me"})
    setup.update_user_setup(ctx, salesperson_code="ME", work_date=DAY)
    output_dialog.OPEN_FILES = False
    return ctx


def grab(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def test_quote_to_order_to_invoice_printed_and_in_the_contact_timeline(
    app: AppContext,
    main_window,
    qtbot,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    cust = accounts.create_record(
        app, "customer", {"name": "Adatum Corporation", "address": "Station Road 21",
                          "city": "Cambridge", "post_code": "CB1 2AB"},
    ).record  # fmt: skip
    main_window.resize(1366, 768)
    page = main_window.show_page("sales_documents")
    assert isinstance(page, DocumentListPage)
    assert page.empty.isVisible()
    grab(main_window, "sales_documents_empty_1366")
    page.type_choice.setCurrentIndex(page.type_choice.findData("sales_quote"))
    card = page.new_document(cust["no"])
    assert card is not None and card.doc is not None
    assert card.doc.document_type == "sales_quote" and card.doc.customer_no == cust["no"]
    assert card.make_order_button.isVisible() and card.make_invoice_button.isVisible()
    # Lines edited in the table: the amount and the totals follow at once.
    card.add_line_button.click()
    card.lines.set_cell(0, "description", "Consulting day")
    card.lines.set_cell(0, "quantity", "3")
    card.lines.set_cell(0, "unit_price", "100")
    card.lines.set_cell(0, "line_discount_percent", "10")
    card.add_line_button.click()
    card.lines.set_cell(1, "description", "Book")
    card.lines.set_cell(1, "unit_price", "40")
    # The VAT Rate cell's editor offers the rates.
    cell = card.lines.model().index(1, 4)
    delegate = card.lines.itemDelegateForColumn(4)
    editor = delegate.createEditor(card.lines.viewport(), QStyleOptionViewItem(), cell)
    assert editor.findData("REDUCED") > 0 and "5 %" in editor.itemText(editor.findData("REDUCED"))
    editor.setCurrentIndex(editor.findData("REDUCED"))
    delegate.setModelData(editor, card.lines.model(), cell)
    assert card.lines.item(0, 5).text() == "270.00"
    # 270 at 20 % (54.00) + 40 at 5 % (2.00)
    assert "310.00" in card.totals.text() and "366.00" in card.totals.text()
    # A refused value names the field and line and is put back.
    card.lines.set_cell(0, "quantity", "abc")
    assert messages.shown[-1][0] == "error" and "quantity" in messages.shown[-1][1]
    assert card.lines.item(0, 1).text() == "3"
    assert card.lines.item(0, 2).text() == "100.00"
    grab(card, "quote_card")
    # Your Reference through the unsaved-changes mechanism: Save enabled only while edited.
    assert not card.save_button.isEnabled()
    qtbot.keyClicks(card.your_reference, "PO 4711")
    assert card.save_button.isEnabled()
    card.save_button.click()
    assert documents.get_document(app, "sales_quote", card.no).your_reference == "PO 4711"
    quote_no = card.no
    assert card.convert("order") is not None
    assert card.doc.document_type == "sales_order" and card.doc.quote_no == quote_no
    assert not documents.exists(app, "sales_quote", quote_no)
    order_no = card.no
    card.make_invoice_button.click()
    assert card.doc.document_type == "sales_invoice" and card.doc.order_no == order_no
    assert card.doc.your_reference == "PO 4711" and card.doc.totals.incl_vat == D("366.00")
    assert not card.make_order_button.isVisible() and not card.make_invoice_button.isVisible()
    # The list lists the invoice with its totals.
    page.type_choice.setCurrentIndex(0)
    assert [r["no"] for r in page.model.rows] == [card.no]
    assert page.model.rows[0]["amount_including_vat"] == D("366.00")
    grab(main_window, "sales_documents_1366")
    # Print/Send: Log Interaction ticked (the setup has S-INVOICE); print to PDF.
    dialog = card.print_send()
    assert dialog is not None
    assert dialog.log.isEnabled() and dialog.log.isChecked()
    assert "S-INVOICE" in dialog.log_note.text()
    grab(dialog, "print_send_dialog")
    dialog.path.setText(str(tmp_path / "invoice.pdf"))
    assert dialog.run()
    assert dialog.done_ is not None and dialog.done_.locked and dialog.done_.entry_no
    qtbot.waitUntil(lambda: card.doc is not None and card.doc.locked)
    assert not card.add_line_button.isEnabled()
    assert "PDF attached" in card.interactions.item(0).text()
    grab(card, "invoice_card_locked")
    pdf = (tmp_path / "invoice.pdf").read_bytes()
    rendered = pypdfium2.PdfDocument(str(tmp_path / "invoice.pdf"))
    rendered[0].render(scale=1.2).to_pil().save(str(SHOTS / "invoice_page1.png"))
    rendered.close()
    # The contact's timeline has the entry, the PDF attached.
    items = fetch_timeline(app, cust["contact_no"])
    printed = [i for i in items if i.entry_no == dialog.done_.entry_no]
    assert printed and printed[0].attachment_no is not None
    assert read_attachment(app, printed[0].attachment_no)[1] == pdf
    # ... and on the contact card's timeline, as the user sees it.
    from crm_desktop.ui.contacts.card import ContactCard

    contact_card = ContactCard(app, cust["contact_no"])
    qtbot.addWidget(contact_card)
    contact_card.resize(1366, 768)
    contact_card.show()
    contact_card.interactions.model.wait()
    shown = contact_card.interactions.model.item(0)
    assert shown is not None and shown.entry_no == dialog.done_.entry_no
    assert shown.attachment_no == printed[0].attachment_no
    assert shown.text == f"Sales Invoice {dialog.no}"
    grab(contact_card, "contact_card_timeline_1366")
    grab(contact_card.interactions, "contact_timeline_section")
    contact_card.close()
    # Locked: the cells are no longer editable; a corrective credit memo copies the lines.
    assert not (card.lines.item(0, 0).flags() & Qt.ItemFlag.ItemIsEditable)
    invoice_no = card.no
    assert card.credit_memo_button.isVisible()
    card.credit_memo_button.click()
    assert card.doc.document_type == "sales_credit_memo" and card.doc.your_reference == invoice_no
    assert card.doc.totals.incl_vat == D("366.00") and not card.doc.locked


def test_print_send_without_template_disables_log(app: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    vendor = accounts.create_record(app, "vendor", {"name": "Supplies BV"}).record
    setup.update_interaction_template_setup(app, {"purch_orders": ""})
    doc = documents.create_document(app, "purchase_order", vendor_no=vendor["no"])
    dialog = output_dialog.OutputDialog(app, doc.document_type, doc.no)
    qtbot.addWidget(dialog)
    assert not dialog.log.isEnabled() and not dialog.log.isChecked()


def test_quote_linked_to_opportunity_closes_it_won_and_follows_to_order(
    app: AppContext,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    company = contacts.create_contact(app, {"type": "company", "name": "Cronus"}).contact.no
    opp = opps.create_opportunity(
        app,
        opps.NewOpportunity(  # type: ignore[call-arg]
            contact_no=company, description="Deal", sales_cycle_code="NEW",
            activate_first_stage=True, estimated_value=D(1000), chances_of_success=D(50),
            estimated_close_date=DAY + dt.timedelta(days=20),
        ),
    )  # fmt: skip
    quote = documents.create_document(app, "sales_quote", contact_no=company)
    documents.add_line(app, "sales_quote", quote.no, {"description": "X", "quantity": "2",
                                                      "unit_price": "300"})  # fmt: skip
    card = DocumentCard(app, "sales_quote", quote.no)
    qtbot.addWidget(card)
    card.show()
    assert card.opportunity_button.isVisible()
    opportunity_link.choice_next[:] = [0]
    card.opportunity_button.click()
    assert opp.no in card.opportunity.text()
    grab(card, "quote_linked_to_opportunity")

    def close_won(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.won.setChecked(True)
        return bool(dialog.finish())

    new_dialog.run_dialog = close_won
    try:
        messages.answer_next[:] = [True, True, True]
        new = card.convert("order")
    finally:
        new_dialog.run_dialog = new_dialog._run_modal
    assert new is not None, messages.shown
    assert new.document_type == "sales_order"
    row = opps.get_opportunity(app, opp.no)
    assert row.status == "won"
    assert (row.sales_document_type, row.sales_document_no) == ("order", new.no)
    assert opp.no in card.opportunity.text()


def test_documents_from_the_customer_vendor_and_contact_cards(app: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.services.interactions.log import Account
    from crm_desktop.ui.documents.entry import AccountDocumentsDialog
    from crm_desktop.ui.sync.card import RecordCard

    cust = accounts.create_record(app, "customer", {"name": "Adatum"}).record
    other = accounts.create_record(app, "customer", {"name": "Other"}).record
    documents.create_document(app, "sales_order", customer_no=other["no"])
    card = RecordCard(app, "customer", cust["no"])
    qtbot.addWidget(card)
    card.show()
    dialog = card.communications.documents()
    assert dialog is not None
    page = dialog.pages[0]  # type: ignore[attr-defined]
    assert page.model.rows == [] and page.empty.isVisible()

    def fill(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert dialog.account.text() == cust["no"] and dialog.account.isReadOnly()
        assert dialog.no.isEnabled()  # the seeded series allow manual numbers
        return True

    new_dialog.run_dialog = fill
    try:
        doc_card = page.new_document()
    finally:
        new_dialog.run_dialog = new_dialog._run_modal
    assert doc_card is not None and doc_card.doc.customer_no == cust["no"]
    documents.add_line(app, doc_card.doc.document_type, doc_card.no,
                       {"description": "A", "quantity": "2", "unit_price": "10"})  # fmt: skip
    page.refresh()
    assert [r["no"] for r in page.model.rows] == [doc_card.no]
    assert page.model.rows[0]["amount"] == D("20.00") and "20.00" in page.sum_label.text()
    grab(dialog, "customer_documents")
    vendor = accounts.create_record(app, "vendor", {"name": "Supplies BV"}).record
    vcard = RecordCard(app, "vendor", vendor["no"])
    qtbot.addWidget(vcard)
    vdialog = vcard.communications.documents()
    vpage = vdialog.pages[0]  # type: ignore[union-attr]
    vpage.type_choice.setCurrentIndex(vpage.type_choice.findData("purchase_invoice"))

    def manual(dialog) -> bool:  # type: ignore[no-untyped-def]
        grab(dialog, "new_document_dialog")
        dialog.no.setText("pi-2026-1")
        return True

    new_dialog.run_dialog = manual
    try:
        pdoc = vpage.new_document()
    finally:
        new_dialog.run_dialog = new_dialog._run_modal
    assert pdoc is not None and pdoc.doc.vendor_no == vendor["no"]
    assert pdoc.no == "PI-2026-1"
    # The same number again is refused with a sentence naming it.
    assert vpage.new_document(vendor["no"], "PI-2026-1") is None
    assert "PI-2026-1 already exists" in messages.shown[-1][1]
    assert pdoc.doc.document_type == "purchase_invoice"
    # The contact of the customer sees the customer's document.
    both = AccountDocumentsDialog(app, Account("contact", cust["contact_no"]))
    qtbot.addWidget(both)
    assert [r["no"] for r in both.pages[0].model.rows] == [doc_card.no]
    assert both.pages[1].model.rows == []
    both.show()
    grab(both, "contact_documents")
    grab(card, "customer_card_documents_button")


def test_opportunity_card_creates_its_quote_made_into_order_closing_it_won(
    app: AppContext,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    from crm_desktop.ui.opportunities.card import OpportunityCard

    cust = accounts.create_record(app, "customer", {"name": "Adatum"}).record
    opp = opps.create_opportunity(
        app,
        opps.NewOpportunity(  # type: ignore[call-arg]
            contact_no=cust["contact_no"], description="Deal", sales_cycle_code="NEW",
            activate_first_stage=True, estimated_value=D(1000), chances_of_success=D(50),
            estimated_close_date=DAY + dt.timedelta(days=20),
        ),
    )  # fmt: skip
    card = OpportunityCard(app, opp.no)
    qtbot.addWidget(card)
    card.show()
    quote_card = card.sales_quote()
    assert isinstance(quote_card, DocumentCard)
    assert quote_card.doc.document_type == "sales_quote"
    assert quote_card.doc.customer_no == cust["no"]
    assert opp.no in quote_card.opportunity.text()
    row = opps.get_opportunity(app, opp.no)
    assert (row.sales_document_type, row.sales_document_no) == ("quote", quote_card.no)
    qtbot.waitUntil(lambda: quote_card.no in card.figures["document"].text())
    grab(card, "opportunity_card_with_quote")
    quote_card.add_line_button.click()
    quote_card.lines.set_cell(0, "description", "Licence")
    quote_card.lines.set_cell(0, "unit_price", "750")

    def close_won(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.won.setChecked(True)
        return bool(dialog.finish())

    new_dialog.run_dialog = close_won
    try:
        messages.answer_next[:] = [True]
        quote_card.make_order_button.click()
    finally:
        new_dialog.run_dialog = new_dialog._run_modal
    assert quote_card.doc.document_type == "sales_order"
    row = opps.get_opportunity(app, opp.no)
    assert row.status == "won" and row.sales_document_no == quote_card.no
    # On the pipeline: won this month with the quote's amount (750.00 excl. VAT).
    from crm_desktop.ui.opportunities.page import OpportunitiesPage

    pipeline = OpportunitiesPage(app)
    qtbot.addWidget(pipeline)
    pipeline.resize(1366, 768)
    pipeline.show()
    month = [f for f in pipeline.month_figures if (f.year, f.month) == (DAY.year, DAY.month)]
    assert month and month[0].won_count == 1 and month[0].won_value == D("750.00")
    grab(pipeline, "pipeline_won_1366")
    # Make Invoice: the opportunity follows to the invoice.
    quote_card.make_invoice_button.click()
    row = opps.get_opportunity(app, opp.no)
    assert (row.sales_document_type, row.sales_document_no) == ("posted_invoice", quote_card.no)
    # Open again from the opportunity: its document now is the invoice.
    again = card.sales_quote()
    assert isinstance(again, DocumentCard) and again.doc.document_type == "sales_invoice"


def test_send_by_email_writes_the_draft_and_logs_once(app: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from email import policy
    from email.parser import BytesParser

    cust = accounts.create_record(
        app, "customer", {"name": "Acme Ltd", "email": "office@acme.example"}
    ).record
    invoice = documents.create_document(app, "sales_invoice", customer_no=cust["no"])
    documents.add_line(app, "sales_invoice", invoice.no, {"description": "A", "unit_price": "5"})
    dialog = output_dialog.OutputDialog(app, "sales_invoice", invoice.no)
    qtbot.addWidget(dialog)
    dialog.send.setChecked(True)
    assert dialog.log.isChecked() and not dialog.path.isEnabled()
    assert dialog.run()
    assert dialog.sent is not None and dialog.sent.to == "office@acme.example"
    mail = BytesParser(policy=policy.default).parsebytes(dialog.sent.path.read_bytes())
    attached = [p for p in mail.iter_attachments() if p.get_filename() == f"{invoice.no}.pdf"]
    assert attached and attached[0].get_content()[:5] == b"%PDF-"
    logged = documents.interactions_of_document(app, invoice.no)
    assert len(logged) == 1 and logged[0].attachment_no is not None
    # No e-mail anywhere: the refusal asks to print instead and switches to Print.
    other = accounts.create_record(app, "customer", {"name": "Silent Ltd"}).record
    quiet = documents.create_document(app, "sales_quote", customer_no=other["no"])
    second = output_dialog.OutputDialog(app, "sales_quote", quiet.no)
    qtbot.addWidget(second)
    second.send.setChecked(True)
    messages.answer_next[:] = [True]
    assert not second.run()
    assert "Print it instead?" in messages.shown[-1][1] and second.print_.isChecked()


def test_printout_uses_the_customers_format_region(app: AppContext, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    masterdata.save_row(
        app, "language", {"code": "DEU", "name": "German", "format_region": "de-DE"}
    )
    cust = accounts.create_record(
        app, "customer", {"name": "Muster GmbH", "language_code": "DEU"}
    ).record
    invoice = documents.create_document(app, "sales_invoice", customer_no=cust["no"])
    documents.add_line(
        app, "sales_invoice", invoice.no, {"description": "A", "unit_price": "1234.5"}
    )
    assert documents.format_region_of(app, "sales_invoice", invoice.no) == "de-DE"
    dialog = output_dialog.OutputDialog(app, "sales_invoice", invoice.no)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "de.pdf"))
    assert dialog.run()
    text = " ".join(PdfReader(str(tmp_path / "de.pdf")).pages[0].extract_text().split())
    assert "1.234,50" in text


def test_preview_is_a_draft_logged_with_draft_invoices(app: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    cust = accounts.create_record(app, "customer", {"name": "Acme Ltd"}).record
    invoice = documents.create_document(app, "sales_invoice", customer_no=cust["no"])
    dialog = output_dialog.OutputDialog(app, "sales_invoice", invoice.no)
    qtbot.addWidget(dialog)
    dialog.preview.setChecked(True)
    assert dialog.log.isChecked() and "S-DRAFTINV" in dialog.log_note.text()
    assert dialog.run()
    assert dialog.pdf_path is not None and dialog.pdf_path.read_bytes()[:5] == b"%PDF-"
    assert dialog.done_ is not None and not dialog.done_.locked and dialog.done_.entry_no
    assert not documents.get_document(app, "sales_invoice", invoice.no).locked
