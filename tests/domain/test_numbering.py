"""Number series rules (spec §6): pure functions, no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.numbering import (
    DateOrderError,
    NoSeriesError,
    NumberTooLongError,
    SeriesExhaustedError,
    SeriesLine,
    choose_line,
    compare_nos,
    couple_default_manual,
    edit_number,
    in_valid_range,
    increment_no,
    issue,
    issue_many,
    line_open,
    next_no,
    set_increment,
)

DAY = dt.date(2027, 3, 1)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("CT000001", "CT000002"),
        ("A10B20", "A10B21"),
        ("A12B99C", "A12B100C"),
        ("9", "10"),
        ("X0099Y", "X0100Y"),
        ("NODIGITS", ""),
    ],
)
def test_incstr_changes_only_the_rightmost_digit_run(before: str, after: str) -> None:
    assert increment_no(before) == after


def test_increment_by_more_than_one_pads_to_the_old_width() -> None:
    assert increment_no("ABC00010D", 10) == "ABC00020D"
    assert increment_no("A95", 7) == "A102"
    assert increment_no("S-0009", 1) == "S-0010"  # a hyphen is not a sign


def test_twenty_characters_at_most() -> None:
    assert increment_no("X" * 18 + "98") == "X" * 18 + "99"
    with pytest.raises(NumberTooLongError) as err:
        increment_no("X" * 18 + "99")
    assert (
        str(err.value) == f"The number {'X' * 18}99 cannot be extended to more than 20 characters."
    )


def test_numbers_compare_by_value_when_their_text_agrees() -> None:
    assert compare_nos("9", "10") < 0
    assert compare_nos("A9", "A10") < 0
    assert compare_nos("A10", "A10") == 0
    assert compare_nos("B1", "A9") > 0


def test_range_check() -> None:
    assert in_valid_range("5", "1", "10")
    assert not in_valid_range("11", "1", "10")
    assert not in_valid_range("", "1", "10")
    assert not in_valid_range("B5", "A1", "")  # prefix must stay that of Starting No.
    assert not in_valid_range("A0001", "A00001", "")  # shorter than Starting No.
    assert not in_valid_range("A10000", "A0001", "A9999")  # longer than Ending No.
    assert in_valid_range("A0005", "", "")


def test_open_flag() -> None:
    assert line_open(SeriesLine(1, starting_no="1", ending_no="10"))
    assert not line_open(SeriesLine(1, ending_no="10", last_no_used="10"))
    assert line_open(SeriesLine(1, ending_no="10", last_no_used="9"))
    assert not line_open(SeriesLine(1, ending_no="10", last_no_used="8", increment_by=7))
    assert line_open(SeriesLine(1, ending_no="10", last_no_used="3", increment_by=7))
    assert line_open(SeriesLine(1, last_no_used="999"))


def test_line_choice_by_date() -> None:
    lines = [
        SeriesLine(10, starting_no="A1"),
        SeriesLine(20, starting_no="B1", starting_date=DAY),
        SeriesLine(30, starting_no="C1", starting_date=DAY, ending_no="C1", last_no_used="C1"),
        SeriesLine(40, starting_no="D1", starting_date=DAY + dt.timedelta(days=1)),
    ]
    assert choose_line("S", lines, DAY - dt.timedelta(days=1)).line_no == 10
    assert choose_line("S", lines, DAY).line_no == 20
    assert choose_line("S", list(reversed(lines)), DAY).line_no == 20
    assert choose_line("S", lines, DAY + dt.timedelta(days=5)).line_no == 40
    with pytest.raises(SeriesExhaustedError) as err:
        choose_line("S", lines[1:], DAY - dt.timedelta(days=1))
    assert str(err.value) == "You cannot assign new numbers from the number series S on 2027-02-28."
    with pytest.raises(SeriesExhaustedError) as err:
        choose_line("S", [], DAY)
    assert str(err.value) == "You cannot assign new numbers from the number series S."
    with pytest.raises(NoSeriesError) as err:
        choose_line("", lines, DAY)
    assert str(err.value) == "You cannot get a No. Series Line with empty No. Series Code."


def test_date_order() -> None:
    line = SeriesLine(1, starting_no="A1", last_no_used="A3", last_date_used=DAY)
    earlier = DAY - dt.timedelta(days=1)
    assert choose_line("S", [line], earlier).line_no == 1
    with pytest.raises(DateOrderError) as err:
        choose_line("S", [line], earlier, date_order=True)
    assert str(err.value) == (
        "You cannot assign new numbers from the number series S on a date before 2027-03-01."
    )


def test_past_the_ending_no() -> None:
    # An open line whose next number no longer fits (Open was not recomputed after an edit).
    line = SeriesLine(1, starting_no="A01", ending_no="A05", last_no_used="A099")
    with pytest.raises(SeriesExhaustedError) as err:
        next_no("S", line)
    assert str(err.value) == (
        "You cannot assign numbers greater than A05 from the number series S. No. assigned: A100"
    )


def test_issue_records_use_and_warning() -> None:
    line = SeriesLine(1, starting_no="W1", ending_no="W3", warning_no="W2")
    first, lines = issue("S", [line], DAY)
    assert (first.number, first.warning) == ("W1", None)
    assert (lines[0].last_no_used, lines[0].last_date_used, lines[0].open) == ("W1", DAY, True)
    second, lines = issue("S", lines, DAY)
    assert second.warning is not None
    assert second.warning.message == (
        "The No. Series S is soon running out. The current number is W2 and the last allowed "
        "number of the sequence is W3."
    )
    third, lines = issue("S", lines, DAY)
    assert third.number == "W3" and not lines[0].open


def test_bc113_editing_reformats_all_number_fields() -> None:
    line = edit_number(SeriesLine(1), "starting_no", "A1TEST")
    line = edit_number(line, "ending_no", "A10TEST")
    assert (line.starting_no, line.ending_no) == ("A01TEST", "A10TEST")
    assert next_no("S", line) == "A01TEST"


def test_pure_digits_are_not_reformatted() -> None:
    line = edit_number(SeriesLine(1, starting_no="1"), "ending_no", "1000")
    assert (line.starting_no, line.ending_no) == ("1", "1000")


def test_edit_errors() -> None:
    with pytest.raises(ValidationError) as err:
        edit_number(SeriesLine(1), "starting_no", "ABC")
    assert err.value.field == "starting_no"
    assert str(err.value) == (
        "The value in the Starting No. field must have a number so that we can assign the next "
        "number in the series."
    )
    used = SeriesLine(1, starting_no="A1", last_no_used="A5")
    with pytest.raises(ValidationError) as err:
        edit_number(used, "starting_no", "B1")
    assert str(err.value) == (
        "The number format in Starting No. must be the same as the number format in Last No. Used."
    )
    with pytest.raises(ValidationError):
        set_increment(used, 0)
    assert set_increment(used, 3).increment_by == 3


def test_default_and_manual_coupling() -> None:
    assert couple_default_manual(False, False, "default_nos") == (False, True)
    assert couple_default_manual(False, False, "manual_nos") == (True, False)
    assert couple_default_manual(True, False, "manual_nos") == (True, False)
    assert couple_default_manual(False, True, "default_nos") == (False, True)


@st.composite
def series_lines(draw: st.DrawFn) -> list[SeriesLine]:
    lines = []
    # Each line its own prefix: lines whose ranges overlap repeat numbers, in BC as here (the
    # callers skip numbers already taken, spec §6.6).
    prefixes = draw(st.permutations(["", "A", "CT", "X-"]))
    for i in range(draw(st.integers(1, 3))):
        prefix = prefixes[i]
        suffix = draw(st.sampled_from(["", "D"]))
        width = draw(st.integers(1, 5))
        start = draw(st.integers(0, 10**width - 1))
        end = draw(st.integers(start, 10**width - 1 + 50))
        lines.append(
            SeriesLine(
                (i + 1) * 10000,
                starting_no=f"{prefix}{start:0{width}d}{suffix}",
                ending_no=draw(st.sampled_from(["", f"{prefix}{end:0{width}d}{suffix}"])),
                increment_by=draw(st.integers(1, 30)),
            )
        )
    return lines


@given(series_lines(), st.integers(1, 200))
def test_issue_many_equals_repeated_issue(lines: list[SeriesLine], count: int) -> None:
    one_by_one: list[str] = []
    current = lines
    try:
        for _ in range(count):
            got, current = issue("S", current, DAY)
            one_by_one.append(got.number)
    except NoSeriesError:
        with pytest.raises(NoSeriesError):
            issue_many("S", lines, DAY, count)
        return
    numbers, _warning, after = issue_many("S", lines, DAY, count)
    assert numbers == one_by_one
    assert after == current
    assert len(set(numbers)) == len(numbers)


def test_apply_edits_in_field_order_and_refuses_unknown_fields() -> None:
    from crm_desktop.domain.numbering import apply_edits

    line = apply_edits(SeriesLine(1), {"ending_no": "a10test", "starting_no": " a1test "})
    assert (line.starting_no, line.ending_no) == ("A01TEST", "A10TEST")
    with pytest.raises(ValidationError) as err:
        apply_edits(line, {"colour": "red"})
    assert (err.value.field, str(err.value)) == ("colour", "No. Series Line has no field colour.")
    with pytest.raises(ValidationError) as err:
        apply_edits(line, {"starting_date": "tomorrow"})
    assert str(err.value) == "tomorrow is not a valid date."
    with pytest.raises(ValidationError) as err:
        apply_edits(line, {"increment_by": "x"})
    assert err.value.field == "increment_by"
