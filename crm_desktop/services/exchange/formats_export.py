"""Contacts out as Outlook CSV, Google CSV, vCard 3.0/4.0 or .xlsx (our CSV: `csv_export`).

The format follows the file name (.vcf, .xlsx, else CSV) and, for CSV, `fmt`. Every format
writes the file whole or not at all (a temporary file beside it, then a rename). Spreadsheet
safety (`csv_format.escape_cell`) holds for Outlook/Google CSV and .xlsx; .xlsx and our CSV
carry the contact numbers, the others do not (their programs have no such field).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from crm_desktop.domain import csv_format as cf
from crm_desktop.domain.errors import StorageError, ValidationError
from crm_desktop.domain.exchange_formats import csv_kinds as kinds
from crm_desktop.domain.exchange_formats.vcard import VERSIONS, write_vcard
from crm_desktop.domain.exchange_formats.xlsx import write_xlsx
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.contacts import listing
from crm_desktop.services.contacts.bulk import contact_table
from crm_desktop.services.contacts.listing import ContactFilter, ContactSort
from crm_desktop.services.contacts.picture import pictures_in
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.exchange.csv_export import CANNOT_WRITE, export_contacts, export_rows

FORMATS = ("ours", kinds.OUTLOOK, kinds.GOOGLE)
BAD_FORMAT = QT_TRANSLATE_NOOP(
    "errors", "The export format must be ours, outlook or google, not {value}."
)
BAD_VERSION = QT_TRANSLATE_NOOP("errors", "The vCard version must be 3.0 or 4.0, not {value}.")
_CHUNK = 500


def format_of(path: str | Path, fmt: str = "ours") -> str:
    """ "vcard", "xlsx", or the CSV format (ours, outlook, google) an export to `path` writes."""
    suffix = Path(path).suffix.lower()
    if suffix in (".vcf", ".vcard"):
        return kinds.VCARD
    if suffix == ".xlsx":
        return kinds.XLSX
    if fmt not in FORMATS:
        raise ValidationError(BAD_FORMAT, field="format", value=fmt)
    return fmt


def export_file(
    ctx: AppContext,
    path: str | Path,
    *,
    fmt: str = "ours",
    vcard_version: str = "4.0",
    flt: ContactFilter | None = None,
    sort: ContactSort | None = None,
    nos: Sequence[str] | None = None,
    separator: str = "comma",
) -> int:
    """Export contacts to `path` in the format its name and `fmt` say; returns how many. The
    contacts are every one by No., those the list's filter `flt` shows in its `sort` order, or
    only `nos` (a selection), as `csv_export.export_contacts` selects them; `separator` is our
    CSV's. Raises ValidationError for an unknown format, vCard version or separator,
    StorageError when the file cannot be written."""
    kind = format_of(path, fmt)
    if vcard_version not in VERSIONS:
        raise ValidationError(BAD_VERSION, field="vcard_version", value=vcard_version)
    if kind == "ours":
        return export_contacts(ctx, path, flt=flt, sort=sort, nos=nos, separator=separator)
    conditions, order = listing.selection(flt, sort)
    if nos is not None:
        conditions.append(contact_table().c.no.in_(list(nos)))
    count = [0]
    with ctx.db.read() as s:
        rows = export_rows(s, count, conditions, order)
        if kind == kinds.VCARD:
            chunks = _vcards(s, rows, vcard_version)
        elif kind == kinds.XLSX:
            chunks = iter([write_xlsx(cf.COLUMNS, ([r[c] for c in cf.COLUMNS] for r in rows))])
        else:
            chunks = _csv(rows, kind)
        _write_whole(Path(path), chunks)
    return count[0]


def _csv(rows: Iterable[dict[str, str]], kind: str) -> Iterator[bytes]:
    header = kinds.OUTLOOK_EXPORT if kind == kinds.OUTLOOK else kinds.GOOGLE_EXPORT
    to_row = kinds.outlook_row if kind == kinds.OUTLOOK else kinds.google_row
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield "\ufeff".encode() + buffer.getvalue().encode()
    for values in rows:
        if values["type"] == "company":
            # A company is a row with only its Company (Organization) name, as both write it.
            values = {
                **values,
                "company_name": values["name"],
                "first_name": "",
                "middle_name": "",
                "surname": "",
                "job_title": "",
            }
        row = to_row(values)
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([cf.escape_cell(row[h]) for h in header])
        yield buffer.getvalue().encode()


def _vcards(s: Session, rows: Iterable[dict[str, str]], version: str) -> Iterator[bytes]:
    pending: list[dict[str, str]] = []

    def flush() -> Iterator[bytes]:
        pictures = pictures_in(s, [r["no"] for r in pending])
        for r in pending:
            pic = pictures.get(r["no"])
            yield write_vcard(r, version, (pic.data, pic.subtype) if pic else None).encode()
        pending.clear()

    for r in rows:
        pending.append(r)
        if len(pending) >= _CHUNK:
            yield from flush()
    yield from flush()


def _write_whole(target: Path, chunks: Iterable[bytes]) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise StorageError(CANNOT_WRITE, path=str(target), reason=exc.strerror or str(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
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
