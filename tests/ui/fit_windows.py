"""Run by test_windows_fit in a fresh process on an offscreen 1366×768 screen (the scale factor
is set in the environment before Qt starts): opens the main window, every page and every card
and dialog on a fresh data directory, checks that each window's frame and its Save/OK/Close
buttons lie inside the screen's available geometry and inside the window, saves a PNG of each,
and prints one JSON line of problems."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from crm_desktop.services import contacts
from crm_desktop.services.app import open_app
from crm_desktop.ui import messages
from crm_desktop.ui.common.screen import FRAME_HEIGHT, FRAME_WIDTH

BUTTON_TEXTS = {"Save", "OK", "&OK", "Close", "&Close", "Cancel", "&Cancel", "&Save"}


def _problems(window: QWidget, name: str, shots: Path) -> list[str]:
    app = QApplication.instance()
    assert app is not None
    window.show()
    app.processEvents()
    area = window.screen().availableGeometry()
    out: list[str] = []
    frame = window.frameGeometry()
    if not area.contains(frame):
        out.append(f"{name}: frame {frame.getRect()} outside {area.getRect()}")
    # A real window manager's frame may be bigger than offscreen's: the room for it is kept.
    size = window.size()
    if size.width() + FRAME_WIDTH > area.width() or size.height() + FRAME_HEIGHT > area.height():
        out.append(
            f"{name}: size {size.toTuple()} leaves no room for a frame in {area.size().toTuple()}"
        )
    inside = window.rect()
    for button in window.findChildren(QAbstractButton):
        if button.text().replace("&", "") not in {t.replace("&", "") for t in BUTTON_TEXTS}:
            continue
        if not button.isVisibleTo(window) or button.window() is not window:
            continue
        rect = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        if not inside.contains(rect):
            out.append(f"{name}: button {button.text()} at {rect.getRect()} cut off")
    window.grab().save(str(shots / f"{name}.png"))
    return out


def main() -> None:
    data_dir, shots = Path(sys.argv[1]), Path(sys.argv[2])
    shots.mkdir(parents=True, exist_ok=True)
    messages.quiet = True
    app = QApplication([])
    ctx = open_app(data_dir)
    from crm_desktop.ui.contacts.card import ContactCard
    from crm_desktop.ui.contacts.details import NameDetailsDialog
    from crm_desktop.ui.main_window import MainWindow
    from crm_desktop.ui.numbering.dialogs import LineDialog, SeriesDialog
    from crm_desktop.ui.pages import PAGES
    from crm_desktop.ui.sync.card import RecordCard
    from crm_desktop.ui.sync.templates import TemplatesDialog

    problems: list[str] = []
    window = MainWindow(ctx)
    for key, _title, _factory in PAGES:
        window.show_page(key)
        problems += _problems(window, f"main_{key}", shots)
    company = contacts.create_contact(ctx, {"type": "company", "name": "Berg Bouw"}).contact.no
    person = ContactCard.new(ctx, "person", window, company_no=company)
    panel = window.show_page("masterdata").show_table("salesperson")  # type: ignore[attr-defined]
    panel.new()
    windows: dict[str, QWidget] = {
        "contact_company": ContactCard(ctx, company, window),
        "contact_new_person": person,
        "name_details": NameDetailsDialog(ctx, "", person.editors, person),
        "customer_card": RecordCard(ctx, "customer", "", window),
        "vendor_card": RecordCard(ctx, "vendor", "", window),
        "bank_account_card": RecordCard(ctx, "bank_account", "", window),
        "employee_card": RecordCard(ctx, "employee", "", window),
        "series_dialog": SeriesDialog(ctx, None, window),
        "line_dialog": LineDialog(ctx, "CONT", None, dt.date(2026, 1, 1), window),
        "templates_dialog": TemplatesDialog(ctx, window),
        "masterdata_dialog": panel.dialog,
    }
    for name, widget in windows.items():
        problems += _problems(widget, name, shots)
        widget.hide()
    print(
        json.dumps({"problems": problems, "screen": window.screen().availableGeometry().getRect()})
    )
    window.hide()
    ctx.close()
    app.quit()


if __name__ == "__main__":
    main()
