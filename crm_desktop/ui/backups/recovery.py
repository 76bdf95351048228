"""The GUI's side of opening safely and of automatic backups.

`open_with_recovery` opens the data; when the data file was damaged (and moved aside by the
service), is missing, empty or unreadable while a backup exists, it offers to restore the newest
good backup; with only a file set aside it names it and asks before starting empty; otherwise it
shows the one-sentence reason. `AutoBackup` makes a backup every few hours while the app runs (when something changed)
and one on exit.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext, open_app, resolve_data_dir
from crm_desktop.services.backups import backup
from crm_desktop.services.datafile.opening import DamagedDatabaseError, RecoveryNeededError
from crm_desktop.ui import messages
from crm_desktop.ui.backups.worker import BackupWorker

CHECK_EVERY_MS = 30 * 60 * 1000


def _tr(text: str) -> str:
    return QCoreApplication.translate("backups", text)


def open_with_recovery(data_dir: str | Path | None) -> AppContext | None:
    """Open the data for the window; None (after telling the user) when it cannot be opened.

    Whenever the data file is damaged, missing, empty or unreadable and a good backup exists,
    the newest one is offered (never one dated in the future); when only a file set aside
    exists, it is named and the user is asked before an empty data file is created.
    """
    title = QCoreApplication.translate("messages", "Cannot open data")
    try:
        return open_app(data_dir)
    except RecoveryNeededError as exc:
        return _recover(data_dir, exc, title)
    except CrmError as exc:
        messages.show_error(None, exc, title)
        return None


def _recover(
    data_dir: str | Path | None, exc: RecoveryNeededError, title: str
) -> AppContext | None:
    folder = resolve_data_dir(data_dir)
    if exc.backup is not None:
        if isinstance(exc, DamagedDatabaseError):
            question = _tr(
                "The data file was damaged. It has been kept as {moved_to}.\n\n"
                "Restore the newest good backup ({backup}) and continue?"
            ).format(moved_to=exc.moved_to, backup=exc.backup.name)
        else:
            question = _tr(
                "Your data file is missing, empty or cannot be read, but a backup of your data "
                "exists: {backup}.\n\nRestore it and continue?"
            ).format(backup=exc.backup.name)
        if not messages.ask(None, _tr("Restore your data"), question):
            messages.show_error(None, exc, title)
            return None
        try:
            backup.restore_backup(folder, exc.backup)
            return open_app(data_dir)
        except CrmError as again:
            messages.show_error(None, again, title)
            return None
    if exc.moved_aside:
        question = _tr(
            "There is no good backup. An earlier data file was kept as {aside}; it stays "
            "there.\n\nStart with an empty data file?"
        ).format(aside=exc.moved_aside[0])
        if messages.ask(None, _tr("No usable data file"), question):
            try:
                return open_app(data_dir, allow_new=True)
            except CrmError as again:
                messages.show_error(None, again, title)
                return None
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
