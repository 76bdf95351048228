"""Reading a contact CSV file as a stream: memory stays bounded whatever the file's size.

Two passes over the file's bytes, each in chunks:

1. `sniff` decides the encoding. UTF-8 with or without byte-order mark; a file with bytes that
   are not UTF-8 and no valid UTF-8 multi-byte sequence is Windows-1252 (what Dutch Excel
   writes); a file with both is *mixed* (two files of different encodings joined) and is refused
   at the line of the first bad byte, or, when asked (`replace_invalid=True`, the command
   line's `--encoding utf-8-replace`), read as UTF-8 with the bad bytes replaced and those lines
   listed. UTF-16, UTF-32, NUL bytes and binary data are refused as a whole.
2. `CsvStream` yields the rows one by one (`CsvRow`, or `RowError` for a row that is wrong on its
   own), with line numbers counting every line of the file (the header is line 1). A value over
   MAX_FIELD_CHARS characters, a line over MAX_LINE_CHARS and more than MAX_ROWS rows are refused
   while reading, before the rest of the file is touched.

Values are refused, never silently stored, when they hold a control character, a byte-order mark
(U+FEFF, where two files were joined) or a text-direction control (U+202E and its kin, which can
make one name look like another); a line that repeats the header is refused the same way.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from crm_desktop.domain.csv_format import (
    BAD_QUOTING,
    BIDI_CONTROL,
    BLANK_COLUMN_NAME,
    BYTE_ORDER_MARK,
    COLUMNS,
    CONTROL_CHAR,
    DUPLICATE_COLUMN,
    EMPTY_FILE,
    KNOWN_COLUMNS,
    MAX_FIELD_CHARS,
    MAX_ROWS,
    MIXED_ENCODING,
    NO_KNOWN_COLUMN,
    NOT_TEXT,
    NUL_BYTES,
    REPEATED_HEADER,
    TOO_MANY_ROWS,
    TOO_MANY_VALUES,
    UNKNOWN_COLUMNS,
    UNTERMINATED,
    UTF16,
    UTF32,
    VALUE_TOO_BIG,
    CsvFileError,
    CsvRow,
    CsvTable,
    RowError,
    unescape_cell,
)
from crm_desktop.domain.errors import ValidationError

CHUNK_BYTES = 1 << 20
# A line may hold every column at its longest value, quoted.
MAX_LINE_CHARS = MAX_FIELD_CHARS * len(COLUMNS) + 4 * len(COLUMNS)
# How many of the lines with replaced bytes a notice names.
LISTED_LINES = 20

_BOM_UTF8 = b"\xef\xbb\xbf"
_SURROGATE = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


@dataclass(frozen=True)
class Sniffed:
    """How the file is to be decoded: the codec, its error handling, and the lines whose bad
    bytes were replaced (only with `replace_invalid`)."""

    codec: str
    encoding: str
    errors: str = "strict"
    replaced_lines: tuple[int, ...] = ()
    replaced_count: int = 0


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


class _LineCounter:
    """Counts lines over chunks of text, a CR LF split between chunks counted once."""

    def __init__(self) -> None:
        self.done = 0
        self._last_cr = False

    def line_at(self, text: str, index: int) -> int:
        head = text[:index]
        joined = 1 if self._last_cr and head.startswith("\n") else 0
        return self.done + _line_breaks(head) - joined + 1

    def feed(self, text: str) -> None:
        joined = 1 if self._last_cr and text.startswith("\n") else 0
        self.done += _line_breaks(text) - joined
        if text:
            self._last_cr = text.endswith("\r")


def sniff(stream: BinaryIO, *, replace_invalid: bool = False) -> Sniffed:
    """Decide the file's encoding in one pass over its bytes, in chunks.

    Raises CsvFileError for an empty file, UTF-16 or UTF-32, NUL bytes, binary data, or a mixed
    file (valid UTF-8 multi-byte sequences and bytes that are not UTF-8) unless
    `replace_invalid`. Leaves the stream at its start.
    """
    stream.seek(0)
    head = stream.read(4)
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise CsvFileError(UTF32, field="file", row=1)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvFileError(UTF16, field="file", row=1)
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    lines = _LineCounter()
    multibyte = False
    first_bad: int | None = None
    bad_lines: list[int] = []
    bad_count = 0
    blank = True
    sample = b""
    first = True
    while True:
        chunk = stream.read(CHUNK_BYTES)
        if first:
            sample = chunk[:8192]
            if chunk.startswith(_BOM_UTF8):
                chunk = chunk[len(_BOM_UTF8) :]
            first = False
        text = decoder.decode(chunk, final=not chunk)
        nul = text.find("\x00")
        if nul >= 0:
            line = lines.line_at(text, nul)
            raise CsvFileError(NUL_BYTES, field="file", row=line, line=line)
        if blank and text.strip(" \t\r\n\f\v"):
            blank = False
        for bad in _SURROGATE.finditer(text):
            line = lines.line_at(text, bad.start())
            if first_bad is None:
                first_bad = line
            if not bad_lines or bad_lines[-1] != line:
                bad_count += 1
                if len(bad_lines) < LISTED_LINES:
                    bad_lines.append(line)
        if not multibyte:
            multibyte = any(not _SURROGATE.match(m.group()) for m in _NON_ASCII.finditer(text))
        lines.feed(text)
        if not chunk:
            break
    stream.seek(0)
    if blank:
        raise CsvFileError(EMPTY_FILE, field="file", row=1)
    bom = sample.startswith(_BOM_UTF8)
    if first_bad is None:
        return Sniffed("utf-8-sig" if bom else "utf-8", "utf-8")
    if multibyte or bom:
        if not replace_invalid:
            raise CsvFileError(MIXED_ENCODING, field="file", row=first_bad, line=first_bad)
        return Sniffed(
            "utf-8-sig" if bom else "utf-8", "utf-8", "replace", tuple(bad_lines), bad_count
        )
    _refuse_undefined_cp1252(stream)
    _refuse_binary(sample.decode("cp1252", errors="replace"))
    return Sniffed("cp1252", "cp1252")


def _refuse_undefined_cp1252(stream: BinaryIO) -> None:
    # Bytes Windows-1252 does not define: neither UTF-8 nor a spreadsheet's CSV.
    lines = _LineCounter()
    decoder = codecs.getincrementaldecoder("cp1252")()
    while True:
        chunk = stream.read(CHUNK_BYTES)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            line = lines.line_at(chunk.decode("latin-1"), exc.start)
            raise CsvFileError(NOT_TEXT, field="file", row=line, line=line) from exc
        lines.feed(text)
        if not chunk:
            break
    stream.seek(0)


_BINARY_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _refuse_binary(sample: str) -> None:
    # A text that is not UTF-8 and is thick with control characters is a binary file that
    # happened to decode; a stray control character in a real file is reported per value.
    hits = _BINARY_CHARS.findall(sample)
    if len(hits) > max(8, len(sample) // 50):
        first = _BINARY_CHARS.search(sample)
        head = sample[: first.start()] if first else ""
        line = _line_breaks(head) + 1
        raise CsvFileError(NOT_TEXT, field="file", row=line, line=line)


def detect_delimiter(line: str) -> str:
    """Comma or semicolon: whichever the header line (outside quotes) holds more of."""
    outside = re.sub(r'"[^"]*"', "", line)
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
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _cell_problem(name: str, cell: str) -> ValidationError | None:
    bad = _CONTROL.search(cell)
    if bad:
        return ValidationError(CONTROL_CHAR, field=name, code=f"U+{ord(bad.group()):04X}")
    if "\ufeff" in cell:
        return ValidationError(BYTE_ORDER_MARK, field=name)
    bidi = _BIDI.search(cell)
    if bidi:
        return ValidationError(BIDI_CONTROL, field=name, code=f"U+{ord(bidi.group()):04X}")
    return None


def row_values(line: int, cells: list[str], columns: tuple[str, ...]) -> dict[str, str] | RowError:
    """A data row's values by column, or the reason it cannot be used."""
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        err = ValidationError(TOO_MANY_VALUES, count=len(cells), columns=len(columns))
        return RowError.of(line, err, field="")
    if (
        len(cells) == len(columns)
        and normalize_column(cells[0].lstrip("\ufeff")) == columns[0]
        and columns == tuple(normalize_column(unescape_cell(c).lstrip("\ufeff")) for c in cells)
    ):
        return RowError.of(line, ValidationError(REPEATED_HEADER), field="")
    values: dict[str, str] = {}
    for name, cell in zip(columns, cells, strict=False):
        problem = _cell_problem(name, cell)
        if problem is not None:
            return RowError.of(line, problem)
        values[name] = unescape_cell(cell)
    # A line with fewer values than the header (spreadsheets drop trailing blanks) leaves the
    # missing columns blank.
    for name in columns[len(cells) :]:
        values[name] = ""
    return values


def _capped_lines(text: io.TextIOBase) -> Iterator[str]:
    """The text's lines, refusing one longer than MAX_LINE_CHARS before it is all in memory."""
    number = 0
    while True:
        line = text.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_CHARS:
            # Longer than every column at its longest: a value beyond the limit (or a file
            # that is not CSV at all); said as the csv reader says it for one value.
            raise CsvFileError(
                VALUE_TOO_BIG, field="file", row=number, line=number, limit=MAX_FIELD_CHARS
            )
        yield line


@dataclass
class CsvStream:
    """The rows of a sniffed file, read one at a time.

    `columns` and `delimiter` are known once the stream is opened (the header is read then);
    iterating yields `CsvRow`s and `RowError`s in file order. `rows_read` counts data rows.
    """

    stream: BinaryIO
    sniffed: Sniffed
    columns: tuple[str, ...] = ()
    delimiter: str = ","
    rows_read: int = 0
    _text: io.TextIOWrapper | None = field(default=None, repr=False)
    _records: Iterator[tuple[int, list[str]]] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, stream: BinaryIO, sniffed: Sniffed) -> CsvStream:
        """Start reading at the header; raises CsvFileError for a header that cannot be used."""
        self = cls(stream, sniffed)
        stream.seek(0)
        text = io.TextIOWrapper(stream, encoding=sniffed.codec, errors=sniffed.errors, newline="")
        self._text = text
        physical = _capped_lines(text)
        skipped: list[str] = []
        header_line = ""
        for line in physical:
            skipped.append(line)
            if line.strip():
                header_line = line
                break
        self.delimiter = detect_delimiter(header_line)
        reader = csv.reader(
            itertools.chain(skipped, physical), delimiter=self.delimiter, strict=True
        )
        self._records = _records(reader)
        for _line, cells in self._records:
            if any(c.strip() for c in cells):
                self.columns = _check_header(cells)
                break
        if not self.columns:
            raise CsvFileError(EMPTY_FILE, field="file", row=1)
        return self

    def __iter__(self) -> Iterator[CsvRow | RowError]:
        assert self._records is not None
        for line, cells in self._records:
            if not any(c.strip() for c in cells):
                continue
            self.rows_read += 1
            if self.rows_read > MAX_ROWS:
                raise CsvFileError(TOO_MANY_ROWS, field="file", row=line, line=line, limit=MAX_ROWS)
            values = row_values(line, cells, self.columns)
            yield values if isinstance(values, RowError) else CsvRow(line, values)

    def position(self) -> int:
        """How many bytes of the file were read so far (for progress)."""
        try:
            return self.stream.tell()
        except (OSError, ValueError):
            return 0

    def detach(self) -> None:
        """Stop reading, leaving the binary stream open for the caller to close or rewind."""
        if self._text is not None:
            self._text.detach()
            self._text = None


def _records(
    reader: Iterator[list[str]], limit: int = MAX_FIELD_CHARS
) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells) for each record, turning csv errors into
    CsvFileError with that line; a value over `limit` characters is one."""
    line_num = 0
    previous = csv.field_size_limit(limit)
    try:
        while True:
            start = line_num + 1
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
                        VALUE_TOO_BIG, field="file", row=start, line=start, limit=limit
                    ) from exc
                raise CsvFileError(
                    BAD_QUOTING, field="file", row=start, line=start, reason=reason
                ) from exc
            line_num = getattr(reader, "line_num", line_num + 1)
            yield start, cells
    finally:
        csv.field_size_limit(previous)


def decode(data: bytes, *, replace_invalid: bool = False) -> tuple[str, str]:
    """A whole (small) file's text and the encoding used, decided as `sniff` does (UTF-8 with
    or without BOM, else Windows-1252). Raises CsvFileError as `sniff` does."""
    sniffed = sniff(io.BytesIO(data), replace_invalid=replace_invalid)
    return data.decode(sniffed.codec, sniffed.errors), sniffed.encoding


def read_table(data: bytes, *, replace_invalid: bool = False) -> CsvTable:
    """Read a whole (small) file's bytes into its header and rows: `sniff` and `CsvStream` on
    the bytes. Raises CsvFileError as they do."""
    stream = io.BytesIO(data)
    sniffed = sniff(stream, replace_invalid=replace_invalid)
    reader = CsvStream.open(stream, sniffed)
    rows: list[CsvRow] = []
    errors: list[RowError] = []
    for item in reader:
        (errors if isinstance(item, RowError) else rows).append(item)  # type: ignore[arg-type]
    return CsvTable(reader.columns, tuple(rows), tuple(errors), sniffed.encoding, reader.delimiter)
