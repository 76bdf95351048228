"""File > Export on a filtered, sorted list: the contacts shown, the selected or all; the
separator offered and remembered."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.exchange.export_dialog import SETTINGS_SEPARATOR, ExportChoiceDialog

SHOTS = Path("/tmp/shots/i13")


def _answer(scope: str, separator: str, seen: list[dict[str, object]]) -> None:
    """Answer the modal export dialog as a user would: pick, then click Export…"""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportChoiceDialog):
            QTimer.singleShot(20, act)
            return
        seen.append({s: b.text() for s, b in dialog.options.items()})
        seen[-1]["enabled"] = [s for s, b in dialog.options.items() if b.isEnabled()]
        seen[-1]["separator"] = dialog.separator_choice
        if len(seen) == 1:
            SHOTS.mkdir(parents=True, exist_ok=True)
            dialog.grab().save(str(SHOTS / "export_dialog.png"))
        dialog.options[scope].click()
        dialog.separator.setCurrentIndex(dialog.separator.findData(separator))
        dialog.accept()

    QTimer.singleShot(0, act)


def _rows(path: Path, delimiter: str) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [r["name"] for r in csv.DictReader(fh, delimiter=delimiter)]


def test_export_shown_selected_and_all(  # type: ignore[no-untyped-def]
    ctx: AppContext, main_window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("Thompson BV", "Bakker BV", "Jansen BV", "Smit BV", "De Vries BV"):
        contacts.create_contact(ctx, {"type": "company", "name": name})
    for i in range(5):
        contacts.create_contact(ctx, {"type": "company", "name": f"Other {i}"})
    out = tmp_path / "out.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page = main_window.page("contacts")
    page.model.wait()
    page.model.refresh()
    page.model.wait()
    qtbot.keyClicks(page.search, "omps")
    qtbot.waitUntil(lambda: page.model.filter.text == "omps" and not page.model.busy, timeout=3000)
    page.model.wait()
    seen: list[dict[str, object]] = []

    def exported(n: int) -> bool:
        return any(t.startswith(f"Exported {n} contacts") for _k, t in messages.shown)

    _answer("shown", "semicolon", seen)
    main_window.menus.actions["export_contacts"].trigger()
    qtbot.waitUntil(lambda: exported(1), timeout=20000)
    assert seen[0]["shown"] == "the 1 contact(s) shown" or seen[0]["shown"] == "the 1 contact shown"
    assert "all 10 contact" in str(seen[0]["all"])
    assert seen[0]["enabled"] == ["shown", "selected", "all"]  # the current row is selected
    assert _rows(out, ";") == ["Thompson BV"]
    assert (
        QSettings(str(ctx.settings_path), QSettings.Format.IniFormat).value(SETTINGS_SEPARATOR)
        == "semicolon"
    )

    page.search.clear()
    qtbot.waitUntil(lambda: page.model.filter.text == "" and not page.model.busy, timeout=3000)
    page.model.wait()
    sel = page.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for r in (0, 2, 3):
        sel.select(page.model.index(r, 0), flags)
    messages.shown.clear()
    _answer("selected", "comma", seen)
    page.export_selection()
    qtbot.waitUntil(lambda: exported(3), timeout=20000)
    assert seen[1]["separator"] == "semicolon"  # remembered from the last export
    assert "3 selected" in str(seen[1]["selected"])
    expected = [page.model.row_at(r).name for r in (0, 2, 3)]  # type: ignore[union-attr]
    assert _rows(out, ",") == expected  # the list's order

    messages.shown.clear()
    _answer("all", "comma", seen)
    page.export_shown()
    qtbot.waitUntil(lambda: exported(10), timeout=20000)
    assert len(_rows(out, ",")) == 10
