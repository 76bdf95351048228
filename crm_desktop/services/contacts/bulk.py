"""Writing many contacts at once: one compiled INSERT executed per chunk of plain tuples."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from crm_desktop.domain import contacts as rules
from crm_desktop.storage import models as m


def contact_table() -> Table:
    """The contact table, for Core statements."""
    table = m.Contact.__table__
    assert isinstance(table, Table)
    return table


_CODE_COLUMNS = frozenset(
    f.name for f in rules.CONTACT_FIELDS if f.kind == "code" and f.ref_table is not None
) | {"no_series"}


class BulkWriter:
    """Inserts prepared contacts with one executemany per chunk.

    The statement is compiled once by the session's dialect and the rows are passed as plain
    tuples in its parameter order: SQLAlchemy's per-row parameter processing cost as much as
    SQLite's own work at 100,000 rows. The only typed value, Last Date/Time Modified, is the same
    for every row and goes through the column type's bind processor once.
    """

    def __init__(self, s: Session, now: dt.datetime) -> None:
        self.connection = s.connection()
        table = contact_table()
        dialect = self.connection.dialect
        compiled = insert(table).compile(dialect=dialect)
        self.sql = str(compiled)
        keys = list(compiled.positiontup or [])
        if not keys or set(keys) != set(table.columns.keys()):
            # A dialect with named parameters: keep SQLAlchemy's own executemany.
            self.sql = ""
            keys = list(table.columns.keys())
        self.keys = keys
        processor = table.c.last_modified.type.dialect_impl(dialect).bind_processor(dialect)
        self.now: Any = processor(now) if processor and self.sql else now

    def insert(self, rows: list[dict[str, Any]]) -> None:
        """Insert these prepared contacts."""
        records = [self._record(v) for v in rows]
        if self.sql:
            self.connection.exec_driver_sql(self.sql, records)
        else:
            table = contact_table()
            self.connection.execute(
                insert(table), [dict(zip(self.keys, r, strict=True)) for r in records]
            )

    def _record(self, values: dict[str, Any]) -> tuple[Any, ...]:
        out: list[Any] = []
        for key in self.keys:
            if key in _CODE_COLUMNS:
                out.append(values.get(key) or None)
            elif key == "privacy_blocked":
                out.append(1 if values.get(key) else 0)
            elif key == "search_email":
                out.append(rules.search_email(values.get("email", ""))[:80])
            elif key == "contact_business_relation":
                out.append(values.get(key) or "none")
            elif key == "last_modified":
                out.append(self.now)
            else:
                out.append(values.get(key, ""))
        return tuple(out)
