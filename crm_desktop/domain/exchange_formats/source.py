"""The common shape of every incoming contact file, telling formats apart, and the mapping onto
our columns.

A `SourceFile` is what a reader found: the file's own header and rows (values by the file's
column names, line numbers as the file counts them), rows refused by format, and per line what
has no column of ours (picture, notes, skipped properties). `to_table` applies a mapping (the
guessed one or the user's correction) and returns the `CsvTable` the contact importer takes,
plus what it left out, so nothing is dropped silently.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from crm_desktop.domain import csv_format as cf
from crm_desktop.domain import csv_reading
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.exchange_formats import csv_kinds as kinds
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

_CTX = "exchange"
KIND_CAPTIONS: dict[str, str] = {
    kinds.OURS: QT_TRANSLATE_NOOP(_CTX, "CRM Desktop CSV"),
    kinds.OUTLOOK: QT_TRANSLATE_NOOP(_CTX, "Outlook CSV (English)"),
    kinds.OUTLOOK_NL: QT_TRANSLATE_NOOP(_CTX, "Outlook CSV (Dutch)"),
    kinds.GOOGLE: QT_TRANSLATE_NOOP(_CTX, "Google Contacts CSV"),
    kinds.VCARD: QT_TRANSLATE_NOOP(_CTX, "vCard"),
    kinds.XLSX: QT_TRANSLATE_NOOP(_CTX, "Excel workbook"),
    kinds.CUSTOM: QT_TRANSLATE_NOOP(_CTX, "CSV with other columns"),
}
SKIPPED_COLUMN = QT_TRANSLATE_NOOP(_CTX, "{column}: no field for it ({value})")
UNKNOWN_COUNTRY = QT_TRANSLATE_NOOP(
    _CTX, "{column}: {value} is not in the Country/Region table, left blank"
)
NOTHING_MAPPED = QT_TRANSLATE_NOOP(
    "errors", "No column is mapped to a contact field; map at least Name or Company."
)

_LIMIT_SHOWN = 60


@dataclass
class LineExtras:
    """What one incoming contact carries beyond our columns."""

    picture: bytes | None = None
    picture_type: str = ""
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass
class SourceFile:
    """An incoming file as read: its kind, its own columns and rows, the guessed mapping."""

    kind: str
    header: tuple[str, ...]
    rows: list[cf.CsvRow]
    errors: list[cf.RowError]
    mapping: dict[str, str]
    extras: dict[int, LineExtras] = field(default_factory=dict)
    encoding: str = "utf-8"
    delimiter: str = ","
    # Said with the import's result (e.g. the lines whose bad bytes were replaced).
    notices: list[str] = field(default_factory=list)

    @property
    def caption(self) -> str:
        """The English name of the format found (translate in context "exchange")."""
        return KIND_CAPTIONS.get(self.kind, self.kind)


@dataclass(frozen=True)
class Lookups:
    """What mapping needs from the database: country codes by code and by name (casefolded),
    and the names of companies that exist (casefolded), so no company is created twice."""

    countries: Mapping[str, str] = field(default_factory=dict)
    company_names: frozenset[str] = frozenset()


@dataclass
class Mapped:
    """`to_table`'s answer: the importer's table, per line what was left out, and for each
    company row the mapping made up, the person's line it came from."""

    table: cf.CsvTable
    extras: dict[int, LineExtras]
    created_companies: dict[int, int]


def _shorten(value: str) -> str:
    return value if len(value) <= _LIMIT_SHOWN else value[:_LIMIT_SHOWN] + "…"


# --- telling formats apart ------------------------------------------------------------------


def sniff(data: bytes, *, replace_invalid: bool = False) -> str:
    """The format of a file by its content: XLSX (a ZIP), VCARD (BEGIN:VCARD first), else a CSV
    kind from its header (OURS, OUTLOOK, OUTLOOK_NL, GOOGLE or CUSTOM). Raises CsvFileError as
    `csv_format.decode` does for text that is no CSV."""
    if data.startswith(b"PK\x03\x04"):
        return kinds.XLSX
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:11].upper() == b"BEGIN:VCARD":
        return kinds.VCARD
    sample = data[: 64 * 1024]
    if len(data) > len(sample) and b"\n" in sample:
        # Whole lines only, so a character is never cut in two.
        sample = sample[: sample.rindex(b"\n") + 1]
    text, _encoding = csv_reading.decode(sample, replace_invalid=replace_invalid)
    header = tuple(_first_record(text))
    return csv_kind(header)


def csv_kind(header: tuple[str, ...]) -> str:
    """The program that wrote the header (Outlook, Google), else OURS when a column is one of
    ours (our CSV, whose reader names any unknown column), else CUSTOM."""
    kind = kinds.detect_kind(header)
    if kind != kinds.CUSTOM:
        return kind
    names = [csv_reading.normalize_column(cf.unescape_cell(h)) for h in header if h.strip()]
    return kinds.OURS if any(n in cf.KNOWN_COLUMNS for n in names) else kinds.CUSTOM


def _first_line(text: str) -> str:
    return re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]


def _first_record(text: str) -> list[str]:
    delimiter = csv_reading.detect_delimiter(_first_line(text))
    for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if any(c.strip() for c in cells):
            return cells
    return []


# Another program's CSV is read whole; a long value is a row error (the field's length), not a
# file that cannot be read, so the reader allows more than our streaming CSV does.
FOREIGN_FIELD_CHARS = 16 * 1024 * 1024


def read_foreign_csv(data: bytes) -> SourceFile:
    """Read an Outlook, Google or other CSV (any column names) into a SourceFile with the
    guessed mapping. Raises CsvFileError for a file that is no CSV text or has broken quoting."""
    text, encoding = csv_reading.decode(data)
    delimiter = csv_reading.detect_delimiter(_first_line(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    previous = csv.field_size_limit(FOREIGN_FIELD_CHARS)
    header: tuple[str, ...] | None = None
    rows: list[cf.CsvRow] = []
    errors: list[cf.RowError] = []
    try:
        # noqa: SLF001 - the one CSV record reader
        for line, cells in csv_reading._records(reader, FOREIGN_FIELD_CHARS):
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = tuple(c.replace("\ufeff", "").strip() for c in cells)
                continue
            rows.append(cf.CsvRow(line, dict(zip(header, cells, strict=False))))
    finally:
        csv.field_size_limit(previous)
    if header is None:
        raise cf.CsvFileError(cf.EMPTY_FILE, field="file", row=1)
    kind = kinds.detect_kind(header)
    mapping = kinds.guess_mapping(header, kind, cf.KNOWN_COLUMNS)
    return SourceFile(kind, header, rows, errors, mapping, {}, encoding, delimiter)


# --- mapping onto our columns -----------------------------------------------------------------

_COMPANY_ADDRESS = ("address", "address_2", "post_code", "city", "county", "country_region_code")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def to_table(
    source: SourceFile,
    mapping: Mapping[str, str] | None = None,
    lookups: Lookups | None = None,
    *,
    create_companies: bool = True,
) -> Mapped:
    """Our contact table for `source` under `mapping` (default: the guessed one).

    A row without `type` is a person when it has a first, middle or last name, else a company
    named by its company column. A person's company that is neither in the file nor in the
    database (`lookups.company_names`) becomes a company row of its own, with the person's
    address. Values mapped to no field, a second value for a field already filled, and country
    names not in the Country/Region table are reported per line in `extras`, never dropped
    silently. Raises ValidationError when no column is mapped at all.
    """
    mapping = dict(source.mapping if mapping is None else mapping)
    lookups = lookups or Lookups()
    used = [c for c in source.header if mapping.get(c, "#")[:1] not in ("", "#")]
    if not used:
        raise ValidationError(NOTHING_MAPPED, field="header")
    extras = {line: _copy(e) for line, e in source.extras.items()}
    rows: list[cf.CsvRow] = []
    errors = list(source.errors)
    for row in source.rows:
        line_extras = extras.setdefault(row.line, LineExtras())
        values = _map_row(source, row, mapping, lookups, line_extras)
        bad = next((k for k, v in values.items() if _CONTROL.search(v)), None)
        if bad is not None:
            code = f"U+{ord(_CONTROL.search(values[bad]).group()):04X}"  # type: ignore[union-attr]
            err = ValidationError(cf.CONTROL_CHAR, field=bad, code=code)
            errors.append(cf.RowError.of(row.line, err))
            continue
        rows.append(cf.CsvRow(row.line, values))
    created = _add_companies(rows, lookups, extras) if create_companies else {}
    columns = tuple(c for c in cf.COLUMNS if any(c in r.values for r in rows)) or ("name",)
    full = tuple(cf.CsvRow(r.line, {c: r.values.get(c, "") for c in columns}) for r in rows)
    table = cf.CsvTable(columns, full, tuple(errors), source.encoding, source.delimiter)
    return Mapped(table, {k: v for k, v in extras.items() if _any(v)}, created)


def _copy(e: LineExtras) -> LineExtras:
    return LineExtras(e.picture, e.picture_type, list(e.notes), list(e.skipped))


def _any(e: LineExtras) -> bool:
    return bool(e.picture or e.notes or e.skipped)


def _map_row(
    source: SourceFile,
    row: cf.CsvRow,
    mapping: Mapping[str, str],
    lookups: Lookups,
    extras: LineExtras,
) -> dict[str, str]:
    values: dict[str, str] = {}
    targets = dict(mapping)
    if source.kind == kinds.GOOGLE:
        _google_phone_targets(row, targets)
    for column, raw in row.values.items():
        # Our CSV is read (and unescaped) by csv_format already; others are trimmed here.
        value = raw if source.kind == kinds.OURS else cf.unescape_cell(raw.strip())
        if not value:
            continue
        target = targets.get(column, "")
        if target == kinds.LABEL:
            continue
        if target == kinds.NOTES:
            extras.notes.append(value)
        elif not target:
            extras.skipped.append(SKIPPED_COLUMN.format(column=column, value=_shorten(value)))
        elif target == "country_region_code":
            code = lookups.countries.get(value.casefold()) if lookups.countries else value
            if code is None:
                extras.skipped.append(UNKNOWN_COUNTRY.format(column=column, value=value))
            elif not values.get(target):
                values[target] = code
        elif values.get(target) and values[target] != value:
            extras.skipped.append(SKIPPED_COLUMN.format(column=column, value=_shorten(value)))
        else:
            values[target] = value
    if not values.get("type") and source.kind != kinds.OURS:
        person = any(values.get(f) for f in ("first_name", "middle_name", "surname"))
        if not person and not values.get("name") and values.get("company_name"):
            values["name"] = values.pop("company_name")
        values["type"] = "person" if person else "company"
    return values


def _google_phone_targets(row: cf.CsvRow, targets: dict[str, str]) -> None:
    """Google's "Phone N - Value" columns go to the field their label names (Work, Mobile, Work
    Fax, Pager); a label we have no field for (Home) is skipped."""
    for n in range(1, 10):
        value_col = f"Phone {n} - Value"
        if value_col not in row.values:
            continue
        label = row.values.get(f"Phone {n} - Label", "") or row.values.get(f"Phone {n} - Type", "")
        if label.strip():
            targets[value_col] = kinds.google_phone_target(label)


def _add_companies(
    rows: list[cf.CsvRow], lookups: Lookups, extras: dict[int, LineExtras]
) -> dict[int, int]:
    """Company rows for persons whose company is nowhere yet; lines after the file's last."""
    known = set(lookups.company_names)
    known |= {
        r.values.get("name", "").casefold() for r in rows if r.values.get("type") == "company"
    }
    next_line = max((r.line for r in rows), default=1) + 1
    created: dict[int, int] = {}
    for r in list(rows):
        v = r.values
        name = v.get("company_name", "")
        if v.get("type") != "person" or not name or v.get("company_no"):
            continue
        if name.casefold() in known:
            continue
        known.add(name.casefold())
        company = {"type": "company", "name": name}
        for f in (*_COMPANY_ADDRESS, "phone_no", "home_page"):
            if v.get(f):
                company[f] = v[f]
        rows.append(cf.CsvRow(next_line, company))
        created[next_line] = r.line
        next_line += 1
    return created
