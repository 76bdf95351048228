"""Scratch space of one CSV import: temporary tables on the import's own connection.

A streaming import (services/exchange) keeps no per-row objects in memory: what a later row may
refer to (numbers already seen, the file's companies and their values, company names) and the
checked rows waiting to be written live in temporary tables of the import's transaction. SQLite
keeps temporary tables in a temporary file with a small page cache, so memory stays bounded
whatever the file's size; the tables vanish with the connection, and a rolled back import
leaves nothing (creating them is part of the transaction).

Raw SQL is allowed here and only here (house style); this is the one function set a second
database would need for imports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection

_TABLES = ("imp_no", "imp_company", "imp_name", "imp_row")

_CREATE = (
    "CREATE TEMP TABLE imp_no (no TEXT PRIMARY KEY, line INTEGER NOT NULL, type TEXT NOT NULL)"
    " WITHOUT ROWID",
    "CREATE TEMP TABLE imp_company (key TEXT PRIMARY KEY, line INTEGER NOT NULL, "
    "data TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TEMP TABLE imp_name (name_cf TEXT NOT NULL, no TEXT NOT NULL, "
    "PRIMARY KEY (name_cf, no)) WITHOUT ROWID",
    "CREATE TEMP TABLE imp_row (line INTEGER PRIMARY KEY, type TEXT NOT NULL, "
    "auto INTEGER NOT NULL, drawn TEXT, data TEXT NOT NULL)",
)


def _dump(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


class ImportScratch:
    """The temporary tables of one import; `close()` drops them (also after a rollback)."""

    def __init__(self, connection: Connection) -> None:
        self.c = connection
        # The DBAPI connection of the same transaction: per-row statements without
        # SQLAlchemy's per-statement cost.
        self.raw: Any = connection.connection.dbapi_connection
        self._rows: list[tuple[int, str, int, str]] = []
        self.close()
        for sql in _CREATE:
            self.c.exec_driver_sql(sql)

    def close(self) -> None:
        """Drop the tables (safe to call twice)."""
        self._rows = []
        for name in _TABLES:
            self.c.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{name}")

    # -- numbers

    def add_numbers(self, rows: list[tuple[str, int, str]]) -> dict[str, int]:
        """Record (number, line, type) of rows; returns, for every number given, the line where
        the file first gave it (a row whose line differs repeats it). Only first occurrences
        are recorded."""
        if not rows:
            return {}
        nos = sorted({no for no, _line, _type in rows})
        first: dict[str, int] = {}
        for i in range(0, len(nos), 500):
            part = nos[i : i + 500]
            marks = ",".join("?" * len(part))
            for no, line in self.c.exec_driver_sql(
                f"SELECT no, line FROM imp_no WHERE no IN ({marks})", tuple(part)
            ):
                first[str(no)] = int(line)
        fresh: list[tuple[str, int, str]] = []
        for no, line, kind in rows:
            if no not in first:
                first[no] = line
                fresh.append((no, line, kind))
        if fresh:
            self.c.exec_driver_sql("INSERT INTO imp_no (no, line, type) VALUES (?, ?, ?)", fresh)
        return first

    def number_types(self) -> Iterator[tuple[str, str]]:
        """(number, type) of every number the file gives."""
        for no, kind in self.c.exec_driver_sql("SELECT no, type FROM imp_no"):
            yield str(no), str(kind)

    def file_type_of(self, no: str) -> str | None:
        """The type of the file row that gives number `no` (None when no row does)."""
        row = self.raw.execute("SELECT type FROM imp_no WHERE no = ?", (no,)).fetchone()
        return str(row[0]) if row else None

    # -- companies of the file

    def add_company(self, key: str, line: int, values: dict[str, Any], name_cf: str) -> None:
        """Keep a checked company of the file, findable by its key and its name."""
        self.raw.execute(
            "INSERT INTO imp_company (key, line, data) VALUES (?, ?, ?)",
            (key, line, _dump(values)),
        )
        self.raw.execute(
            "INSERT OR IGNORE INTO imp_name (name_cf, no) VALUES (?, ?)", (name_cf, key)
        )

    def company(self, key: str) -> dict[str, Any] | None:
        """A checked company of the file by number (or stand-in key)."""
        row = self.raw.execute("SELECT data FROM imp_company WHERE key = ?", (key,)).fetchone()
        return dict(json.loads(row[0])) if row else None

    def has_company(self, key: str) -> bool:
        """True when the file holds a checked company with this number (or stand-in key)."""
        found = self.raw.execute("SELECT 1 FROM imp_company WHERE key = ?", (key,)).fetchone()
        return found is not None

    def add_names(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Record (casefolded name, number) of companies already in the database."""
        batch: list[tuple[str, str]] = []
        for pair in pairs:
            batch.append(pair)
            if len(batch) >= 5000:
                self._names(batch)
                batch = []
        self._names(batch)

    def _names(self, batch: list[tuple[str, str]]) -> None:
        if batch:
            self.c.exec_driver_sql(
                "INSERT OR IGNORE INTO imp_name (name_cf, no) VALUES (?, ?)", batch
            )

    def numbers_named(self, name_cf: str, limit: int = 2) -> list[str]:
        """Up to `limit` company numbers (or stand-in keys) with this casefolded name."""
        return [
            str(r[0])
            for r in self.c.exec_driver_sql(
                "SELECT no FROM imp_name WHERE name_cf = ? ORDER BY no LIMIT ?", (name_cf, limit)
            )
        ]

    # -- checked rows waiting to be written

    def add_row(self, line: int, kind: str, values: dict[str, Any]) -> None:
        """Keep a checked row (company or person) to be written after every check passed;
        written to the table in batches (`flush`, done by every reading method)."""
        self._rows.append((line, kind, 0 if values.get("no") else 1, _dump(values)))
        if len(self._rows) >= 2000:
            self.flush()

    def flush(self) -> None:
        """Write the rows `add_row` holds back."""
        if self._rows:
            self.raw.executemany(
                "INSERT INTO imp_row (line, type, auto, data) VALUES (?, ?, ?, ?)", self._rows
            )
            self._rows = []

    def auto_count(self) -> int:
        """How many kept rows need a number from the series."""
        self.flush()
        row = self.c.exec_driver_sql("SELECT count(*) FROM imp_row WHERE auto = 1").first()
        return int(row[0]) if row else 0

    def set_drawn(self, pairs: list[tuple[str, int]]) -> None:
        """Record the numbers drawn from the series for kept rows: (number, line)."""
        if pairs:
            self.c.exec_driver_sql("UPDATE imp_row SET drawn = ? WHERE line = ?", pairs)

    def drawn_for(self, lines: list[int]) -> dict[int, str]:
        """The numbers drawn for the rows at these lines."""
        out: dict[int, str] = {}
        for i in range(0, len(lines), 500):
            part = lines[i : i + 500]
            marks = ",".join("?" * len(part))
            for line, no in self.c.exec_driver_sql(
                f"SELECT line, drawn FROM imp_row WHERE line IN ({marks}) AND drawn IS NOT NULL",
                tuple(part),
            ):
                out[int(line)] = str(no)
        return out

    def is_taken(self, nos: list[str]) -> set[str]:
        """The numbers among `nos` that a contact or a row of the file already has."""
        taken: set[str] = set()
        for i in range(0, len(nos), 500):
            part = nos[i : i + 500]
            marks = ",".join("?" * len(part))
            sql = (
                f"SELECT no FROM contact WHERE no IN ({marks}) "
                f"UNION SELECT no FROM imp_no WHERE no IN ({marks})"
            )
            taken.update(str(r[0]) for r in self.c.exec_driver_sql(sql, tuple(part) * 2))
        return taken

    def count(self, kind: str) -> int:
        """How many kept rows of this type there are."""
        self.flush()
        row = self.c.exec_driver_sql("SELECT count(*) FROM imp_row WHERE type = ?", (kind,)).first()
        return int(row[0]) if row else 0

    def replace_rows(
        self, kind: str, lines: list[int], kept: list[tuple[int, dict[str, Any]]]
    ) -> None:
        """Replace the kept rows at `lines` by the rows `kept` (line, values) of type `kind`;
        rows of `lines` not in `kept` are dropped."""
        self.flush()
        for i in range(0, len(lines), 500):
            part = lines[i : i + 500]
            marks = ",".join("?" * len(part))
            self.c.exec_driver_sql(f"DELETE FROM imp_row WHERE line IN ({marks})", tuple(part))
        for line, values in kept:
            self.add_row(line, kind, values)

    def rows(
        self, kind: str, batch: int = 2000
    ) -> Iterator[list[tuple[int, dict[str, Any], bool]]]:
        """The kept rows of one type in file order, in batches of (line, values, drawn): a
        number drawn from the series is already in `values["no"]`, and `drawn` says so."""
        self.flush()
        last = 0
        while True:
            found = []
            for line, drawn, data in self.c.exec_driver_sql(
                "SELECT line, drawn, data FROM imp_row WHERE type = ? AND line > ? "
                "ORDER BY line LIMIT ?",
                (kind, last, batch),
            ):
                values = dict(json.loads(data))
                if drawn is not None:
                    values["no"] = str(drawn)
                found.append((int(line), values, drawn is not None))
            if not found:
                return
            last = found[-1][0]
            yield found

    def auto_lines(self, batch: int = 5000) -> Iterator[list[tuple[int, str]]]:
        """(line, type) of the kept rows without a number, in file order, in batches."""
        self.flush()
        last = 0
        while True:
            found = [
                (int(line), str(kind))
                for line, kind in self.c.exec_driver_sql(
                    "SELECT line, type FROM imp_row WHERE auto = 1 AND line > ? "
                    "ORDER BY line LIMIT ?",
                    (last, batch),
                )
            ]
            if not found:
                return
            last = found[-1][0]
            yield found
