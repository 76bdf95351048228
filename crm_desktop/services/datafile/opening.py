"""Opening the data safely: check the file before anything writes to it.

`prepare_database` runs in `open_app` before the migration step:
- a file that is not an SQLite database is refused and left exactly as it is (NotADatabaseError);
- a read-only file is refused before SQLite half-opens it (ReadOnlyDatabaseError);
- `PRAGMA quick_check` runs and every row it returns is read (a damaged page is a row, not an
  exception); a damaged file is renamed to `crm.sqlite.damaged-<timestamp>` (with its -wal and
  -shm files), never deleted, and DamagedDatabaseError tells the caller the newest good backup,
  so the GUI can offer to restore it. The next start creates a fresh file;
- a file locked by another program raises DatabaseLockedError;
- the database and its -wal/-shm files are made private (0600).

The typed errors are re-exported here, so the UI can tell them apart without importing storage.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from crm_desktop.storage.backup import newest_good_backup
from crm_desktop.storage.database import Database
from crm_desktop.storage.integrity import (
    DATABASE_DAMAGED,
    DATABASE_DAMAGED_NO_BACKUP,
    DATABASE_READ_ONLY,
    NOT_A_DATABASE,
    DamagedDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    create_private_file,
    has_sqlite_header,
    make_private,
    quick_check,
    sqlite_errors_as_storage_errors,
    translate_engine_errors,
)
from crm_desktop.storage.lock import AlreadyOpenError, DataDirLock, acquire_lock

__all__ = [
    "AlreadyOpenError",
    "DamagedDatabaseError",
    "DataDirLock",
    "DatabaseLockedError",
    "DiskFullError",
    "NotADatabaseError",
    "ReadOnlyDatabaseError",
    "acquire_lock",
    "companion_files",
    "lock_data_dir",
    "move_aside",
    "prepare_database",
    "sqlite_errors_as_storage_errors",
    "translate_errors_of",
]

WAL_SUFFIXES = ("-wal", "-shm", "-journal")


def companion_files(db_path: Path) -> list[Path]:
    """The database file's -wal, -shm and -journal files (whether or not they exist)."""
    return [db_path.with_name(db_path.name + suffix) for suffix in WAL_SUFFIXES]


def move_aside(db_path: Path, now: dt.datetime | None = None) -> Path:
    """Rename a damaged database (and its companion files, kept beside it under the same new
    name so SQLite can still read them together) to `<name>.damaged-<timestamp>`."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        target = db_path.with_name(f"{db_path.name}.damaged-{stamp}-{n}")
        n += 1
    for companion in companion_files(db_path):
        if companion.exists():
            suffix = companion.name[len(db_path.name) :]
            os.replace(companion, target.with_name(target.name + suffix))
    os.replace(db_path, target)
    return target


def _is_writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def prepare_database(db_path: Path, backup_dir: Path) -> None:
    """Check the data file before it is migrated and opened; see the module docstring.

    Raises NotADatabaseError, ReadOnlyDatabaseError, DatabaseLockedError or
    DamagedDatabaseError (after moving the file aside).
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        create_private_file(db_path)
        make_private(db_path)
        return
    if not has_sqlite_header(db_path):
        raise NotADatabaseError(NOT_A_DATABASE, path=str(db_path))
    if not _is_writable(db_path) or any(
        c.exists() and not _is_writable(c) for c in companion_files(db_path)
    ):
        raise ReadOnlyDatabaseError(DATABASE_READ_ONLY, path=str(db_path))
    for path in (db_path, *companion_files(db_path)):
        make_private(path)
    with sqlite_errors_as_storage_errors(db_path):
        problems = quick_check(db_path)
    if problems:
        moved_to = move_aside(db_path)
        backup = newest_good_backup(backup_dir)
        template = DATABASE_DAMAGED if backup else DATABASE_DAMAGED_NO_BACKUP
        raise DamagedDatabaseError(template, moved_to=moved_to, backup=backup)


def translate_errors_of(db: Database) -> None:
    """Every later write on `db` raises typed errors for a locked, read-only or full file."""
    translate_engine_errors(db.engine, db.path)
    translate_engine_errors(db.read_engine, db.path)


def lock_data_dir(data_dir: Path) -> DataDirLock:
    """Create the data directory if needed (private) and lock it for this process.

    Raises AlreadyOpenError when another CRM Desktop holds it, StorageError when the folder
    cannot be created.
    """
    from crm_desktop.services.datafile.context import ensure_data_dir

    ensure_data_dir(data_dir)
    return acquire_lock(data_dir)
