"""Excel .xlsx in and out through openpyxl: the first sheet, line 1 the header.

Before openpyxl opens a workbook, its ZIP directory is checked: the parts together may not
unpack to more than MAX_UNPACKED bytes, nor any part shrink more than MAX_RATIO times (a ZIP
bomb posing as a workbook is refused, not unpacked). Cells are read as text; a header of our own
column names maps onto our fields, any other is guessed as for CSV (Outlook, Google names).
Writing: a header row in bold, the first row frozen, column widths that fit, and every text
cell spreadsheet-safe (`csv_format.escape_cell`), stored as text so Excel runs no formula.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from crm_desktop.domain import csv_format as cf
from crm_desktop.domain.exchange_formats import csv_kinds as kinds
from crm_desktop.domain.exchange_formats.source import SourceFile, csv_kind
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ROWS = 1_100_000
MAX_COLUMNS = 500

NOT_XLSX = QT_TRANSLATE_NOOP(
    "errors", "The file is not an Excel workbook (.xlsx) that can be read ({reason})."
)
ZIP_BOMB = QT_TRANSLATE_NOOP(
    "errors",
    "The workbook would unpack to {size} MB (part {part}); workbooks over {limit} MB or "
    "compressed more than {ratio} times are refused.",
)
EMPTY_SHEET = QT_TRANSLATE_NOOP(
    "errors", "The first sheet of the workbook is empty. Row 1 must be a header naming columns."
)
TOO_WIDE = QT_TRANSLATE_NOOP(
    "errors", "The first sheet has more than {limit} columns; it is not a contact list."
)


def check_zip(data: bytes) -> None:
    """Refuse a ZIP whose parts would unpack too big or shrink suspiciously (a ZIP bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise cf.CsvFileError(NOT_XLSX, field="file", row=1, reason=str(exc)) from exc
    total = 0
    with archive:
        for info in archive.infolist():
            total += info.file_size
            ratio = info.file_size / max(1, info.compress_size)
            if total > MAX_UNPACKED or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
                raise cf.CsvFileError(
                    ZIP_BOMB,
                    field="file",
                    row=1,
                    size=max(total, info.file_size) // (1024 * 1024),
                    part=info.filename[:80],
                    limit=MAX_UNPACKED // (1024 * 1024),
                    ratio=MAX_RATIO,
                )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes) -> SourceFile:
    """The first sheet's header and rows (line = the sheet's row number) as a SourceFile with
    the guessed mapping. Raises CsvFileError for no workbook, a ZIP bomb, an empty sheet."""
    check_zip(data)
    import openpyxl  # imported here: a CSV import never pays for loading it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors) on bad input
        raise cf.CsvFileError(
            NOT_XLSX, field="file", row=1, reason=f"{type(exc).__name__}: {str(exc)[:200]}"
        ) from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise cf.CsvFileError(EMPTY_SHEET, field="file", row=1)
        header: tuple[str, ...] | None = None
        rows: list[cf.CsvRow] = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                break
            texts = [_cell_text(c) for c in cells]
            if not any(t.strip() for t in texts):
                continue
            if header is None:
                if len(texts) > MAX_COLUMNS and any(t.strip() for t in texts[MAX_COLUMNS:]):
                    raise cf.CsvFileError(TOO_WIDE, field="file", row=1, limit=MAX_COLUMNS)
                header = tuple(t.strip() for t in texts[:MAX_COLUMNS])
                while header and not header[-1]:
                    header = header[:-1]
                continue
            rows.append(cf.CsvRow(number, dict(zip(header, texts, strict=False))))
    finally:
        book.close()
    if not header:
        raise cf.CsvFileError(EMPTY_SHEET, field="file", row=1)
    kind = csv_kind(header)
    mapping = kinds.guess_mapping(header, kind, cf.KNOWN_COLUMNS)
    return SourceFile(kinds.XLSX, header, rows, [], mapping, {}, "xlsx", "")


def write_xlsx(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """A workbook of one sheet: the header, then the rows, spreadsheet-safe text cells."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    widths = [len(c) for c in columns]
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        safe = [cf.escape_cell(v or "") for v in row]
        sheet.append(safe)
        for i, v in enumerate(safe):
            widths[i] = max(widths[i], min(60, len(v)))
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.data_type = "s"  # text, never a formula or number
    sheet.freeze_panes = "A2"
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
