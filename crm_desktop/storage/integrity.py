"""Is the data file healthy? SQLite's own checks, and SQLite's failures as typed errors.

`quick_check` and `integrity_check` report a damaged page as result rows, not as an exception, so
every row is read. SQLite's error codes (busy, read-only, full, not a database, corrupt) become
the typed errors below, each one sentence saying what happened and what to do.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError

from crm_desktop.domain.errors import StorageError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

SQLITE_HEADER = b"SQLite format 3\x00"

# SQLite's primary result codes (https://sqlite.org/rescode.html).
SQLITE_CORRUPT = 11
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

DATABASE_LOCKED = QT_TRANSLATE_NOOP(
    "errors",
    "The data file {path} is locked by another program. "
    "Close the other program (or CRM Desktop window) and try again; nothing was changed.",
)
DATABASE_READ_ONLY = QT_TRANSLATE_NOOP(
    "errors",
    "The data file {path} is read-only. "
    "Give your user write permission on it and its folder, or copy the folder elsewhere and "
    "open that with --data-dir; nothing was changed.",
)
DISK_FULL = QT_TRANSLATE_NOOP(
    "errors",
    "The disk holding {path} is full, so the last change was not saved. "
    "Free some space and try again; your earlier data is intact.",
)
NOT_A_DATABASE = QT_TRANSLATE_NOOP(
    "errors",
    "The file {path} is not a CRM Desktop data file. "
    "Move it out of the data folder (it was left untouched) or choose another folder "
    "with --data-dir.",
)
DATABASE_DAMAGED = QT_TRANSLATE_NOOP(
    "errors",
    "The data file was damaged and has been kept as {moved_to}. "
    "Restore the newest good backup ({backup}) to continue with your data.",
)
DATABASE_DAMAGED_NO_BACKUP = QT_TRANSLATE_NOOP(
    "errors",
    "The data file was damaged and has been kept as {moved_to}; there is no good backup. "
    "Starting again creates an empty data file; keep the damaged file for recovery.",
)
CANNOT_WRITE = QT_TRANSLATE_NOOP(
    "errors",
    "The data file {path} could not be read or written ({reason}). "
    "Check the disk and its permissions, then try again; nothing was changed and the file "
    "was left where it is.",
)


class DatabaseLockedError(StorageError):
    """Another program holds a lock on the data file."""


class ReadOnlyDatabaseError(StorageError):
    """The data file or its folder cannot be written."""


class DiskFullError(StorageError):
    """SQLite reported SQLITE_FULL: the disk (or quota) is full."""


class CannotWriteError(StorageError):
    """The disk or the system failed reading or writing the file (an I/O error, a file that
    cannot be opened); the file itself is not taken for damaged."""


class NotADatabaseError(StorageError):
    """The data file is not an SQLite database at all; it is left untouched."""


class DamagedDatabaseError(StorageError):
    """The data file failed its check and was moved aside.

    `moved_to` is where the damaged file now is; `backup` the newest good backup (or None).
    """

    def __init__(self, template: str, /, *, moved_to: Path, backup: Path | None) -> None:
        self.moved_to = moved_to
        self.backup = backup
        super().__init__(template, moved_to=str(moved_to), backup=str(backup) if backup else "")


def has_sqlite_header(path: Path) -> bool:
    """True when the file is empty or starts with SQLite's magic header."""
    with open(path, "rb") as fh:
        head = fh.read(len(SQLITE_HEADER))
    return head in (b"", SQLITE_HEADER)


def _readonly_connect(path: Path) -> sqlite3.Connection:
    # mode=ro: a check reads committed WAL frames but never checkpoints them into the file.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)


def _check_rows(path: Path, pragma: str) -> list[str]:
    con = _readonly_connect(path)
    try:
        rows = [str(r[0]) for r in con.execute(f"PRAGMA {pragma}").fetchall()]
    finally:
        con.close()
    return [] if rows == ["ok"] else rows


def is_damage(exc: BaseException) -> bool:
    """True when an SQLite failure means the file itself is damaged (CORRUPT or NOTADB), as
    opposed to the disk or the system failing (I/O error, full disk, cannot open, busy)."""
    return _code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def quick_check(path: Path) -> list[str]:
    """The problems `PRAGMA quick_check` finds (empty when the file is sound).

    Damage SQLite reports as an error (corrupt, not a database) comes back as one problem row;
    any other failure (an I/O error, a full disk, a file that cannot be opened, a lock) is raised
    as the sqlite3 error it is, so a healthy file on a failing disk is never taken for a
    damaged one (wrap the call in `sqlite_errors_as_storage_errors`).
    """
    try:
        return _check_rows(path, "quick_check")
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return [str(exc)]


def integrity_check(path: Path) -> list[str]:
    """The problems `PRAGMA integrity_check` finds (empty when the file is sound); failures
    that are not damage are raised as in `quick_check`."""
    try:
        return _check_rows(path, "integrity_check")
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        return [str(exc)]


def foreign_key_problems(path: Path) -> list[tuple[str, int | None, str]]:
    """Rows that refer to a record that does not exist: (table, rowid, referred table)."""
    con = _readonly_connect(path)
    try:
        return [(str(r[0]), r[1], str(r[2])) for r in con.execute("PRAGMA foreign_key_check")]
    finally:
        con.close()


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(exc).lower()
    for needle, primary in (
        ("database is locked", SQLITE_BUSY),
        ("readonly", SQLITE_READONLY),
        ("read-only", SQLITE_READONLY),
        ("disk is full", SQLITE_FULL),
        ("not a database", SQLITE_NOTADB),
        ("malformed", SQLITE_CORRUPT),
        ("disk i/o error", SQLITE_IOERR),
        ("unable to open", SQLITE_CANTOPEN),
    ):
        if needle in text:
            return primary
    return None


def storage_error_for(exc: BaseException, path: Path) -> StorageError | None:
    """The typed error for an SQLite failure on `path`, or None if it is not a storage failure."""
    inner: Any = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(inner, sqlite3.Error):
        return None
    code = _code(inner)
    where = str(path)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseLockedError(DATABASE_LOCKED, path=where)
    if code == SQLITE_READONLY:
        return ReadOnlyDatabaseError(DATABASE_READ_ONLY, path=where)
    if code == SQLITE_FULL or (code == SQLITE_IOERR and disk_nearly_full(path)):
        # A full disk often shows as "disk I/O error" (a write of the -shm or a journal fails).
        return DiskFullError(DISK_FULL, path=where)
    if code == SQLITE_NOTADB:
        return NotADatabaseError(NOT_A_DATABASE, path=where)
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_CORRUPT):
        return CannotWriteError(CANNOT_WRITE, path=where, reason=str(inner))
    return None


NEARLY_FULL_BYTES = 4 * 1024 * 1024


def disk_nearly_full(path: Path) -> bool:
    """True when the file system holding `path` has less than 4 MiB free."""
    folder = path if path.is_dir() else path.parent
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


@contextmanager
def sqlite_errors_as_storage_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's busy / read-only / full / not-a-database failures into typed errors."""
    try:
        yield
    except (sqlite3.Error, DBAPIError) as exc:
        typed = storage_error_for(exc, path)
        if typed is None:
            raise
        raise typed from exc


def make_private(path: Path) -> None:
    """Make an existing file readable and writable by its owner only (best effort)."""
    try:
        if path.exists():
            path.chmod(0o600)
    except OSError:
        pass


def create_private_file(path: Path) -> None:
    """Create an empty file with mode 0600 unless it exists (SQLite then gives its -wal/-shm
    files the same mode)."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def translate_engine_errors(engine: Engine, path: Path) -> None:
    """Make every statement and commit on `engine` raise the typed errors above for SQLite's
    busy / read-only / full / not-a-database failures, so a service write that hits a full
    disk reaches the user as one clear sentence (its transaction is rolled back as usual)."""

    def _translate(context: ExceptionContext) -> None:
        typed = storage_error_for(context.original_exception, path)
        if typed is not None:
            raise typed from context.sqlalchemy_exception

    if not event.contains(engine, "handle_error", _translate):
        event.listen(engine, "handle_error", _translate)
