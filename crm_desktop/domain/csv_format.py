"""The contact CSV format: column names, messages, writing rows, spreadsheet safety.

Pure rules, no database. Reading a file (as a stream, in bounded memory) is in
`crm_desktop.domain.csv_reading`. Writing produces UTF-8 with a byte-order mark (so Excel
recognises it), comma separated, every column in export order.

Spreadsheet safety: a cell a spreadsheet would run as a formula is written with a leading `'`,
which spreadsheets show as text; reading removes exactly that one `'` again, so export followed
by import gives back the original value. A cell is a formula when it starts with `=`, `@`, a tab
or a carriage return, or with `+`/`-` followed by anything but a number shape (digits, spaces and
`( ) . , /`, with no second sign: `+1+1` and `-2-2` are sums). Leading whitespace (spaces,
no-break spaces, newlines) counts as nothing: the character after it decides.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

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

# Limits of one import, checked while the file is read (README "CSV import"): a value of at most
# 64 KiB characters (the longest contact field is 250), at most 1,000,000 data rows.
MAX_FIELD_CHARS = 64 * 1024
MAX_ROWS = 1_000_000

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
UTF32 = QT_TRANSLATE_NOOP(
    CONTEXT,
    "The file is saved as UTF-32. Save it as CSV UTF-8 or CSV (Windows-1252).",
)
MIXED_ENCODING = QT_TRANSLATE_NOOP(
    CONTEXT,
    "The file is UTF-8, but line {line} holds a byte that is not UTF-8 (the file was probably "
    "joined from files of different encodings), so its accents cannot be read reliably. "
    "Save it again as CSV UTF-8, or import it as UTF-8 with the bad characters replaced "
    "(--encoding utf-8-replace).",
)
REPLACED_LINES = QT_TRANSLATE_NOOP(
    CONTEXT,
    "Lines holding bytes that are not UTF-8: {lines} ({count} in all); those characters "
    "were imported as the replacement character (U+FFFD).",
)
TOO_MANY_ROWS = QT_TRANSLATE_NOOP(
    CONTEXT,
    "The file has more than {limit} rows (line {line}). Split it into files of at most "
    "{limit} rows and import them one after another.",
)
REPEATED_HEADER = QT_TRANSLATE_NOOP(
    CONTEXT,
    "The line repeats the header (were two files joined?); remove it.",
)
BYTE_ORDER_MARK = QT_TRANSLATE_NOOP(
    CONTEXT,
    "The value contains a byte-order mark (U+FEFF), left where two files were joined; remove it.",
)
BIDI_CONTROL = QT_TRANSLATE_NOOP(
    CONTEXT,
    "The value contains a text-direction control character ({code}), which can make a name "
    "look like another; remove it.",
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

# '+' or '-' then only digits, spaces and the punctuation of numbers, with no second sign: a
# spreadsheet reads such a cell as a number; `+1+1` or `-2-2` it would compute.
_NUMBER_SHAPE = re.compile(r"[+-][0-9 ().,/]*\Z")
_FORMULA_STARTS = ("=", "@", "\t", "\r")


def _dangerous(value: str) -> bool:
    if value.startswith(_FORMULA_STARTS):
        return True
    # Spreadsheets skip leading blanks (a no-break space and a newline too) before a formula.
    rest = value.lstrip()
    if rest.startswith(("=", "@")):
        return True
    return rest[:1] in ("+", "-") and _NUMBER_SHAPE.match(rest) is None


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
