"""Choosing the line for a date (§6.2) and computing the next numbers (§6.3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from crm_desktop.domain.errors import MUST_HAVE_VALUE, ValidationError
from crm_desktop.domain.numbering.arithmetic import (
    _split,
    compare_nos,
    in_valid_range,
    increment_no,
)
from crm_desktop.domain.numbering.errors import (
    CANNOT_ASSIGN_BEFORE_DATE,
    CANNOT_ASSIGN_GREATER,
    CANNOT_ASSIGN_NEW,
    CANNOT_ASSIGN_NEW_ON_DATE,
    EMPTY_SERIES_CODE,
    LINE_TABLE,
    MAX_LEN,
    NUMBER_FIELDS,
    SOON_RUNNING_OUT,
    DateOrderError,
    NoSeriesError,
    NumberTooLongError,
    SeriesExhaustedError,
)
from crm_desktop.domain.numbering.lines import (
    Issued,
    Notice,
    SeriesLine,
)


def line_open(line: SeriesLine) -> bool:
    """The Open flag as BC recomputes it after every change of the line."""
    if not line.ending_no or not line.last_no_used:
        return True
    if compare_nos(line.last_no_used, line.ending_no) >= 0:
        return False
    if len(line.last_no_used) > len(line.ending_no):
        return False
    if line.increment_by != 1:
        try:
            nxt = increment_no(line.last_no_used, line.increment_by)
        except NumberTooLongError:
            return False
        if compare_nos(nxt, line.ending_no) > 0 or len(nxt) > len(line.ending_no):
            return False
    return True


# --- choosing the line and issuing (§6.2, §6.3) ----------------------------------------------


def choose_line(
    code: str, lines: Sequence[SeriesLine], on: dt.date, *, date_order: bool = False
) -> SeriesLine:
    """§6.2: the first open line among those with the latest Starting Date on or before `on`.

    Raises SeriesExhaustedError when there is none, DateOrderError when the series keeps its
    numbers in date order and `on` is before the line's Last Date Used.
    """
    if not code:
        raise NoSeriesError(EMPTY_SERIES_CODE)
    valid = [ln for ln in lines if ln.starting_date is None or ln.starting_date <= on]
    chosen: SeriesLine | None = None
    if valid:
        latest = max(valid, key=lambda ln: ln.starting_date or dt.date.min).starting_date
        same = sorted((ln for ln in valid if ln.starting_date == latest), key=lambda ln: ln.line_no)
        chosen = next((ln for ln in same if ln.open and line_open(ln)), None)
    if chosen is None:
        if lines:
            raise SeriesExhaustedError(CANNOT_ASSIGN_NEW_ON_DATE, code=code, date=on)
        raise SeriesExhaustedError(CANNOT_ASSIGN_NEW, code=code)
    check_date(code, chosen, on, date_order=date_order)
    return chosen


def check_date(code: str, line: SeriesLine, on: dt.date, *, date_order: bool) -> None:
    """§6.2 steps 5-6: refuse a date before the line's start or, with Date Order, its last use."""
    if date_order and line.last_date_used is not None and on < line.last_date_used:
        raise DateOrderError(CANNOT_ASSIGN_BEFORE_DATE, code=code, date=line.last_date_used)
    if line.starting_date is not None and on < line.starting_date:
        raise DateOrderError(CANNOT_ASSIGN_BEFORE_DATE, code=code, date=line.starting_date)


def next_no(code: str, line: SeriesLine) -> str:
    """§6.3 steps 2-6: the number the line would hand out next (nothing is changed).

    Raises ValidationError when the line has neither Last No. Used nor Starting No.,
    NumberTooLongError, or SeriesExhaustedError when the number is outside the line's range.
    """
    if not line.last_no_used:
        if not line.starting_no:
            raise ValidationError(
                MUST_HAVE_VALUE,
                field="starting_no",
                field_caption=NUMBER_FIELDS["starting_no"],
                table=LINE_TABLE,
            )
        new = line.starting_no
    else:
        new = increment_no(line.last_no_used, max(line.increment_by, 1))
    if not in_valid_range(new, line.starting_no, line.ending_no):
        raise SeriesExhaustedError(
            CANNOT_ASSIGN_GREATER, ending_no=line.ending_no, code=code, number=new
        )
    return new


def warning_for(code: str, line: SeriesLine, number: str) -> Notice | None:
    """§6.3 step 7: the soon-running-out notice when `number` reached the Warning No."""
    if line.ending_no and line.warning_no and compare_nos(number, line.warning_no) >= 0:
        return Notice(
            SOON_RUNNING_OUT, {"code": code, "number": number, "ending_no": line.ending_no}
        )
    return None


def used(line: SeriesLine, number: str, on: dt.date) -> SeriesLine:
    """§6.3 step 8: the line after handing out `number` on `on` (Open recomputed)."""
    after = replace(line, last_no_used=number, last_date_used=on)
    return replace(after, open=line_open(after))


def issue(
    code: str, lines: Sequence[SeriesLine], on: dt.date, *, date_order: bool = False
) -> tuple[Issued, list[SeriesLine]]:
    """Hand out the next number of a series on `on`: the number and the series' lines after it."""
    line = choose_line(code, lines, on, date_order=date_order)
    number = next_no(code, line)
    after = used(line, number, on)
    new_lines = [after if ln.line_no == line.line_no else ln for ln in lines]
    return Issued(number, line.line_no, warning_for(code, line, number)), new_lines


def _run(code: str, line: SeriesLine, first: str, want: int) -> list[str]:
    """Up to `want` numbers after `first` on one line, computed without the per-number checks.

    Only used when Starting No. and Ending No. share the prefix and suffix of `first`, so every
    number differs only in its digit run; it stops before anything the full checks could refuse
    (past the Ending No., longer than the Ending No. or 20 characters), leaving that to them.
    """
    split = _split(first)
    if split is None or want <= 0:
        return []
    prefix, value, suffix = split
    for other in (line.starting_no, line.ending_no):
        if other:
            o = _split(other)
            if o is None or o[0] != prefix or o[2] != suffix:
                return []
    width = len(first) - len(prefix) - len(suffix)
    inc = max(line.increment_by, 1)
    ending = _split(line.ending_no) if line.ending_no else None
    limit = ending[1] if ending is not None else None
    max_len = min(len(line.ending_no), MAX_LEN) if line.ending_no else MAX_LEN
    room = max_len - len(prefix) - len(suffix)
    out: list[str] = []
    for _ in range(want):
        value += inc
        digits = str(value).zfill(width)
        if len(digits) > room or (limit is not None and value > limit):
            break
        out.append(prefix + digits + suffix)
    return out


def issue_many(
    code: str, lines: Sequence[SeriesLine], on: dt.date, count: int, *, date_order: bool = False
) -> tuple[list[str], Notice | None, list[SeriesLine]]:
    """Hand out `count` numbers in a row, moving to the next line as one closes.

    Gives the same numbers as `count` calls of `issue`, and the notice for the last number.
    All or nothing: raises when the series runs out before `count`.
    """
    numbers: list[str] = []
    current = list(lines)
    warning: Notice | None = None
    line: SeriesLine | None = None
    while len(numbers) < count:
        if line is None or not line.open:
            line = choose_line(code, current, on, date_order=date_order)
        number = next_no(code, line)
        batch = [number, *_run(code, line, number, count - len(numbers) - 1)]
        numbers.extend(batch)
        warning = warning_for(code, line, batch[-1])
        line = used(line, batch[-1], on)
        current = [line if ln.line_no == line.line_no else ln for ln in current]
    return numbers, warning, current


# --- editing a line (§6.5) and a series (§6.1) ----------------------------------------------
