"""Opening the data safely: check the file before anything writes to it.

`prepare_database` runs in `open_app` before the migration step, in this order:
- leftovers of an interrupted backup or restore are removed (`remove_leftovers`);
- a missing or empty data file is created only when there is nothing to recover: when a backup
  or a file set aside earlier exists, DataMissingError names it (and `crm-desktop restore`)
  instead of creating an empty database without a word; `allow_new` is the user's explicit
  "start with an empty data file" (the GUI asks);
- a file that is not an SQLite database, or an SQLite file that is not CRM Desktop's, is left
  exactly as it is (NotADatabaseError; UnreadableDataError when a backup can be offered);
- the schema revision is read first, read-only (`mode=ro`): a file from a newer version is
  refused with the file, its -wal and its mode exactly as they were (SchemaTooNewError);
- a read-only file is refused before SQLite half-opens it (ReadOnlyDatabaseError);
- `PRAGMA quick_check` runs read-only and every row it returns is read. Only real damage
  (rows, SQLITE_CORRUPT, SQLITE_NOTADB) moves the file aside, to `crm.sqlite.damaged-<time>`
  with its -wal and -shm, never deleted; DamagedDatabaseError names the newest good backup. A
  full disk, an I/O error or a file that cannot be opened are typed errors (DiskFullError,
  CannotWriteError) and leave the file where it is;
- the database and its -wal/-shm files are made private (0600).

Every error that means "your data is elsewhere" is a RecoveryNeededError: the command line exits
with code 3, the GUI offers the backup. The typed errors are re-exported here, so the UI can
tell them apart without importing storage.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path
from typing import Any

from crm_desktop.domain.errors import SchemaTooNewError, StorageError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.storage.backup import (
    backup_paths,
    newest_good_backup,
    remove_data_dir_leftovers,
    remove_leftovers,
)
from crm_desktop.storage.database import Database
from crm_desktop.storage.engine import inspect_readonly
from crm_desktop.storage.integrity import (
    DATABASE_READ_ONLY,
    NOT_A_DATABASE,
    CannotWriteError,
    DatabaseLockedError,
    DiskFullError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    create_private_file,
    has_sqlite_header,
    is_damage,
    make_private,
    quick_check,
    sqlite_errors_as_storage_errors,
    storage_error_for,
    translate_engine_errors,
)
from crm_desktop.storage.lock import AlreadyOpenError, DataDirLock, acquire_lock
from crm_desktop.storage.migrate import SCHEMA_TOO_NEW, known_revisions

__all__ = [
    "AlreadyOpenError",
    "CannotWriteError",
    "DamagedDatabaseError",
    "DataDirLock",
    "DataMissingError",
    "DatabaseLockedError",
    "DiskFullError",
    "NotADatabaseError",
    "ReadOnlyDatabaseError",
    "RecoveryNeededError",
    "UnreadableDataError",
    "acquire_lock",
    "companion_files",
    "lock_data_dir",
    "move_aside",
    "moved_aside_files",
    "prepare_database",
    "sqlite_errors_as_storage_errors",
    "translate_errors_of",
]

# The tables every CRM Desktop data file has, whatever its revision.
CORE_TABLES = frozenset({"alembic_version", "contact", "marketing_setup", "no_series"})
DAMAGED_MARK = ".damaged-"

DATABASE_DAMAGED = QT_TRANSLATE_NOOP(
    "errors",
    "The data file was damaged and has been kept as {moved_to}. "
    "Restore the newest good backup ({backup}) to continue with your data: "
    "crm-desktop restore {backup}",
)
DATABASE_DAMAGED_NO_BACKUP = QT_TRANSLATE_NOOP(
    "errors",
    "The data file was damaged and has been kept as {moved_to}; there is no good backup. "
    "Keep that file for recovery. To start afresh with an empty data file, move the folder "
    "{folder} away (or start the app, which asks first).",
)
DATA_MISSING = QT_TRANSLATE_NOOP(
    "errors",
    "The data file {path} is missing or empty, but your data can be recovered from the backup "
    "{backup}: crm-desktop restore {backup} (the app offers it too). To start afresh with an "
    "empty data file instead, move the folder {folder} away first.",
)
DATA_MISSING_ASIDE = QT_TRANSLATE_NOOP(
    "errors",
    "The data file {path} is missing or empty, but an earlier data file was kept as {aside}. "
    "Try crm-desktop restore {aside}, or keep it for recovery. To start afresh with an empty "
    "data file, move the folder {folder} away first (the app asks first).",
)
DATA_MISSING_BACKUPS = QT_TRANSLATE_NOOP(
    "errors",
    "The data file {path} is missing or empty, but there are backups in {backups} (none can be "
    "offered automatically: dated in the future or failing their check). Choose one with "
    "crm-desktop restore FILE. To start afresh, move the folder {folder} away first.",
)
DATA_UNREADABLE = QT_TRANSLATE_NOOP(
    "errors",
    "The data file {path} is not a CRM Desktop data file that can be read ({reason}); it was "
    "left untouched. Restore the newest good backup ({backup}): crm-desktop restore {backup}",
)
NOT_OURS = QT_TRANSLATE_NOOP(
    "errors",
    "The file {path} is an SQLite database, but not a CRM Desktop data file ({reason}). "
    "Move it out of the data folder (it was left untouched) or choose another folder with "
    "--data-dir.",
)
DISK_FULL_AT_START = QT_TRANSLATE_NOOP(
    "errors",
    "The disk holding {path} is full, so the data cannot be opened safely. Free some space and "
    "start again; your data is intact and was not moved.",
)


class RecoveryNeededError(StorageError):
    """The user's data is not where it should be, but can be recovered: `backup` is the newest
    good backup (or None), `moved_aside` the files set aside earlier. The command line exits
    with code 3; the GUI offers the backup. The template may name the backup as {backup}."""

    def __init__(
        self,
        template: str,
        /,
        *,
        backup_file: Path | None,
        moved_aside: tuple[Path, ...] = (),
        **params: Any,
    ) -> None:
        self.backup = backup_file
        self.moved_aside = moved_aside
        params.setdefault("backup", str(backup_file) if backup_file else "")
        super().__init__(template, **params)


class DamagedDatabaseError(RecoveryNeededError):
    """The data file failed its check and was moved aside to `moved_to`."""

    def __init__(self, template: str, /, *, moved_to: Path, backup: Path | None) -> None:
        self.moved_to = moved_to
        super().__init__(
            template,
            backup_file=backup,
            moved_aside=(moved_to,),
            moved_to=str(moved_to),
            folder=str(moved_to.parent),
        )


class DataMissingError(RecoveryNeededError):
    """The data file is missing or empty while a backup or a file set aside exists."""


class UnreadableDataError(RecoveryNeededError):
    """The data file cannot be read as CRM Desktop data (left untouched) and a backup exists."""


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


def moved_aside_files(db_path: Path) -> tuple[Path, ...]:
    """Data files set aside earlier (`crm.sqlite.damaged-*`, not their -wal/-shm), newest first."""
    found = [
        p
        for p in db_path.parent.glob(db_path.name + DAMAGED_MARK + "*")
        if p.is_file() and not p.name.endswith(("-wal", "-shm", "-journal"))
    ]
    return tuple(sorted(found, key=lambda p: p.name, reverse=True))


def _recovery_for_missing(db_path: Path, backup_dir: Path) -> RecoveryNeededError | None:
    backup = newest_good_backup(backup_dir)
    aside = moved_aside_files(db_path)
    folder = str(db_path.parent)
    if backup is not None:
        return DataMissingError(
            DATA_MISSING,
            backup_file=backup,
            moved_aside=aside,
            path=str(db_path),
            folder=folder,
        )
    if aside:
        return DataMissingError(
            DATA_MISSING_ASIDE,
            backup_file=None,
            moved_aside=aside,
            path=str(db_path),
            aside=str(aside[0]),
            folder=folder,
        )
    if backup_paths(backup_dir):
        return DataMissingError(
            DATA_MISSING_BACKUPS,
            backup_file=None,
            path=str(db_path),
            backups=str(backup_dir),
            folder=folder,
        )
    return None


def _refuse_unreadable(db_path: Path, backup_dir: Path, reason: str) -> None:
    backup = newest_good_backup(backup_dir)
    if backup is not None:
        raise UnreadableDataError(
            DATA_UNREADABLE, backup_file=backup, path=str(db_path), reason=reason
        )


def _typed_start_error(exc: sqlite3.Error, db_path: Path) -> StorageError:
    typed = storage_error_for(exc, db_path)
    if isinstance(typed, DiskFullError):
        return DiskFullError(DISK_FULL_AT_START, path=str(db_path))
    if typed is not None:
        return typed
    return CannotWriteError(
        "The data file {path} could not be read ({reason}). Check the disk and try again; "
        "nothing was changed.",
        path=str(db_path),
        reason=str(exc),
    )


def _check_shape(db_path: Path, backup_dir: Path) -> None:
    """The read-only look at the file: CRM Desktop's, and a revision this app knows."""
    try:
        shape = inspect_readonly(db_path)
    except sqlite3.Error as exc:
        if is_damage(exc):
            _move_damaged(db_path, backup_dir)
        raise _typed_start_error(exc, db_path) from exc
    if shape.revision is not None and shape.revision not in known_revisions():
        raise SchemaTooNewError(SCHEMA_TOO_NEW, path=str(db_path), revision=shape.revision)
    if not shape.tables:
        return
    missing = sorted(CORE_TABLES - shape.tables)
    if shape.revision is None or missing:
        reason = (
            "its schema revision is missing"
            if not missing
            else "it has no table " + ", ".join(missing)
        )
        _refuse_unreadable(db_path, backup_dir, reason)
        raise NotADatabaseError(NOT_OURS, path=str(db_path), reason=reason)


def _move_damaged(db_path: Path, backup_dir: Path) -> None:
    moved_to = move_aside(db_path)
    backup = newest_good_backup(backup_dir)
    template = DATABASE_DAMAGED if backup else DATABASE_DAMAGED_NO_BACKUP
    raise DamagedDatabaseError(template, moved_to=moved_to, backup=backup)


def prepare_database(db_path: Path, backup_dir: Path, *, allow_new: bool = False) -> None:
    """Check the data file before it is migrated and opened; see the module docstring.

    Raises RecoveryNeededError (DataMissingError, UnreadableDataError, DamagedDatabaseError
    after moving the file aside), NotADatabaseError, SchemaTooNewError, ReadOnlyDatabaseError,
    DatabaseLockedError, DiskFullError or CannotWriteError.
    """
    remove_data_dir_leftovers(db_path)
    remove_leftovers(backup_dir)
    if not db_path.exists() or db_path.stat().st_size == 0:
        if not allow_new:
            recovery = _recovery_for_missing(db_path, backup_dir)
            if recovery is not None:
                raise recovery
        create_private_file(db_path)
        make_private(db_path)
        return
    if not has_sqlite_header(db_path):
        _refuse_unreadable(db_path, backup_dir, "its first bytes are not an SQLite header")
        raise NotADatabaseError(NOT_A_DATABASE, path=str(db_path))
    _check_shape(db_path, backup_dir)
    if not _is_writable(db_path) or any(
        c.exists() and not _is_writable(c) for c in companion_files(db_path)
    ):
        raise ReadOnlyDatabaseError(DATABASE_READ_ONLY, path=str(db_path))
    for path in (db_path, *companion_files(db_path)):
        make_private(path)
    try:
        problems = quick_check(db_path)
    except sqlite3.Error as exc:
        raise _typed_start_error(exc, db_path) from exc
    if problems:
        _move_damaged(db_path, backup_dir)


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
