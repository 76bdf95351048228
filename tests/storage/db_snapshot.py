"""A whole database as plain values, to prove an undo gives back exactly what was there.

Every ordinary table by primary key (rowid when it has none) with every column and its rowid;
full-text tables are left out here and compared through search results by the tests.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

# History of merges is not "the data before": it records that the merge was undone.
HISTORY_TABLES = frozenset({"contact_merge", "contact_merge_row"})


def snapshot(path: Path, *, skip: frozenset[str] = HISTORY_TABLES) -> dict[str, dict[Any, Any]]:
    """{table: {primary key (or rowid): (rowid, every column)}} of every ordinary table."""
    con = sqlite3.connect(path)
    try:
        tables = [
            r[1]
            for r in con.execute("PRAGMA main.table_list")
            if r[2] == "table" and not r[1].startswith("sqlite_") and r[1] not in skip
        ]
        out: dict[str, dict[Any, Any]] = {}
        for table in sorted(tables):
            info = con.execute(f'PRAGMA table_info("{table}")').fetchall()
            cols = [r[1] for r in info]
            pk = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
            rows: dict[Any, Any] = {}
            for row in con.execute(f'SELECT rowid, * FROM "{table}"'):
                values = dict(zip(["rowid", *cols], row, strict=True))
                key = tuple(values[c] for c in pk) if pk else values["rowid"]
                rows[key] = values
            out[table] = rows
        return out
    finally:
        con.close()


def differences(a: dict[str, dict[Any, Any]], b: dict[str, dict[Any, Any]]) -> list[str]:
    """What differs between two snapshots, one line per row (empty when identical)."""
    out: list[str] = []
    for table in sorted(set(a) | set(b)):
        ra, rb = a.get(table, {}), b.get(table, {})
        for key in sorted(set(ra) | set(rb), key=repr):
            if ra.get(key) != rb.get(key):
                out.append(f"{table} {key!r}: {ra.get(key)!r} != {rb.get(key)!r}")
    return out
