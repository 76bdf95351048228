"""Backups: verified copies, rolling retention, automatic and on-exit backups, restore.

No BC scenario covers backups (BC is a hosted service); these tests follow issue 8.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from crm_desktop.domain.errors import SchemaTooNewError, StorageError
from crm_desktop.services import setup
from crm_desktop.services.app import DB_FILE, AppContext, open_app
from crm_desktop.services.backups import backup
from crm_desktop.storage.backup import parse_taken
from crm_desktop.storage.retention import backups_to_delete

T0 = dt.datetime(2026, 11, 27, 12, 0, 0)


def _hit(ctx: AppContext) -> int:
    return int(setup.get_marketing_setup(ctx)["search_hit_percent"])


def _add_contacts(db_path: Path, n: int) -> None:
    # Fixture data only: rows written straight into the file to give a backup a known count.
    with sqlite3.connect(db_path) as con:
        con.executemany(
            "INSERT INTO contact (no, type, name) VALUES (?, 'company', ?)",
            [(f"BK{i:05d}", f"Company {i}") for i in range(n)],
        )
    con.close()


def test_make_backup_writes_a_verified_private_copy(ctx: AppContext) -> None:
    _add_contacts(ctx.db.path, 3)
    made = backup.make_backup(ctx, "manual", now=T0)
    assert made.path.parent == ctx.backup_dir
    assert made.path.name == "crm-20261127-120000-manual.sqlite"
    assert made.contacts == 3
    assert made.size == made.path.stat().st_size > 0
    assert made.taken == T0
    assert made.path.stat().st_mode & 0o777 == 0o600
    assert ctx.backup_dir.stat().st_mode & 0o777 == 0o700
    with sqlite3.connect(made.path) as con:
        assert con.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
    assert not list(ctx.backup_dir.glob("*.partial"))


def test_list_backups_shows_date_size_and_contact_count(ctx: AppContext) -> None:
    backup.make_backup(ctx, now=T0)
    _add_contacts(ctx.db.path, 2)
    backup.make_backup(ctx, now=T0 + dt.timedelta(hours=1))
    listed = backup.list_backups(ctx)
    assert [b.taken for b in listed] == [T0 + dt.timedelta(hours=1), T0]
    assert [b.contacts for b in listed] == [2, 0]
    assert all(b.size > 0 for b in listed)


def test_two_backups_in_the_same_second_get_two_files(ctx: AppContext) -> None:
    first = backup.make_backup(ctx, now=T0)
    second = backup.make_backup(ctx, now=T0)
    assert first.path != second.path
    assert first.path.exists() and second.path.exists()


def test_backup_copies_the_attachments_folder(ctx: AppContext) -> None:
    attachments = ctx.data_dir / "attachments"
    attachments.mkdir(mode=0o700)
    (attachments / "letter.txt").write_text("Dear customer")
    made = backup.make_backup(ctx, now=T0)
    copy = made.path.with_name(made.path.name + ".attachments")
    assert (copy / "letter.txt").read_text() == "Dear customer"


def test_backup_to_a_chosen_file_leaves_the_backups_folder_alone(
    ctx: AppContext, tmp_path: Path
) -> None:
    made = backup.make_backup(ctx, to=tmp_path / "elsewhere.sqlite", now=T0)
    assert made.path == (tmp_path / "elsewhere.sqlite").resolve()
    assert made.path.exists()
    assert backup.list_backups(ctx) == []


def test_retention_keeps_7_daily_4_weekly_6_monthly_and_the_newest() -> None:
    # One backup every 6 hours for a year.
    backups = [
        (
            f"crm-{(T0 - dt.timedelta(hours=6 * i)):%Y%m%d-%H%M%S}-auto.sqlite",
            T0 - dt.timedelta(hours=6 * i),
        )
        for i in range(4 * 365)
    ]
    gone = backups_to_delete(backups, T0)
    kept = sorted((t for n, t in backups if n not in gone), reverse=True)
    assert kept[0] == T0  # the newest is always kept
    days = {t.date() for t in kept}
    assert {T0.date() - dt.timedelta(days=d) for d in range(7)} <= days
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 6
    # The last 24 hours (4) + 7 daily + at most 4 weekly + at most 6 monthly, some coinciding.
    assert {T0 - dt.timedelta(hours=h) for h in (0, 6, 12, 18)} <= set(kept)
    assert 7 < len(kept) <= 20
    assert T0 - kept[-1] < dt.timedelta(days=6 * 31)


def test_retention_keeps_young_migration_backups_only() -> None:
    young = T0 - dt.timedelta(days=29)
    old = T0 - dt.timedelta(days=31)
    backups = [
        (f"crm-{T0:%Y%m%d-%H%M%S}-auto.sqlite", T0),
        (f"crm-{T0 - dt.timedelta(hours=1):%Y%m%d-%H%M%S}-auto.sqlite", T0 - dt.timedelta(hours=1)),
        (f"before-migration-0005-{young:%Y%m%d-%H%M%S}.sqlite", young),
        (f"before-migration-0006-{young:%Y%m%d-%H%M%S}.sqlite", young + dt.timedelta(minutes=1)),
        (f"before-migration-0004-{old:%Y%m%d-%H%M%S}.sqlite", old),
        (f"before-migration-0003-{old:%Y%m%d-%H%M%S}.sqlite", old + dt.timedelta(minutes=1)),
    ]
    gone = backups_to_delete(backups, T0)
    assert f"before-migration-0005-{young:%Y%m%d-%H%M%S}.sqlite" not in gone
    assert f"before-migration-0006-{young:%Y%m%d-%H%M%S}.sqlite" not in gone
    # Of the two old ones on the same day only the newest survives (as that day's daily).
    assert gone == {f"before-migration-0004-{old:%Y%m%d-%H%M%S}.sqlite"}


def test_parse_taken_reads_both_name_forms() -> None:
    assert parse_taken("crm-20261127-120000-manual.sqlite") == T0
    assert parse_taken("crm-20261127-120000-2-before-restore.sqlite") == T0
    assert parse_taken("before-migration-0006-20261127-120000.sqlite") == T0
    assert parse_taken("before-migration-none-20261127-120000.sqlite") == T0
    assert parse_taken("notes.sqlite") is None


def test_pruning_on_disk_removes_old_backups_with_their_attachments(ctx: AppContext) -> None:
    (ctx.data_dir / "attachments").mkdir()
    for day in range(10):
        backup.make_backup(ctx, "auto", now=T0 - dt.timedelta(days=10 - day))
    # Each new backup prunes: 10 consecutive days leave the 7 newest days (+ weekly/monthly).
    names = sorted(p.name for p in ctx.backup_dir.glob("*.sqlite"))
    assert len(names) < 10
    assert "crm-20261126-120000-auto.sqlite" in names
    for path in ctx.backup_dir.glob("*.attachments"):
        assert path.with_name(path.name.removesuffix(".attachments")).exists()


def test_backup_if_due_runs_when_none_or_old_and_changed(ctx: AppContext) -> None:
    backup.start_tracking(ctx)
    try:
        first = backup.backup_if_due(ctx, now=T0)
        assert first is not None  # there was none yet
        assert backup.backup_if_due(ctx, now=T0 + dt.timedelta(hours=1)) is None  # too soon
        assert backup.backup_if_due(ctx, now=T0 + dt.timedelta(hours=5)) is None  # no change
        setup.update_marketing_setup(ctx, {"search_hit_percent": 71})
        assert backup.backup_if_due(ctx, now=T0 + dt.timedelta(hours=2)) is None  # too soon
        later = backup.backup_if_due(ctx, now=T0 + dt.timedelta(hours=5))
        assert later is not None and later.reason == "auto"
    finally:
        backup.stop_tracking(ctx)


def test_backup_on_exit_only_when_something_changed(ctx: AppContext) -> None:
    backup.start_tracking(ctx)
    assert backup.backup_on_exit(ctx, now=T0) is None
    backup.start_tracking(ctx)
    setup.update_marketing_setup(ctx, {"search_hit_percent": 72})
    made = backup.backup_on_exit(ctx, now=T0)
    assert made is not None and made.reason == "on-exit"
    restored = open_app(ctx.data_dir)
    try:
        backup.restore_backup(restored, made.path)
        assert _hit(restored) == 72
    finally:
        restored.close()


def test_restore_backs_up_current_data_first_and_reopens(ctx: AppContext) -> None:
    setup.update_marketing_setup(ctx, {"search_hit_percent": 61})
    old = backup.make_backup(ctx, now=T0)
    setup.update_marketing_setup(ctx, {"search_hit_percent": 88})
    result = backup.restore_backup(ctx, old.path, now=T0 + dt.timedelta(hours=1))
    assert _hit(ctx) == 61  # the same context works on the restored data
    assert result.safety_backup is not None
    assert result.safety_backup.reason == "before-restore"
    with sqlite3.connect(result.safety_backup.path) as con:
        (hit,) = con.execute("SELECT search_hit_percent FROM marketing_setup").fetchone()
    con.close()
    assert hit == 88
    setup.update_marketing_setup(ctx, {"search_hit_percent": 62})
    assert _hit(ctx) == 62
    assert not (ctx.data_dir / (DB_FILE + ".restoring")).exists()


def test_restore_into_a_closed_data_directory(data_dir: Path) -> None:
    ctx = open_app(data_dir)
    setup.update_marketing_setup(ctx, {"search_hit_percent": 63})
    made = backup.make_backup(ctx, now=T0)
    setup.update_marketing_setup(ctx, {"search_hit_percent": 90})
    ctx.close()
    backup.restore_backup(data_dir, made.path)
    again = open_app(data_dir)
    try:
        assert _hit(again) == 63
    finally:
        again.close()


def test_restore_brings_back_the_attachments(ctx: AppContext) -> None:
    attachments = ctx.data_dir / "attachments"
    attachments.mkdir()
    (attachments / "a.txt").write_text("old")
    made = backup.make_backup(ctx, now=T0)
    (attachments / "a.txt").write_text("new")
    (attachments / "b.txt").write_text("added later")
    backup.restore_backup(ctx, made.path, now=T0 + dt.timedelta(minutes=5))
    assert (attachments / "a.txt").read_text() == "old"
    assert not (attachments / "b.txt").exists()
    safety = [b for b in backup.list_backups(ctx) if b.reason == "before-restore"]
    assert (safety[0].path.with_name(safety[0].path.name + ".attachments") / "b.txt").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(ctx: AppContext, tmp_path: Path) -> None:
    setup.update_marketing_setup(ctx, {"search_hit_percent": 64})
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StorageError) as err:
        backup.restore_backup(ctx, junk)
    assert "is not a usable backup" in str(err.value)
    assert _hit(ctx) == 64
    assert backup.list_backups(ctx) == []


def test_restore_refuses_a_damaged_backup(ctx: AppContext) -> None:
    made = backup.make_backup(ctx, now=T0)
    raw = bytearray(made.path.read_bytes())
    for i in range(4096 * 2, min(len(raw), 4096 * 6)):
        raw[i] = 0xA5
    made.path.write_bytes(bytes(raw))
    setup.update_marketing_setup(ctx, {"search_hit_percent": 65})
    with pytest.raises(StorageError) as err:
        backup.restore_backup(ctx, made.path)
    assert "is not a usable backup" in str(err.value)
    assert _hit(ctx) == 65


def test_restore_refuses_a_backup_from_a_newer_app(ctx: AppContext, tmp_path: Path) -> None:
    made = backup.make_backup(ctx, to=tmp_path / "future.sqlite", now=T0)
    with sqlite3.connect(made.path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.close()
    setup.update_marketing_setup(ctx, {"search_hit_percent": 66})
    with pytest.raises(SchemaTooNewError):
        backup.restore_backup(ctx, made.path)
    assert _hit(ctx) == 66


def test_restore_of_a_missing_file_says_so(ctx: AppContext, tmp_path: Path) -> None:
    with pytest.raises(StorageError) as err:
        backup.restore_backup(ctx, tmp_path / "nope.sqlite")
    assert str(err.value).startswith("The backup ")
    assert "does not exist" in str(err.value)


def test_migration_makes_a_verified_backup_first(data_dir: Path) -> None:
    # A real database of revision 0006 (the schema of that revision, not a relabelled newer one,
    # which later migrations that add columns would trip over).
    from alembic import command

    from crm_desktop.storage.engine import create_sqlite_engine
    from crm_desktop.storage.migrate import alembic_config

    data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_sqlite_engine(data_dir / DB_FILE)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
    engine.dispose()
    open_app(data_dir).close()
    made = list((data_dir / "backups").glob("before-migration-0006-*.sqlite"))
    assert len(made) == 1
    assert made[0].stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(made[0]) as con:
        assert con.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0006",)
    con.close()


def test_leftovers_of_an_interrupted_backup_are_cleaned_up(ctx: AppContext) -> None:
    ctx.backup_dir.mkdir(mode=0o700)
    stale = ctx.backup_dir / "crm-20261101-120000-auto.sqlite.partial"
    stale.write_bytes(b"half a database")
    stale_dir = ctx.backup_dir / "crm-20261101-120000-auto.sqlite.attachments.partial"
    stale_dir.mkdir()
    backup.make_backup(ctx, now=T0)
    assert not stale.exists() and not stale_dir.exists()
    assert len(backup.list_backups(ctx)) == 1


def test_a_backup_every_minute_for_a_day_keeps_at_most_two_an_hour() -> None:
    """Issue 14 point 7: 1,440 backups in a day were all kept."""
    backups = [
        (
            f"crm-{T0 - dt.timedelta(minutes=i):%Y%m%d-%H%M%S}-auto.sqlite",
            T0 - dt.timedelta(minutes=i),
        )
        for i in range(1440)
    ]
    gone = backups_to_delete(backups, T0)
    kept = [t for n, t in backups if n not in gone]
    assert len(kept) <= 3 + 24 + 7 + 4 + 6
    hours = {(t.date(), t.hour) for t in kept}
    assert len(hours) >= 24  # still one per hour of the last day
    assert T0 in kept


def test_the_stamp_inside_dates_a_backup_not_its_name(ctx: AppContext, tmp_path: Path) -> None:
    made = backup.make_backup(ctx, now=T0)
    renamed = made.path.with_name("crm-20200101-000000-manual.sqlite")
    made.path.rename(renamed)
    listed = backup.list_backups(ctx)
    assert [b.taken for b in listed] == [T0]
    assert listed[0].path == renamed and not listed[0].in_future
