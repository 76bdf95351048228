"""Opening safely: damaged, foreign, locked, read-only and full files each get a typed error and
one sentence; nothing is lost. No BC scenario covers this (issue 8)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from crm_desktop.domain.errors import StorageError
from crm_desktop.services import masterdata, setup
from crm_desktop.services.app import DB_FILE, open_app
from crm_desktop.services.backups import backup
from crm_desktop.services.datafile.opening import (
    DamagedDatabaseError,
    DatabaseLockedError,
    DataMissingError,
    DiskFullError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
)
from crm_desktop.storage.integrity import storage_error_for

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damage(path: Path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk would."""
    raw = bytearray(path.read_bytes())
    page = 4096
    for i in range(page * 3, min(len(raw), page * 40)):
        raw[i] = (i * 7) & 0xFF
    path.write_bytes(bytes(raw))


def _checkpoint(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def test_a_damaged_file_is_moved_aside_and_the_newest_good_backup_offered(
    data_dir: Path,
) -> None:
    ctx = open_app(data_dir)
    setup.update_marketing_setup(ctx, {"search_hit_percent": 67})
    good = backup.make_backup(ctx)
    ctx.close()
    db = data_dir / DB_FILE
    _checkpoint(db)
    _damage(db)
    damaged_digest = _digest(db)
    with pytest.raises(DamagedDatabaseError) as err:
        open_app(data_dir)
    assert err.value.backup == good.path
    assert err.value.moved_to.name.startswith("crm.sqlite.damaged-")
    assert _digest(err.value.moved_to) == damaged_digest  # kept, byte for byte
    assert not db.exists()
    assert str(err.value) == (
        f"The data file was damaged and has been kept as {err.value.moved_to}. "
        f"Restore the newest good backup ({good.path}) to continue with your data: "
        f"crm-desktop restore {good.path}"
    )
    backup.restore_backup(data_dir, err.value.backup)
    again = open_app(data_dir)
    try:
        assert setup.get_marketing_setup(again)["search_hit_percent"] == 67
    finally:
        again.close()
    assert err.value.moved_to.exists()  # still kept after the restore


def test_a_damaged_file_without_backups_says_so_and_the_next_start_asks_first(
    data_dir: Path,
) -> None:
    open_app(data_dir).close()
    db = data_dir / DB_FILE
    _checkpoint(db)
    _damage(db)
    with pytest.raises(DamagedDatabaseError) as err:
        open_app(data_dir)
    assert err.value.backup is None
    assert "there is no good backup" in str(err.value)
    # The next start does not forget the file set aside: no empty database without a word.
    with pytest.raises(DataMissingError) as again:
        open_app(data_dir)
    assert again.value.moved_aside == (err.value.moved_to,)
    assert str(err.value.moved_to) in str(again.value) and "move the folder" in str(again.value)
    assert not (data_dir / DB_FILE).exists() or (data_dir / DB_FILE).stat().st_size == 0
    fresh = open_app(data_dir, allow_new=True)  # the user said: start afresh
    try:
        assert fresh.created
    finally:
        fresh.close()
    assert err.value.moved_to.exists()


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(data_dir: Path) -> None:
    data_dir.mkdir()
    db = data_dir / DB_FILE
    db.write_text("Name;City\nJansen;Utrecht\n" * 50)
    before = _digest(db)
    with pytest.raises(NotADatabaseError) as err:
        open_app(data_dir)
    assert str(err.value) == (
        f"The file {db} is not a CRM Desktop data file. Move it out of the data folder "
        "(it was left untouched) or choose another folder with --data-dir."
    )
    assert _digest(db) == before
    assert [p.name for p in data_dir.iterdir() if p.name.startswith("crm.sqlite")] == [DB_FILE]


def test_a_data_folder_that_cannot_be_created_is_explained(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError) as err:
        open_app(blocker / "data")
    assert str(err.value).startswith(f"The data folder {blocker / 'data'} cannot be created")
    assert "--data-dir" in str(err.value)
    assert blocker.read_text() == "not a folder"


def test_a_database_locked_by_another_program_is_explained(data_dir: Path) -> None:
    open_app(data_dir).close()
    other = sqlite3.connect(data_dir / DB_FILE, timeout=0)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE marketing_setup SET search_hit_percent = 99")
    try:
        with pytest.raises(DatabaseLockedError) as err:
            open_app(data_dir)
        assert "is locked by another program" in str(err.value)
    finally:
        other.rollback()
        other.close()
    ctx = open_app(data_dir)
    try:
        assert setup.get_marketing_setup(ctx)["search_hit_percent"] == 60
    finally:
        ctx.close()


@pytest.mark.skipif(IS_ROOT, reason="root ignores file permissions")
def test_a_read_only_database_is_explained(data_dir: Path) -> None:
    open_app(data_dir).close()
    db = data_dir / DB_FILE
    _checkpoint(db)
    db.chmod(0o400)
    try:
        with pytest.raises(ReadOnlyDatabaseError) as err:
            open_app(data_dir)
        assert "is read-only" in str(err.value)
    finally:
        db.chmod(0o600)


def test_sqlite_read_only_failure_becomes_the_read_only_error(data_dir: Path) -> None:
    open_app(data_dir).close()
    db = data_dir / DB_FILE
    con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.Error) as raw:
            con.execute("UPDATE marketing_setup SET search_hit_percent = 1")
    finally:
        con.close()
    typed = storage_error_for(raw.value, db)
    assert isinstance(typed, ReadOnlyDatabaseError)
    assert str(typed).startswith(f"The data file {db} is read-only.")


def test_a_full_disk_during_a_save_is_a_clear_error_and_saves_nothing(data_dir: Path) -> None:
    ctx = open_app(data_dir)
    try:
        with sqlite3.connect(ctx.db.path) as probe:
            (pages,) = probe.execute("PRAGMA page_count").fetchone()
        probe.close()

        # SQLite's own SQLITE_FULL, produced by capping the file at its current size.
        @event.listens_for(ctx.db.engine, "connect")
        def _cap(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        ctx.db.engine.dispose()
        saved = []
        with pytest.raises(DiskFullError) as err:
            for i in range(2000):
                code = f"FULL{i:04d}"
                masterdata.save_row(ctx, "territory", {"code": code, "name": "x" * 50})
                saved.append(code)
        assert str(err.value) == (
            f"The disk holding {ctx.db.path} is full, so the last change was not saved. "
            "Free some space and try again; your earlier data is intact."
        )
        assert saved  # some saves fitted in the free space first
        event.remove(ctx.db.engine, "connect", _cap)
        ctx.db.engine.dispose()
        codes = {r["code"] for r in masterdata.list_rows(ctx, "territory")}
        assert set(saved) <= codes
        assert f"FULL{len(saved):04d}" not in codes
    finally:
        ctx.close()


def test_database_and_companions_are_made_private_on_open(data_dir: Path) -> None:
    open_app(data_dir).close()
    db = data_dir / DB_FILE
    db.chmod(0o644)
    ctx = open_app(data_dir)
    try:
        assert db.stat().st_mode & 0o777 == 0o600
    finally:
        ctx.close()
