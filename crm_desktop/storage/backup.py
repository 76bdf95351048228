"""Backups with SQLite's online backup API: written aside, verified, then renamed into place.

A backup is `<backups>/crm-YYYYmmdd-HHMMSS-<reason>.sqlite` (or `before-migration-<rev>-...` made
by the migration step), with the attachments folder copied beside it as `<name>.attachments/`
when the data directory has one. A backup only gets its final name after it was opened and
`PRAGMA quick_check` passed, so every file with a backup name is a good one; a copy that fails
verification is deleted and the caller gets an error. Files are private (0600, folders 0700).

Every copy carries the UTC time it was made, written inside it (table `backup_stamp`), so
its date survives a rename, a copy to another disk and a clock that was wrong: a backup is dated
by that stamp (older backups without one by their name). One dated more than 5 minutes ahead of
now is "dated in the future": listed as such, never offered automatically, and aged by its file
time instead.

Rolling retention keeps, of the last 24 hours, the newest automatic and the newest other backup
of each hour; the newest backup of each of the last 7 days, 4 weeks and 6 months that have
backups; always the 3 newest; and every "before-migration-*" backup younger than 30 days.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.domain.errors import StorageError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.storage.integrity import create_private_file, quick_check

STAMP_FORMAT = "%Y%m%d-%H%M%S"
ATTACHMENTS_DIR = "attachments"
MIGRATION_PREFIX = "before-migration-"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 6
KEEP_MIGRATION_DAYS = 30
HOURLY_FOR = dt.timedelta(hours=24)
KEEP_LATEST = 3
FUTURE_SLACK = dt.timedelta(minutes=5)
STAMP_TABLE = "backup_stamp"
AUTOMATIC_REASONS = frozenset({"auto", "on-exit"})
# What an interrupted backup or restore leaves: the half-written copy and its journal.
PARTIAL_SUFFIXES = (".partial", ".partial-journal", ".partial-wal", ".partial-shm")

_NAME = re.compile(r"^(?:crm|before-migration-.*?)-?(\d{8}-\d{6})(?:-(\d+))?(?:-(.*))?\.sqlite$")

BACKUP_FAILED_CHECK = QT_TRANSLATE_NOOP(
    "errors",
    "The backup {path} failed its check ({problem}) and was discarded. "
    "Your data was not changed; check the disk and try again.",
)
BACKUP_NOT_WRITTEN = QT_TRANSLATE_NOOP(
    "errors",
    "The backup could not be written to {path} ({reason}). "
    "Free some space or choose another place; your data was not changed.",
)


@dataclass(frozen=True)
class BackupFile:
    """One backup on disk: when it was taken, its size, how many contacts it holds."""

    path: Path
    taken: dt.datetime
    size: int
    contacts: int | None
    reason: str
    attachments: Path | None
    taken_utc: dt.datetime | None = None
    in_future: bool = False

    @property
    def name(self) -> str:
        """The file name."""
        return self.path.name


def make_private_dir(path: Path) -> None:
    """Create a folder readable by its owner only (parents as needed)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def attachments_of(backup: Path) -> Path:
    """Where a backup's copy of the attachments folder lives."""
    return backup.with_name(backup.name + ".attachments")


def parse_taken(name: str) -> dt.datetime | None:
    """The moment a backup was taken, from its file name (None if it is not a backup name)."""
    match = _NAME.match(name)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1), STAMP_FORMAT)
    except ValueError:
        return None


def reason_of(name: str) -> str:
    if name.startswith(MIGRATION_PREFIX):
        return "before-migration"
    match = _NAME.match(name)
    return (match.group(3) if match else None) or ""


def unique_backup_path(backup_dir: Path, reason: str, now: dt.datetime) -> Path:
    """A free file name for a backup taken now."""
    safe = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
    stamp = now.strftime(STAMP_FORMAT)
    path = backup_dir / f"crm-{stamp}-{safe}.sqlite"
    n = 1
    while path.exists():
        path = backup_dir / f"crm-{stamp}-{n}-{safe}.sqlite"
        n += 1
    return path


def count_contacts(path: Path) -> int | None:
    """How many contacts a database file holds (None when it has no contact table)."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        has = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='contact'"
        ).fetchone()
        if not has:
            return None
        return int(con.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        con.close()


def verify(path: Path) -> list[str]:
    """The problems found in a backup file: quick_check's rows, then reading its contacts."""
    problems = quick_check(path)
    if problems:
        return problems
    try:
        count_contacts(path)
    except sqlite3.Error as exc:
        return [str(exc)]
    return []


def remove_partial(target: Path) -> None:
    """Remove the half-written copy of `target` and its journal files, if any."""
    for suffix in PARTIAL_SUFFIXES:
        target.with_name(target.name + suffix).unlink(missing_ok=True)


def copy_database(source: Path, target: Path, *, stamp: dt.datetime | None = None) -> None:
    """Copy the live database at `source` to `target` with SQLite's backup API, verified.

    The copy is written to `<target>.partial` (mode 0600), switched to a single-file journal,
    given the UTC time `stamp` (when given) inside, verified, and only then renamed to
    `target`. Raises StorageError when it cannot be written or fails verification (the partial
    file and its journal are removed; `target` is never half written).
    """
    make_private_dir(target.parent)
    partial = target.with_name(target.name + ".partial")
    remove_partial(target)
    try:
        create_private_file(partial)
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            dst = sqlite3.connect(str(partial), isolation_level=None)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
                if stamp is not None:
                    _write_stamp(dst, stamp)
            finally:
                dst.close()
        finally:
            src.close()
        problems = verify(partial)
    except (OSError, sqlite3.Error) as exc:
        remove_partial(target)
        raise StorageError(BACKUP_NOT_WRITTEN, path=str(target), reason=str(exc)) from exc
    if problems:
        remove_partial(target)
        raise StorageError(BACKUP_FAILED_CHECK, path=str(target), problem=problems[0])
    try:
        _fsync(partial)
        os.replace(partial, target)
    except OSError as exc:
        remove_partial(target)
        raise StorageError(BACKUP_NOT_WRITTEN, path=str(target), reason=str(exc)) from exc


def _write_stamp(con: sqlite3.Connection, stamp: dt.datetime) -> None:
    utc = stamp.astimezone(dt.UTC).replace(microsecond=0)
    con.execute(f"DROP TABLE IF EXISTS {STAMP_TABLE}")
    con.execute(f"CREATE TABLE {STAMP_TABLE} (taken_utc TEXT NOT NULL)")
    con.execute(f"INSERT INTO {STAMP_TABLE} VALUES (?)", (utc.isoformat(),))


def drop_stamp(path: Path) -> None:
    """Remove the backup stamp from a copy that is about to become the live data file."""
    con = sqlite3.connect(str(path), isolation_level=None)
    try:
        con.execute(f"DROP TABLE IF EXISTS {STAMP_TABLE}")
    finally:
        con.close()


def read_stamp(path: Path) -> dt.datetime | None:
    """The UTC time written inside a backup when it was made (None when it has none)."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute(f"SELECT taken_utc FROM {STAMP_TABLE}").fetchone()
        taken = dt.datetime.fromisoformat(str(row[0])) if row else None
    except (sqlite3.Error, ValueError):
        return None
    finally:
        con.close()
    if taken is not None and taken.tzinfo is None:
        taken = taken.replace(tzinfo=dt.UTC)
    return taken


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_private(src: str, dst: str) -> str:
    """Copy one file (data and times) so that only its owner can read the copy."""
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    shutil.copyfile(src, dst)
    shutil.copystat(src, dst)
    os.chmod(dst, 0o600)
    return dst


def make_tree_private(root: Path) -> None:
    """Make a folder and every folder in it readable by its owner only (0700)."""
    root.chmod(0o700)
    for folder, dirs, _files in os.walk(root):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o700)


def copy_attachments(source_dir: Path, target: Path) -> Path | None:
    """Copy the attachments folder beside a backup; None when there is no such folder."""
    if not source_dir.is_dir():
        return None
    dest = attachments_of(target)
    partial = dest.with_name(dest.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        shutil.copytree(source_dir, partial, copy_function=copy_private)
        make_tree_private(partial)
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(partial, dest)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise StorageError(BACKUP_NOT_WRITTEN, path=str(dest), reason=str(exc)) from exc
    return dest


def backup_data(
    db_path: Path,
    target: Path,
    attachments_dir: Path | None = None,
    *,
    now: dt.datetime | None = None,
) -> BackupFile:
    """Back up the database (and the attachments folder, if any) to `target`; verified, with
    the UTC time `now` (default: this moment) written inside."""
    copy_database(db_path, target, stamp=now or dt.datetime.now(dt.UTC))
    attachments = copy_attachments(attachments_dir, target) if attachments_dir else None
    return describe(target, attachments=attachments)


def taken_utc(path: Path) -> dt.datetime | None:
    """When a backup was made, in UTC: the stamp inside it, else the local time in its name."""
    stamp = read_stamp(path)
    if stamp is not None:
        return stamp
    named = parse_taken(path.name)
    return named.astimezone(dt.UTC) if named else None


def _utc_now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now()).astimezone(dt.UTC)


def describe(
    path: Path, attachments: Path | None = None, *, now: dt.datetime | None = None
) -> BackupFile:
    """A backup file's date (the stamp inside, else its name, else its modification time),
    size, contacts, and whether it is dated in the future."""
    stat = path.stat()
    utc = taken_utc(path) or dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC)
    taken = utc.astimezone().replace(tzinfo=None)
    try:
        contacts = count_contacts(path)
    except sqlite3.Error:
        contacts = None
    if attachments is None and attachments_of(path).is_dir():
        attachments = attachments_of(path)
    future = utc > _utc_now(now) + FUTURE_SLACK
    return BackupFile(
        path, taken, stat.st_size, contacts, reason_of(path.name), attachments, utc, future
    )


def backup_paths(backup_dir: Path) -> list[Path]:
    """The files in the folder that have a backup's name."""
    if not backup_dir.is_dir():
        return []
    return [p for p in backup_dir.glob("*.sqlite") if parse_taken(p.name) and p.is_file()]


def list_backup_files(backup_dir: Path, now: dt.datetime | None = None) -> list[BackupFile]:
    """Every backup in the folder, newest first by the time written inside it."""
    found = [describe(p, now=now) for p in backup_paths(backup_dir)]
    return sorted(
        found,
        key=lambda b: (b.taken_utc or dt.datetime.min.replace(tzinfo=dt.UTC), b.name),
        reverse=True,
    )


def newest_good_backup(backup_dir: Path, now: dt.datetime | None = None) -> Path | None:
    """The newest backup (by the UTC time inside it) that passes its check, leaving out those
    dated in the future (None when there is none)."""
    limit = _utc_now(now) + FUTURE_SLACK
    dated = [(taken_utc(p), p) for p in backup_paths(backup_dir)]
    for _taken, path in sorted(((t, p) for t, p in dated if t and t <= limit), reverse=True):
        try:
            if not verify(path):
                return path
        except sqlite3.Error:
            continue
    return None


def remove_leftovers(backup_dir: Path) -> list[Path]:
    """Remove what interrupted backups left in the folder: half-written copies, their journals
    and half-copied attachment folders. Backups are made one at a time under the data
    directory's lock, so none is being written now."""
    removed: list[Path] = []
    if not backup_dir.is_dir():
        return removed
    for suffix in PARTIAL_SUFFIXES:
        for stale in backup_dir.glob("*" + suffix):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)
            removed.append(stale)
    return removed


RESTORING_SUFFIX = ".restoring"
_COMPANIONS = ("-wal", "-shm", "-journal")


def restoring_copy(db_path: Path) -> Path:
    """Where a restore writes and migrates its copy before the swap."""
    return db_path.with_name(db_path.name + RESTORING_SUFFIX)


def remove_restoring(db_path: Path) -> None:
    """Remove a restore's copy, its half-written form and their journals."""
    copy = restoring_copy(db_path)
    remove_partial(copy)
    for path in (copy, *(copy.with_name(copy.name + c) for c in _COMPANIONS)):
        path.unlink(missing_ok=True)


def remove_data_dir_leftovers(db_path: Path) -> None:
    """Remove what an interrupted restore left beside the data file (`crm.sqlite.restoring`,
    `.restoring.partial` and their journals; a killed restore of a 144 MB file left 144 MB),
    and settle an interrupted swap of the attachments folder."""
    remove_restoring(db_path)
    live = db_path.parent / ATTACHMENTS_DIR
    incoming = live.with_name(live.name + RESTORING_SUFFIX)
    old = live.with_name(live.name + ".replaced")
    if not live.exists():
        # Killed between moving the old folder away and moving the new one in: finish it.
        if incoming.is_dir():
            os.replace(incoming, live)
        elif old.is_dir():
            os.replace(old, live)
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


class ChangeWatch:
    """Tells whether anything was committed to the database since a baseline.

    It holds its own connection and compares SQLite's `PRAGMA data_version`, which changes when
    any other connection (the app's own sessions included) commits to the file.
    """

    def __init__(self, db_path: Path) -> None:
        self._con: sqlite3.Connection | None = sqlite3.connect(
            str(db_path), check_same_thread=False, isolation_level=None
        )
        self._base = self._version()

    def _version(self) -> int:
        assert self._con is not None
        return int(self._con.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """True when something was committed since the baseline (always True once closed)."""
        return self._con is None or self._version() != self._base

    def reset(self) -> None:
        """Take the current state as the new baseline (after a backup)."""
        if self._con is not None:
            self._base = self._version()

    def close(self) -> None:
        """Release the connection."""
        if self._con is not None:
            self._con.close()
            self._con = None


def checkpoint_and_close_wal(db_path: Path) -> None:
    """Move everything in the -wal file into the database file and empty the -wal file."""
    con = sqlite3.connect(str(db_path), timeout=10)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        con.close()


def sync_dir(path: Path) -> None:
    """Make a rename in `path` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
