"""The Database: one SQLite file, sessions scoped to one user action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from crm_desktop.storage.engine import create_sqlite_engine, write_lock_free
from crm_desktop.storage.integrity import sqlite_errors_as_storage_errors


class Database:
    """The app's database file. `uow()` is one write transaction, `read()` a read-only one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = create_sqlite_engine(path, write=True)
        self.read_engine = create_sqlite_engine(path, write=False)
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def uow(self) -> Iterator[Session]:
        """One user action: commits everything at the end, or nothing if it raises. A write
        lock another task still holds after the busy timeout raises DatabaseLockedError (a
        clear sentence, not SQLite's "database is locked")."""
        with sqlite_errors_as_storage_errors(self.path), self._write.begin() as session:
            yield session

    def write_lock_free(self) -> bool:
        """True when a write could start now (no other task holds the write lock)."""
        return write_lock_free(self.path)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; it never commits."""
        session = self._read()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        """Release every connection (needed before the file is copied over or moved)."""
        self.engine.dispose()
        self.read_engine.dispose()
