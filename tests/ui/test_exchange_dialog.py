"""The Import Contacts dialog and the export action, driven like a user would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from crm_desktop.services.app import DB_FILE, AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.exchange import export_action, import_action
from crm_desktop.ui.exchange.import_dialog import ImportDialog
from crm_desktop.ui.hub import hub

SHOTS = Path("/tmp/shots/exchange")


def _count(ctx: AppContext) -> int:
    con = sqlite3.connect(ctx.data_dir / DB_FILE)
    try:
        return int(con.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        con.close()


def _bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.csv"
    path.write_text(
        "name;type;phone_no;email;company_no\n"
        "Acme BV;company;+31 30 123 4567;info@acme.nl;\n"
        "Beta BV;;030 CALL NOW;;\n"
        "Jan de Vries;person;;jan@@acme;\n"
        "Kees Kok;person;;;K999\n"
        "Delta BV;supplier;;;\n"
        "Good Person;person;06 1234 5678;;\n",
        encoding="cp1252",
    )
    return path


def test_bad_rows_are_listed_then_the_good_rows_imported(
    ctx: AppContext, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(ctx, None, str(_bad_file(tmp_path)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.progress.isVisible() and not dialog.table.isVisible()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.thread_ is None and dialog.table.isVisible(), timeout=20000)
    table = dialog.table
    rows = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
    assert rows == [
        ("3", "phone_no", "Phone No. must not contain letters"),
        ("4", "email", 'The email address "jan@@acme" is not valid.'),
        ("5", "company_no", "Contact K999 does not exist."),
        ("6", "type", "Type must be company or person, not supplier."),
    ]
    assert dialog.status.text() == (
        "4 rows have errors, so nothing was imported. Correct them in the file and import "
        "again, or import the 2 good rows only."
    )
    assert dialog.good_button.isVisible() and _count(ctx) == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.resize(820, 460)
    dialog.grab().save(str(SHOTS / "import_errors.png"))

    changed: list[set[str]] = []
    hub().data_changed.connect(lambda kinds, _keys: changed.append(kinds))
    qtbot.mouseClick(dialog.good_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None and dialog.thread_ is None, timeout=20000)
    assert _count(ctx) == 2
    assert dialog.status.text().startswith(
        "Imported 2 contacts (companies: 1, persons: 1). 4 rows with errors were left out:"
    )
    assert dialog.table.rowCount() == 4 and {"contact"} in changed
    assert not dialog.import_button.isEnabled() and not dialog.good_button.isVisible()
    dialog.grab().save(str(SHOTS / "import_done.png"))


def test_a_file_that_cannot_be_read_is_explained(ctx: AppContext, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.csv"
    path.write_bytes(b"colour,size\nred,1\n")
    dialog = import_action(ctx, None, str(path))
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.thread_ is None and bool(messages.shown), timeout=20000)
    assert messages.shown[-1][0] == "error"
    # The preview (issue 22) reads such a file for mapping: the user is asked to map a column.
    assert messages.shown[-1][1].startswith("No column is mapped to a contact field;")
    assert dialog.status.text() == messages.shown[-1][1]
    assert not dialog.good_button.isVisible() and _count(ctx) == 0


def test_cancel_stops_the_import_and_writes_nothing(ctx: AppContext, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "many.csv"
    path.write_text("name\n" + "".join(f"Contact {i}\n" for i in range(20000)), encoding="utf-8")
    dialog = ImportDialog(ctx, None, str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isEnabled() and not dialog.import_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.progress.maximum() > 1, timeout=20000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.thread_ is None, timeout=30000)
    assert dialog.status.text() == "The import was cancelled; nothing was imported."
    assert _count(ctx) == 0 and dialog.import_button.isEnabled()


def test_export_action_writes_the_file_and_says_how_many(
    ctx: AppContext, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "in.csv"
    source.write_text("no,name\nA1,=1+1\nA2,Beta\n", encoding="utf-8")
    dialog = ImportDialog(ctx, None, str(source))
    qtbot.addWidget(dialog)
    dialog.start(skip_invalid=False)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=20000)
    out = tmp_path / "out.csv"
    thread = export_action(ctx, None, str(out))
    assert thread is not None
    qtbot.waitUntil(lambda: any(k == "info" for k, _ in messages.shown), timeout=20000)
    assert ("info", f"Exported 2 contacts to {out}.") in messages.shown
    assert out.read_text(encoding="utf-8-sig").splitlines()[1].startswith("A1,company,'=1+1,")


def test_no_good_rows_means_no_offer_to_import_them(ctx: AppContext, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "all_bad.csv"
    path.write_text("name,phone_no\nA,abc\nB,def\n", encoding="utf-8")
    dialog = ImportDialog(ctx, None, str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.thread_ is None and dialog.table.isVisible(), timeout=20000)
    assert dialog.table.rowCount() == 2 and not dialog.good_button.isVisible()
    assert dialog.status.text().startswith("2 rows have errors and no row is good")


def test_a_mixed_file_is_offered_as_utf8_with_replacements(
    ctx: AppContext, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mixed.csv"
    path.write_bytes("name,city\nMüller,Köln\n".encode() + b"Caf\xe9,Gouda\n")
    messages.answer_next.append(True)
    # The CSV-only dialog (import_action opens the any-format preview since issue 22).
    dialog = ImportDialog(ctx, None, str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None and dialog.thread_ is None, timeout=30000)
    assert messages.shown[0][0] == "question" and "Line 3" in messages.shown[0][1]
    assert _count(ctx) == 2
    assert "not UTF-8: 3 (1 in all)" in dialog.status.text()
