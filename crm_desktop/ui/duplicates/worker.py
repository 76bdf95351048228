"""Long duplicate batches off the GUI thread, with a progress dialog and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.duplicates import Cancelled
from crm_desktop.ui import messages
from crm_desktop.ui.common.worker import Job
from crm_desktop.ui.common.worker import JobThread as TaskThread

# Runners still working; holding them here keeps them alive even without a parent widget.
_ACTIVE: set[_Runner] = set()


class _Runner(QObject):
    """Lives in the GUI thread and receives the worker's signals there (queued connections to
    this object's slots), so the dialog and the callbacks are only touched by the GUI thread.

    It has no parent, so closing the window that started the job does not destroy a running
    thread; callbacks of a widget that is gone are skipped."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        dialog: QProgressDialog,
        thread: TaskThread,
        on_done: Callable[[Any], None],
        on_finished: Callable[[], None] | None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.widget = parent
        self.dialog = dialog
        self.task = thread
        self.on_done = on_done
        self.on_finished = on_finished

    def _owner(self) -> QWidget | None:
        return self.widget if self.widget is not None and isValid(self.widget) else None

    def _owner_gone(self) -> bool:
        return self.widget is not None and not isValid(self.widget)

    @Slot(int, int)
    def progressed(self, done: int, total: int) -> None:
        """Move the bar."""
        if isValid(self.dialog):
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(min(done, max(total, 1)))

    @Slot()
    def cancelled(self) -> None:
        """The user pressed Cancel (or the app quits): the job stops at its next check."""
        if isValid(self.dialog):
            self.dialog.setLabelText(QCoreApplication.translate("duplicates", "Cancelling…"))
        self.task.cancel()

    @Slot()
    def shutdown(self) -> None:
        """The app quits: stop the job and wait for its thread, so none outlives the app."""
        self.task.cancel()
        self.task.wait(30000)

    @Slot(object)
    def succeeded(self, result: object) -> None:
        """Hand the result on."""
        if not self._owner_gone():
            self.on_done(result)

    @Slot(object)
    def failed(self, exc: object) -> None:
        """Say what went wrong, in the house way."""
        owner = self._owner()
        title = QCoreApplication.translate("duplicates", "Contact Duplicates")
        if isinstance(exc, Cancelled):
            messages.inform(owner, title, messages.error_text(exc))
        elif isinstance(exc, CrmError):
            messages.show_error(owner, exc)
        elif isinstance(exc, BaseException):
            messages.show_crash(owner, exc, self.ctx.log_path)

    @Slot()
    def finished(self) -> None:
        """Close the dialog, tell the caller, and let everything go."""
        if isValid(self.dialog):
            self.dialog.close()
            self.dialog.deleteLater()
        if self.on_finished is not None and not self._owner_gone():
            self.on_finished()
        self.task.deleteLater()
        _ACTIVE.discard(self)
        self.deleteLater()


def run_in_background(
    ctx: AppContext,
    parent: QWidget | None,
    label: str,
    job: Job,
    on_done: Callable[[Any], None],
    on_finished: Callable[[], None] | None = None,
) -> TaskThread:
    """Start `job` in a worker thread behind a window-modal progress dialog with Cancel.

    `on_done(result)` runs in the GUI thread when the job succeeded; a cancel is reported in one
    sentence, a known error in a message box, anything else in the crash dialog. `on_finished()`
    runs last, whatever happened.
    """
    dialog = QProgressDialog(
        label, QCoreApplication.translate("duplicates", "Cancel"), 0, 0, parent
    )
    dialog.setObjectName("duplicates_progress")
    dialog.setWindowTitle(QCoreApplication.translate("duplicates", "Contact Duplicates"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setMinimumDuration(200)
    thread = TaskThread(job)
    runner = _Runner(ctx, parent, dialog, thread, on_done, on_finished)
    _ACTIVE.add(runner)
    thread.progressed.connect(runner.progressed)
    thread.succeeded.connect(runner.succeeded)
    thread.failed.connect(runner.failed)
    thread.finished.connect(runner.finished)
    dialog.canceled.connect(runner.cancelled)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(runner.shutdown)
    thread.start()
    return thread


def run_generate(
    ctx: AppContext,
    parent: QWidget | None,
    on_done: Callable[[Any], None] | None = None,
    on_finished: Callable[[], None] | None = None,
) -> TaskThread:
    """BC's Generate Duplicate Search Strings batch in the background, with progress and Cancel
    (Marketing Setup runs it when Maintain Dupl. Search Strings is switched on). Says in the
    status bar what it found and tells open pages that the pairs changed."""
    from crm_desktop.services import duplicates
    from crm_desktop.ui.hub import hub

    def done(result: Any) -> None:
        hub().status_message.emit(
            QCoreApplication.translate(
                "duplicates",
                "Duplicate search strings generated for %1 companies: %2 possible duplicate pairs.",
            )
            .replace("%1", str(result.companies))
            .replace("%2", str(result.pairs))
        )
        hub().changed("contact_duplicate")
        if on_done is not None:
            on_done(result)

    return run_in_background(
        ctx,
        parent,
        QCoreApplication.translate("duplicates", "Generating duplicate search strings…"),
        lambda progress, cancel: duplicates.generate_search_strings(ctx, progress, cancel),
        done,
        on_finished,
    )
