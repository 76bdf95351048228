"""Issue 13 point 3: the Customers list's Contact column is filled. A customer's own Contact
field wins; when it is blank the list names the linked person, or the first person (by No.) of
the linked company; a company without persons leaves it blank."""

from __future__ import annotations

from PySide6.QtCore import Qt

from crm_desktop.services import contacts, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import from_contact
from crm_desktop.services.sync import listing as sync_listing
from crm_desktop.ui.sync.pages import CustomerListPage
from crm_desktop.ui.sync.specs import LIST_COLUMNS


def _new(ctx: AppContext, values: dict[str, object]) -> str:
    return contacts.create_contact(ctx, values).contact.no


def test_the_contact_column_names_a_person(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    setup.update_marketing_setup(ctx, {"bus_rel_code_for_customers": "CUST"})
    acme = _new(ctx, {"type": "company", "name": "Acme"})
    _new(ctx, {"type": "person", "name": "Jan de Vries", "company_no": acme})
    _new(ctx, {"type": "person", "name": "Anna Bakker", "company_no": acme})
    lone = _new(ctx, {"type": "company", "name": "Lone BV"})
    acme_customer = from_contact.create_as_customer(ctx, acme).no
    lone_customer = from_contact.create_as_customer(ctx, lone).no
    rows = {r["no"]: r for r in sync_listing.list_records(ctx, "customer")}
    assert rows[acme_customer]["contact"] == "Jan de Vries"  # the first person by No.
    assert rows[lone_customer]["contact"] == ""
    page = CustomerListPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.model.wait()
    column = LIST_COLUMNS["customer"].index("contact")
    shown = {
        page.model.index(r, 0).data(): page.model.index(r, column).data()
        for r in range(page.model.rowCount())
    }
    assert shown[acme_customer] == "Jan de Vries"
    header = page.model.headerData(column, Qt.Orientation.Horizontal)
    assert header == "Contact"
