"""Backups the user can count on: made, listed, restored.

- `make_backup` copies the live database with SQLite's backup API (and the attachments folder)
  into `<data dir>/backups/`, verifies the copy, then applies the rolling retention.
- `backup_if_due` (the GUI calls it on a timer) makes one when the newest is older than a few
  hours and something changed; `backup_on_exit` makes one when something changed since the
  last backup. Changes are tracked with SQLite's `PRAGMA data_version` (`start_tracking`).
- `restore_backup` accepts only a CRM Desktop data file: SQLite's header, a clean check, our
  tables and a schema revision this app knows. The chosen backup is copied to
  `crm.sqlite.restoring` in the data directory, verified and migrated to the current schema
  there, *before* anything else happens; only then is the current data backed up and the copy
  renamed over the database file in one atomic step, and the caller's context reopens it. A
  refused or failed restore leaves the live data untouched, and neither a safety backup nor a
  pre-migration copy behind (the backup file itself is the pre-migration copy).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.domain.errors import SchemaTooNewError, StorageError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import DB_FILE, AppContext, resolve_data_dir
from crm_desktop.services.datafile.opening import (
    CORE_TABLES,
    companion_files,
    move_aside,
    translate_errors_of,
)
from crm_desktop.services.datafile.seed import seed_connection
from crm_desktop.storage import backup as store
from crm_desktop.storage import retention
from crm_desktop.storage.attachment_files import (
    copy_elsewhere_to_backup,
    restore_elsewhere_from_backup,
)
from crm_desktop.storage.database import Database
from crm_desktop.storage.engine import inspect_readonly
from crm_desktop.storage.integrity import (
    has_sqlite_header,
    make_private,
    quick_check,
    sqlite_errors_as_storage_errors,
)
from crm_desktop.storage.migrate import SCHEMA_TOO_NEW, known_revisions, migrate

AUTO_BACKUP_EVERY = dt.timedelta(hours=4)
_WATCH = "backup.change_watch"

NOT_A_GOOD_BACKUP = QT_TRANSLATE_NOOP(
    "errors",
    "The file {path} is not a usable backup ({problem}). "
    "Choose another backup; your current data was not changed.",
)
NOT_A_CRM_FILE = QT_TRANSLATE_NOOP(
    "errors",
    "The file {path} is not a CRM Desktop backup ({problem}). "
    "Choose another backup; your current data was not changed.",
)
BACKUP_MISSING = QT_TRANSLATE_NOOP(
    "errors", "The backup {path} does not exist. Choose another backup; nothing was changed."
)


@dataclass(frozen=True)
class BackupInfo:
    """A backup as the user sees it: when, how big, how many contacts, why it was made."""

    path: Path
    taken: dt.datetime
    size: int
    contacts: int | None
    reason: str
    in_future: bool = False


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the backup of the data it replaced (None when there was no data or
    it was damaged, see `damaged_kept_as`), and the backup it restored."""

    safety_backup: BackupInfo | None
    restored: BackupInfo
    damaged_kept_as: Path | None


def _info(b: store.BackupFile) -> BackupInfo:
    return BackupInfo(b.path, b.taken, b.size, b.contacts, b.reason, b.in_future)


def attachments_dir(data_dir: Path) -> Path:
    """Where the app keeps attachment files."""
    return data_dir / store.ATTACHMENTS_DIR


def start_tracking(ctx: AppContext) -> None:
    """Start noticing changes, so `backup_on_exit` and `backup_if_due` know whether to run."""
    stop_tracking(ctx)
    ctx.extras[_WATCH] = store.ChangeWatch(ctx.db.path)


def stop_tracking(ctx: AppContext) -> None:
    """Release the change tracker's connection."""
    watch = ctx.extras.pop(_WATCH, None)
    if isinstance(watch, store.ChangeWatch):
        watch.close()


def changed_since_backup(ctx: AppContext) -> bool:
    """True when something was saved since tracking started or the last backup (True when
    changes are not tracked, to be on the safe side)."""
    watch = ctx.extras.get(_WATCH)
    return not isinstance(watch, store.ChangeWatch) or watch.changed()


def make_backup(
    ctx: AppContext,
    reason: str = "manual",
    *,
    to: str | Path | None = None,
    now: dt.datetime | None = None,
) -> BackupInfo:
    """Back up the data now (to `to`, or into the backups folder with rolling retention).

    Raises StorageError when the copy cannot be written or fails its check; the data is
    never changed by a backup.
    """
    now = now or dt.datetime.now()
    db_path = ctx.db.path
    if to is not None:
        target = Path(to).expanduser().resolve()
        if target.is_dir():
            # `--to FOLDER` writes a backup into that folder, under a backup's name.
            target = store.unique_backup_path(target, reason, now)
    else:
        store.make_private_dir(ctx.backup_dir)
        target = store.unique_backup_path(ctx.backup_dir, reason, now)
    with sqlite_errors_as_storage_errors(db_path):
        made = store.backup_data(db_path, target, attachments_dir(ctx.data_dir), now=now)
        # Attachments kept outside the data folder go with the backup too, read from the
        # backup's own rows so the copy matches the database copied.
        copy_elsewhere_to_backup(target)
    if to is None:
        retention.prune(ctx.backup_dir, now)
    watch = ctx.extras.get(_WATCH)
    if isinstance(watch, store.ChangeWatch):
        watch.reset()
    return _info(made)


def list_backups(ctx: AppContext) -> list[BackupInfo]:
    """The backups in the backups folder, newest first, with date, size and contact count."""
    return [_info(b) for b in store.list_backup_files(ctx.backup_dir)]


def newest_backup_time(ctx: AppContext) -> dt.datetime | None:
    """When the newest backup in the backups folder was taken (local time, by the UTC time
    written inside it; a backup dated in the future does not count)."""
    limit = dt.datetime.now(dt.UTC) + store.FUTURE_SLACK
    times = [store.taken_utc(p) for p in store.backup_paths(ctx.backup_dir)]
    newest = max((t for t in times if t and t <= limit), default=None)
    return newest.astimezone().replace(tzinfo=None) if newest else None


def backup_if_due(
    ctx: AppContext, *, now: dt.datetime | None = None, every: dt.timedelta = AUTO_BACKUP_EVERY
) -> BackupInfo | None:
    """Make an automatic backup when the newest one is older than `every` and something
    changed (or there is none yet); returns it, or None when none was due."""
    now = now or dt.datetime.now()
    newest = newest_backup_time(ctx)
    if newest is not None and (now - newest < every or not changed_since_backup(ctx)):
        return None
    return make_backup(ctx, "auto", now=now)


def backup_on_exit(ctx: AppContext, *, now: dt.datetime | None = None) -> BackupInfo | None:
    """Make a backup when something changed since the last one; stops tracking."""
    try:
        if not changed_since_backup(ctx):
            return None
        return make_backup(ctx, "on-exit", now=now)
    finally:
        stop_tracking(ctx)


def restore_backup(
    target: AppContext | str | Path, file: str | Path, *, now: dt.datetime | None = None
) -> RestoreResult:
    """Replace the data with a backup, after backing up the current data.

    `target` is the open context (it is closed and reopened on the restored data) or a data
    directory nobody has open. The backup is copied beside the data file and migrated there
    first; the database file is then replaced by an atomic rename; attachments are replaced only
    when the backup holds a copy of them. Raises StorageError when the file is not a usable CRM
    Desktop backup (a 0-byte file, another program's database, an unknown or missing schema
    revision, a failed check), SchemaTooNewError when it comes from a newer app; then the
    current data is untouched and nothing is left behind.
    """
    now = now or dt.datetime.now()
    source = Path(file).expanduser().resolve()
    if not source.is_file():
        raise StorageError(BACKUP_MISSING, path=str(source))
    _refuse_unusable(source)

    ctx = target if isinstance(target, AppContext) else None
    data_dir = ctx.data_dir if ctx else resolve_data_dir(Path(str(target)))
    db_path = data_dir / DB_FILE
    backup_dir = data_dir / "backups"
    store.make_private_dir(backup_dir)
    restoring = store.restoring_copy(db_path)
    store.remove_restoring(db_path)
    try:
        with sqlite_errors_as_storage_errors(restoring):
            store.copy_database(source, restoring)
            store.drop_stamp(restoring)
            _refuse_unusable(restoring, shown=source)
            # Migrated here, before the swap: a backup the migration cannot take is refused
            # with the live data untouched. No pre-migration copy: `source` is that copy.
            migrate(restoring, None, seed=seed_connection)
            store.checkpoint_and_close_wal(restoring)
            problems = quick_check(restoring)
        if problems:
            raise StorageError(NOT_A_GOOD_BACKUP, path=str(source), problem=problems[0])
        for companion in companion_files(restoring):
            companion.unlink(missing_ok=True)
        if ctx is not None:
            stop_tracking(ctx)
            ctx.close()
        safety, damaged = _save_current(db_path, backup_dir, data_dir, now)
        os.replace(restoring, db_path)
        store.sync_dir(data_dir)
        _restore_attachments(store.attachments_of(source), attachments_dir(data_dir))
        # Attachments kept in a storage location outside the data folder come back too.
        restore_elsewhere_from_backup(source, db_path)
        make_private(db_path)
        if ctx is not None:
            ctx.db = Database(db_path)
            translate_errors_of(ctx.db)
    finally:
        store.remove_restoring(db_path)
        # Whatever happened, the context works on whatever file is in place now.
        if ctx is not None:
            start_tracking(ctx)
    return RestoreResult(safety, _info(store.describe(source)), damaged)


def _refuse_unusable(path: Path, *, shown: Path | None = None) -> None:
    """Refuse a file that is not a CRM Desktop data file this app can restore."""
    where = str(shown or path)
    if path.stat().st_size == 0:
        raise StorageError(NOT_A_GOOD_BACKUP, path=where, problem="the file is empty")
    if not has_sqlite_header(path):
        raise StorageError(NOT_A_GOOD_BACKUP, path=where, problem="not a database")
    try:
        problems = store.verify(path)
        shape = inspect_readonly(path)
    except sqlite3.Error as exc:
        raise StorageError(NOT_A_GOOD_BACKUP, path=where, problem=str(exc)) from exc
    if problems:
        raise StorageError(NOT_A_GOOD_BACKUP, path=where, problem=problems[0])
    if shape.revision is not None and shape.revision not in known_revisions():
        raise SchemaTooNewError(SCHEMA_TOO_NEW, path=where, revision=shape.revision)
    missing = sorted(CORE_TABLES - shape.tables)
    if missing:
        problem = (
            "it has no tables" if not shape.tables else "it lacks the tables " + ", ".join(missing)
        )
        raise StorageError(NOT_A_CRM_FILE, path=where, problem=problem)
    if shape.revision is None:
        raise StorageError(NOT_A_CRM_FILE, path=where, problem="its schema revision is missing")


def _save_current(
    db_path: Path, backup_dir: Path, data_dir: Path, now: dt.datetime
) -> tuple[BackupInfo | None, Path | None]:
    """Back up the data about to be replaced (or move it aside when it is damaged), then make
    sure no -wal/-shm file of the old database is left to be replayed onto the restored one."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        for companion in companion_files(db_path):
            companion.unlink(missing_ok=True)
        return None, None
    if not has_sqlite_header(db_path) or quick_check(db_path):
        return None, move_aside(db_path, now)
    made = store.backup_data(
        db_path,
        store.unique_backup_path(backup_dir, "before-restore", now),
        attachments_dir(data_dir),
    )
    copy_elsewhere_to_backup(made.path)
    # The old data is safe in `made`; fold its -wal into the file, then drop the companions.
    store.checkpoint_and_close_wal(db_path)
    for companion in companion_files(db_path):
        companion.unlink(missing_ok=True)
    return _info(made), None


def _restore_attachments(copy: Path, live: Path) -> None:
    if not copy.is_dir():
        return
    incoming = live.with_name(live.name + ".restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(copy, incoming, copy_function=store.copy_private)
    incoming.chmod(0o700)
    old = live.with_name(live.name + ".replaced")
    shutil.rmtree(old, ignore_errors=True)
    if live.exists():
        os.replace(live, old)
    os.replace(incoming, live)
    shutil.rmtree(old, ignore_errors=True)
