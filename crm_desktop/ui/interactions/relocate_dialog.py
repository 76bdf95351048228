"""Relocate Attachments: after the storage type or location changed, every attachment is moved
in the background with a progress bar; Cancel stops after the attachment being moved, and
every attachment stays readable whatever happens (the service moves one per transaction)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import attachments
from crm_desktop.ui import messages
from crm_desktop.ui.common.worker import JobThread
from crm_desktop.ui.hub import hub


class RelocateDialog(QDialog):
    """Moves the attachments to where the Marketing Setup says, showing progress."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("relocate_attachments")
        self.setWindowTitle(self.tr("Relocate Attachments"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.result_value: attachments.RelocationResult | None = None
        self.label = QLabel(
            self.tr("Moving the attachments to the new storage. You can keep working.")
        )
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("relocate_progress")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("relocate_cancel")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)
        self.thread = JobThread(
            lambda progress, cancel: attachments.relocate(ctx, progress, cancel), self
        )
        self.thread.progressed.connect(self._progress)
        self.thread.succeeded.connect(self._done)
        self.thread.failed.connect(self._failed)
        self.cancel_button.clicked.connect(self._cancel)
        # Closed (and deleted) only once the thread has ended, never while it runs.
        self.thread.finished.connect(self.close)

    def start(self) -> None:
        """Show the dialog and start moving."""
        self.show()
        self.thread.start()

    def _progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)
        self.label.setText(
            self.tr("Moved {done} of {total} attachments.").format(done=done, total=total)
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Closing while moving asks the move to stop; the dialog goes when it has."""
        if self.thread.isRunning():
            self._cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def _cancel(self) -> None:
        self.thread.cancel()
        self.cancel_button.setEnabled(False)

    def _done(self, result: attachments.RelocationResult) -> None:
        self.result_value = result
        text = (
            self.tr(
                "Relocation stopped: {moved} attachments moved, the others stay where they were "
                "and can still be opened. It continues the next time the storage is applied."
            )
            if result.canceled
            else self.tr("{moved} attachments moved to the new storage.")
        ).format(moved=result.moved)
        hub().status_message.emit(text)
        hub().changed("attachment")

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, CrmError):
            messages.show_error(self, error)
        else:
            messages.show_crash(self, error, self.ctx.log_path)


def relocate_if_needed(ctx: AppContext, parent: QWidget | None) -> RelocateDialog | None:
    """Start Relocate Attachments when attachments are not where the setup says."""
    if attachments.pending_relocation(ctx) == 0:
        return None
    dialog = RelocateDialog(ctx, parent)
    dialog.start()
    return dialog
