"""Restore refuses what is not CRM data, with the live data untouched and nothing left behind
(issue 14 point 2); an older backup is migrated in its copy before the swap. No BC scenario
covers restoring a file."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from crm_desktop.domain.errors import StorageError
from crm_desktop.services.app import AppContext, open_app
from crm_desktop.services.backups import backup
from crm_desktop.services.backups.check import check_data_dir
from crm_desktop.services.contacts.edit import create_contact


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _no_tables(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version=1")
    con.commit()
    con.close()


def _other_program(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    con.commit()
    con.close()


def _contact_of_another_shape(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, fullname TEXT)")
    con.execute("INSERT INTO contact (fullname) VALUES ('Someone')")
    con.commit()
    con.close()


def _empty_version(source: Path) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(source.read_bytes())
        con = sqlite3.connect(path)
        con.execute("DELETE FROM alembic_version")
        con.commit()
        con.close()

    return make


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _state(ctx: AppContext) -> tuple[str, list[str]]:
    con = sqlite3.connect(ctx.db.path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    files = sorted(p.name for p in ctx.data_dir.rglob("*") if p.name != ".crm-desktop.lock")
    return _digest(ctx.db.path), files


@pytest.mark.parametrize(
    "kind", ["empty", "no tables", "another program", "contact of another shape", "no revision"]
)
def test_restore_refuses_a_file_that_is_not_crm_data(
    ctx: AppContext, tmp_path: Path, kind: str
) -> None:
    create_contact(ctx, {"type": "company", "name": "Precious BV"})
    good = backup.make_backup(ctx)
    wrong = tmp_path / "wrong.sqlite"
    makers: dict[str, Callable[[Path], None]] = {
        "empty": _empty,
        "no tables": _no_tables,
        "another program": _other_program,
        "contact of another shape": _contact_of_another_shape,
        "no revision": _empty_version(good.path),
    }
    makers[kind](wrong)
    before = _state(ctx)
    for _attempt in range(2):  # each failed attempt leaves nothing, not another backup
        with pytest.raises(StorageError) as err:
            backup.restore_backup(ctx, wrong)
        assert "your current data was not changed" in str(err.value)
        assert str(wrong) in str(err.value)
    assert _state(ctx) == before
    assert check_data_dir(ctx.data_dir).ok
    again = open_app(ctx.data_dir)
    again.close()


def test_an_old_backup_is_migrated_in_its_copy_before_the_swap(
    ctx: AppContext, tmp_path: Path
) -> None:
    create_contact(ctx, {"type": "company", "name": "Old Times BV"})
    made = backup.make_backup(ctx)
    old = tmp_path / "old.sqlite"
    old.write_bytes(made.path.read_bytes())
    # A backup one schema version older: the newest migration undone in the copy (stamping an
    # older revision would make the migrations add columns the file already has).
    from alembic import command

    from crm_desktop.storage.engine import create_sqlite_engine
    from crm_desktop.storage.migrate import alembic_config

    engine = create_sqlite_engine(old)
    try:
        with engine.begin() as connection:
            cfg = alembic_config()
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, "-1")
    finally:
        engine.dispose()
    backups_before = len(backup.list_backups(ctx))
    result = backup.restore_backup(ctx, old)
    assert result.safety_backup is not None
    # One safety backup of the replaced data, no pre-migration copy of the restored one.
    assert len(backup.list_backups(ctx)) == backups_before + 1
    assert not list(ctx.data_dir.glob("crm.sqlite.restoring*"))
    assert check_data_dir(ctx.data_dir).ok
