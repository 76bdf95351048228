"""Contacts out as CSV: every contact, spreadsheet-safe, written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain.csv_format import COLUMNS, export_text
from crm_desktop.domain.errors import StorageError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.contacts.bulk import contact_table
from crm_desktop.services.datafile.context import AppContext

CANNOT_WRITE = QT_TRANSLATE_NOOP("errors", "The file {path} cannot be written ({reason}).")


def export_contacts(ctx: AppContext, path: str | Path) -> int:
    """Write every contact to a CSV file (UTF-8 with BOM, comma separated, header of field
    names, ordered by No., spreadsheet-safe cells) and return how many. The file is written
    whole or not at all. Raises StorageError when it cannot be written."""
    target = Path(path)
    written = [0]
    try:
        fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".csv", dir=target.parent)
    except OSError as exc:
        raise StorageError(CANNOT_WRITE, path=str(target), reason=exc.strerror or str(exc)) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as out, ctx.db.read() as s:
            for chunk in export_text(_export_rows(s, written)):
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


def _export_rows(s: Session, written: list[int]) -> Iterator[dict[str, str]]:
    table = contact_table()
    columns = [table.c[name] for name in COLUMNS]
    stmt = select(*columns).order_by(table.c.no).execution_options(yield_per=2000)
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
