"""Pure sync rules: field maps, the relation summary (§5.1), template filling, IBAN and VAT."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.sync import (
    CUSTOMER_FIELDS,
    EMPLOYEE_FIELDS,
    VENDOR_FIELDS,
    Relation,
    check_iban,
    check_vat,
    contact_to_record,
    fill_blanks,
    record_to_contact,
    summarize,
)

SETUP = ("CUST", "VEND", "BANK", "EMP")


def test_summary_none_other_multiple_and_kinds() -> None:
    assert summarize([], SETUP) == "none"
    assert summarize([Relation("PROS", "", "")], SETUP) == "other"
    assert summarize([Relation("PROS", "", ""), Relation("LAW", "", "")], SETUP) == "multiple"
    assert summarize([Relation("CUST", "customer", "C1")], SETUP) == "customer"
    assert summarize([Relation("EMP", "employee", "E1")], SETUP) == "employee"
    both = [Relation("CUST", "customer", "C1"), Relation("VEND", "vendor", "V1")]
    assert summarize(both, SETUP) == "multiple"
    # A linked relation plus a plain one is Multiple.
    assert summarize([Relation("CUST", "customer", "C1"), Relation("P", "", "")], SETUP) == (
        "multiple"
    )
    # A code that is not a setup code does not count as linked.
    assert summarize([Relation("ALT", "bank_account", "B1")], SETUP) == "other"
    # A setup code without a number is a placeholder, not a link.
    assert summarize([Relation("CUST", "customer", "")], SETUP) == "other"


def test_summary_with_all_setup_codes_blank_treats_every_code_as_linked() -> None:
    assert summarize([Relation("ANY", "vendor", "V1")], ("", None, "", "")) == "vendor"


@given(st.lists(st.tuples(st.sampled_from(["CUST", "VEND", "X"]), st.booleans()), max_size=5))
def test_summary_is_always_one_of_the_known_values(rows: list[tuple[str, bool]]) -> None:
    rels = [
        Relation(code, "customer" if code == "CUST" else "vendor", "N" if n else "")
        for code, n in rows
    ]
    assert summarize(rels, SETUP) in {"none", "other", "multiple", "customer", "vendor"}


def test_vendor_map_leaves_the_salesperson_out() -> None:
    assert ("salesperson_code", "salesperson_code") in CUSTOMER_FIELDS
    assert all("salesperson_code" not in pair for pair in VENDOR_FIELDS)
    assert ("surname", "last_name") in EMPLOYEE_FIELDS


def test_maps_round_trip() -> None:
    contact = {c: f"v-{c}" for c, _r in CUSTOMER_FIELDS} | {"type": "person"}
    record = contact_to_record("customer", contact)
    assert record["contact_type"] == "person"
    assert record_to_contact("customer", record) == {c: f"v-{c}" for c, _r in CUSTOMER_FIELDS}


def test_template_fills_only_blanks() -> None:
    record = {"country_region_code": "BE", "territory_code": "", "currency_code": ""}
    template = {"country_region_code": "DE", "territory_code": "N", "currency_code": ""}
    assert fill_blanks(record, template) == {"territory_code": "N"}


def test_iban_is_compacted_or_refused() -> None:
    assert check_iban("") == ""
    assert check_iban("nl91 abna 0417 1643 00") == "NL91ABNA0417164300"
    with pytest.raises(ValidationError) as err:
        check_iban("NL00ABNA0417164300")
    assert err.value.field == "iban"
    assert str(err.value).startswith("NL00ABNA0417164300 is not a valid IBAN:")


def test_vat_checked_for_known_countries_only() -> None:
    assert check_vat("004495445b01", "NL") == "004495445B01"
    assert check_vat("NL004495445B01", "") == "NL004495445B01"
    assert check_vat("anything-1", "") == "ANYTHING-1"
    assert check_vat("12345", "XX") == "12345"
    with pytest.raises(ValidationError) as err:
        check_vat("DE123", "")
    assert err.value.field == "vat_registration_no"
    assert "for DE" in str(err.value)
