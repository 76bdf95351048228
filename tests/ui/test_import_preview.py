"""The import preview (issue 22) and the contact picture on the card, driven as a user would.

Screens are grabbed at 1366x768 into tests/ui/screens/ when CRM_GRAB is set.
"""

from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from crm_desktop.services import contacts
from crm_desktop.services.app import DB_FILE, AppContext
from crm_desktop.services.contacts import picture
from crm_desktop.ui import messages
from crm_desktop.ui.contacts.card import ContactCard
from crm_desktop.ui.exchange.preview_dialog import ImportPreviewDialog
from tests.domain.test_exchange_formats import OUTLOOK_NL

GRABS = Path(os.environ.get("CRM_GRAB", "")) if os.environ.get("CRM_GRAB") else None


def _grab(widget: Any, name: str) -> None:
    if GRABS is not None:
        GRABS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(GRABS / f"{name}.png"))


def _names(ctx: AppContext) -> list[str]:
    con = sqlite3.connect(ctx.data_dir / DB_FILE)
    try:
        return [r[0] for r in con.execute("SELECT name FROM contact ORDER BY name")]
    finally:
        con.close()


def _open(ctx: AppContext, qtbot: Any, path: Path, checked: bool = True) -> ImportPreviewDialog:
    dialog = ImportPreviewDialog(ctx, None, str(path))
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    qtbot.waitUntil(
        lambda: (
            dialog.source is not None
            and dialog.thread_ is None
            and not dialog._check_next
            and (dialog.plan is not None or not checked)
        ),
        timeout=30000,
    )
    return dialog


def test_an_outlook_file_is_previewed_mapped_checked_and_imported(
    ctx: AppContext, qtbot: Any, tmp_path: Path
) -> None:
    contacts.create_contact(ctx, {"type": "person", "name": "Jan van Dijk", "email": "JAN@smit.nl"})
    path = tmp_path / "outlook_nl.csv"
    path.write_bytes(OUTLOOK_NL.encode("cp1252"))
    dialog = _open(ctx, qtbot, path)
    assert "Outlook CSV (Dutch)" in dialog.format_label.text()
    table = dialog.mapping_table
    rows = {table.item(i, 0).text(): i for i in range(table.rowCount())}
    assert table.combo(rows["Werkadres, straat"]).currentData() == "address"
    assert table.item(rows["Werkadres, plaats"], 2).text() == "Utrecht"
    # The duplicate (same e-mail, any case) is offered, Skip chosen.
    assert dialog.tabs.currentIndex() == 1
    dialog.tabs.setCurrentIndex(0)
    _grab(dialog, "import_preview_columns_1366x768")
    dialog.tabs.setCurrentIndex(1)
    assert dialog.duplicates.rowCount() == 1
    assert dialog.duplicates.choice_combo(0).currentData() == "skip"
    offered = [dialog.duplicates.choice_combo(0).itemData(i) for i in range(3)]
    assert offered == ["skip", "merge", "import"]
    _grab(dialog, "import_preview_duplicates_1366x768")
    # The user maps "Functie" to nothing: the mapping is stale until checked again.
    combo = table.combo(rows["Functie"])
    combo.setCurrentIndex(combo.findData(""))
    assert dialog.plan_stale and not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.plan_stale and dialog.thread_ is None, timeout=30000)
    dialog.all_combo.setCurrentIndex(dialog.all_combo.findData("import"))
    dialog.all_combo.activated.emit(dialog.all_combo.currentIndex())
    assert dialog.duplicates.choices() == {2: "import"}
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None and dialog.thread_ is None, timeout=30000)
    assert _names(ctx) == ["Bakkerij Smit", "Jan van Dijk", "Jan van Dijk"]
    assert "Imported 2 contacts" in dialog.status.text()
    assert dialog.left_out.rowCount() >= 1  # the note
    _grab(dialog, "import_preview_done_1366x768")


def test_cancel_leaves_the_database_unchanged(ctx: AppContext, qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "many.vcf"
    path.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:P{i};Jo;;;\r\nFN:Jo P{i}\r\nEND:VCARD\r\n"
            for i in range(3000)
        ),
        "utf-8",
    )
    dialog = _open(ctx, qtbot, path)
    before = _names(ctx)
    dialog.start(skip_invalid=False)
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.thread_ is None, timeout=60000)
    assert "cancelled" in dialog.status.text()
    assert _names(ctx) == before
    assert dialog.result_ is None


def test_a_mapping_is_saved_by_name_and_applied_again(
    ctx: AppContext, qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "own.csv"
    path.write_text("Naam;Woonplaats\nAcme;Delft\n", "utf-8")
    dialog = _open(ctx, qtbot, path, checked=False)
    assert "CSV with other columns" in dialog.format_label.text()
    assert dialog.plan is None and "No column is mapped" in dialog.status.text()
    _grab(dialog, "import_preview_unmapped_1366x768")
    table = dialog.mapping_table
    table.combo(0).setCurrentIndex(table.combo(0).findData("name"))
    table.combo(1).setCurrentIndex(table.combo(1).findData("city"))
    dialog.save_mapping("Dutch sheet")
    assert dialog.saved_combo.currentText() == "Dutch sheet"
    table.combo(1).setCurrentIndex(0)
    dialog.saved_combo.setCurrentIndex(dialog.saved_combo.findData("Dutch sheet"))
    dialog.saved_combo.activated.emit(dialog.saved_combo.currentIndex())
    assert table.mapping() == {"Naam": "name", "Woonplaats": "city"}
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.thread_ is None, timeout=30000)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=30000)
    assert _names(ctx) == ["Acme"]


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 90, 200)).save(out, "PNG")
    return out.getvalue()


def test_the_card_shows_a_picture_set_by_drop_and_removes_it(
    ctx: AppContext, qtbot: Any, tmp_path: Path
) -> None:
    no = contacts.create_contact(ctx, {"type": "company", "name": "Picture BV"}).contact.no
    card = ContactCard(ctx, no)
    qtbot.addWidget(card)
    card.resize(1366, 768)
    card.show()
    widget = card.picture
    assert widget.image.text() == "Drop a picture here" and not widget.remove_button.isEnabled()
    file = tmp_path / "logo.png"
    file.write_bytes(_png())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(file))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(drop)
    stored = picture.get_picture(ctx, no)
    assert stored is not None and (stored.width, stored.height) == (400, 300)
    assert not widget.image.pixmap().isNull() and widget.remove_button.isEnabled()
    _grab(card, "contact_card_picture_1366x768")
    # Not a picture: a message, nothing changed.
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    assert not widget.set_file(str(bad))
    assert messages.shown[-1][0] == "error"
    assert picture.get_picture(ctx, no) == stored
    messages.answer_next.append(True)
    widget.remove()
    assert picture.get_picture(ctx, no) is None and widget.image.pixmap().isNull()


def test_a_new_card_asks_to_save_before_a_picture(ctx: AppContext, qtbot: Any) -> None:
    card = ContactCard.new(ctx, "company")
    qtbot.addWidget(card)
    assert card.picture.image.text() == "Save the contact first"
    assert not card.picture.choose_button.isEnabled()


def test_a_mixed_encoding_csv_is_read_as_utf8_when_the_user_agrees(
    ctx: AppContext, qtbot: Any, tmp_path: Path
) -> None:
    """Issue 14 in the preview: the mixed file's question, then the import with replacements."""
    path = tmp_path / "mixed.csv"
    path.write_bytes("name,city\nMüller,Köln\n".encode() + b"Caf\xe9,Gouda\n")
    messages.answer_next.append(True)
    dialog = _open(ctx, qtbot, path)
    assert messages.shown[0][0] == "question" and "Line 3" in messages.shown[0][1]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_ is not None and dialog.thread_ is None, timeout=30000)
    assert _names(ctx) == ["Caf\ufffd", "Müller"]
    assert dialog.result_ is not None
    assert any("3" in n for n in dialog.result_.result.notices)
