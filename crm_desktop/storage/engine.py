"""The SQLite engine: pragmas, write transactions that lock at BEGIN, read-only opening.

Everything SQLite-specific stays in this module, each behind one function.
"""

from __future__ import annotations

import sqlite3
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
    uri = f"{path.resolve().as_uri()}?mode=ro"
    con = sqlite3.connect(uri, uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return True, None
        if "alembic_version" not in tables:
            return False, None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return False, (row[0] if row else None)
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
