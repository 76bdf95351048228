"""The Backups page: every backup with its date, size and contact count; back up now; restore."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, Qt, QTime, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.masterdata import TABLES_BY_KEY
from crm_desktop.services.app import AppContext
from crm_desktop.services.backups import backup
from crm_desktop.ui import messages
from crm_desktop.ui.backups.worker import BackupWorker
from crm_desktop.ui.hub import hub

# After a restore every kind of record may have changed.
RESTORED_KINDS = (
    "contact",
    "marketing_setup",
    "interaction_template_setup",
    "user_setup",
    "no_series",
    "duplicates",
    "customer",
    "vendor",
    "bank_account",
    "employee",
    *TABLES_BY_KEY,
)


class PathLabel(QLabel):
    """A file path on one line, shortened in the middle ("/home/…/backups") when the line is
    narrower than the path; the tooltip and Copy give it whole."""

    def __init__(self, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setToolTip(path)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        copy = QAction(QCoreApplication.translate("BackupsPage", "Copy"), self)
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(self.path))
        self.addAction(copy)
        self.setText(path)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """Shorten the shown path to the new width."""
        super().resizeEvent(event)
        metrics = self.fontMetrics()
        self.setText(metrics.elidedText(self.path, Qt.TextElideMode.ElideMiddle, self.width()))


class BackupsPage(QWidget):
    """Lists the backups (newest first) and lets the user make one or restore one."""

    COLUMNS = 4
    backup_finished = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.backups: list[backup.BackupInfo] = []
        self.worker: BackupWorker | None = None
        heading = QLabel(f"<h2>{self.tr('Backups')}</h2>")
        intro = QLabel(
            self.tr(
                "CRM Desktop backs up your data every few hours while it runs and when you close "
                "it, and keeps the last 7 days, 4 weeks and 6 months."
            )
        )
        intro.setWordWrap(True)
        # The folder on a line of its own: a long path is shortened in the middle to the width
        # (whole in its tooltip, and copied whole), never wrapped mid-name or widening the page.
        self.folder = PathLabel(str(ctx.backup_dir))
        self.folder.setObjectName("backup_folder")
        self.open_folder_button = QPushButton(self.tr("Open Folder"))
        self.open_folder_button.setObjectName("open_backup_folder")
        self.open_folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(ctx.backup_dir)))
        )
        folder_line = QHBoxLayout()
        folder_line.addWidget(QLabel(self.tr("Folder:")))
        folder_line.addWidget(self.folder, 1)
        folder_line.addWidget(self.open_folder_button)

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("backups_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Size"), self.tr("Contacts"), self.tr("Made")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())

        self.empty = QLabel(
            self.tr(
                "No backups yet. Click Back up now to make the first one; CRM Desktop also makes "
                "one every few hours and when you close it."
            )
        )
        self.empty.setObjectName("backups_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.setObjectName("backup_now")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.restore_button.setObjectName("restore")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(folder_line)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        self.refresh()

    def refresh(self) -> None:
        """Read the backups folder again."""
        self.backups = backup.list_backups(self.ctx)
        self.table.setRowCount(len(self.backups))
        locale = QLocale()
        for row, info in enumerate(self.backups):
            cells = (
                locale.toString(_qdatetime(info.taken), QLocale.FormatType.ShortFormat),
                locale.formattedDataSize(info.size),
                "" if info.contacts is None else locale.toString(info.contacts),
                self._reason(info.reason)
                + (" — " + self.tr("dated in the future") if info.in_future else ""),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (1, 2):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                item.setToolTip(str(info.path))
                self.table.setItem(row, col, item)
        self.stack.setCurrentWidget(self.table if self.backups else self.empty)
        if self.backups and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_buttons()

    def _reason(self, reason: str) -> str:
        names = {
            "manual": self.tr("By you"),
            "auto": self.tr("Automatically"),
            "on-exit": self.tr("On closing"),
            "before-restore": self.tr("Before a restore"),
            "before-migration": self.tr("Before an update"),
        }
        return names.get(reason, reason)

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.worker is None and self.selected() is not None)

    def selected(self) -> backup.BackupInfo | None:
        """The backup of the selected row."""
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        return self.backups[rows.pop()]

    def back_up_now(self) -> None:
        """Make a backup in a worker thread; the list shows it when it is done."""
        if self.worker is not None:
            return
        self.worker = BackupWorker(self.ctx, "manual", self)
        self.worker.made.connect(self._backup_made)
        self.worker.failed.connect(self._backup_failed)
        self.worker.finished.connect(self._worker_finished)
        self.backup_button.setEnabled(False)
        self.restore_button.setEnabled(False)
        self.backup_button.setText(self.tr("Backing up…"))
        self.worker.start()

    def _backup_made(self, made: backup.BackupInfo) -> None:
        self.refresh()
        hub().status_message.emit(self.tr("Backup written: {name}").format(name=made.path.name))

    def _backup_failed(self, exc: BaseException) -> None:
        if isinstance(exc, CrmError):
            messages.show_error(self, exc)
        else:
            messages.show_crash(self, exc, self.ctx.log_path)

    def _worker_finished(self) -> None:
        if self.worker is not None:
            self.worker.deleteLater()
        self.worker = None
        self.backup_button.setText(self.tr("Back up now"))
        self.backup_button.setEnabled(True)
        self._update_buttons()
        self.backup_finished.emit()

    def restore_selected(self) -> None:
        """Restore the selected backup after a confirmation; the current data is backed up
        first, and every page shows the restored data."""
        chosen = self.selected()
        if chosen is None:
            return
        when = QLocale().toString(_qdatetime(chosen.taken), QLocale.FormatType.LongFormat)
        question = self.tr(
            "Replace your current data with the backup of {when}?\n\n"
            "Your current data is backed up first, so you can go back to it."
        ).format(when=when)
        if not messages.ask(self, self.tr("Restore backup"), question):
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = backup.restore_backup(self.ctx, chosen.path)
        except CrmError as exc:
            QGuiApplication.restoreOverrideCursor()
            messages.show_error(self, exc)
            return
        QGuiApplication.restoreOverrideCursor()
        hub().changed(*RESTORED_KINDS)
        self.refresh()
        saved = (
            self.tr("Your previous data was saved as {name}.").format(
                name=result.safety_backup.path.name
            )
            if result.safety_backup
            else ""
        )
        messages.inform(
            self,
            self.tr("Restore backup"),
            (self.tr("The backup of {when} was restored.").format(when=when) + " " + saved).strip(),
        )


def _qdatetime(value: dt.datetime) -> QDateTime:
    return QDateTime(
        QDate(value.year, value.month, value.day), QTime(value.hour, value.minute, value.second)
    )
