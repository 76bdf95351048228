"""The one date-formula parser (BC DateFormula/CalcDate): every unit, period ends and starts,
combinations, and refusals. No BC scenario covers the parser itself (section H uses it through
UpdateEstimates, tested in tests/domain/test_opportunities.py)."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain.date_formula import calc_date, normalize, parse
from crm_desktop.domain.errors import ValidationError

WED = dt.date(2026, 11, 25)  # a Wednesday in the fourth quarter

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31))


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("", WED),
        ("1D", dt.date(2026, 11, 26)),
        ("+10D", dt.date(2026, 12, 5)),
        ("-1D", dt.date(2026, 11, 24)),
        ("2W", dt.date(2026, 12, 9)),
        ("1M", dt.date(2026, 12, 25)),
        ("1Q", dt.date(2027, 2, 25)),
        ("1Y", dt.date(2027, 11, 25)),
        ("-1Y", dt.date(2025, 11, 25)),
        ("CD", WED),
        ("CW", dt.date(2026, 11, 29)),
        ("-CW", dt.date(2026, 11, 23)),
        ("CM", dt.date(2026, 11, 30)),
        ("-CM", dt.date(2026, 11, 1)),
        ("CQ", dt.date(2026, 12, 31)),
        ("-CQ", dt.date(2026, 10, 1)),
        ("CY", dt.date(2026, 12, 31)),
        ("-CY", dt.date(2026, 1, 1)),
        ("CM+1D", dt.date(2026, 12, 1)),
        ("1M+CM", dt.date(2026, 12, 31)),
        ("-CM-1D", dt.date(2026, 10, 31)),
        ("CQ+1M-1D", dt.date(2027, 1, 30)),
        (" cm + 1d ", dt.date(2026, 12, 1)),
        ("<CM+10D>", dt.date(2026, 12, 10)),
    ],
)
def test_each_formula(formula: str, expected: dt.date) -> None:
    assert calc_date(formula, WED) == expected


def test_month_steps_clamp_to_the_end_of_a_shorter_month() -> None:
    assert calc_date("1M", dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)
    assert calc_date("1M", dt.date(2028, 1, 31)) == dt.date(2028, 2, 29)
    assert calc_date("1Y", dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert calc_date("-1Q", dt.date(2027, 5, 31)) == dt.date(2027, 2, 28)


def test_quarter_ends_of_every_quarter() -> None:
    assert calc_date("CQ", dt.date(2026, 2, 10)) == dt.date(2026, 3, 31)
    assert calc_date("CQ", dt.date(2026, 4, 1)) == dt.date(2026, 6, 30)
    assert calc_date("-CQ", dt.date(2026, 9, 30)) == dt.date(2026, 7, 1)


def test_normalised_spelling() -> None:
    assert normalize(" cm + 1d ") == "CM+1D"
    assert normalize("+30d") == "30D"
    assert normalize("-cw") == "-CW"


@pytest.mark.parametrize(
    ("formula", "reason"),
    [
        ("1X", "1X is not a term it knows."),
        ("abc", "ABC is not a term it knows."),
        ("CM1D", "every term after the first must start with + or -."),
        ("1M+", "it ends with a sign and no term after it."),
        ("C2M", "C2M is not a term it knows."),
        ("D", "D is not a term it knows."),
        ("1D" * 17, "it is longer than 32 characters."),
        ("99999D", "99999D is too large a step."),
    ],
)
def test_an_invalid_formula_is_refused_with_the_reason(formula: str, reason: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse(formula, field="date_formula", caption="Date Formula")
    assert err.value.field == "date_formula"
    assert str(err.value).startswith(
        f"Date Formula {formula.strip()} is not a valid date formula: {reason}"
    )


def test_a_date_outside_the_calendar_is_refused() -> None:
    with pytest.raises(ValidationError, match="outside the calendar"):
        calc_date("1Y", dt.date(9999, 6, 1))


@given(dates, st.integers(0, 3000))
def test_days_forward_then_back_is_the_same_date(date: dt.date, n: int) -> None:
    assert calc_date(f"-{n}D", calc_date(f"{n}D", date)) == date
    assert calc_date(f"{n}D-{n}D", date) == date


@given(dates)
def test_period_ends_and_starts(date: dt.date) -> None:
    end = calc_date("CM", date)
    start = calc_date("-CM", date)
    assert end.day == calendar.monthrange(date.year, date.month)[1]
    assert start.day == 1 and start <= date <= end
    assert (start.year, start.month) == (end.year, end.month) == (date.year, date.month)
    assert calc_date("CW", date).weekday() == 6 and calc_date("-CW", date).weekday() == 0
    assert 0 <= (calc_date("CW", date) - date).days <= 6
    assert calc_date("CY", date) == dt.date(date.year, 12, 31)
    assert calc_date("CQ", date).month in (3, 6, 9, 12)
    assert calc_date("CQ", calc_date("CQ", date)) == calc_date("CQ", date)


@given(dates, st.integers(0, 200))
def test_month_step_keeps_the_day_or_clamps_it(date: dt.date, n: int) -> None:
    moved = calc_date(f"{n}M", date)
    months = (moved.year - date.year) * 12 + moved.month - date.month
    assert months == n
    assert moved.day == min(date.day, calendar.monthrange(moved.year, moved.month)[1])
    assert calc_date(f"{n}Q", date) == calc_date(f"{3 * n}M", date)


@given(
    st.lists(
        st.tuples(
            st.sampled_from("+-"), st.integers(0, 99), st.sampled_from("DWMQY"), st.booleans()
        ),
        min_size=1,
        max_size=4,
    ),
    dates,
)
def test_a_combination_is_its_terms_in_turn(
    terms: list[tuple[str, int, str, bool]], date: dt.date
) -> None:
    texts = [f"{s}C{u}" if cur else f"{s}{n}{u}" for s, n, u, cur in terms]
    formula = "".join(texts)
    step = date
    for text in texts:
        step = calc_date(text, step)
    assert calc_date(formula, date) == step
    assert parse(normalize(formula)) == parse(formula)
