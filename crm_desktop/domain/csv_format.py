"""The contact CSV format: column names, reading a file's bytes, writing rows, spreadsheet safety.

Pure rules, no database: the exchange service reads a file's bytes and hands them here, and
gets back the header and the rows with their line numbers (the header is line 1), or a typed
error that names the line and the reason.

Reading accepts UTF-8 with or without a byte-order mark, else Windows-1252 (what Dutch Excel
writes), separated by commas or semicolons (taken from the header line). Writing produces UTF-8
with a byte-order mark (so Excel recognises it), comma separated, every column in export order.

Spreadsheet safety: a cell a spreadsheet would run as a formula (starting with `=`, `@`, a tab, a
carriage return, or `+`/`-` followed by anything but a phone-number or number shape) is written
with a leading `'`, which spreadsheets show as text; reading removes exactly that one `'` again,
so export followed by import gives back the original value.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from crm_desktop.domain.errors import CrmError, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

CONTEXT = "errors"

# Export order. The first block is what the issue names; the rest are the other contact fields
# a user can fill in, so an export carries everything needed to rebuild the contacts.
BASE_COLUMNS: tuple[str, ...] = (
    "no",
    "type",
    "name",
    "name_2",
    "company_no",
    "company_name",
    "first_name",
    "middle_name",
    "surname",
    "job_title",
    "address",
    "address_2",
    "post_code",
    "city",
    "county",
    "country_region_code",
    "phone_no",
    "mobile_phone_no",
    "email",
    "home_page",
    "vat_registration_no",
    "salesperson_code",
    "territory_code",
    "language_code",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "search_name",
    "initials",
    "currency_code",
    "fax_no",
    "telex_no",
    "telex_answer_back",
    "extension_no",
    "pager",
    "format_region",
    "salutation_code",
    "correspondence_type",
    "registration_number",
    "privacy_blocked",
)
COLUMNS: tuple[str, ...] = BASE_COLUMNS + EXTRA_COLUMNS
KNOWN_COLUMNS = frozenset(COLUMNS)

TYPES = ("company", "person")

# A single value may be long (a hostile file), but not unbounded: the csv module needs a limit.
MAX_FIELD_CHARS = 16 * 1024 * 1024

EMPTY_FILE = QT_TRANSLATE_NOOP(
    CONTEXT, "The file is empty. Line 1 must be a header naming the columns, e.g. name,city."
)
NOT_TEXT = QT_TRANSLATE_NOOP(
    CONTEXT,
    "The file is not a CSV text file (line {line} holds binary data). "
    "Save it from the spreadsheet as CSV (UTF-8 or Windows-1252).",
)
NUL_BYTES = QT_TRANSLATE_NOOP(
    CONTEXT,
    "Line {line} contains a NUL byte, so the file is not a CSV text file. "
    "Save it from the spreadsheet as CSV (UTF-8 or Windows-1252).",
)
UTF16 = QT_TRANSLATE_NOOP(
    CONTEXT,
    "The file is saved as UTF-16 (Unicode text). Save it from the spreadsheet as "
    "CSV UTF-8 or CSV (Windows-1252).",
)
UNTERMINATED = QT_TRANSLATE_NOOP(
    CONTEXT,
    'Line {line}: a quoted value is not closed; a closing " is missing. '
    "Nothing after it can be read.",
)
BAD_QUOTING = QT_TRANSLATE_NOOP(
    CONTEXT, "Line {line}: the quoting is broken ({reason}). Nothing after it can be read."
)
VALUE_TOO_BIG = QT_TRANSLATE_NOOP(
    CONTEXT, "Line {line}: a value is longer than {limit} characters; the file cannot be read."
)
UNKNOWN_COLUMNS = QT_TRANSLATE_NOOP(
    CONTEXT, "Line 1 (the header) has unknown column names: {names}. Known names: {known}."
)
NO_KNOWN_COLUMN = QT_TRANSLATE_NOOP(
    CONTEXT, "Line 1 (the header) names no known column. Known names: {known}."
)
DUPLICATE_COLUMN = QT_TRANSLATE_NOOP(CONTEXT, "Line 1 (the header) names column {name} twice.")
BLANK_COLUMN_NAME = QT_TRANSLATE_NOOP(CONTEXT, "(blank, column {position})")
TOO_MANY_VALUES = QT_TRANSLATE_NOOP(
    CONTEXT, "The line has {count} values but the header names only {columns} columns."
)
CONTROL_CHAR = QT_TRANSLATE_NOOP(
    CONTEXT, "The value contains a control character ({code}), which is not text."
)
BAD_TYPE = QT_TRANSLATE_NOOP(CONTEXT, "Type must be company or person, not {value}.")


class CsvFileError(ValidationError):
    """The file as a whole cannot be read; `row` is the line number, `field` "file" or "header"."""


@dataclass(frozen=True)
class RowError:
    """One bad row: its line number in the file (header = line 1), the field, and why.

    `field` is '' when the reason concerns the whole row; `error` keeps the typed error so the
    UI can show the reason translated.
    """

    line: int
    field: str
    reason: str
    error: CrmError | None = None

    @classmethod
    def of(cls, line: int, error: CrmError, field: str | None = None) -> RowError:
        """The row error for a typed error raised while checking the row at `line`."""
        return cls(line, field if field is not None else (error.field or ""), error.message, error)

    def __str__(self) -> str:
        where = f"line {self.line}, {self.field}" if self.field else f"line {self.line}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class CsvRow:
    """One data row: its line number (where it starts) and its values by column name."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class CsvTable:
    """A read file: its columns (in file order), good rows, rows refused by format, and how it
    was read."""

    columns: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    errors: tuple[RowError, ...]
    encoding: str
    delimiter: str


# --- spreadsheet safety ----------------------------------------------------------------------

# '+' or '-' then only digits, spaces and the punctuation of phone numbers and numbers: a
# spreadsheet may calculate such a cell, but it cannot call a function or reference a cell.
_NUMBER_SHAPE = re.compile(r"[+-][0-9 ().,/+\-]*\Z")
_FORMULA_STARTS = ("=", "@", "\t", "\r")


def _dangerous(value: str) -> bool:
    if value.startswith(_FORMULA_STARTS):
        return True
    return value[:1] in ("+", "-") and _NUMBER_SHAPE.match(value) is None


def needs_escape(value: str) -> bool:
    """True when `value` must be written with a leading `'`: it would run as a formula, or it
    starts with `'` followed by something that would itself be unescaped on reading."""
    while value.startswith("'"):
        value = value[1:]
    return _dangerous(value)


def escape_cell(value: str) -> str:
    """The cell text to write for `value`, safe to open in a spreadsheet."""
    return "'" + value if needs_escape(value) else value


def unescape_cell(cell: str) -> str:
    """The value a cell written by `escape_cell` stands for (other cells are returned as is)."""
    if cell.startswith("'") and needs_escape(cell[1:]):
        return cell[1:]
    return cell


# --- reading ---------------------------------------------------------------------------------


def _line_of(data: bytes, index: int) -> int:
    """The line number of a byte position; CR LF, CR and LF each end a line."""
    head = data[:index]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding used: UTF-8 (with or without BOM), else
    Windows-1252. Raises CsvFileError for an empty file, NUL bytes or binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvFileError(UTF16, field="file", row=1)
    if not data.strip(b" \t\r\n\f\v") or data.strip() == b"\xef\xbb\xbf":
        raise CsvFileError(EMPTY_FILE, field="file", row=1)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = _line_of(data, nul)
        raise CsvFileError(NUL_BYTES, field="file", row=line, line=line)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        # Bytes Windows-1252 does not define: neither UTF-8 nor a spreadsheet's CSV.
        line = _line_of(data, exc.start)
        raise CsvFileError(NOT_TEXT, field="file", row=line, line=line) from exc
    _refuse_binary(text)
    return text, "cp1252"


_BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _refuse_binary(text: str) -> None:
    # A text that is not UTF-8 and is thick with control characters is a binary file that
    # happened to decode; a stray control character in a real file is reported per value.
    sample = text[:8192]
    hits = _BINARY_CHARS.findall(sample)
    if len(hits) > max(8, len(sample) // 50):
        first = _BINARY_CHARS.search(sample)
        head = sample[: first.start()] if first else ""
        line = head.count("\n") + head.count("\r") - head.count("\r\n") + 1
        raise CsvFileError(NOT_TEXT, field="file", row=line, line=line)


def detect_delimiter(text: str) -> str:
    """Comma or semicolon: whichever the header line (outside quotes) holds more of."""
    header = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    outside = re.sub(r'"[^"]*"', "", header)
    return ";" if outside.count(";") > outside.count(",") else ","


def normalize_column(name: str) -> str:
    """A header name as the importer compares it: trimmed, lower case, spaces as '_'."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _shorten(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[:limit] + "…"


def _check_header(cells: list[str]) -> tuple[str, ...]:
    names = tuple(normalize_column(unescape_cell(c)) for c in cells)
    unknown = [
        (_shorten(n) if n else BLANK_COLUMN_NAME.format(position=i + 1))
        for i, n in enumerate(names)
        if n not in KNOWN_COLUMNS
    ]
    known = ", ".join(COLUMNS)
    if len(unknown) == len(names):
        raise CsvFileError(NO_KNOWN_COLUMN, field="header", row=1, known=known)
    if unknown:
        raise CsvFileError(
            UNKNOWN_COLUMNS, field="header", row=1, names=", ".join(unknown), known=known
        )
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise CsvFileError(DUPLICATE_COLUMN, field="header", row=1, name=_shorten(n))
        seen.add(n)
    return names


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _row_values(line: int, cells: list[str], columns: tuple[str, ...]) -> dict[str, str] | RowError:
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        err = ValidationError(TOO_MANY_VALUES, count=len(cells), columns=len(columns))
        return RowError.of(line, err, field="")
    values: dict[str, str] = {}
    for name, cell in zip(columns, cells, strict=False):
        bad = _CONTROL.search(cell)
        if bad:
            err = ValidationError(CONTROL_CHAR, field=name, code=f"U+{ord(bad.group()):04X}")
            return RowError.of(line, err)
        values[name] = unescape_cell(cell)
    # A line with fewer values than the header (spreadsheets drop trailing blanks) leaves the
    # missing columns blank.
    for name in columns[len(cells) :]:
        values[name] = ""
    return values


class _CsvReader(Protocol):
    line_num: int

    def __next__(self) -> list[str]: ...


def read_table(data: bytes) -> CsvTable:
    """Read a contact CSV file's bytes into its header and rows.

    Raises CsvFileError when the file as a whole cannot be used (empty, not text, NUL bytes,
    UTF-16, unknown or no known column names, broken quoting). Rows that are wrong on their
    own (too many values, control characters) are returned in `errors` with their line.
    Blank lines are skipped; line numbers count every line of the file, the header is line 1.
    """
    text, encoding = decode(data)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous_limit = csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        columns: tuple[str, ...] | None = None
        rows: list[CsvRow] = []
        errors: list[RowError] = []
        for line, cells in _records(reader):
            if not any(c.strip() for c in cells):
                continue
            if columns is None:
                columns = _check_header(cells)
                continue
            values = _row_values(line, cells, columns)
            if isinstance(values, RowError):
                errors.append(values)
            else:
                rows.append(CsvRow(line, values))
    finally:
        csv.field_size_limit(previous_limit)
    if columns is None:
        raise CsvFileError(EMPTY_FILE, field="file", row=1)
    return CsvTable(columns, tuple(rows), tuple(errors), encoding, delimiter)


def _records(reader: _CsvReader) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells) for each record, turning csv errors into
    CsvFileError with that line."""
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            reason = str(exc)
            if "unexpected end of data" in reason:
                raise CsvFileError(UNTERMINATED, field="file", row=start, line=start) from exc
            if "field larger than field limit" in reason:
                raise CsvFileError(
                    VALUE_TOO_BIG, field="file", row=start, line=start, limit=MAX_FIELD_CHARS
                ) from exc
            raise CsvFileError(
                BAD_QUOTING, field="file", row=start, line=start, reason=reason
            ) from exc
        yield start, cells
        start = reader.line_num + 1


def parse_type(value: str) -> str:
    """`company` or `person` from a `type` cell (any case; blank means company)."""
    t = value.strip().lower()
    if not t:
        return "company"
    if t not in TYPES:
        raise ValidationError(BAD_TYPE, field="type", value=value)
    return t


# --- writing ---------------------------------------------------------------------------------


SEPARATORS = {"comma": ",", "semicolon": ";"}  # semicolon: what a Dutch Excel opens as columns


def export_text(
    rows: Iterable[Mapping[str, str]], columns: tuple[str, ...] = COLUMNS, delimiter: str = ","
) -> Iterator[str]:
    """The CSV text of an export, in chunks: a header of `columns`, then one line per row,
    every cell made spreadsheet safe, cells separated by `delimiter` ("," or ";"). The caller
    writes it as UTF-8 with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    writer.writerow(columns)
    for i, row in enumerate(rows, start=1):
        writer.writerow([escape_cell(row.get(c, "") or "") for c in columns])
        if i % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
