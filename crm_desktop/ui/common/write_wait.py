"""A save that waits for long work: while an import, a duplicate scan or a backup holds the
data file's write lock, a card's Save waits for it with a notice and Cancel instead of failing
with "database is locked" after the busy timeout. The card keeps its edits either way.

The GUI thread never blocks on the lock: it checks whether the lock is free (without waiting)
every `POLL_MS`, keeps the event loop running meanwhile, and only then runs the save."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.app import AppContext
from crm_desktop.services.datafile.opening import DatabaseLockedError
from crm_desktop.ui.common.screen import available

T = TypeVar("T")
POLL_MS = 150
# How long a save waits before the notice shows (a lock released at once shows nothing).
NOTICE_AFTER_MS = 300

SAVE_CANCELLED = QT_TRANSLATE_NOOP(
    "errors", "Not saved: you cancelled while another task was writing. Your changes are kept."
)


class SaveCancelled(CrmError):
    """The user stopped waiting for the write lock; nothing was saved, the edits are kept."""


def notice_text() -> str:
    """What the waiting notice says."""
    return QCoreApplication.translate(
        "write_wait",
        "Another task (an import, a duplicate scan or a backup) is writing to the data file. "
        "Your changes are kept and saved as soon as it is done.",
    )


def save_when_writable(ctx: AppContext, parent: QWidget | None, save: Callable[[], T]) -> T:
    """Run `save` (one service call) as soon as the data file can be written; until then show
    a notice with Cancel. Raises SaveCancelled on Cancel (nothing saved); the service's own
    errors pass through."""
    dialog: QProgressDialog | None = None
    cancelled = False
    waited = 0
    while True:
        if cancelled or (dialog is not None and dialog.wasCanceled()):
            if dialog is not None:
                dialog.close()
            raise SaveCancelled(SAVE_CANCELLED)
        if ctx.can_write_now():
            try:
                result = save()
            except DatabaseLockedError:
                pass  # another task took the lock first: wait on
            else:
                if dialog is not None:
                    dialog.close()
                return result
        if dialog is None and waited >= NOTICE_AFTER_MS:
            dialog = QProgressDialog(
                notice_text(),
                QCoreApplication.translate("write_wait", "Cancel"),
                0,
                0,
                parent,
            )
            dialog.setObjectName("write_wait")
            label = QLabel(notice_text())
            label.setWordWrap(True)
            dialog.setLabel(label)
            dialog.setMinimumWidth(min(460, available(dialog).width() - 40))
            dialog.setWindowTitle(QCoreApplication.translate("write_wait", "Waiting to save"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)

            def stop() -> None:
                nonlocal cancelled
                cancelled = True

            dialog.canceled.connect(stop)
            dialog.show()
        loop = QEventLoop()
        QTimer.singleShot(POLL_MS, loop.quit)
        loop.exec()
        waited += POLL_MS
