"""Private files (issue 8): the database with its -wal/-shm files, the backups, the attachment
copies, the lock file and the log are readable by the user only (0600 files, 0700 folders),
even under a permissive umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from crm_desktop.services import setup
from crm_desktop.services.app import DB_FILE, open_app
from crm_desktop.services.backups import backup
from crm_desktop.services.datafile.opening import lock_data_dir


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_and_its_wal_files_are_private(data_dir: Path) -> None:
    ctx = open_app(data_dir)
    try:
        setup.update_marketing_setup(ctx, {"search_hit_percent": 70})
        db = data_dir / DB_FILE
        wal = db.with_name(DB_FILE + "-wal")
        shm = db.with_name(DB_FILE + "-shm")
        assert wal.exists() and shm.exists()  # WAL mode, a write happened, still open
        assert {p.name: _mode(p) for p in (db, wal, shm)} == {
            DB_FILE: 0o600,
            DB_FILE + "-wal": 0o600,
            DB_FILE + "-shm": 0o600,
        }
        assert _mode(data_dir) == 0o700
    finally:
        ctx.close()


def test_backups_and_attachment_copies_are_private(data_dir: Path) -> None:
    ctx = open_app(data_dir)
    try:
        attachments = data_dir / "attachments"
        attachments.mkdir(mode=0o755)
        (attachments / "offer.pdf").write_bytes(b"%PDF-1.4")
        (attachments / "offer.pdf").chmod(0o644)
        made = backup.make_backup(ctx)
        copy = made.path.with_name(made.path.name + ".attachments")
        assert _mode(ctx.backup_dir) == 0o700
        assert _mode(made.path) == 0o600
        assert _mode(copy) == 0o700
        assert _mode(copy / "offer.pdf") == 0o600
        to = backup.make_backup(ctx, to=data_dir.parent / "usb" / "copy.sqlite")
        assert _mode(to.path) == 0o600
        assert _mode(to.path.parent) == 0o700
    finally:
        ctx.close()


def test_restored_data_is_private(data_dir: Path) -> None:
    ctx = open_app(data_dir)
    try:
        made = backup.make_backup(ctx)
        made.path.chmod(0o644)
        backup.restore_backup(ctx, made.path)
        assert _mode(data_dir / DB_FILE) == 0o600
    finally:
        ctx.close()


def test_lock_file_is_private(data_dir: Path) -> None:
    with lock_data_dir(data_dir) as lock:
        assert _mode(lock.path) == 0o600


def test_the_log_is_private(data_dir: Path) -> None:
    from crm_desktop.ui import messages

    ctx = open_app(data_dir)
    quiet, messages.quiet = messages.quiet, True
    try:
        messages.show_crash(None, RuntimeError("boom"), ctx.log_path)
        assert "RuntimeError: boom" in ctx.log_path.read_text()
        assert _mode(ctx.log_path) == 0o600
    finally:
        messages.quiet = quiet
        messages.shown.clear()
        ctx.close()
