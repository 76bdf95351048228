"""Taking a delete back: the rows a delete removes or changes, captured before, written back after.

`capture(session, table, column, keys)` reads the rows of `table` whose `column` is in `keys`
and, following every foreign key in the models that points at a captured row, the rows that
refer to them (a company's persons' relations, their duplicate pairs, the history a person's
delete moves to the company ...), as they are before the delete. `restore(session, snapshot)`
writes each captured row back as it was: rows the delete removed are inserted again, rows it
changed (a reference set to NULL, history moved) get their old values. It works from the
models' metadata, so a table a later issue adds that refers to contacts is covered the day it
is declared with its foreign key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, insert, select, text, update
from sqlalchemy.orm import Session

from crm_desktop.storage.models import Base


@dataclass(frozen=True)
class Snapshot:
    """Captured rows, per table, in the order they were found (referred rows first)."""

    tables: tuple[tuple[str, tuple[dict[str, Any], ...]], ...] = field(default_factory=tuple)

    def count(self, table: str) -> int:
        """How many rows of `table` were captured."""
        return sum(len(rows) for name, rows in self.tables if name == table)


def _referring(target: Table) -> list[tuple[Table, list[tuple[str, str]]]]:
    """Tables with a foreign key to `target`: (table, [(their column, target column)])."""
    found = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_key_constraints:
            if fk.referred_table is target:
                pairs = [(el.parent.name, el.column.name) for el in fk.elements]
                found.append((table, pairs))
    return found


def capture(session: Session, table_name: str, column: str, keys: Iterable[str]) -> Snapshot:
    """Every row a delete of `table_name` rows (by `column` in `keys`) may remove or change."""
    out: list[tuple[str, tuple[dict[str, Any], ...]]] = []
    seen: dict[str, set[tuple[Any, ...]]] = {}
    todo: list[tuple[Table, str, list[Any]]] = [
        (Base.metadata.tables[table_name], column, list(keys))
    ]
    while todo:
        table, col, values = todo.pop(0)
        if not values:
            continue
        pk = [c.name for c in table.primary_key.columns]
        rows = []
        for chunk in range(0, len(values), 500):
            stmt = select(table).where(table.c[col].in_(values[chunk : chunk + 500]))
            for row in session.execute(stmt).mappings():
                ident = tuple(row[c] for c in pk)
                if ident in seen.setdefault(table.name, set()):
                    continue
                seen[table.name].add(ident)
                rows.append(dict(row))
        if not rows:
            continue
        out.append((table.name, tuple(rows)))
        for child, pairs in _referring(table):
            for child_col, parent_col in pairs:
                todo.append((child, child_col, sorted({r[parent_col] for r in rows} - {None})))
    return Snapshot(tuple(out))


def restore(session: Session, snapshot: Snapshot) -> None:
    """Write every captured row back as it was (inside the caller's transaction; foreign keys
    are checked at commit, so the order of the rows does not matter)."""
    session.execute(text("PRAGMA defer_foreign_keys = ON"))
    for name, rows in snapshot.tables:
        table = Base.metadata.tables[name]
        pk = [c.name for c in table.primary_key.columns]
        for row in rows:
            where = and_(*(table.c[c] == row[c] for c in pk))
            result = session.execute(update(table).where(where).values(**row))
            changed = getattr(result, "rowcount", 0)
            if not changed:
                session.execute(insert(table).values(**row))
