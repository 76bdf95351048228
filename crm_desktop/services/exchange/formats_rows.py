"""The formats import's rows through the streaming importer (issue 14): our CSV read with
`domain.csv_reading`'s rules into a table, and a read table checked and written by
`contact_rows.RowImporter` (which reads rows from any `RowSource`).

Arrows: used by `formats_import` only; imports `contact_rows` and `csv_import`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.domain import csv_format as cf
from crm_desktop.domain import csv_reading
from crm_desktop.services.exchange.contact_rows import ImportRefusedError, Reporter, RowImporter
from crm_desktop.services.exchange.csv_import import _replaced_notice
from crm_desktop.storage.import_scratch import ImportScratch


@dataclass
class Row:
    """A row the importer kept: its line and its values (with the number it got)."""

    line: int
    values: dict[str, Any]


class _TableRows:
    """A read table as the importer's row source (`contact_rows.RowSource`); the position is
    counted in rows."""

    def __init__(self, table: cf.CsvTable) -> None:
        self.table = table
        self.done = 0

    def __iter__(self) -> Iterator[cf.CsvRow | cf.RowError]:
        for row in self.table.rows:
            self.done += 1
            yield row

    def position(self) -> int:
        return self.done


def run_importer(
    s: Session, table: cf.CsvTable, report: Reporter, *, skip_invalid: bool
) -> tuple[list[Row], list[cf.RowError], int, int]:
    """Check the table's rows and, when none is bad or `skip_invalid`, write them (in the
    caller's session): the rows written with their numbers, the errors (format errors
    included), and how many companies and persons were written. Raises ImportRefusedError
    for bad rows without `skip_invalid`."""
    scratch = ImportScratch(s.connection())
    try:
        importer = RowImporter(s, scratch, report)
        good = importer.check(_TableRows(table))
        errors = sorted([*table.errors, *importer.errors], key=lambda e: e.line)
        if errors and not skip_invalid:
            raise ImportRefusedError(errors, good_rows=good)
        companies, persons = importer.write()
        rows = [
            Row(line, values)
            for kind in ("company", "person")
            for batch in scratch.rows(kind)
            for line, values, _drawn in batch
        ]
    finally:
        scratch.close()
    rows.sort(key=lambda r: r.line)
    return rows, errors, companies, persons


def read_ours(data: bytes, *, replace_invalid: bool) -> tuple[cf.CsvTable, list[str]]:
    """Our CSV read with the streaming reader's rules (`domain.csv_reading`) into a table."""
    stream = io.BytesIO(data)
    sniffed = csv_reading.sniff(stream, replace_invalid=replace_invalid)
    reader = csv_reading.CsvStream.open(stream, sniffed)
    rows: list[cf.CsvRow] = []
    errors: list[cf.RowError] = []
    for item in reader:
        if isinstance(item, cf.RowError):
            errors.append(item)
        else:
            rows.append(item)
    table = cf.CsvTable(
        reader.columns, tuple(rows), tuple(errors), sniffed.encoding, reader.delimiter
    )
    return table, _replaced_notice(sniffed)
