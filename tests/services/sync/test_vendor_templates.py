"""Issue 12 point 9: vendor templates beside customer templates, as in BC; Create as Vendor
offers them and a template fills only what the contact leaves blank (as scenarios 38/39 say
for customer templates)."""

from __future__ import annotations

import pytest

from crm_desktop.domain.errors import CrmError
from crm_desktop.services import contacts, masterdata
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts, from_contact


def _template(ctx: AppContext, code: str, **values: str) -> None:
    masterdata.save_row(ctx, "vendor_template", {"code": code, "description": code, **values})


def test_create_as_vendor_with_a_template_fills_only_the_blanks(ctx: AppContext) -> None:
    masterdata.save_row(ctx, "territory", {"code": "NORTH", "name": "North"})
    masterdata.save_row(ctx, "salesperson", {"code": "BUY", "name": "Buyer"})
    _template(ctx, "IMPORT", territory_code="NORTH", purchaser_code="BUY", country_region_code="BE")
    _template(ctx, "LOCAL")
    no = contacts.create_contact(
        ctx, {"type": "company", "name": "Leverancier", "country_region_code": "NL"}
    ).contact.no
    person = contacts.create_contact(
        ctx, {"type": "person", "name": "Piet Jansen", "company_no": no}
    ).contact.no
    choice = from_contact.vendor_templates_for(ctx, person)
    assert choice.kind == "vendor" and choice.contact_no == no  # made for the company
    assert [t["code"] for t in choice.templates] == ["IMPORT", "LOCAL"] and not choice.preselected
    created = from_contact.create_as_vendor(ctx, no, "IMPORT")
    vendor = accounts.get_record(ctx, "vendor", created.no)
    assert (vendor["territory_code"], vendor["purchaser_code"]) == ("NORTH", "BUY")
    assert vendor["country_region_code"] == "NL"  # the contact's own value wins


def test_an_unknown_vendor_template_creates_nothing(ctx: AppContext) -> None:
    no = contacts.create_contact(ctx, {"type": "company", "name": "Leverancier"}).contact.no
    with pytest.raises(CrmError, match="Vendor Template NOPE does not exist"):
        from_contact.create_as_vendor(ctx, no, "NOPE")
    assert accounts.count_records(ctx, "vendor") == 0


def test_a_template_for_an_employee_is_refused(ctx: AppContext) -> None:
    person = contacts.create_contact(ctx, {"type": "person", "name": "Els Bos"}).contact.no
    with pytest.raises(CrmError):
        from_contact.create_as(ctx, "employee", person, "ANY")
