"""A meeting with a contact: log one that was held, or export an invitation (`.ics`) to the
persons of its company chosen in the list, logged with the Meeting Invitation template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.communications import meetings
from crm_desktop.services.interactions.log import Account
from crm_desktop.ui.communications.base import CommunicationDialog


class MeetingDialog(CommunicationDialog):
    """Date, time, duration, place, description and who is invited."""

    def __init__(
        self, ctx: AppContext, account: Account, contact_no: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, account, contact_no, parent)
        self.setObjectName("meeting_dialog")
        self.setWindowTitle(self.tr("Meeting with {no}").format(no=contact_no))
        self.ask_path: Callable[[], str] = self._ask_path
        self.description = QLineEdit()
        self.description.setObjectName("description")
        self.description.setMaxLength(100)
        self.description.setPlaceholderText(self.tr("Subject of the meeting"))
        now = dt.datetime.now()
        self.date = QDateEdit(QDate(now.year, now.month, now.day))
        self.date.setObjectName("date")
        self.date.setCalendarPopup(True)
        self.time = QTimeEdit(QTime(now.hour, 0))
        self.time.setObjectName("time")
        self.duration = QSpinBox()
        self.duration.setObjectName("duration_min")
        self.duration.setRange(0, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setValue(60)
        self.duration.setSuffix(self.tr(" min"))
        self.location = QLineEdit()
        self.location.setObjectName("location")
        self.location.setMaxLength(100)
        self.salesperson = self.salesperson_combo()
        self.attendees = QListWidget()
        self.attendees.setObjectName("attendees")
        self.attendees.setMaximumHeight(150)
        self.people = meetings.invitable(ctx, contact_no)
        for i, person in enumerate(self.people):
            item = QListWidgetItem(f"{person.name} <{person.email}>")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if i == 0 else Qt.CheckState.Unchecked)
            self.attendees.addItem(item)
        if not self.people:
            self.attendees.addItem(self.tr("No one of this company has an e-mail address."))
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addWidget(self.time)
        when.addWidget(self.duration)
        when.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("When"), when)
        form.addRow(self.tr("Location"), self.location)
        form.addRow(self.tr("Salesperson Code"), self.salesperson)
        form.addRow(self.tr("Invite"), self.attendees)
        self.held_button = QPushButton(self.tr("Log Held Meeting"))
        self.held_button.setObjectName("log_meeting")
        self.invite_button = QPushButton(self.tr("Export as Invitation..."))
        self.invite_button.setObjectName("export_invitation")
        self.invite_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.held_button)
        buttons.addWidget(self.invite_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.held_button.clicked.connect(self.log)
        self.invite_button.clicked.connect(self.export_invitation)
        self.close_button.clicked.connect(self.close)
        self.unsaved.watch(
            self.description, self.date, self.time.timeChanged, self.duration, self.location
        )
        self.attendees.itemChanged.connect(lambda _i: self.unsaved.set_dirty(True))
        self.resize(600, 360)

    def start(self) -> dt.datetime:
        """The meeting's start in local time."""
        return dt.datetime.combine(self.date.date().toPython(), self.time.time().toPython())

    def chosen(self) -> list[meetings.Person]:
        """The persons ticked in the list."""
        return [
            p
            for i, p in enumerate(self.people)
            if self.attendees.item(i).checkState() == Qt.CheckState.Checked
        ]

    def log(self) -> bool:
        """Log the meeting as held."""
        try:
            outcome = meetings.log_meeting(
                self.ctx,
                self.account,
                description=self.description.text(),
                start=self.start(),
                duration_min=self.duration.value(),
                salesperson_code=self.salesperson.currentData() or "",
            )
        except CrmError as exc:
            return self.fail(exc)
        self.done_logging(outcome, self.tr("Meeting logged."))
        return True

    def _ask_path(self) -> str:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export as Invitation"),
            str(Path.home() / "invitation.ics"),
            self.tr("Calendar invitations (*.ics)"),
        )
        return name

    def export_invitation(self) -> bool:
        """Write the `.ics` where the user says and log the invitation."""
        path = self.ask_path()
        if not path:
            return False
        try:
            invitation = meetings.invite(
                self.ctx,
                self.account,
                summary=self.description.text() or self.tr("Meeting"),
                start=self.start(),
                duration_min=self.duration.value(),
                location=self.location.text(),
                attendees=self.chosen(),
                salesperson_code=self.salesperson.currentData() or "",
                path=Path(path),
            )
        except (CrmError, OSError, ValueError) as exc:
            return self.fail(exc)
        self.done_logging(
            invitation.outcome,
            self.tr("Invitation written to {path} and logged.").format(path=path),
        )
        return True
