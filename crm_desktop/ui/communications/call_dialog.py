"""A phone call: "Call" dials through `tel:` (QDesktopServices); where no program answers,
the number is shown with Copy. The call is logged in the same dialog: description, duration,
attempt failed. "Log Incoming Call" uses the same dialog without dialing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.communications import calls
from crm_desktop.services.interactions.log import Account
from crm_desktop.ui.communications.base import CommunicationDialog


class CallDialog(CommunicationDialog):
    """Log one call with a contact; `dial()` starts an outgoing one."""

    def __init__(
        self,
        ctx: AppContext,
        account: Account,
        target: calls.CallTarget,
        *,
        incoming: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, account, target.contact_no, parent)
        self.target = target
        self.incoming = incoming
        self.started = dt.datetime.now()
        self.setObjectName("call_dialog")
        self.setWindowTitle(
            self.tr("Incoming Call from {name}").format(name=target.name)
            if incoming
            else self.tr("Call {name}").format(name=target.name)
        )
        self.number = QLabel(target.number)
        self.number.setObjectName("call_number")
        self.number.setTextInteractionFlags(
            self.number.textInteractionFlags().TextSelectableByMouse
        )
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.setObjectName("copy_number")
        self.copy_button.clicked.connect(self.copy_number)
        self.no_handler = QLabel(
            self.tr("No program on this computer answers phone links. Dial the number yourself:")
        )
        self.no_handler.setObjectName("no_tel_handler")
        self.no_handler.setWordWrap(True)
        self.no_handler.hide()
        number_line = QHBoxLayout()
        number_line.addWidget(self.number, 1)
        number_line.addWidget(self.copy_button)

        self.description = QLineEdit()
        self.description.setObjectName("description")
        self.description.setMaxLength(100)
        self.description.setPlaceholderText(self.tr("What was it about? (optional)"))
        self.duration = QSpinBox()
        self.duration.setObjectName("duration_min")
        self.duration.setRange(0, 24 * 60)
        self.duration.setSuffix(self.tr(" min"))
        self.attempt_failed = QCheckBox(self.tr("Attempt failed (no answer, busy)"))
        self.attempt_failed.setObjectName("attempt_failed")
        if incoming:
            self.attempt_failed.hide()
        form = QFormLayout()
        form.addRow(self.tr("Number"), number_line)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("Duration"), self.duration)
        form.addRow("", self.attempt_failed)

        self.log_button = QPushButton(self.tr("Log Call"))
        self.log_button.setObjectName("log_call")
        self.log_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.no_handler)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.log_button.clicked.connect(self.log)
        self.close_button.clicked.connect(self.close)
        self.unsaved.watch(self.description, self.duration, self.attempt_failed)
        self.resize(460, self.sizeHint().height())

    def dial(self) -> bool:
        """Open the `tel:` link; False (and the number shown to dial by hand) when no program
        takes it."""
        self.started = dt.datetime.now()
        ok = QDesktopServices.openUrl(QUrl(calls.tel_url(self.target.number)))
        self.no_handler.setVisible(not ok)
        self.dialed = ok
        return ok

    def copy_number(self) -> None:
        """Put the number on the clipboard."""
        QGuiApplication.clipboard().setText(self.target.number)

    def log(self) -> bool:
        """Log the call and close; False (dialog kept) when it is refused."""
        minutes = self.duration.value()
        if not minutes and not self.incoming and not self.attempt_failed.isChecked():
            elapsed = (dt.datetime.now() - self.started).total_seconds()
            minutes = max(1, round(elapsed / 60)) if elapsed >= 30 else 0
        try:
            outcome = calls.log_call(
                self.ctx,
                self.account,
                description=self.description.text(),
                incoming=self.incoming,
                duration_min=minutes,
                attempt_failed=self.attempt_failed.isChecked(),
                contact_via=self.target.number,
                now=self.started,
            )
        except CrmError as exc:
            return self.fail(exc)
        self.done_logging(
            outcome, self.tr("Call with {name} logged.").format(name=self.target.name)
        )
        return True
