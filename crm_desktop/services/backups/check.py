"""`crm-desktop check`: is the data sound? SQLite's integrity check plus the app's own rules.

Checks, in order:
- `PRAGMA integrity_check` (every row read; a damaged page is a row, not an exception);
- `PRAGMA foreign_key_check`: no row refers to a record that does not exist;
- numbers: no contact number drawn from the contact series (Marketing Setup's Contact Nos.) is
  beyond its series line's Last No. Used. A contact number belongs to a line when it has the
  same prefix (the text before the trailing digits) and the same width as the line's numbers.

First what the file is: missing, empty, not SQLite, not ours, no schema revision, a newer
schema, a missing default setup (a first start that did not finish) are each named. It works on
the file directly through read-only connections and never moves or repairs anything, so it can
be run on a damaged file, or on a file from a newer version, which it leaves as it was. The report lists one problem per line.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from crm_desktop.services.datafile.context import DB_FILE
from crm_desktop.services.datafile.opening import CORE_TABLES
from crm_desktop.storage.engine import inspect_readonly
from crm_desktop.storage.integrity import foreign_key_problems, has_sqlite_header, integrity_check
from crm_desktop.storage.migrate import known_revisions

_TRAILING_DIGITS = re.compile(r"^(.*?)(\d+)$")


@dataclass
class CheckReport:
    """What `check` found: one readable sentence per problem (empty when all is well)."""

    path: Path
    problems: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def split_number(no: str) -> tuple[str, int, int] | None:
    """(prefix, numeric value, width) of a number ending in digits, else None."""
    match = _TRAILING_DIGITS.match(no)
    if not match:
        return None
    return match.group(1), int(match.group(2)), len(no)


def numbers_beyond_last_used(
    lines: Iterable[tuple[int, str, str]], numbers: Iterable[str]
) -> list[tuple[str, int, str]]:
    """Numbers greater than the Last No. Used of the series line of their shape.

    `lines` are (line no., starting no., last no. used); returns (number, line no., last used).
    A line whose Last No. Used is blank has issued nothing, so any number of its shape is beyond.
    """
    highest: dict[tuple[str, int], tuple[int, int, str]] = {}
    for line_no, starting_no, last_used in lines:
        shape_of = split_number(last_used or starting_no)
        if shape_of is None:
            continue
        prefix, _value, width = shape_of
        used = split_number(last_used) if last_used else None
        value = used[1] if used else -1
        key = (prefix, width)
        if key not in highest or value > highest[key][0]:
            highest[key] = (value, line_no, last_used)
    found = []
    for no in numbers:
        parts = split_number(no)
        if parts is None:
            continue
        prefix, value, width = parts
        limit = highest.get((prefix, width))
        if limit is not None and value > limit[0]:
            found.append((no, limit[1], limit[2]))
    return found


def _series_problems(con: sqlite3.Connection) -> list[str]:
    row = con.execute("SELECT contact_nos FROM marketing_setup WHERE id = 1").fetchone()
    series = row[0] if row else None
    if not series:
        return []
    lines = [
        (int(r[0]), str(r[1] or ""), str(r[2] or ""))
        for r in con.execute(
            "SELECT line_no, starting_no, last_no_used FROM no_series_line WHERE series_code = ?",
            (series,),
        )
    ]
    numbers = (str(r[0]) for r in con.execute("SELECT no FROM contact"))
    return [
        f"Contact {no} is beyond the Last No. Used ({last or 'none'}) of No. Series {series} "
        f"line {line_no}."
        for no, line_no, last in numbers_beyond_last_used(lines, numbers)
    ]


def check_file(db_path: Path) -> CheckReport:
    """Run every check on a database file; never changes it (read-only connections).

    `found` says what was found (schema revision, contacts); `problems` what is wrong: no
    file, an empty or foreign file, a newer schema, a missing default setup, damage, dangling
    references, numbers beyond their series. `ok` only when the data is whole.
    """
    report = CheckReport(db_path)
    if not db_path.is_file():
        report.problems.append(f"There is no data file at {db_path}.")
        return report
    if db_path.stat().st_size == 0 or not has_sqlite_header(db_path):
        what = "empty (0 bytes)" if db_path.stat().st_size == 0 else "not an SQLite database"
        report.problems.append(f"The data file is {what}; it holds no CRM Desktop data.")
        return report
    try:
        shape = inspect_readonly(db_path)
    except sqlite3.Error as exc:
        report.problems.append(f"The data file cannot be opened: {exc}.")
        return report
    if not shape.tables:
        report.problems.append(
            "The data file has no tables: it was created but never set up (the app sets it up "
            "on its next start)."
        )
        return report
    missing = sorted(CORE_TABLES - shape.tables)
    if missing:
        report.problems.append(
            "The file is not a CRM Desktop data file: it has no table " + ", ".join(missing) + "."
        )
        return report
    if shape.revision is None:
        report.problems.append("The data file has no schema revision (alembic_version is empty).")
        return report
    if shape.revision not in known_revisions():
        report.problems.append(
            f"The data file has schema {shape.revision}, written by a newer version of "
            "CRM Desktop; this version cannot check it."
        )
        return report
    report.found.append(f"schema {shape.revision}")
    try:
        report.problems += [f"integrity: {row}" for row in integrity_check(db_path)]
        for table, rowid, parent in foreign_key_problems(db_path):
            report.problems.append(
                f"dangling reference: {table} row {rowid} refers to a missing {parent} record."
            )
        con = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            if con.execute("SELECT 1 FROM marketing_setup WHERE id = 1").fetchone() is None:
                report.problems.append(
                    "The default setup is missing (no Marketing Setup): the first start did "
                    "not finish. Starting the app fills it in."
                )
            contacts = con.execute("SELECT count(*) FROM contact").fetchone()[0]
            report.found.append(f"{contacts} contacts")
            report.problems += _series_problems(con)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"the checks could not read the file: {exc}")
    return report


def check_data_dir(data_dir: Path) -> CheckReport:
    """Run every check on the data directory's database file."""
    return check_file(data_dir / DB_FILE)
