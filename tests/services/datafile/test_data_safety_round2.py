"""Data safety, round two (issue 14): no path makes the user's data look gone.

Each test does what the user's machine does: a first start killed between migration and seed
(by a hook that kills the process there), a full disk (a tmpfs when `mount -t tmpfs` works,
otherwise an I/O error injected at the storage open; the test prints which), a file truncated to
0 and to half and started twice, a zeroed header, a newer-schema file with WAL frames, leftovers
of killed backups and restores. No BC scenario covers this (BC runs on a server database).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from crm_desktop import cli
from crm_desktop.domain.errors import SchemaTooNewError
from crm_desktop.services import setup
from crm_desktop.services.app import DB_FILE, open_app
from crm_desktop.services.backups import backup
from crm_desktop.services.backups.check import check_data_dir
from crm_desktop.services.datafile.opening import (
    CannotWriteError,
    DamagedDatabaseError,
    DataMissingError,
    DiskFullError,
    UnreadableDataError,
)
from crm_desktop.storage import integrity
from crm_desktop.storage.migrate import migrate

ROOT = Path(__file__).resolve().parents[3]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _child(code: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env
    )


def _contacts(data_dir: Path) -> int:
    con = sqlite3.connect(data_dir / DB_FILE)
    try:
        return int(con.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        con.close()


def _with_contacts(data_dir: Path, n: int = 3) -> None:
    from crm_desktop.services.contacts.edit import create_contact

    ctx = open_app(data_dir)
    try:
        for i in range(n):
            create_contact(ctx, {"type": "company", "name": f"Keep {i}"})
        backup.make_backup(ctx)
    finally:
        ctx.close()


# --- point 1: the first start ------------------------------------------------------------------


@pytest.mark.parametrize("where", ["before the seed", "after the seed, before the commit"])
def test_a_first_start_killed_between_migration_and_seed_is_seeded_on_the_next(
    data_dir: Path, where: str
) -> None:
    before = where == "before the seed"
    done = _child(
        f"""
        import os, signal
        from crm_desktop.services.datafile import seed
        original = seed.seed_connection
        def hook(connection):
            if not {before}:
                original(connection)
            os.kill(os.getpid(), signal.SIGKILL)  # the power goes, right there
        seed.seed_connection = hook
        from crm_desktop.services.app import open_app
        open_app({str(data_dir)!r})
        """
    )
    assert done.returncode == -9, done.stderr
    # Nothing was committed: check says so instead of "ok".
    assert not check_data_dir(data_dir).ok
    ctx = open_app(data_dir)
    try:
        assert setup.get_marketing_setup(ctx)["contact_nos"] == "CONT"
    finally:
        ctx.close()
    assert check_data_dir(data_dir).ok


def test_a_file_left_unseeded_by_an_older_version_is_reported_then_seeded(data_dir: Path) -> None:
    data_dir.mkdir()
    migrate(data_dir / DB_FILE, None)  # what the old two-transaction start left behind
    report = check_data_dir(data_dir)
    assert any("default setup is missing" in p for p in report.problems)
    ctx = open_app(data_dir)
    try:
        assert setup.get_marketing_setup(ctx)["contact_nos"] == "CONT"
    finally:
        ctx.close()
    assert check_data_dir(data_dir).ok


# --- point 3: a full disk ----------------------------------------------------------------------


def _tmpfs(where: Path) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(where)],
            capture_output=True,
            check=False,
        )
    except OSError:
        return False
    return done.returncode == 0


def test_a_full_disk_at_start_never_moves_a_healthy_file_aside(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if _tmpfs(disk):
        print("\nfull disk: a 6 MB tmpfs, filled")
        try:
            data_dir = disk / "data"
            _with_contacts(data_dir)
            filler = disk / "filler"
            with open(filler, "wb") as fh:
                try:
                    while True:
                        fh.write(b"\0" * 65536)
                        fh.flush()
                except OSError:
                    pass
            digest = _digest(data_dir / DB_FILE)
            try:
                ctx = open_app(data_dir)
                ctx.close()
            except (DiskFullError, CannotWriteError) as exc:
                assert "move" not in type(exc).__name__.lower()
            assert (data_dir / DB_FILE).exists()
            assert not list(data_dir.glob("crm.sqlite.damaged-*"))
            assert _digest(data_dir / DB_FILE) == digest
            filler.unlink()
            assert _contacts(data_dir) == 3  # after space is freed, everything is there
            ctx = open_app(data_dir)
            ctx.close()
        finally:
            subprocess.run(["umount", str(disk)], check=False)
    else:
        print("\nfull disk: mount -t tmpfs failed; only the injected I/O error runs")


def test_an_io_error_at_the_storage_open_is_a_typed_error_not_damage(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    print("\nfull disk: an I/O error injected at the storage open (quick_check)")
    _with_contacts(data_dir)

    def failing(path: Path, pragma: str) -> list[str]:
        exc = sqlite3.OperationalError("disk I/O error")
        exc.sqlite_errorcode = 10  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(integrity, "_check_rows", failing)
    with pytest.raises((CannotWriteError, DiskFullError)) as err:
        open_app(data_dir)
    assert "nothing was changed" in str(err.value) or "was not moved" in str(err.value)
    assert not list(data_dir.glob("crm.sqlite.damaged-*"))
    monkeypatch.undo()
    assert _contacts(data_dir) == 3


def test_a_full_disk_during_a_write_is_refused_and_loses_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    print("\nfull disk during a write: PRAGMA max_page_count")
    from sqlalchemy import event

    from crm_desktop.services import exchange

    _with_contacts(data_dir)
    source = tmp_path / "many.csv"
    source.write_text("name,city\n" + "".join(f"Full {i},Delft\n" for i in range(5000)))
    ctx = open_app(data_dir)
    try:

        @event.listens_for(ctx.db.engine, "connect")
        def _small(dbapi: object, _rec: object) -> None:
            # No page beyond the ones the file has: the disk is full for this connection.
            dbapi.execute("PRAGMA max_page_count=1")  # type: ignore[attr-defined]

        ctx.db.engine.dispose()
        with pytest.raises(DiskFullError) as err:
            exchange.import_contacts(ctx, source)
        assert "is full" in str(err.value)
    finally:
        ctx.close()
    assert _contacts(data_dir) == 3
    assert check_data_dir(data_dir).ok


# --- point 4: emptied, truncated, unreadable ---------------------------------------------------


@pytest.mark.parametrize("size", ["zero", "half"])
def test_a_truncated_file_started_twice_offers_the_backup_and_never_an_empty_database(
    data_dir: Path, size: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_contacts(data_dir)
    db = data_dir / DB_FILE
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    keep = db.stat().st_size // 2 if size == "half" else 0
    with open(db, "r+b") as fh:
        fh.truncate(keep)
    for start in (1, 2):
        with pytest.raises((DataMissingError, DamagedDatabaseError, UnreadableDataError)) as err:
            open_app(data_dir)
        assert err.value.backup is not None, f"start {start}"
        assert not db.exists() or db.stat().st_size in (0, keep)
    # Every command but restore and check refuses with exit 3, naming the backup.
    assert cli.main(["--data-dir", str(data_dir), "export", str(data_dir.parent / "x.csv")]) == 3
    said = capsys.readouterr().err
    assert "crm-desktop restore" in said and str(err.value.backup) in said
    assert cli.main(["--data-dir", str(data_dir), "check"]) == 1
    assert cli.main(["--data-dir", str(data_dir), "restore", str(err.value.backup)]) == 0
    assert _contacts(data_dir) == 3


def test_a_zeroed_header_is_left_untouched_and_the_backup_offered(data_dir: Path) -> None:
    _with_contacts(data_dir)
    db = data_dir / DB_FILE
    with open(db, "r+b") as fh:
        fh.write(b"\0" * 100)
    digest = _digest(db)
    with pytest.raises(UnreadableDataError) as err:
        open_app(data_dir)
    assert err.value.backup is not None and _digest(db) == digest


def test_a_backup_dated_in_the_future_is_listed_but_never_offered(data_dir: Path) -> None:
    import datetime as dt

    _with_contacts(data_dir)
    ctx = open_app(data_dir)
    try:
        future = backup.make_backup(ctx, now=dt.datetime.now() + dt.timedelta(days=3))
        assert [b.in_future for b in backup.list_backups(ctx)][0] is True
        assert backup.newest_backup_time(ctx) < dt.datetime.now() + dt.timedelta(minutes=1)
    finally:
        ctx.close()
    (data_dir / DB_FILE).unlink()
    with pytest.raises(DataMissingError) as err:
        open_app(data_dir)
    assert err.value.backup is not None and err.value.backup != future.path


# --- point 5: a newer schema ---------------------------------------------------------------------


def test_a_newer_schema_with_wal_frames_stays_byte_identical(tmp_path: Path) -> None:
    made = tmp_path / "made"
    open_app(made).close()
    live = made / DB_FILE
    con = sqlite3.connect(live)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE alembic_version SET version_num = 'zz99'")
    con.commit()
    # Copy while the writer still holds its frames in the -wal, as a crash would leave them.
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db = data_dir / DB_FILE
    db.write_bytes(live.read_bytes())
    wal = data_dir / (DB_FILE + "-wal")
    wal.write_bytes((made / (DB_FILE + "-wal")).read_bytes())
    con.close()
    assert wal.stat().st_size > 0
    os.chmod(db, 0o644)
    before = (_digest(db), _digest(wal), stat.S_IMODE(db.stat().st_mode))
    with pytest.raises(SchemaTooNewError) as err:
        open_app(data_dir)
    assert "zz99" in str(err.value)
    assert (_digest(db), _digest(wal), stat.S_IMODE(db.stat().st_mode)) == before
    assert cli.main(["--data-dir", str(data_dir), "check"]) == 1
    assert (_digest(db), _digest(wal), stat.S_IMODE(db.stat().st_mode)) == before


# --- point 6: leftovers ------------------------------------------------------------------------


def test_leftovers_of_killed_backups_and_restores_are_removed_on_the_next_start(
    data_dir: Path,
) -> None:
    _with_contacts(data_dir)
    leftovers = [
        data_dir / "crm.sqlite.restoring",
        data_dir / "crm.sqlite.restoring.partial",
        data_dir / "crm.sqlite.restoring.partial-journal",
        data_dir / "backups" / "crm-20261127-120000-auto.sqlite.partial",
        data_dir / "backups" / "crm-20261127-120000-auto.sqlite.partial-journal",
    ]
    for path in leftovers:
        path.write_bytes(b"x" * 4096)
    open_app(data_dir).close()
    assert [p for p in leftovers if p.exists()] == []


def test_backup_to_an_existing_folder_writes_into_it(data_dir: Path, tmp_path: Path) -> None:
    _with_contacts(data_dir)
    folder = tmp_path / "usb"
    folder.mkdir()
    assert cli.main(["--data-dir", str(data_dir), "backup", "--to", str(folder)]) == 0
    written = list(folder.glob("crm-*.sqlite"))
    assert len(written) == 1 and not list(folder.glob("*.partial*"))
    assert not (folder.parent / "usb.partial").exists()


# --- point 12: private files -------------------------------------------------------------------


def test_an_existing_data_folder_and_exports_become_private(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    out = data_dir.parent / "export.csv"
    old = os.umask(0o022)
    try:
        assert cli.main(["--data-dir", str(data_dir), "export", str(out)]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


# --- point 13: check tells the truth -----------------------------------------------------------


def test_check_names_what_it_found(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir.mkdir()
    db = data_dir / DB_FILE
    db.write_bytes(b"")
    assert cli.main(["--data-dir", str(data_dir), "check"]) == 1
    assert "empty (0 bytes)" in capsys.readouterr().out
    sqlite3.connect(db).execute("CREATE TABLE other (x)").connection.commit()
    assert cli.main(["--data-dir", str(data_dir), "check"]) == 1
    assert "not a CRM Desktop data file" in capsys.readouterr().out
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert cli.main(["--data-dir", str(data_dir), "check"]) == 1
    out = capsys.readouterr().out
    assert "ok" not in out.split(":")[-1] and "problem" in out
