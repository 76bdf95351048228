"""BC date formulas (DateFormula / CalcDate): the one parser for every date formula in the app.

Sales cycle stages use it for Estimated Close Date; recurring tasks and payment terms will use it
too. A formula is a sequence of terms, e.g. `30D`, `1M+CM`, `CM+1D`, `-1Y`, `-CQ`:

- `<n><unit>` moves by n units: D days, W weeks (7 days), M months, Q quarters (3 months),
  Y years (12 months). A month step keeps the day and clamps it to the end of a shorter month
  (31 January + 1M = 28/29 February), as BC's CalcDate does.
- `C<unit>` goes to the end of the current period (CD the same day, CW Sunday, CM the last day of
  the month, CQ the last day of the quarter, CY 31 December); with a minus sign to its start
  (-CW Monday, -CM the 1st, -CQ the first day of the quarter, -CY 1 January).
- The first term may go without a sign (it then counts forward); every further term starts with
  `+` or `-`. Terms apply from left to right. Case and spaces do not matter; BC's `<` `>` markers
  are accepted and dropped. A blank formula leaves the date as it is.

Anything else is refused with a ValidationError that says what is wrong and gives examples.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

MAX_LEN = 32
UNITS = ("D", "W", "M", "Q", "Y")

INVALID = QT_TRANSLATE_NOOP(
    "errors",
    "{field_caption} {formula} is not a valid date formula: {reason} "
    "Write terms such as 30D, 2W, 1M, 1Q, 1Y or CM (end of this month), "
    "joined with + or -, e.g. CM+1D or 1M+CM.",
)
REASON_TERM = QT_TRANSLATE_NOOP("errors", "{term} is not a term it knows.")
REASON_SIGN = QT_TRANSLATE_NOOP("errors", "every term after the first must start with + or -.")
REASON_TRAILING_SIGN = QT_TRANSLATE_NOOP("errors", "it ends with a sign and no term after it.")
REASON_TOO_LONG = QT_TRANSLATE_NOOP("errors", "it is longer than {max_len} characters.")
REASON_TOO_BIG = QT_TRANSLATE_NOOP("errors", "{term} is too large a step.")
OUT_OF_RANGE = QT_TRANSLATE_NOOP(
    "errors", "The date formula {formula} applied to {date} gives a date outside the calendar."
)
DEFAULT_CAPTION = QT_TRANSLATE_NOOP("errors", "Date Formula")

_TERM = re.compile(r"([+-]?)(?:(\d+)([DWMQY])|C([DWMQY]))")
MAX_COUNT = 9999


@dataclass(frozen=True)
class Term:
    """One term: a step of `count` units (sign -1 or +1), or the current period's end/start."""

    sign: int
    unit: str
    count: int = 0
    current: bool = False

    def text(self, first: bool) -> str:
        """The term as it is written (the first one without a + sign)."""
        sign = "-" if self.sign < 0 else ("" if first else "+")
        body = f"C{self.unit}" if self.current else f"{self.count}{self.unit}"
        return sign + body


@dataclass(frozen=True)
class DateFormula:
    """A parsed date formula; `apply` computes the date, `text` is the normalised spelling."""

    terms: tuple[Term, ...] = ()

    @property
    def text(self) -> str:
        """The formula as stored: upper case, no spaces, no leading +."""
        return "".join(t.text(i == 0) for i, t in enumerate(self.terms))

    def apply(self, date: dt.date) -> dt.date:
        """The date this formula gives from `date` (ValidationError when it leaves the calendar)."""
        result = date
        try:
            for term in self.terms:
                result = _apply_term(term, result)
        except (OverflowError, ValueError) as exc:
            raise ValidationError(
                OUT_OF_RANGE, field="date_formula", formula=self.text, date=date.isoformat()
            ) from exc
        return result


def _add_months(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + (date.month - 1) + months
    year, month = divmod(index, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise OverflowError(year)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(date.day, last))


def _period_bounds(unit: str, date: dt.date) -> tuple[dt.date, dt.date]:
    if unit == "D":
        return date, date
    if unit == "W":
        start = date - dt.timedelta(days=date.weekday())  # BC weeks run Monday to Sunday
        return start, start + dt.timedelta(days=6)
    if unit == "M":
        first_month = date.month
        months = 1
    elif unit == "Q":
        first_month = (date.month - 1) // 3 * 3 + 1
        months = 3
    else:
        first_month = 1
        months = 12
    start = dt.date(date.year, first_month, 1)
    last_month = first_month + months - 1
    end = dt.date(date.year, last_month, calendar.monthrange(date.year, last_month)[1])
    return start, end


def _apply_term(term: Term, date: dt.date) -> dt.date:
    if term.current:
        start, end = _period_bounds(term.unit, date)
        return start if term.sign < 0 else end
    n = term.sign * term.count
    if term.unit == "D":
        return date + dt.timedelta(days=n)
    if term.unit == "W":
        return date + dt.timedelta(weeks=n)
    months = {"M": 1, "Q": 3, "Y": 12}[term.unit] * n
    return _add_months(date, months)


def parse(
    text: str | None, *, field: str = "date_formula", caption: str = DEFAULT_CAPTION
) -> DateFormula:
    """Parse a date formula as typed; raise ValidationError naming the field when it is invalid."""
    raw = text or ""
    compact = re.sub(r"\s+", "", raw).replace("<", "").replace(">", "").upper()

    def refuse(reason: str, **params: object) -> ValidationError:
        return ValidationError(
            INVALID,
            field=field,
            field_caption=caption,
            formula=raw.strip(),
            reason=reason.format(**params),
        )

    if len(compact) > MAX_LEN:
        raise refuse(REASON_TOO_LONG, max_len=MAX_LEN)
    terms: list[Term] = []
    pos = 0
    while pos < len(compact):
        match = _TERM.match(compact, pos)
        if match is None:
            rest = compact[pos:]
            if rest in ("+", "-"):
                raise refuse(REASON_TRAILING_SIGN)
            bad = re.match(r"[+-]?[^+-]*", rest)
            raise refuse(REASON_TERM, term=bad.group(0) if bad else rest)
        sign, count, unit, current_unit = match.groups()
        if terms and not sign:
            raise refuse(REASON_SIGN)
        if current_unit:
            terms.append(Term(-1 if sign == "-" else 1, current_unit, current=True))
        else:
            n = int(count)
            if n > MAX_COUNT:
                raise refuse(REASON_TOO_BIG, term=match.group(0))
            terms.append(Term(-1 if sign == "-" else 1, unit, count=n))
        pos = match.end()
    return DateFormula(tuple(terms))


def normalize(
    text: str | None, *, field: str = "date_formula", caption: str = DEFAULT_CAPTION
) -> str:
    """The formula as it is stored (validated): e.g. ' cm + 1d ' -> 'CM+1D'."""
    return parse(text, field=field, caption=caption).text


def calc_date(formula: str | None, date: dt.date) -> dt.date:
    """BC's CalcDate: the date `formula` gives from `date` (blank formula: the same date)."""
    return parse(formula).apply(date)
