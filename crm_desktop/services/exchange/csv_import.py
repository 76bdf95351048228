"""Contacts in from CSV: `import_contacts`, streaming, in bounded memory, in one transaction.

The file is read as a stream (format rules in `crm_desktop.domain.csv_reading`) and every row is
checked with the same rules as the contact card (field validation, numbers, inheritance,
defaults, references) before anything is written; the whole file is one transaction. A file
with any bad row changes nothing and raises `ImportRefusedError` listing each bad row by line,
field and reason; with `skip_invalid` the good rows are written and the bad ones returned.

Memory is a constant plus the bad rows: no per-row object outlives its batch. What a later row
may refer to (the numbers already seen, the file's companies and their names) and the checked
rows waiting to be written live in temporary tables (`storage.import_scratch`):

1. read: each row is cleaned; numbers are checked (repeated in the file, already in the
   database, manual numbers allowed); companies are completed (defaults, references) and kept;
   persons are kept for step 2;
2. persons: each is completed against its company (a company of the file, also one further
   down, or of the database): name parts, inheritance, defaults, references;
3. write: numbers are drawn from Contact Nos. for the rows without one, in file order; the
   companies, then the persons, are inserted in batches, and duplicate search strings kept.

How a row becomes a contact (documented for users in the README):
- values given in the row are kept; blank fields are filled as on the card: a person with a
  company inherits that company's values into its blank fields (Marketing Setup's Inherit
  flags; the address only as a whole), then the defaults fill what is still blank;
- a person names its company by `company_no` (a contact in the database or a company row
  anywhere in the file) or, without it, by `company_name` (an existing contact No., or exactly one
  company with that name);
- `no` given: a manual number (the Contact Nos. series must allow Manual Nos.; a number already
  in the database or repeated in the file is an error); blank: the next numbers of Contact Nos.,
  skipping numbers already taken.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.orm import Session

from crm_desktop.domain.csv_format import REPLACED_LINES, CsvFileError
from crm_desktop.domain.csv_reading import CsvStream, Sniffed, sniff
from crm_desktop.services import numbering
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.exchange.contact_rows import (
    CANNOT_READ,
    Cancel,
    ImportRefusedError,
    ImportResult,
    Progress,
    Reporter,
    RowImporter,
)
from crm_desktop.storage.import_scratch import ImportScratch
from crm_desktop.storage.models.duplicates import limit_cache

# SQLite's page cache during an import, so its peak memory stays bounded (issue 14 point 8).
CACHE_MIB = 32

# --- import -------------------------------------------------------------------------------------


def import_contacts(
    ctx: AppContext,
    path: str | Path,
    *,
    skip_invalid: bool = False,
    replace_invalid: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportResult:
    """Import the contacts of a CSV file in one transaction, reading it as a stream.

    Every row is checked before anything is written. Raises CsvFileError when the file cannot
    be used at all, ImportRefusedError (with `errors`) when a row is bad and `skip_invalid` is
    off, ImportCancelledError when `cancel()` turns true, and numbering errors when the Contact
    Nos. series cannot hand out the numbers; in each case nothing is written.
    `replace_invalid` reads a file mixing UTF-8 and other bytes as UTF-8, the bad bytes
    replaced and their lines named in the result's notices. `progress(done, total)` is called
    now and then from the calling thread.
    """
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, the stream outlives a with
    except OSError as exc:
        raise CsvFileError(
            CANNOT_READ, field="file", path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    with stream:
        sniffed = sniff(stream, replace_invalid=replace_invalid)
        reader = CsvStream.open(stream, sniffed)
        size = max(1, os.fstat(stream.fileno()).st_size)
        with ctx.db.uow() as s:
            return import_stream_in(
                s, reader, size, skip_invalid=skip_invalid, progress=progress, cancel=cancel
            )


def import_stream_in(
    s: Session,
    reader: CsvStream,
    size: int,
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportResult:
    """`import_contacts` on an opened stream, inside the caller's write session."""
    report = Reporter(size, progress, cancel)
    limit_cache(s, CACHE_MIB)
    scratch = ImportScratch(s.connection())
    try:
        importer = RowImporter(s, scratch, report)
        good = importer.check(reader)
        errors = sorted(importer.errors, key=lambda e: e.line)
        if errors and not skip_invalid:
            raise ImportRefusedError(errors, good_rows=good)
        companies, persons = importer.write()
    finally:
        scratch.close()
    notices = [n.message for n in numbering.take_warnings(s)]
    notices += _replaced_notice(reader.sniffed)
    report.done()
    return ImportResult(companies + persons, errors, companies, persons, notices)


def _replaced_notice(sniffed: Sniffed) -> list[str]:
    if not sniffed.replaced_count:
        return []
    lines = ", ".join(str(n) for n in sniffed.replaced_lines)
    if sniffed.replaced_count > len(sniffed.replaced_lines):
        lines += ", …"
    return [REPLACED_LINES.format(count=sniffed.replaced_count, lines=lines)]
