"""Attachment files on disk: written privately and atomically, read back, removed, swept.

A file is written to `<name>.partial` (created 0600), flushed to disk, then renamed to its
final name, and the folder is synced, so a kill at any moment leaves either no file or the whole
file under its name. Files are only ever written under new names (the caller picks a name that
no row holds yet), so a row that points at a file always points at a complete one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from crm_desktop.domain.errors import StorageError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.storage.backup import make_private_dir, sync_dir

PARTIAL = ".partial"

CANNOT_WRITE = QT_TRANSLATE_NOOP(
    "errors",
    "The attachment could not be written to {path} ({reason}). "
    "Check the attachment storage location in Marketing Setup; nothing was saved.",
)
CANNOT_READ = QT_TRANSLATE_NOOP(
    "errors",
    "The attachment file {path} cannot be read ({reason}). "
    "Restore it from a backup, or check the attachment storage location in Marketing Setup.",
)


def write_private(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` to `folder/name` (0600; the folder 0700 when created). Raises StorageError."""
    target = folder / name
    partial = folder / (name + PARTIAL)
    try:
        make_private_dir(folder)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, target)
        sync_dir(folder)
    except OSError as exc:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass
        raise StorageError(CANNOT_WRITE, path=str(target), reason=exc.strerror or str(exc)) from exc
    return target


def read(folder: Path, name: str) -> bytes:
    """The bytes of `folder/name`. Raises StorageError when it is missing or unreadable."""
    path = folder / name
    try:
        return path.read_bytes()
    except OSError as exc:
        raise StorageError(CANNOT_READ, path=str(path), reason=exc.strerror or str(exc)) from exc


def remove(folder: Path, name: str) -> None:
    """Delete `folder/name` if it is there (a file left over is harmless; the sweep takes it)."""
    try:
        (folder / name).unlink(missing_ok=True)
    except OSError:
        pass


# Only names the app writes (domain.interactions.attachment_file_name) are ever swept, so a
# storage location shared with other files never loses one of them.
OUR_NAME = re.compile(r"^\d{8}-[0-9a-f]{8}(\.[a-z0-9]{1,16})?(\.partial)?$")


def sweep(folder: Path, keep: Iterable[str]) -> list[str]:
    """Delete the attachment files in `folder` that no row names (left by a kill between
    writing a file and committing its row, or between committing a move and deleting the old
    copy), and half-written `.partial` files. Returns the names removed."""
    if not folder.is_dir():
        return []
    wanted = set(keep)
    removed = []
    for entry in folder.iterdir():
        if entry.is_file() and entry.name not in wanted and OUR_NAME.match(entry.name):
            try:
                entry.unlink()
            except OSError:
                continue
            removed.append(entry.name)
    return removed


ELSEWHERE_SUFFIX = ".attachments-elsewhere"


def files_elsewhere(db_path: Path) -> list[tuple[Path, str]]:
    """(folder, file) of every attachment a database keeps on disk outside the data
    directory's own folder (rows with a storage pointer), read without the ORM so backup and
    restore can use it on any copy. Empty for a database without attachments."""
    import sqlite3

    con = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        has = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='attachment'"
        ).fetchone()
        if not has:
            return []
        rows = con.execute(
            "SELECT storage_pointer, storage_file FROM attachment "
            "WHERE storage_type = 'disk_file' AND storage_pointer != ''"
        ).fetchall()
    finally:
        con.close()
    return [(Path(pointer), name) for pointer, name in rows]


def copy_elsewhere_to_backup(backup: Path) -> Path | None:
    """Copy the attachment files kept outside the data directory beside a backup, as
    `<backup>.attachments-elsewhere/` (names are unique across folders). None when there are
    none. Raises StorageError when one cannot be read or written."""
    from crm_desktop.storage.backup import copy_private

    found = files_elsewhere(backup)
    if not found:
        return None
    dest = backup.with_name(backup.name + ELSEWHERE_SUFFIX)
    make_private_dir(dest)
    for folder, name in found:
        if not (folder / name).is_file():
            continue  # already lost: a backup copies what there is, the check reports it
        try:
            copy_private(str(folder / name), str(dest / name))
        except OSError as exc:
            raise StorageError(
                CANNOT_READ, path=str(folder / name), reason=exc.strerror or str(exc)
            ) from exc
    return dest


def restore_elsewhere_from_backup(backup: Path, db_path: Path) -> int:
    """Put back, from a backup's copy, every attachment file the restored database keeps
    outside the data directory and that is missing or different there. Returns how many."""
    from crm_desktop.storage.backup import copy_private

    copy = backup.with_name(backup.name + ELSEWHERE_SUFFIX)
    if not copy.is_dir():
        return 0
    restored = 0
    for folder, name in files_elsewhere(db_path):
        source = copy / name
        target = folder / name
        if not source.is_file():
            continue
        if target.is_file() and target.read_bytes() == source.read_bytes():
            continue
        make_private_dir(folder)
        copy_private(str(source), str(target))
        restored += 1
    return restored
