"""The two entry points the contacts page and the File menu use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.contacts.listing import ContactFilter, ContactSort
from crm_desktop.services.exchange import formats_export
from crm_desktop.ui import messages
from crm_desktop.ui.exchange.import_dialog import JobThread
from crm_desktop.ui.exchange.preview_dialog import ImportPreviewDialog
from crm_desktop.ui.hub import hub


def _tr(text: str) -> str:
    return QCoreApplication.translate("exchange", text)


def import_action(ctx: AppContext, parent: QWidget | None, path: str = "") -> ImportPreviewDialog:
    """Open the Import Contacts dialog (window-modal, any format, with preview) and return it."""
    dialog = ImportPreviewDialog(ctx, parent, path)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    if not path:
        dialog.choose_file()
    return dialog


def export_action(
    ctx: AppContext,
    parent: QWidget | None,
    path: str = "",
    *,
    flt: ContactFilter | None = None,
    sort: ContactSort | None = None,
    nos: list[str] | None = None,
    separator: str = "comma",
) -> JobThread | None:
    """Ask for a file name (unless given) and export contacts to it in a worker thread, behind
    a progress dialog (all, those `flt` shows in `sort` order, or `nos`; cells separated by
    `separator`); says how many were exported when done."""
    fmt, version = "ours", "4.0"
    if not path:
        filters = export_filters()
        path, chosen = QFileDialog.getSaveFileName(
            parent, _tr("Export Contacts"), "contacts.csv", ";;".join(f for f, _k, _v in filters)
        )
        if not path:
            return None
        fmt, version = next(((k, v) for f, k, v in filters if f == chosen), (fmt, version))
    dialog = QProgressDialog(_tr("Exporting contacts…"), "", 0, 0, parent)
    dialog.setObjectName("export_progress")
    dialog.setWindowTitle(_tr("Export Contacts"))
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    target = path

    def job(_progress: Callable[[int, int], None], _cancel: Callable[[], bool]) -> Any:
        return formats_export.export_file(
            ctx,
            target,
            fmt=fmt,
            vcard_version=version,
            flt=flt,
            sort=sort,
            nos=nos,
            separator=separator,
        )

    thread = JobThread(job, parent)

    def succeeded(count: object) -> None:
        text = _tr("Exported {count} contacts to {file}.").format(count=count, file=target)
        hub().status_message.emit(text)
        messages.inform(parent, _tr("Export Contacts"), text)

    def failed(exc: object) -> None:
        if isinstance(exc, CrmError):
            messages.show_error(parent, exc)
        elif isinstance(exc, BaseException):
            messages.show_crash(parent, exc, ctx.log_path)

    def finished() -> None:
        dialog.close()
        dialog.deleteLater()
        thread.deleteLater()

    thread.succeeded.connect(succeeded)
    thread.failed.connect(failed)
    thread.finished.connect(finished)
    thread.start()
    return thread


def export_filters() -> list[tuple[str, str, str]]:
    """The Save dialog's file types: (filter text, CSV format, vCard version)."""
    return [
        (_tr("CRM Desktop CSV, every field (*.csv)"), "ours", "4.0"),
        (_tr("Outlook CSV (*.csv)"), "outlook", "4.0"),
        (_tr("Google Contacts CSV (*.csv)"), "google", "4.0"),
        (_tr("vCard 4.0 (*.vcf)"), "ours", "4.0"),
        (_tr("vCard 3.0, older programs (*.vcf)"), "ours", "3.0"),
        (_tr("Excel workbook (*.xlsx)"), "ours", "4.0"),
    ]
