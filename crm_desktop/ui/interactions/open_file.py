"""Opening an attachment with the desktop's default program (QDesktopServices)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import attachments
from crm_desktop.ui import messages
from crm_desktop.ui.hub import hub


def open_attachment(ctx: AppContext, no: int, parent: QWidget | None) -> bool:
    """Open attachment `no`; an embedded one opens as a private temporary copy and the user is
    told that edits there are not saved back. False when it could not be opened."""
    try:
        path, is_copy = attachments.file_to_open(ctx, no)
    except CrmError as exc:
        messages.show_error(parent, exc)
        return False
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        messages.inform(
            parent,
            QCoreApplication.translate("OpenAttachment", "Open Attachment"),
            QCoreApplication.translate(
                "OpenAttachment",
                "No program is set up to open this kind of file. The file is at:\n{path}",
            ).format(path=str(path)),
        )
        return False
    if is_copy:
        hub().status_message.emit(
            QCoreApplication.translate("interactions", attachments.OPEN_COPY_NOTE)
        )
    return True
