"""The main window's File menu reaches the CSV import and export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog

from crm_desktop.ui import messages
from crm_desktop.ui.exchange.export_dialog import ExportChoiceDialog
from crm_desktop.ui.exchange.preview_dialog import ImportPreviewDialog


def _action(window, name: str) -> QAction:  # type: ignore[no-untyped-def]
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def test_file_menu_imports_and_exports_contacts(
    main_window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in.csv"
    source.write_text("no,name\nM1,Menu BV\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert _action(main_window, "import_contacts").text() == "&Import contacts…"
    assert _action(main_window, "export_contacts").text() == "&Export contacts…"

    _action(main_window, "import_contacts").trigger()
    dialog = main_window.findChild(ImportPreviewDialog)
    assert dialog is not None and dialog.path_edit.text() == str(source)
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.thread_ is None, timeout=20000)
    dialog.start(skip_invalid=False)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=20000)
    assert dialog.result_.result.imported == 1
    dialog.close()

    def choose_all() -> None:  # File > Export asks which contacts first
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportChoiceDialog):
            QTimer.singleShot(20, choose_all)
            return
        dialog.options["all"].click()
        dialog.accept()

    QTimer.singleShot(0, choose_all)
    _action(main_window, "export_contacts").trigger()
    qtbot.waitUntil(
        lambda: ("info", f"Exported 1 contacts to {out}.") in messages.shown, timeout=20000
    )
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].startswith("M1,company,Menu BV,")
