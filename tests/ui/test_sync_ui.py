"""The sync screens driven like a user: lists, cards, the status line after a customer save that
reached persons, the batch with its progress dialog, and the contact's relations widget
(scenario 73: the relation opens the linked record)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from crm_desktop.services import contacts, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts, from_contact
from crm_desktop.services.sync import listing as sync_listing
from crm_desktop.ui import messages
from crm_desktop.ui.hub import hub
from crm_desktop.ui.sync.card import RecordCard
from crm_desktop.ui.sync.contact_relations import ContactRelationsWidget
from crm_desktop.ui.sync.pages import CustomerListPage, EmployeeListPage, VendorListPage


def company(ctx: AppContext, name: str = "Acme", **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "company", "name": name, **values}).contact.no


def person(ctx: AppContext, name: str, **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "person", "name": name, **values}).contact.no


def test_new_customer_card_creates_customer_and_contact(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = CustomerListPage(ctx)
    qtbot.addWidget(page)
    page.model.wait()  # the list loads in the background
    assert page.empty.isVisibleTo(page) and not page.table.isVisibleTo(page)
    card = RecordCard(ctx, "customer", "", page)
    qtbot.addWidget(card)
    name = card.form_of("name").editors["name"]
    assert isinstance(name, QLineEdit)
    qtbot.keyClicks(name, "Groothandel Noord")
    city = card.form_of("city").editors["city"]
    qtbot.keyClicks(city, "Groningen")
    assert card.save()
    no = card.no
    record = accounts.get_record(ctx, "customer", no)
    assert (record["name"], record["city"]) == ("Groothandel Noord", "Groningen")
    assert contacts.get_contact(ctx, record["contact_no"]).city == "Groningen"
    page.refresh()
    page.model.wait()
    assert page.model.rowCount() == 1
    assert page.table.isVisibleTo(page) and not page.empty.isVisibleTo(page)
    assert card.contact_label.text() == f"Contact: {record['contact_no']}"


def test_refused_value_is_shown_under_its_field(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    card = RecordCard(ctx, "bank_account", "")
    qtbot.addWidget(card)
    iban = card.form_of("iban").editors["iban"]
    qtbot.keyClicks(iban, "NL00ABNA0417164300")
    assert not card.save()
    error = card.form_of("iban").errors["iban"]
    assert error.text().startswith("NL00ABNA0417164300 is not a valid IBAN")
    assert accounts.count_records(ctx, "bank_account") == 0


def test_customer_save_says_which_persons_it_updated(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    c = company(ctx, email="info@acme.com")
    p = person(ctx, "Jan de Vries", company_no=c)
    k = from_contact.create_as_customer(ctx, c).no
    card = RecordCard(ctx, "customer", k)
    qtbot.addWidget(card)
    email = card.form_of("email").editors["email"]
    assert isinstance(email, QLineEdit)
    email.selectAll()
    qtbot.keyClicks(email, "sales@acme.com")
    with qtbot.waitSignal(hub().status_message) as status:
        assert card.save()
    assert status.args == [
        f"Customer {k} saved. The change also updated 1 person(s) of the company: {p} Jan de Vries"
    ]
    assert card.sync_note.isVisibleTo(card)
    assert contacts.get_contact(ctx, p).email == "sales@acme.com"


def test_delete_keeps_the_contact(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    c = company(ctx)
    k = from_contact.create_as_vendor(ctx, c).no
    page = VendorListPage(ctx)
    qtbot.addWidget(page)
    page.model.wait()
    page.select_no(k)
    messages.answer_next.append(True)
    assert page.delete_current()
    assert accounts.count_records(ctx, "vendor") == 0
    assert contacts.get_contact(ctx, c).contact_business_relation == "none"


def test_batch_create_contacts_with_progress(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    setup.update_marketing_setup(ctx, {"bus_rel_code_for_customers": ""})
    for name in ("One", "Two", "Three"):
        accounts.create_record(ctx, "customer", {"name": name})
    page = CustomerListPage(ctx)
    qtbot.addWidget(page)
    assert page.sync_hint.isVisibleTo(page)
    setup.update_marketing_setup(ctx, {"bus_rel_code_for_customers": "CUST"})
    page.refresh()
    assert not page.sync_hint.isVisibleTo(page)
    page.create_contacts()
    assert page.thread_ is not None
    with qtbot.waitSignal(page.thread_.succeeded, timeout=20000):
        pass
    qtbot.waitUntil(lambda: page.last_batch is not None, timeout=5000)
    assert page.last_batch is not None and len(page.last_batch.linked) == 3
    assert ("info", "3 contact(s) created for 3 record(s).") in messages.shown
    assert all(r["contact_no"] for r in sync_listing.list_records(ctx, "customer"))


def test_batch_with_blank_code_says_so(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    setup.update_marketing_setup(ctx, {"bus_rel_code_for_vendors": ""})
    page = VendorListPage(ctx)
    qtbot.addWidget(page)
    page.create_contacts()
    assert page.thread_ is not None
    qtbot.waitUntil(lambda: page.batch_button.isEnabled(), timeout=20000)
    assert (
        "error",
        "Bus. Rel. Code for Vendors must have a value in Marketing Setup.",
    ) in messages.shown


def test_employee_page_has_no_batch(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = EmployeeListPage(ctx)
    qtbot.addWidget(page)
    assert not page.batch_button.isVisibleTo(page)


def test_bc073_relations_widget_creates_and_opens_the_customer(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    c = company(ctx, "Widget BV")
    widget = ContactRelationsWidget(ctx)
    qtbot.addWidget(widget)
    widget.set_contact(c)
    assert widget.empty.isVisibleTo(widget)
    qtbot.mouseClick(widget.buttons["customer"], Qt.MouseButton.LeftButton)
    assert ("info", "The Customer record has been created.") in messages.shown
    assert widget.table.rowCount() == 1
    assert widget.summary.text() == "Contact business relation: Customer"
    widget.table.selectRow(0)
    card = widget.open_current()
    assert card is not None
    qtbot.addWidget(card)
    assert card.kind == "customer"
    assert card.form_of("name").value("name") == "Widget BV"


def test_relations_widget_shows_refusals_in_bcs_words(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    c = company(ctx)
    widget = ContactRelationsWidget(ctx)
    qtbot.addWidget(widget)
    widget.set_contact(c)
    assert widget.create_as("employee") is None
    assert messages.shown[-1] == (
        "error",
        f"Type must be equal to 'Person' in Contact: No.={c}. Current value is 'Company'.",
    )
    assert not widget.add_code("CUST")
    assert messages.shown[-1] == (
        "error",
        "Business Relation Code CUST is used when a Contact is linked with a Customer.",
    )


def test_relations_widget_template_choice_and_cancel(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    for code in ("A", "B"):
        from_contact.save_template(ctx, {"code": code, "contact_type": "company"})
    from_contact.set_setup_templates(ctx, company_code="B")
    c = company(ctx)
    widget = ContactRelationsWidget(ctx)
    qtbot.addWidget(widget)
    widget.set_contact(c)
    offered: list[tuple[list[str], str]] = []

    def cancel(choice: from_contact.TemplateChoice) -> str | None:
        offered.append(([t["code"] for t in choice.templates], choice.preselected))
        return None

    widget.pick_template = cancel  # type: ignore[method-assign]
    assert widget.create_as("customer") is None
    assert offered == [(["A", "B"], "B")]
    assert accounts.count_records(ctx, "customer") == 0


def test_relations_widget_links_with_the_record_as_master(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    setup.update_marketing_setup(ctx, {"bus_rel_code_for_customers": ""})
    k = accounts.create_record(ctx, "customer", {"name": "Master Name"}).record["no"]
    setup.update_marketing_setup(ctx, {"bus_rel_code_for_customers": "CUST"})
    c = company(ctx, "Old Name")
    widget = ContactRelationsWidget(ctx)
    qtbot.addWidget(widget)
    widget.set_contact(c)
    dialog = widget.link_dialog()
    qtbot.addWidget(dialog)
    assert dialog.record.combo.findData(k) >= 0
    assert widget.link_with("customer", k, "record")
    assert contacts.get_contact(ctx, c).name == "Master Name"
    assert widget.table.rowCount() == 1


def test_main_window_opens_the_four_pages(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.ui.sync.pages import BankAccountListPage

    expected = {
        "customers": CustomerListPage,
        "vendors": VendorListPage,
        "bank_accounts": BankAccountListPage,
        "employees": EmployeeListPage,
    }
    for key, cls in expected.items():
        assert isinstance(main_window.show_page(key), cls)


def test_templates_dialog_saves_templates_terms_and_setup_codes(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.ui.sync.templates import TemplatesDialog

    dialog = TemplatesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.terms_form.set_values({"code": "30d", "description": "30 days"})
    assert dialog.save_terms()
    dialog.new_template()
    dialog.form.set_values(
        {
            "code": "shop",
            "description": "Shops",
            "contact_type": "company",
            "payment_terms_code": "30D",
        }
    )
    assert dialog.save_template()
    dialog.form.set_values({"code": "BAD", "country_region_code": "ZZ"})
    assert not dialog.save_template()
    assert dialog.form.errors["country_region_code"].text() == "Country/Region ZZ does not exist."
    dialog.company_template.set_code("SHOP")
    assert dialog.save_setup()
    assert from_contact.get_setup_templates(ctx) == ("SHOP", "")
    assert [t["payment_terms_code"] for t in from_contact.list_templates(ctx)] == ["30D"]
    c = company(ctx)
    assert from_contact.customer_templates_for(ctx, c).preselected == "SHOP"


def test_bc073_two_relations_listed_bank_then_vendor(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    c = company(ctx, "Two Links")
    vendor = from_contact.create_as_vendor(ctx, c).no
    bank = from_contact.create_as_bank_account(ctx, c).no
    widget = ContactRelationsWidget(ctx)
    qtbot.addWidget(widget)
    widget.set_contact(c)
    shown = [widget.table.item(r, 3).text() for r in range(widget.table.rowCount())]
    assert shown == [bank, vendor]
    assert widget.summary.text() == "Contact business relation: Multiple"
    widget.table.selectRow(1)
    card = widget.open_current()
    assert card is not None
    qtbot.addWidget(card)
    assert (card.kind, card.no) == ("vendor", vendor)
