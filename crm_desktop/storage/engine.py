"""The SQLite engine: pragmas, write transactions that lock at BEGIN, read-only opening.

Everything SQLite-specific stays in this module, each behind one function.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own BEGIN is deferred).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def create_sqlite_engine(path: Path, *, write: bool = True) -> Engine:
    """An engine on the database file.

    A write engine starts every transaction with BEGIN IMMEDIATE, so a writer holds the write lock
    from its first statement and two writers never deadlock upgrading a read lock. A read engine
    begins deferred transactions.
    """
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    begin = "BEGIN IMMEDIATE" if write else "BEGIN"

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


def read_user_version_readonly(path: Path) -> tuple[bool, str | None]:
    """Open the file read-only and return (is_empty, alembic revision or None), writing nothing."""
    shape = inspect_readonly(path)
    return not shape.tables, shape.revision


@dataclass(frozen=True)
class FileShape:
    """What a database file holds, read without writing: its tables and its Alembic revision.

    `revision` is None when there is no `alembic_version` table or it has no row.
    """

    tables: frozenset[str]
    revision: str | None

    @property
    def has_version_table(self) -> bool:
        """True when the file has Alembic's version table (filled or not)."""
        return "alembic_version" in self.tables


def inspect_readonly(path: Path) -> FileShape:
    """Read a file's tables and schema revision through a `mode=ro` connection.

    Nothing is written: not the file, not its -wal (a read-only connection reads committed WAL
    frames but never checkpoints them into the file), not its mode. Raises sqlite3.Error when
    SQLite cannot read the file (the caller turns it into a typed error).
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        tables = frozenset(
            str(r[0]) for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
        )
        revision: str | None = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row and row[0] else None
        return FileShape(tables, revision)
    finally:
        con.close()


def write_lock_free(path: Path) -> bool:
    """True when no other connection holds the write lock on the file right now (checked
    without waiting: BEGIN IMMEDIATE with no busy timeout, then ROLLBACK; writes nothing)."""
    con = sqlite3.connect(str(path), timeout=0, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            return False
        raise
    finally:
        con.close()
