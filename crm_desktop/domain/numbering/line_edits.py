"""Editing a line's number fields with BC's re-format (§6.5) and the Default/Manual coupling (§6.1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from crm_desktop.domain.codes import normalize_code
from crm_desktop.domain.errors import MUST_HAVE_VALUE, ValidationError, length_exceeded
from crm_desktop.domain.numbering.arithmetic import (
    digit_run,
)
from crm_desktop.domain.numbering.errors import (
    FORMAT_MUST_MATCH,
    INCREMENT_AT_LEAST_ONE,
    LINE_TABLE,
    MAX_LEN,
    MUST_HAVE_NUMBER,
    NOT_A_DATE,
    NUMBER_FIELDS,
    UNKNOWN_LINE_FIELD,
)
from crm_desktop.domain.numbering.issuing import (
    line_open,
)
from crm_desktop.domain.numbering.lines import (
    SeriesLine,
)


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
        raise length_exceeded(value, MAX_LEN, field=field)
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
                    raise length_exceeded(new, MAX_LEN, field=name)
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
