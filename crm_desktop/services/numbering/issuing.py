"""Number series: hand out numbers inside the caller's transaction (BC "Normal": gap-free).

`issue_next` / `issue_many` / `issue` run inside a write session (`ctx.db.uow()`, which begins with
BEGIN IMMEDIATE, so the read-increment-write of a line cannot interleave with another writer). If the
caller's transaction rolls back, the numbers go back with it. The rules live in
`crm_desktop.domain.numbering`; this module reads the lines, applies the rules and writes the result.

The soon-running-out warning (spec §6.3 step 7) never stops the action: `issue` returns it, and
`issue_next` / `issue_many` keep it on the session (`take_warnings(s)`) so the service that drew the
number can pass it on to the screen.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain import numbering as rules
from crm_desktop.domain.errors import (
    DOES_NOT_EXIST,
    NotFoundError,
)
from crm_desktop.domain.numbering import (
    DEFAULT_NOT_ALLOWED,
    EMPTY_SERIES_CODE,
    MANUAL_NOT_ALLOWED,
    SERIES_TABLE,
    DefaultNosError,
    Issued,
    ManualNosError,
    NoSeriesError,
    Notice,
    SeriesLine,
)
from crm_desktop.storage import models as m

WARNINGS_KEY = "crm_desktop.numbering.warnings"


def clean_series_code(typed: str | None) -> str:
    """A series code as stored: trimmed, upper case, '' for none."""
    return (typed or "").strip().upper()


def series_in(s: Session, code: str) -> m.NoSeries:
    """The series row; raises NoSeriesError for a blank code, NotFoundError for an unknown one."""
    if not code:
        raise NoSeriesError(EMPTY_SERIES_CODE, field="series_code")
    series = s.get(m.NoSeries, code)
    if series is None:
        raise NotFoundError(DOES_NOT_EXIST, field="series_code", table=SERIES_TABLE, code=code)
    return series


def line_rows_in(s: Session, code: str) -> list[m.NoSeriesLine]:
    """The series' lines in line order."""
    stmt = (
        select(m.NoSeriesLine)
        .where(m.NoSeriesLine.series_code == code)
        .order_by(m.NoSeriesLine.line_no)
    )
    return list(s.scalars(stmt))


def to_rule_line(row: m.NoSeriesLine) -> SeriesLine:
    """The rules' view of a stored line."""
    return SeriesLine(
        line_no=row.line_no,
        starting_date=row.starting_date,
        starting_no=row.starting_no,
        ending_no=row.ending_no,
        warning_no=row.warning_no,
        increment_by=row.increment_by,
        last_no_used=row.last_no_used,
        last_date_used=row.last_date_used,
        open=row.open,
    )


def _store_use(
    rows: list[m.NoSeriesLine], before: list[SeriesLine], after: list[SeriesLine]
) -> None:
    for row, old, new in zip(rows, before, after, strict=True):
        if new != old:
            row.last_no_used = new.last_no_used
            row.last_date_used = new.last_date_used
            row.open = new.open


def _remember(s: Session, warning: Notice | None) -> None:
    if warning is not None:
        s.info.setdefault(WARNINGS_KEY, []).append(warning)


def take_warnings(s: Session) -> list[Notice]:
    """The soon-running-out notices recorded on this session by issue_next/issue_many (cleared)."""
    found: list[Notice] = s.info.pop(WARNINGS_KEY, [])
    return found


def issue(s: Session, series_code: str, on: dt.date) -> Issued:
    """Hand out the next number of a series for the date `on`, inside the caller's transaction.

    Returns the number, the line it came from and the soon-running-out notice, if any. Raises
    NoSeriesError (blank code), NotFoundError (no such series), SeriesExhaustedError (no open line
    for the date, or the next number passes the Ending No.), DateOrderError, NumberTooLongError, or
    ValidationError (a line with neither Last No. Used nor Starting No.).
    """
    code = clean_series_code(series_code)
    series = series_in(s, code)
    rows = line_rows_in(s, code)
    before = [to_rule_line(r) for r in rows]
    issued, after = rules.issue(code, before, on, date_order=series.date_order)
    _store_use(rows, before, after)
    s.flush()
    return issued


def issue_next(s: Session, series_code: str, on: dt.date) -> str:
    """Issue the next number of `series_code` for the date `on`, inside the caller's transaction.

    Gap-free: if the caller's transaction rolls back, the number is handed out again. A
    soon-running-out notice is kept on the session (see `take_warnings`). Raises as `issue` does.
    Like BC's GetNextNo it does not check Default Nos.: callers that number a new record
    automatically call `check_default_allowed` first.
    """
    issued = issue(s, series_code, on)
    _remember(s, issued.warning)
    return issued.number


def issue_many(s: Session, series_code: str, on: dt.date, count: int) -> list[str]:
    """Issue `count` numbers in a row for bulk work (one read and one write of the lines).

    Same rules as `issue_next`, including moving on to the next line when one closes. All or
    nothing: if the series runs out before `count`, it raises and hands out none. The last
    soon-running-out notice is kept on the session.
    """
    code = clean_series_code(series_code)
    series = series_in(s, code)
    if count <= 0:
        return []
    rows = line_rows_in(s, code)
    before = [to_rule_line(r) for r in rows]
    numbers, warning, after = rules.issue_many(
        code, before, on, count, date_order=series.date_order
    )
    _store_use(rows, before, after)
    s.flush()
    _remember(s, warning)
    return numbers


def check_manual_allowed(s: Session, series_code: str | None) -> None:
    """Refuse a number typed by the user when the series does not have Manual Nos.

    A blank series allows manual numbers (scenario 121). Raises ManualNosError with BC's
    "You may not enter numbers manually..." message, or NotFoundError for an unknown series.
    """
    code = clean_series_code(series_code)
    if not code:
        return
    series = series_in(s, code)
    if not series.manual_nos:
        raise ManualNosError(MANUAL_NOT_ALLOWED, field="no", code=code)


def check_default_allowed(s: Session, series_code: str | None) -> None:
    """Refuse automatic numbering from a series without Default Nos.

    Raises DefaultNosError with BC's "It is not possible to assign numbers automatically..."
    message, NoSeriesError for a blank code, or NotFoundError for an unknown series.
    """
    code = clean_series_code(series_code)
    series = series_in(s, code)
    if not series.default_nos:
        raise DefaultNosError(DEFAULT_NOT_ALLOWED, field="no", code=code)


# --- the No. Series page: views, peek, test, editing -----------------------------------------
