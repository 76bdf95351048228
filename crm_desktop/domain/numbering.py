"""Number series rules (BC No. Series, "Normal" implementation), free of storage and Qt.

Spec §6: choosing the line for a date (§6.2), computing the next number with IncStr and
increment-by, the range check and the Open flag (§6.3), the soon-running-out warning (§6.3 step 7,
returned as a value, never raised), the re-formatting of a line's number fields when one is edited
(§6.5) and the coupling of Default Nos. and Manual Nos. (§6.1).

Numbers are BC Code[20] values. Two numbers are compared the way BC's Code values behave in
practice (§6.3 step 6, "with equal width/prefix they behave numerically"): when both have the same
text around their right-most digit run, by the value of that run; otherwise as strings. So '9' comes
before '10' and 'A9' before 'A10'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from crm_desktop.domain.codes import normalize_code
from crm_desktop.domain.errors import MUST_HAVE_VALUE, TOO_LONG, CrmError, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

MAX_LEN = 20
CTX = "errors"

EMPTY_SERIES_CODE = QT_TRANSLATE_NOOP(
    CTX, "You cannot get a No. Series Line with empty No. Series Code."
)
CANNOT_ASSIGN_NEW = QT_TRANSLATE_NOOP(
    CTX, "You cannot assign new numbers from the number series {code}."
)
CANNOT_ASSIGN_NEW_ON_DATE = QT_TRANSLATE_NOOP(
    CTX, "You cannot assign new numbers from the number series {code} on {date}."
)
CANNOT_ASSIGN_BEFORE_DATE = QT_TRANSLATE_NOOP(
    CTX, "You cannot assign new numbers from the number series {code} on a date before {date}."
)
CANNOT_ASSIGN_GREATER = QT_TRANSLATE_NOOP(
    CTX,
    "You cannot assign numbers greater than {ending_no} from the number series {code}. "
    "No. assigned: {number}",
)
CANNOT_EXTEND = QT_TRANSLATE_NOOP(
    CTX, "The number {number} cannot be extended to more than 20 characters."
)
SOON_RUNNING_OUT = QT_TRANSLATE_NOOP(
    CTX,
    "The No. Series {code} is soon running out. The current number is {number} and the last "
    "allowed number of the sequence is {ending_no}.",
)
MANUAL_NOT_ALLOWED = QT_TRANSLATE_NOOP(
    CTX,
    "You may not enter numbers manually. If you want to enter numbers manually, please activate "
    "Manual Nos. in No. Series {code}.",
)
DEFAULT_NOT_ALLOWED = QT_TRANSLATE_NOOP(
    CTX,
    "It is not possible to assign numbers automatically. If you want the program to assign "
    "numbers automatically, please activate Default Nos. in No. Series {code}.",
)
MUST_HAVE_NUMBER = QT_TRANSLATE_NOOP(
    CTX,
    "The value in the {field_caption} field must have a number so that we can assign the next "
    "number in the series.",
)
FORMAT_MUST_MATCH = QT_TRANSLATE_NOOP(
    CTX,
    "The number format in {field_caption} must be the same as the number format in Last No. Used.",
)
LINE_CLOSED = QT_TRANSLATE_NOOP(CTX, "This line is closed: all its numbers have been used.")
INCREMENT_AT_LEAST_ONE = QT_TRANSLATE_NOOP(CTX, "Increment-by No. must be at least 1.")

NOT_A_DATE = QT_TRANSLATE_NOOP(CTX, "{value} is not a valid date.")
UNKNOWN_LINE_FIELD = QT_TRANSLATE_NOOP(CTX, "No. Series Line has no field {name}.")

LINE_TABLE = QT_TRANSLATE_NOOP("numbering", "No. Series Line")
SERIES_TABLE = QT_TRANSLATE_NOOP("numbering", "No. Series")

#: The captions of a line's number fields, keyed by attribute name (used in §6.5 messages).
NUMBER_FIELDS: dict[str, str] = {
    "starting_no": QT_TRANSLATE_NOOP("numbering", "Starting No."),
    "ending_no": QT_TRANSLATE_NOOP("numbering", "Ending No."),
    "last_no_used": QT_TRANSLATE_NOOP("numbering", "Last No. Used"),
    "warning_no": QT_TRANSLATE_NOOP("numbering", "Warning No."),
}


class NoSeriesError(CrmError):
    """A number series cannot give a number (base of the errors below)."""


class SeriesExhaustedError(NoSeriesError):
    """No open line is left for the date, or the next number passes the Ending No."""


class DateOrderError(NoSeriesError):
    """The date is before the line's Starting Date or (with Date Order) its Last Date Used."""


class NumberTooLongError(NoSeriesError):
    """Incrementing would make the number longer than 20 characters."""


class ManualNosError(NoSeriesError):
    """The series does not allow numbers typed by the user."""


class DefaultNosError(NoSeriesError):
    """The series does not allow numbers assigned automatically."""


@dataclass(frozen=True)
class Notice:
    """A message for the user that does not stop the action (the §6.3 step 7 warning)."""

    template: str
    params: dict[str, Any]
    context: str = CTX

    @property
    def message(self) -> str:
        """The English sentence with its values filled in."""
        return self.template.format(**self.params)

    def format_with(self, translated_template: str) -> str:
        """Fill a translated template with this notice's values."""
        return translated_template.format(**self.params)


@dataclass(frozen=True)
class SeriesLine:
    """One No. Series Line as the rules see it. Blank numbers are ''."""

    line_no: int
    starting_date: dt.date | None = None
    starting_no: str = ""
    ending_no: str = ""
    warning_no: str = ""
    increment_by: int = 1
    last_no_used: str = ""
    last_date_used: dt.date | None = None
    open: bool = True


@dataclass(frozen=True)
class Issued:
    """A number handed out: which line it came from and the warning to show, if any."""

    number: str
    line_no: int
    warning: Notice | None = None


# --- number arithmetic (§6.3 steps 3-5) -----------------------------------------------------


def digit_run(no: str) -> tuple[int, int] | None:
    """(start, end) of the right-most run of digits in `no` (end exclusive), or None."""
    end = len(no)
    while end > 0 and not no[end - 1].isdigit():
        end -= 1
    if end == 0:
        return None
    start = end
    while start > 0 and no[start - 1].isdigit():
        start -= 1
    return start, end


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def has_digit(no: str) -> bool:
    """True when `no` contains a digit, so it can be incremented."""
    return any(_is_digit(c) for c in no)


def increment_no(no: str, by: int = 1) -> str:
    """BC's IncStr (by 1) and IncrementNoText (by more): add `by` to the right-most digit run.

    The run keeps its width with leading zeros and grows only when it must ('A9' -> 'A10').
    A number without digits gives ''. Raises NumberTooLongError past 20 characters.
    """
    run = digit_run(no)
    if run is None:
        return ""
    start, end = run
    digits = no[start:end]
    new_digits = str(int(digits) + by).zfill(len(digits))
    result = no[:start] + new_digits + no[end:]
    if len(result) > MAX_LEN:
        raise NumberTooLongError(CANNOT_EXTEND, number=no)
    return result


def _split(no: str) -> tuple[str, int, str] | None:
    run = digit_run(no)
    if run is None:
        return None
    start, end = run
    return no[:start], int(no[start:end]), no[end:]


def compare_nos(a: str, b: str) -> int:
    """-1, 0 or 1: numerically when both share the text around their right-most digit run."""
    pa, pb = _split(a), _split(b)
    if pa is not None and pb is not None and pa[0] == pb[0] and pa[2] == pb[2]:
        if pa[1] != pb[1]:
            return -1 if pa[1] < pb[1] else 1
        return (len(a) > len(b)) - (len(a) < len(b))
    return (a > b) - (a < b)


def _non_digits(no: str) -> str:
    return "".join(c for c in no if not _is_digit(c))


def in_valid_range(no: str, starting_no: str, ending_no: str) -> bool:
    """§6.3 step 6: may `no` be handed out from a line with these Starting/Ending Nos.?"""
    if not no:
        return False
    if starting_no:
        if compare_nos(no, starting_no) < 0 or len(no) < len(starting_no):
            return False
        if _non_digits(no) != _non_digits(starting_no):
            return False
    if ending_no and (compare_nos(no, ending_no) > 0 or len(no) > len(ending_no)):
        return False
    return True


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


def _significant_digits(no: str) -> str:
    run = digit_run(no)
    if run is None:
        return ""
    return no[run[0] : run[1]].lstrip("0")


def _with_numbers(line: SeriesLine, changes: dict[str, str]) -> SeriesLine:
    return replace(
        line,
        starting_no=changes.get("starting_no", line.starting_no),
        ending_no=changes.get("ending_no", line.ending_no),
        last_no_used=changes.get("last_no_used", line.last_no_used),
        warning_no=changes.get("warning_no", line.warning_no),
    )


def edit_number(line: SeriesLine, field: str, value: str) -> SeriesLine:
    """§6.5: the line after typing `value` (already trimmed and upper-cased) into `field`.

    A value must contain a digit. A value with other characters re-formats all four number fields
    to its prefix/suffix and a common digit width; if that would change Last No. Used while another
    field was edited, the edit is refused. Clearing Ending No. clears Warning No.; Warning No.
    needs an Ending No. Open is recomputed.
    """
    caption = NUMBER_FIELDS[field]
    if len(value) > MAX_LEN:
        raise ValidationError(TOO_LONG, field=field, field_caption=caption, max_len=MAX_LEN)
    before = line
    line = _with_numbers(line, {field: value})
    if field == "ending_no" and not value:
        line = replace(line, warning_no="")
    if field == "warning_no" and value and not line.ending_no:
        raise ValidationError(
            MUST_HAVE_VALUE,
            field="ending_no",
            field_caption=NUMBER_FIELDS["ending_no"],
            table=LINE_TABLE,
        )
    if value:
        run = digit_run(value)
        if run is None:
            raise ValidationError(MUST_HAVE_NUMBER, field=field, field_caption=caption)
        start, end = run
        if value != value[start:end]:
            width = end - start
            for name in NUMBER_FIELDS:
                current = getattr(line, name)
                if current:
                    width = max(width, len(_significant_digits(current)))
            changes = {}
            for name in NUMBER_FIELDS:
                current = getattr(line, name)
                if current:
                    digits = _significant_digits(current).zfill(width)
                    changes[name] = value[:start] + digits + value[end:]
            for name, new in changes.items():
                if len(new) > MAX_LEN:
                    raise ValidationError(
                        TOO_LONG, field=name, field_caption=NUMBER_FIELDS[name], max_len=MAX_LEN
                    )
            line = _with_numbers(line, changes)
            if field != "last_no_used" and line.last_no_used != before.last_no_used:
                raise ValidationError(FORMAT_MUST_MATCH, field=field, field_caption=caption)
    return replace(line, open=line_open(line))


def set_increment(line: SeriesLine, increment_by: int) -> SeriesLine:
    """The line with a new Increment-by No. (at least 1); Open is recomputed."""
    if increment_by < 1:
        raise ValidationError(INCREMENT_AT_LEAST_ONE, field="increment_by")
    line = replace(line, increment_by=increment_by)
    return replace(line, open=line_open(line))


#: The order a line's changed fields are applied in, as a user fills them left to right.
LINE_FIELDS = (
    "starting_date",
    "starting_no",
    "ending_no",
    "warning_no",
    "increment_by",
    "last_no_used",
    "last_date_used",
)


def _apply_one(line: SeriesLine, field: str, value: Any) -> SeriesLine:
    if field in NUMBER_FIELDS:
        number = normalize_code(value, max_len=MAX_LEN, field=field, caption=NUMBER_FIELDS[field])
        return edit_number(line, field, number)
    if field == "increment_by":
        try:
            by = int(value)
        except (TypeError, ValueError):
            raise ValidationError(INCREMENT_AT_LEAST_ONE, field=field) from None
        return set_increment(line, by)
    if value is not None and not isinstance(value, dt.date):
        raise ValidationError(NOT_A_DATE, field=field, value=value)
    if field == "starting_date":
        return replace(line, starting_date=value)
    return replace(line, last_date_used=value)


def apply_edits(line: SeriesLine, values: Mapping[str, Any]) -> SeriesLine:
    """The line after the user's edits: each field whose value differs, in LINE_FIELDS order,
    as if typed (number fields as `edit_number` says). Open is recomputed.

    Raises ValidationError naming the field, also for a field a line does not have.
    """
    unknown = sorted(set(values) - set(LINE_FIELDS))
    if unknown:
        raise ValidationError(UNKNOWN_LINE_FIELD, field=unknown[0], name=unknown[0])
    for field in LINE_FIELDS:
        if field in values and values[field] != getattr(line, field):
            line = _apply_one(line, field, values[field])
    return replace(line, open=line_open(line))


def couple_default_manual(default_nos: bool, manual_nos: bool, changed: str) -> tuple[bool, bool]:
    """§6.1: clearing one of Default Nos./Manual Nos. while the other is off turns the other on.

    `changed` names the flag the user just set ('default_nos' or 'manual_nos').
    """
    if not default_nos and not manual_nos:
        if changed == "default_nos":
            manual_nos = True
        else:
            default_nos = True
    return default_nos, manual_nos
