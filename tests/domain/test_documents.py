"""Document types and amounts (issue 20): line amounts, VAT per rate, totals; Decimal only."""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain import documents as doc
from crm_desktop.domain.errors import ValidationError

quantities = st.decimals(min_value=D("-1000"), max_value=D("1000"), places=3)
prices = st.decimals(min_value=D("0"), max_value=D("100000"), places=2)
discounts = st.decimals(min_value=D("0"), max_value=D("100"), places=2)
rates = st.sampled_from([D("0"), D("7"), D("10"), D("19"), D("20"), D("25"), D("5.5")])
lines = st.lists(st.builds(doc.Line, quantities, prices, discounts, rates), min_size=0, max_size=30)


@given(lines)
def test_total_is_excl_plus_vat_of_each_rate(ls: list[doc.Line]) -> None:
    t = doc.totals(ls)
    assert t.incl_vat == t.excl_vat + sum((v for _r, _b, v in t.vat_by_rate), D(0))
    assert t.excl_vat == sum((line.amount for line in ls), D(0))
    assert sorted({r for r, _b, _v in t.vat_by_rate}) == [r for r, _b, _v in t.vat_by_rate]


@given(quantities, prices, discounts)
def test_line_amount_as_defined(q: D, p: D, disc: D) -> None:
    amount = doc.line_amount(q, p, disc)
    exact = q * p * (1 - disc / 100)
    assert amount == exact.quantize(D("0.01"), rounding=ROUND_HALF_UP)
    assert amount.as_tuple().exponent == -2
    assert abs(amount - exact) <= D("0.005")


@given(lines)
def test_vat_of_each_rate_within_half_a_cent_of_exact(ls: list[doc.Line]) -> None:
    t = doc.totals(ls)
    for rate, base, vat in t.vat_by_rate:
        exact = sum((line.amount for line in ls if line.vat_percent == rate), D(0)) * rate / 100
        assert base == sum((line.amount for line in ls if line.vat_percent == rate), D(0))
        assert abs(vat - exact) <= D("0.005")


def test_vat_rounded_once_per_rate_not_per_line() -> None:
    # three lines of 0.05 at 10 %: per line 0.005 → 0.01 each (0.03); per rate 0.015 → 0.02
    ls = [doc.Line(D(1), D("0.05"), D(0), D(10))] * 3
    t = doc.totals(ls)
    assert t.vat_by_rate == ((D(10), D("0.15"), D("0.02")),)
    assert t.incl_vat == D("0.17")


def test_half_up_examples() -> None:
    assert doc.line_amount(D(1), D("0.125"), D(0)) == D("0.13")
    assert doc.line_amount(D(-1), D("0.125"), D(0)) == D("-0.13")
    assert doc.line_amount(D(3), D("9.99"), D("12.5")) == D("26.22")  # 26.22375


def test_floats_are_refused_and_text_is_read() -> None:
    with pytest.raises(ValidationError, match="exact decimal"):
        doc.to_decimal(0.1, "quantity")
    assert doc.to_decimal("1,25", "quantity") == D("1.25")
    with pytest.raises(ValidationError, match='unit_price: "abc" is not a number') as e:
        doc.to_decimal("abc", "unit_price", row=2)
    assert e.value.field == "unit_price" and e.value.row == 2


def test_line_checks_name_field_and_row() -> None:
    with pytest.raises(ValidationError, match="between 0 and 100") as e:
        doc.check_line(D(1), D(1), D(101), row=3)
    assert e.value.field == "line_discount_percent" and e.value.row == 3
    with pytest.raises(ValidationError, match="must not be negative"):
        doc.check_line(D(1), D(-1), D(0))


def test_types_one_model_both_sides_and_conversions() -> None:
    assert len(doc.DOCUMENT_TYPES) == 8
    assert {t.side for t in doc.DOCUMENT_TYPES} == {doc.SALES, doc.PURCHASE}
    assert len({t.series_code for t in doc.DOCUMENT_TYPES}) == 8
    quote = doc.document_type("purchase_quote")
    assert doc.converted_type(quote, doc.ORDER).code == "purchase_order"
    assert doc.converted_type(doc.document_type("sales_order"), doc.INVOICE).code == "sales_invoice"
    with pytest.raises(ValidationError, match="Sales Invoice cannot be made into a Sales Order"):
        doc.converted_type(doc.document_type("sales_invoice"), doc.ORDER)
    with pytest.raises(ValidationError, match="no document type"):
        doc.document_type("sales_blanket")
