"""Contacts in and out as CSV: `import_contacts` here, `export_contacts` in csv_export.

Import reads the whole file (format rules in `crm_desktop.domain.csv_format`), checks every row
with the same rules as the contact card (field validation, numbers, inheritance, defaults,
references), and only then writes, in one transaction with bulk inserts. A file with any bad row
changes nothing and raises `ImportRefusedError` listing each bad row by line, field and reason;
with `skip_invalid` the good rows are written and the bad ones returned.

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

from pathlib import Path

from sqlalchemy.orm import Session

from crm_desktop.domain.csv_format import (
    CsvFileError,
    CsvTable,
    read_table,
)
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


def read_file(path: str | Path) -> CsvTable:
    """Read and check a CSV file's format; raises CsvFileError naming the line and reason."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CsvFileError(
            CANNOT_READ, field="file", path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    return read_table(data)


def import_contacts(
    ctx: AppContext,
    path: str | Path,
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportResult:
    """Import the contacts of a CSV file in one transaction.

    Every row is checked before anything is written. Raises CsvFileError when the file cannot
    be used at all, ImportRefusedError (with `errors`) when a row is bad and `skip_invalid` is
    off, ImportCancelledError when `cancel()` turns true, and numbering errors when the Contact
    Nos. series cannot hand out the numbers; in each case nothing is written.
    `progress(done, total)` is called now and then from the calling thread.
    """
    table = read_file(path)
    with ctx.db.uow() as s:
        return import_table_in(
            s, table, skip_invalid=skip_invalid, progress=progress, cancel=cancel
        )


def import_table_in(
    s: Session,
    table: CsvTable,
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportResult:
    """`import_contacts` on an already read file, inside the caller's write session."""
    report = Reporter(len(table.rows), progress, cancel)
    importer = RowImporter(s, report)
    rows, errors = importer.check(table)
    errors = sorted([*table.errors, *errors], key=lambda e: e.line)
    if errors and not skip_invalid:
        raise ImportRefusedError(errors, good_rows=len(rows))
    companies, persons = importer.write(rows)
    notices = [n.message for n in numbering.take_warnings(s)]
    report.done()
    return ImportResult(companies + persons, errors, companies, persons, notices)
