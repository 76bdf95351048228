"""The documents' lists (issue 20): by side and type, per customer/vendor/contact with totals;
manual numbers only where the series allows them; a quote made from an opportunity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from crm_desktop.domain.errors import CrmError, ValidationError
from crm_desktop.services import contacts, documents, masterdata, numbering, setup
from crm_desktop.services import opportunities as opps
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts

DAY = dt.date(2026, 11, 2)


@pytest.fixture
def app(ctx: AppContext) -> AppContext:
    masterdata.save_row(ctx, "salesperson", {"code": "ME", "name": "Me"})
    setup.update_user_setup(ctx, salesperson_code="ME", work_date=DAY)
    return ctx


def test_lists_filter_by_side_type_account_and_contact_with_totals(app: AppContext) -> None:
    a = accounts.create_record(app, "customer", {"name": "Alpha"}).record
    b = accounts.create_record(app, "customer", {"name": "Beta"}).record
    v = accounts.create_record(app, "vendor", {"name": "Vend"}).record
    qa = documents.create_document(app, "sales_quote", customer_no=a["no"])
    documents.add_line(app, "sales_quote", qa.no, {"quantity": "2", "unit_price": "10.50"})
    oa = documents.create_document(app, "sales_order", customer_no=a["no"])
    documents.create_document(app, "sales_order", customer_no=b["no"])
    po = documents.create_document(app, "purchase_order", vendor_no=v["no"])
    F = documents.DocumentFilter
    assert {r.no for r in documents.list_documents(app, F(side="purchase"))} == {po.no}
    assert len(documents.list_documents(app, F(side="sales"))) == 3
    mine = documents.list_documents(app, F(side="sales", customer_no=a["no"]))
    assert {r.no for r in mine} == {qa.no, oa.no}
    quote = next(r for r in mine if r.no == qa.no)
    assert (quote.amount, quote.amount_including_vat) == (D("21.00"), D("25.20"))
    orders = documents.list_documents(app, F(document_type="sales_order", customer_no=a["no"]))
    assert [r.no for r in orders] == [oa.no]
    by_contact = documents.list_documents(app, F(contact_no=a["contact_no"]))
    assert {r.no for r in by_contact} == {qa.no, oa.no}
    assert [r.no for r in documents.list_documents(app, F(text="beta"))] != []


def test_manual_number_only_where_the_series_allows_it(app: AppContext) -> None:
    a = accounts.create_record(app, "customer", {"name": "Alpha"}).record
    series, manual = documents.numbering_of(app, "sales_quote")
    assert series == "S-QUO" and manual
    doc = documents.create_document(app, "sales_quote", customer_no=a["no"], no="q-1")
    assert doc.no == "Q-1"
    with pytest.raises(ValidationError, match="already exists"):
        documents.create_document(app, "sales_quote", customer_no=a["no"], no="Q-1")
    numbering.save_series(app, "S-QUO", manual_nos=False, original_code="S-QUO")
    with pytest.raises(CrmError, match="You may not enter numbers manually"):
        documents.create_document(app, "sales_quote", customer_no=a["no"], no="Q-2")
    assert not documents.exists(app, "sales_quote", "Q-2")


def test_quote_made_from_an_opportunity_is_linked_to_it(app: AppContext) -> None:
    company = contacts.create_contact(app, {"type": "company", "name": "Cronus"}).contact.no
    opp = opps.create_opportunity(
        app,
        opps.NewOpportunity(  # type: ignore[call-arg]
            contact_no=company, description="Deal", sales_cycle_code="NEW",
            activate_first_stage=True, estimated_value=D(1000), chances_of_success=D(50),
            estimated_close_date=DAY + dt.timedelta(days=20),
        ),
    )  # fmt: skip
    quote = documents.create_quote_for_opportunity(app, opp.no)
    assert quote.sell_to_contact_no == company and not quote.customer_no
    assert documents.linked_opportunity(app, "sales_quote", quote.no) == opp.no
    assert [c.no for c in documents.opportunities_for_quote(app, quote.no)] == [opp.no]
    with pytest.raises(ValidationError, match="already has a sales document"):
        documents.create_quote_for_opportunity(app, opp.no)


def test_vat_rates_are_master_data_a_used_rate_cannot_be_deleted(app: AppContext) -> None:
    masterdata.save_row(app, "vat_rate", {"code": "LOW", "description": "Low", "rate": "9"})
    with pytest.raises(ValidationError, match="VAT %"):
        masterdata.save_row(app, "vat_rate", {"code": "BAD", "description": "x", "rate": "150"})
    assert "BAD" not in {r["code"] for r in masterdata.list_rows(app, "vat_rate")}
    a = accounts.create_record(app, "customer", {"name": "Alpha"}).record
    quote = documents.create_document(app, "sales_quote", customer_no=a["no"])
    row = documents.add_line(
        app, "sales_quote", quote.no, {"quantity": "1", "unit_price": "100", "vat_rate_code": "LOW"}
    )
    assert row.totals.incl_vat == D("109.00")
    with pytest.raises(CrmError) as refused:
        masterdata.delete_row(app, "vat_rate", ("LOW",))
    assert "1 Document Lines" in str(refused.value)  # what the user knows, not "document_line"
    assert "LOW" in {r["code"] for r in masterdata.list_rows(app, "vat_rate")}
