"""Contacts out as CSV: all, those a list shows or a selection; spreadsheet-safe, written whole
or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from crm_desktop.domain.csv_format import COLUMNS, SEPARATORS, export_text
from crm_desktop.domain.errors import StorageError, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.contacts import listing
from crm_desktop.services.contacts.bulk import contact_table
from crm_desktop.services.contacts.listing import ContactFilter, ContactSort
from crm_desktop.services.datafile.context import AppContext

BAD_SEPARATOR = QT_TRANSLATE_NOOP(
    "errors", "The separator must be comma or semicolon, not {value}."
)
CANNOT_WRITE = QT_TRANSLATE_NOOP("errors", "The file {path} cannot be written ({reason}).")


def export_contacts(
    ctx: AppContext,
    path: str | Path,
    *,
    flt: ContactFilter | None = None,
    sort: ContactSort | None = None,
    nos: Sequence[str] | None = None,
    separator: str = "comma",
) -> int:
    """Write contacts to a CSV file (UTF-8 with BOM, header of field names, spreadsheet-safe
    cells) and return how many: every contact by No., or those the list's filter `flt` shows
    in its `sort` order, or only the contacts `nos` (a selection; in the sort order).
    `separator` is "comma" or "semicolon". The file is written whole or not at all. Raises
    ValidationError for an unknown separator, type or sort column, StorageError when the file
    cannot be written."""
    delimiter = SEPARATORS.get(separator)
    if delimiter is None:
        raise ValidationError(BAD_SEPARATOR, field="separator", value=separator)
    conditions, order = listing.selection(flt, sort)
    if nos is not None:
        conditions.append(contact_table().c.no.in_(list(nos)))
    target = Path(path)
    written = [0]
    try:
        fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".csv", dir=target.parent)
    except OSError as exc:
        raise StorageError(CANNOT_WRITE, path=str(target), reason=exc.strerror or str(exc)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as out, ctx.db.read() as s:
            rows = export_rows(s, written, conditions, order)
            for chunk in export_text(rows, delimiter=delimiter):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StorageError(CANNOT_WRITE, path=str(target), reason=exc.strerror or str(exc)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return written[0]


def export_rows(
    s: Session,
    written: list[int],
    conditions: list[ColumnElement[bool]],
    order: tuple[ColumnElement[Any], ...],
) -> Iterator[dict[str, str]]:
    """The selected contacts as export cells (text; privacy_blocked yes/no), counting them in
    `written`; every export format reads its rows here."""
    table = contact_table()
    columns = [table.c[name] for name in COLUMNS]
    stmt = select(*columns).where(*conditions).order_by(*order)
    stmt = stmt.execution_options(yield_per=2000)
    for row in s.execute(stmt).mappings():
        out: dict[str, str] = {}
        for name in COLUMNS:
            value = row[name]
            if name == "privacy_blocked":
                out[name] = "yes" if value else "no"
            else:
                out[name] = "" if value is None else str(value)
        written[0] += 1
        yield out
