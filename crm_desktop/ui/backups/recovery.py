"""The GUI's side of opening safely and of automatic backups.

`open_with_recovery` opens the data; when the data file was damaged (and moved aside by the
service) it offers to restore the newest good backup, otherwise it shows the one-sentence
reason. `AutoBackup` makes a backup every few hours while the app runs (when something changed)
and one on exit.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext, open_app
from crm_desktop.services.backups import backup
from crm_desktop.services.datafile.opening import DamagedDatabaseError
from crm_desktop.ui import messages
from crm_desktop.ui.backups.worker import BackupWorker

CHECK_EVERY_MS = 30 * 60 * 1000


def _tr(text: str) -> str:
    return QCoreApplication.translate("backups", text)


def open_with_recovery(data_dir: str | Path | None) -> AppContext | None:
    """Open the data for the window; None (after telling the user) when it cannot be opened."""
    title = QCoreApplication.translate("messages", "Cannot open data")
    try:
        return open_app(data_dir)
    except DamagedDatabaseError as exc:
        if exc.backup is None:
            messages.show_error(None, exc, title)
            return None
        question = _tr(
            "The data file was damaged. It has been kept as {moved_to}.\n\n"
            "Restore the newest good backup ({backup}) and continue?"
        ).format(moved_to=exc.moved_to, backup=exc.backup.name)
        if not messages.ask(None, _tr("Damaged data file"), question):
            messages.show_error(None, exc, title)
            return None
        try:
            backup.restore_backup(exc.moved_to.parent, exc.backup)
            return open_app(data_dir)
        except CrmError as again:
            messages.show_error(None, again, title)
            return None
    except CrmError as exc:
        messages.show_error(None, exc, title)
        return None


class AutoBackup(QObject):
    """Backs up every few hours while running (if something changed) and on exit."""

    tick_done = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.worker: BackupWorker | None = None
        backup.start_tracking(ctx)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        """Make a backup in a worker thread when one is due; a failure is reported."""
        if self.worker is not None:
            return
        self.worker = BackupWorker(self.ctx, "auto", self)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self._finished)
        self.worker.start()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, CrmError):
            messages.show_error(None, exc)
        else:
            messages.show_crash(None, exc, self.ctx.log_path)

    def _finished(self) -> None:
        if self.worker is not None:
            self.worker.deleteLater()
        self.worker = None
        self.tick_done.emit()

    def on_exit(self) -> None:
        """The backup on exit (when something changed since the last one)."""
        self.timer.stop()
        if self.worker is not None:
            self.worker.wait()
        try:
            backup.backup_on_exit(self.ctx)
        except CrmError as exc:
            messages.show_error(None, exc)
