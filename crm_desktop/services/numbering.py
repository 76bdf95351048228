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
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from crm_desktop.domain import numbering as rules
from crm_desktop.domain.codes import check_text, normalize_code
from crm_desktop.domain.errors import (
    ALREADY_EXISTS,
    DOES_NOT_EXIST,
    NOT_BLANK,
    STILL_REFERENCED,
    ConflictError,
    CrmError,
    NotFoundError,
    ReferencedError,
    ValidationError,
)
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
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
from crm_desktop.services.app import AppContext
from crm_desktop.services.masterdata import describe_references, references_to
from crm_desktop.services.setup import work_date
from crm_desktop.storage import models as m

CODE_CAPTION = QT_TRANSLATE_NOOP("numbering", "Code")
DESCRIPTION_CAPTION = QT_TRANSLATE_NOOP("numbering", "Description")

RELATED_TO_ITSELF = QT_TRANSLATE_NOOP("errors", "No. Series {code} cannot be related to itself.")
RELATIONSHIP_TABLE = QT_TRANSLATE_NOOP("numbering", "No. Series Relationship")

WARNINGS_KEY = "crm_desktop.numbering.warnings"


def _code(series_code: str | None) -> str:
    return (series_code or "").strip().upper()


def _series(s: Session, code: str) -> m.NoSeries:
    if not code:
        raise NoSeriesError(EMPTY_SERIES_CODE, field="series_code")
    series = s.get(m.NoSeries, code)
    if series is None:
        raise NotFoundError(DOES_NOT_EXIST, field="series_code", table=SERIES_TABLE, code=code)
    return series


def _line_rows(s: Session, code: str) -> list[m.NoSeriesLine]:
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
    code = _code(series_code)
    series = _series(s, code)
    rows = _line_rows(s, code)
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
    code = _code(series_code)
    series = _series(s, code)
    if count <= 0:
        return []
    rows = _line_rows(s, code)
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
    code = _code(series_code)
    if not code:
        return
    series = _series(s, code)
    if not series.manual_nos:
        raise ManualNosError(MANUAL_NOT_ALLOWED, field="no", code=code)


def check_default_allowed(s: Session, series_code: str | None) -> None:
    """Refuse automatic numbering from a series without Default Nos.

    Raises DefaultNosError with BC's "It is not possible to assign numbers automatically..."
    message, NoSeriesError for a blank code, or NotFoundError for an unknown series.
    """
    code = _code(series_code)
    series = _series(s, code)
    if not series.default_nos:
        raise DefaultNosError(DEFAULT_NOT_ALLOWED, field="no", code=code)


# --- the No. Series page: views, peek, test, editing -----------------------------------------


@dataclass(frozen=True)
class SeriesRow:
    """A series as the No. Series page lists it."""

    code: str
    description: str
    default_nos: bool
    manual_nos: bool
    date_order: bool


@dataclass(frozen=True)
class LineRow:
    """A series line as the page shows it, with the number it would hand out next.

    `next_no` is '' when the line would not give one; `next_error` then says why.
    """

    series_code: str
    line_no: int
    starting_date: dt.date | None
    starting_no: str
    ending_no: str
    warning_no: str
    increment_by: int
    last_no_used: str
    last_date_used: dt.date | None
    open: bool
    next_no: str
    next_error: CrmError | None = dc_field(default=None, compare=False)


def _series_row(row: m.NoSeries) -> SeriesRow:
    return SeriesRow(row.code, row.description, row.default_nos, row.manual_nos, row.date_order)


def _line_row(code: str, row: m.NoSeriesLine) -> LineRow:
    line = to_rule_line(row)
    nxt = ""
    problem: CrmError | None = None
    if not line.open:
        problem = rules.SeriesExhaustedError(rules.LINE_CLOSED)
    else:
        try:
            nxt = rules.next_no(code, line)
        except CrmError as err:
            problem = err
    return LineRow(
        series_code=code,
        line_no=row.line_no,
        starting_date=row.starting_date,
        starting_no=row.starting_no,
        ending_no=row.ending_no,
        warning_no=row.warning_no,
        increment_by=row.increment_by,
        last_no_used=row.last_no_used,
        last_date_used=row.last_date_used,
        open=row.open,
        next_no=nxt,
        next_error=problem,
    )


def list_series(ctx: AppContext) -> list[SeriesRow]:
    """Every number series, sorted by code."""
    with ctx.db.read() as s:
        return [_series_row(r) for r in s.scalars(select(m.NoSeries).order_by(m.NoSeries.code))]


def get_series(ctx: AppContext, code: str) -> SeriesRow:
    """One series; raises NotFoundError."""
    with ctx.db.read() as s:
        return _series_row(_series(s, _code(code)))


def list_lines(ctx: AppContext, code: str) -> list[LineRow]:
    """A series' lines in line order, each with its next number (nothing is used up)."""
    with ctx.db.read() as s:
        code = _code(code)
        _series(s, code)
        return [_line_row(code, r) for r in _line_rows(s, code)]


def peek(ctx: AppContext, code: str, on: dt.date | None = None) -> Issued:
    """The number `issue` would hand out on `on` (default: the work date), consuming nothing.

    Returns the number, its line and the soon-running-out notice; raises as `issue` does.
    """
    on = on or work_date(ctx)
    with ctx.db.read() as s:
        code = _code(code)
        series = _series(s, code)
        lines = [to_rule_line(r) for r in _line_rows(s, code)]
        line = rules.choose_line(code, lines, on, date_order=series.date_order)
        number = rules.next_no(code, line)
        return Issued(number, line.line_no, rules.warning_for(code, line, number))


def peek_next(ctx: AppContext, code: str, on: dt.date | None = None) -> str:
    """The next number of a series on `on` (default: the work date), consuming nothing."""
    return peek(ctx, code, on).number


def test_series(ctx: AppContext, code: str, on: dt.date | None = None) -> str:
    """BC's "Test No. Series": the number the series would give next on the work date.

    Uses nothing up, so running it twice changes nothing (scenario 123). Raises the reason there
    is none (SeriesExhaustedError, DateOrderError, ValidationError, ...).
    """
    return peek(ctx, code, on).number


def save_series(
    ctx: AppContext,
    code: str,
    *,
    description: str | None = None,
    default_nos: bool | None = None,
    manual_nos: bool | None = None,
    date_order: bool | None = None,
    original_code: str | None = None,
) -> SeriesRow:
    """Create a series, or change one (`original_code` names it; a new code renames it).

    A value left as None keeps what the series has (a new series: no description, Default Nos.
    on, Manual Nos. and Date Order off).

    Default Nos. and Manual Nos. are coupled as BC couples them: turning one off while the other is
    off turns the other on. Renaming carries the new code to the lines, relationships and every
    setup that uses the series. Raises ValidationError (blank or too long code, too long
    description), ConflictError (code taken) or NotFoundError.
    """
    new_code = normalize_code(code, max_len=20, field="code", caption=CODE_CAPTION)
    if not new_code:
        raise ValidationError(NOT_BLANK, field="code", field_caption=CODE_CAPTION)
    text = (
        None
        if description is None
        else check_text(description, max_len=100, field="description", caption=DESCRIPTION_CAPTION)
    )
    with ctx.db.uow() as s:
        old_code = _code(original_code) if original_code is not None else None
        if old_code is None:
            if s.get(m.NoSeries, new_code) is not None:
                raise ConflictError(ALREADY_EXISTS, field="code", table=SERIES_TABLE, code=new_code)
            row = m.NoSeries(code=new_code, default_nos=True, manual_nos=False, date_order=False)
            s.add(row)
        else:
            row = _series(s, old_code)
            if new_code != old_code:
                if s.get(m.NoSeries, new_code) is not None:
                    raise ConflictError(
                        ALREADY_EXISTS, field="code", table=SERIES_TABLE, code=new_code
                    )
                s.flush()
                # Foreign keys declared ON UPDATE CASCADE carry the new code everywhere.
                s.execute(
                    update(m.NoSeries)
                    .where(m.NoSeries.code == old_code)
                    .values(code=new_code)
                    .execution_options(synchronize_session=False)
                )
                s.expire_all()
                row = _series(s, new_code)
        want_default = row.default_nos if default_nos is None else default_nos
        want_manual = row.manual_nos if manual_nos is None else manual_nos
        changed = "default_nos" if want_default != row.default_nos else "manual_nos"
        row.default_nos, row.manual_nos = rules.couple_default_manual(
            want_default, want_manual, changed
        )
        if text is not None:
            row.description = text
        if date_order is not None:
            row.date_order = date_order
        s.flush()
        return _series_row(row)


def delete_series(ctx: AppContext, code: str) -> None:
    """Delete a series with its lines and relationships.

    Refused with ReferencedError while a setup (or a record) still uses it; NotFoundError if gone.
    """
    with ctx.db.uow() as s:
        code = _code(code)
        _series(s, code)
        counts = references_to(s, m.NoSeries.__tablename__, (code,))
        if counts:
            raise ReferencedError(
                STILL_REFERENCED, table=SERIES_TABLE, code=code, users=describe_references(counts)
            )
        s.execute(delete(m.NoSeriesLine).where(m.NoSeriesLine.series_code == code))
        s.execute(
            delete(m.NoSeriesRelationship).where(
                (m.NoSeriesRelationship.code == code) | (m.NoSeriesRelationship.series_code == code)
            )
        )
        s.execute(delete(m.NoSeries).where(m.NoSeries.code == code))


def save_line(
    ctx: AppContext, code: str, line_no: int | None, values: Mapping[str, Any]
) -> LineRow:
    """Add a line (`line_no` None: numbered after the last one) or change one, with §6.5 checks.

    Only fields whose value differs from the stored one are applied, in rules.LINE_FIELDS order, each as
    if typed: number fields must contain a digit and are re-formatted to the typed value's
    prefix/suffix and a common width (refused when that would change Last No. Used); Warning No.
    needs an Ending No.; clearing Ending No. clears Warning No.; Increment-by No. is at least 1.
    Open is recomputed. Raises ValidationError with `field` set, or NotFoundError.
    """
    with ctx.db.uow() as s:
        code = _code(code)
        _series(s, code)
        if line_no is None:
            last = s.scalar(
                select(m.NoSeriesLine.line_no)
                .where(m.NoSeriesLine.series_code == code)
                .order_by(m.NoSeriesLine.line_no.desc())
                .limit(1)
            )
            row = m.NoSeriesLine(
                series_code=code,
                line_no=(last or 0) + 10000,
                starting_no="",
                ending_no="",
                warning_no="",
                last_no_used="",
                increment_by=1,
                open=True,
            )
            s.add(row)
        else:
            found = s.get(m.NoSeriesLine, (code, line_no))
            if found is None:
                raise NotFoundError(
                    DOES_NOT_EXIST, table=rules.LINE_TABLE, code=f"{code} {line_no}"
                )
            row = found
        line = rules.apply_edits(to_rule_line(row), values)
        row.starting_date = line.starting_date
        row.starting_no = line.starting_no
        row.ending_no = line.ending_no
        row.warning_no = line.warning_no
        row.increment_by = line.increment_by
        row.last_no_used = line.last_no_used
        row.last_date_used = line.last_date_used
        row.open = rules.line_open(line)
        s.flush()
        return _line_row(code, row)


def delete_line(ctx: AppContext, code: str, line_no: int) -> None:
    """Delete one line of a series; raises NotFoundError if it is gone."""
    with ctx.db.uow() as s:
        code = _code(code)
        row = s.get(m.NoSeriesLine, (code, line_no))
        if row is None:
            raise NotFoundError(DOES_NOT_EXIST, table=rules.LINE_TABLE, code=f"{code} {line_no}")
        s.delete(row)


def number_entry_needed(ctx: AppContext, code: str, on: dt.date | None = None) -> bool:
    """Whether a form numbered from this series must show its No. field (scenario 128).

    Hidden only when the series numbers automatically with nothing to choose: Default Nos. on,
    Manual Nos. off, no related series, and a number available on `on` (default: the work date).
    """
    on = on or work_date(ctx)
    with ctx.db.read() as s:
        code = _code(code)
        series = _series(s, code)
        if series.manual_nos or not series.default_nos:
            return True
        related = s.scalar(
            select(m.NoSeriesRelationship.series_code)
            .where(m.NoSeriesRelationship.code == code)
            .limit(1)
        )
        if related is not None:
            return True
        lines = [to_rule_line(r) for r in _line_rows(s, code)]
        try:
            line = rules.choose_line(code, lines, on, date_order=series.date_order)
            rules.next_no(code, line)
        except CrmError:
            return True
        return False


def are_related(s: Session, default_code: str, series_code: str) -> bool:
    """BC's AreRelated: may a record whose setup series is `default_code` draw from `series_code`?

    True for the same series or one listed in No. Series Relationship. Raises DefaultNosError when
    the setup series does not allow automatic numbers, NotFoundError for an unknown series.
    """
    default_code, series_code = _code(default_code), _code(series_code)
    check_default_allowed(s, default_code)
    if default_code == series_code:
        return True
    found = s.get(m.NoSeriesRelationship, (default_code, series_code))
    return found is not None


def related_series(ctx: AppContext, code: str) -> list[SeriesRow]:
    """The series a record numbered from `code` may use instead (its assist-edit choices),
    `code` itself first."""
    with ctx.db.read() as s:
        code = _code(code)
        own = _series(s, code)
        stmt = (
            select(m.NoSeries)
            .join(m.NoSeriesRelationship, m.NoSeriesRelationship.series_code == m.NoSeries.code)
            .where(m.NoSeriesRelationship.code == code)
            .order_by(m.NoSeries.code)
        )
        return [_series_row(own), *(_series_row(r) for r in s.scalars(stmt))]


def add_related(ctx: AppContext, code: str, series_code: str) -> None:
    """Let records numbered from `code` also draw from `series_code` (No. Series Relationship).

    Raises ValidationError (a series cannot be related to itself), NotFoundError, ConflictError.
    """
    with ctx.db.uow() as s:
        code, series_code = _code(code), _code(series_code)
        _series(s, code)
        if code == series_code:
            raise ValidationError(RELATED_TO_ITSELF, field="series_code", code=code)
        _series(s, series_code)
        if s.get(m.NoSeriesRelationship, (code, series_code)) is not None:
            raise ConflictError(
                ALREADY_EXISTS,
                field="series_code",
                table=RELATIONSHIP_TABLE,
                code=f"{code} {series_code}",
            )
        s.add(m.NoSeriesRelationship(code=code, series_code=series_code))


def remove_related(ctx: AppContext, code: str, series_code: str) -> None:
    """Stop records numbered from `code` drawing from `series_code`; NotFoundError if not related."""
    with ctx.db.uow() as s:
        code, series_code = _code(code), _code(series_code)
        row = s.get(m.NoSeriesRelationship, (code, series_code))
        if row is None:
            raise NotFoundError(
                DOES_NOT_EXIST, table=RELATIONSHIP_TABLE, code=f"{code} {series_code}"
            )
        s.delete(row)
