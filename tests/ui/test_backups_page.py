"""The Backups page, one window per data folder, recovery on start, automatic backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from crm_desktop.services import setup
from crm_desktop.services.app import DB_FILE, AppContext, open_app
from crm_desktop.services.backups import backup
from crm_desktop.services.datafile.opening import lock_data_dir
from crm_desktop.ui import messages
from crm_desktop.ui.backups.page import BackupsPage
from crm_desktop.ui.backups.recovery import AutoBackup, open_with_recovery
from crm_desktop.ui.single_instance import claim

SHOTS = Path("/tmp/shots/backups")


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.resize(900, 520)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def _hit(ctx: AppContext) -> int:
    return int(setup.get_marketing_setup(ctx)["search_hit_percent"])


def test_empty_state_then_back_up_now(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = BackupsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.stack.currentWidget() is page.empty
    assert "No backups yet" in page.empty.text()
    assert not page.restore_button.isEnabled()
    _shot(page, "empty")
    with qtbot.waitSignal(page.backup_finished, timeout=20000):
        qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
        assert not page.backup_button.isEnabled()  # busy while the worker runs
    assert page.backup_button.isEnabled()
    assert page.stack.currentWidget() is page.table
    assert page.table.rowCount() == 1
    assert page.table.item(0, 2).text() == "0"
    assert page.table.item(0, 3).text() == "By you"
    assert len(backup.list_backups(ctx)) == 1
    assert page.restore_button.isEnabled()
    with qtbot.waitSignal(page.backup_finished, timeout=20000):
        qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 2
    _shot(page, "list")


def test_restore_after_confirmation_backs_up_first(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    setup.update_marketing_setup(ctx, {"search_hit_percent": 61})
    page = BackupsPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.backup_finished, timeout=20000):
        qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    setup.update_marketing_setup(ctx, {"search_hit_percent": 85})
    page.table.selectRow(0)
    messages.answer_next.append(False)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert _hit(ctx) == 85  # declined: nothing changed
    assert len(backup.list_backups(ctx)) == 1
    messages.answer_next.append(True)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert _hit(ctx) == 61
    reasons = sorted(b.reason for b in backup.list_backups(ctx))
    assert reasons == ["before-restore", "manual"]
    assert page.table.rowCount() == 2
    kind, text = messages.shown[-1]
    assert kind == "info" and "was restored" in text and "previous data was saved as" in text


def test_a_second_start_brings_the_first_window_forward(
    data_dir: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    first, code = claim(data_dir)
    assert first is not None and code == 0
    try:
        with qtbot.waitSignal(first.activation_requested, timeout=5000):
            second, code = claim(data_dir)
            assert second is None and code == 0
        assert messages.shown == []
    finally:
        first.release()
    third, code = claim(data_dir)  # free again after the first one closed
    assert third is not None
    third.release()


def test_data_held_by_the_command_line_is_explained(data_dir: Path) -> None:
    with lock_data_dir(data_dir):
        instance, code = claim(data_dir)
    assert instance is None and code == 1
    assert messages.shown == [
        ("error", f"The data in {data_dir} is already open in another CRM Desktop window.")
    ]


def test_a_damaged_file_offers_the_newest_good_backup(data_dir: Path) -> None:
    ctx = open_app(data_dir)
    setup.update_marketing_setup(ctx, {"search_hit_percent": 68})
    backup.make_backup(ctx)
    ctx.close()
    db = data_dir / DB_FILE
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    raw = bytearray(db.read_bytes())
    for i in range(4096 * 3, min(len(raw), 4096 * 40)):
        raw[i] = (i * 7) & 0xFF
    db.write_bytes(bytes(raw))
    messages.answer_next.append(True)
    restored = open_with_recovery(data_dir)
    assert restored is not None
    try:
        assert _hit(restored) == 68
    finally:
        restored.close()
    assert messages.shown[0][0] == "question" and "damaged" in messages.shown[0][1]
    assert list(data_dir.glob("crm.sqlite.damaged-*"))


def test_automatic_backup_on_exit_after_a_change(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    auto = AutoBackup(ctx)
    with qtbot.waitSignal(auto.tick_done, timeout=20000):
        auto.tick()  # no backup yet: the first one is due at once
    assert [b.reason for b in backup.list_backups(ctx)] == ["auto"]
    setup.update_marketing_setup(ctx, {"search_hit_percent": 69})
    auto.on_exit()
    assert sorted(b.reason for b in backup.list_backups(ctx)) == ["auto", "on-exit"]


def test_the_main_window_opens_the_backups_page(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = main_window.show_page("backups")
    assert isinstance(page, BackupsPage)
    assert page.isVisible()
    _shot(main_window, "in_main_window")


def test_declining_the_restore_keeps_the_damaged_file_and_explains(data_dir: Path) -> None:
    ctx = open_app(data_dir)
    backup.make_backup(ctx)
    ctx.close()
    db = data_dir / DB_FILE
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    raw = bytearray(db.read_bytes())
    for i in range(4096 * 3, min(len(raw), 4096 * 40)):
        raw[i] = (i * 7) & 0xFF
    db.write_bytes(bytes(raw))
    messages.answer_next.append(False)
    assert open_with_recovery(data_dir) is None
    kinds = [kind for kind, _text in messages.shown]
    assert kinds == ["question", "error"]
    assert "has been kept as" in messages.shown[1][1]
    assert list(data_dir.glob("crm.sqlite.damaged-*"))


def test_an_emptied_data_file_offers_the_backup_and_never_opens_empty(data_dir: Path) -> None:
    ctx = open_app(data_dir)
    setup.update_marketing_setup(ctx, {"search_hit_percent": 71})
    backup.make_backup(ctx)
    ctx.close()
    (data_dir / DB_FILE).write_bytes(b"")  # a 0-byte data file, as a failed sync tool leaves
    messages.answer_next.append(False)
    assert open_with_recovery(data_dir) is None  # declined: nothing created, the reason shown
    assert messages.shown[0][0] == "question" and "backup of your data" in messages.shown[0][1]
    assert "crm-desktop restore" in messages.shown[1][1]
    messages.shown.clear()
    messages.answer_next.append(True)
    restored = open_with_recovery(data_dir)
    assert restored is not None
    try:
        assert _hit(restored) == 71
    finally:
        restored.close()


def test_only_a_file_set_aside_is_named_and_asked_about(data_dir: Path) -> None:
    data_dir.mkdir()
    aside = data_dir / "crm.sqlite.damaged-20261127-120000"
    aside.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    messages.answer_next.append(True)
    fresh = open_with_recovery(data_dir)
    assert fresh is not None
    fresh.close()
    assert str(aside) in messages.shown[0][1] and aside.exists()


def test_the_backup_folder_is_shortened_in_the_middle_not_wrapped(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Issue 13 point 3: the backup path on a line of its own, shortened to the width."""
    page = BackupsPage(ctx)
    qtbot.addWidget(page)
    page.folder.path = "/home/a-user-with-a-long-name/" + "deep/" * 30 + "backups"
    page.folder.setToolTip(page.folder.path)
    page.resize(700, 500)
    page.show()
    qtbot.waitUntil(lambda: "…" in page.folder.text())
    shown = page.folder.text()
    assert shown.startswith("/home/") and shown.endswith("backups")
    assert page.folder.toolTip() == page.folder.path
    assert page.minimumSizeHint().width() < 700  # the path never widens the page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "backups_folder_700.png"))
