"""The No. Series page's actions: series and their lines read, edited, tested and related.

Issuing numbers inside a caller's transaction is `issuing`; this module is what the page and the
Marketing Setup's numbering section call, one user action per function.
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
    SERIES_TABLE,
    Issued,
)
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.masterdata import describe_references, references_to
from crm_desktop.services.numbering.issuing import (
    check_default_allowed,
    clean_series_code,
    line_rows_in,
    series_in,
    to_rule_line,
)
from crm_desktop.services.setup import work_date
from crm_desktop.storage import models as m

CODE_CAPTION = QT_TRANSLATE_NOOP("numbering", "Code")
DESCRIPTION_CAPTION = QT_TRANSLATE_NOOP("numbering", "Description")
RELATED_TO_ITSELF = QT_TRANSLATE_NOOP("errors", "No. Series {code} cannot be related to itself.")
RELATIONSHIP_TABLE = QT_TRANSLATE_NOOP("numbering", "No. Series Relationship")


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
        return _series_row(series_in(s, clean_series_code(code)))


def list_lines(ctx: AppContext, code: str) -> list[LineRow]:
    """A series' lines in line order, each with its next number (nothing is used up)."""
    with ctx.db.read() as s:
        code = clean_series_code(code)
        series_in(s, code)
        return [_line_row(code, r) for r in line_rows_in(s, code)]


def peek(ctx: AppContext, code: str, on: dt.date | None = None) -> Issued:
    """The number `issue` would hand out on `on` (default: the work date), consuming nothing.

    Returns the number, its line and the soon-running-out notice; raises as `issue` does.
    """
    on = on or work_date(ctx)
    with ctx.db.read() as s:
        code = clean_series_code(code)
        series = series_in(s, code)
        lines = [to_rule_line(r) for r in line_rows_in(s, code)]
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
        old_code = clean_series_code(original_code) if original_code is not None else None
        if old_code is None:
            if s.get(m.NoSeries, new_code) is not None:
                raise ConflictError(ALREADY_EXISTS, field="code", table=SERIES_TABLE, code=new_code)
            row = m.NoSeries(code=new_code, default_nos=True, manual_nos=False, date_order=False)
            s.add(row)
        else:
            row = series_in(s, old_code)
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
                row = series_in(s, new_code)
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
        code = clean_series_code(code)
        series_in(s, code)
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
        code = clean_series_code(code)
        series_in(s, code)
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
        code = clean_series_code(code)
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
        code = clean_series_code(code)
        series = series_in(s, code)
        if series.manual_nos or not series.default_nos:
            return True
        related = s.scalar(
            select(m.NoSeriesRelationship.series_code)
            .where(m.NoSeriesRelationship.code == code)
            .limit(1)
        )
        if related is not None:
            return True
        lines = [to_rule_line(r) for r in line_rows_in(s, code)]
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
    default_code, series_code = clean_series_code(default_code), clean_series_code(series_code)
    check_default_allowed(s, default_code)
    if default_code == series_code:
        return True
    found = s.get(m.NoSeriesRelationship, (default_code, series_code))
    return found is not None


def related_series(ctx: AppContext, code: str) -> list[SeriesRow]:
    """The series a record numbered from `code` may use instead (its assist-edit choices),
    `code` itself first."""
    with ctx.db.read() as s:
        code = clean_series_code(code)
        own = series_in(s, code)
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
        code, series_code = clean_series_code(code), clean_series_code(series_code)
        series_in(s, code)
        if code == series_code:
            raise ValidationError(RELATED_TO_ITSELF, field="series_code", code=code)
        series_in(s, series_code)
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
        code, series_code = clean_series_code(code), clean_series_code(series_code)
        row = s.get(m.NoSeriesRelationship, (code, series_code))
        if row is None:
            raise NotFoundError(
                DOES_NOT_EXIST, table=RELATIONSHIP_TABLE, code=f"{code} {series_code}"
            )
        s.delete(row)
