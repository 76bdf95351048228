"""The row of one-click actions on a contact card (and a customer's or vendor's card, through
its contact): Call, Log Incoming Call, E-Mail, Log E-Mail, Meeting, Letter, Cover Sheet."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.communications import calls
from crm_desktop.services.interactions.log import Account
from crm_desktop.ui import messages
from crm_desktop.ui.communications.call_dialog import CallDialog
from crm_desktop.ui.communications.draft_dialog import DraftDialog
from crm_desktop.ui.communications.letter_dialog import LetterDialog
from crm_desktop.ui.communications.mail_drop import log_mail_files, pick_mail_files
from crm_desktop.ui.communications.meeting_dialog import MeetingDialog


class CommunicationsBar(QWidget):
    """One-click actions for the contact moments of one account."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.account: Account | None = None
        self.setObjectName("communications_bar")
        self._dialogs: list[QWidget] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for name, caption, tip, slot in (
            (
                "call",
                self.tr("Call"),
                self.tr("Dial the contact's phone number and log the call"),
                self.call,
            ),
            (
                "incoming_call",
                self.tr("Log Incoming Call"),
                self.tr("Log a call you received"),
                self.log_incoming_call,
            ),
            (
                "email",
                self.tr("E-Mail"),
                self.tr("Write an e-mail in your mail program and log it"),
                self.email,
            ),
            (
                "log_email",
                self.tr("Log E-Mail..."),
                self.tr("Log .eml or .msg files (or drop them on the card)"),
                self.log_email,
            ),
            (
                "meeting",
                self.tr("Meeting..."),
                self.tr("Log a meeting, or send an invitation to the company's people"),
                self.meeting,
            ),
            (
                "letter",
                self.tr("Letter..."),
                self.tr("Write a letter as PDF or from the Word file"),
                self.letter,
            ),
            (
                "cover_sheet",
                self.tr("Cover Sheet..."),
                self.tr("Print a cover sheet and log it"),
                self.cover_sheet,
            ),
        ):
            button = QPushButton(caption)
            button.setObjectName(f"comm_{name}")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            layout.addWidget(button)
            self.buttons[name] = button
        # Quotes, orders, invoices, credit memos of the account (issue 20).
        self.buttons["documents"] = QPushButton(self.tr("Documents..."))
        self.buttons["documents"].setObjectName("comm_documents")
        self.buttons["documents"].setToolTip(self.tr("Quotes, orders, invoices and credit memos"))
        self.buttons["documents"].clicked.connect(self.documents)
        layout.addWidget(self.buttons["documents"])
        layout.addStretch(1)

    def set_account(self, account: Account | None) -> None:
        """The account the actions are for (None: disabled, e.g. a new unsaved contact)."""
        self.account = account
        self.setEnabled(account is not None and bool(account.no))

    def documents(self) -> QWidget | None:
        """The account's documents, with totals; New makes one for it."""
        if self.account is None:
            return None
        from crm_desktop.ui.documents.entry import AccountDocumentsDialog  # noqa: PLC0415

        return self._keep(AccountDocumentsDialog(self.ctx, self.account, self))

    def _contact_no(self) -> str:
        assert self.account is not None
        return calls.call_target(self.ctx, self.account, need_number=False).contact_no

    def _keep(self, dialog: QWidget) -> QWidget:
        self._dialogs = [d for d in self._dialogs if shiboken6.isValid(d) and d.isVisible()]
        self._dialogs.append(dialog)
        dialog.show()
        return dialog

    def _call_dialog(self, incoming: bool) -> CallDialog | None:
        if self.account is None:
            return None
        try:
            target = calls.call_target(self.ctx, self.account, need_number=not incoming)
        except CrmError as exc:
            messages.show_error(self, exc)
            return None
        dialog = CallDialog(self.ctx, self.account, target, incoming=incoming, parent=self)
        self._keep(dialog)
        return dialog

    def call(self) -> CallDialog | None:
        """Dial and open the call to log (two actions plus its description)."""
        dialog = self._call_dialog(False)
        if dialog is not None:
            dialog.dial()
            dialog.description.setFocus()
        return dialog

    def log_incoming_call(self) -> CallDialog | None:
        """Open an incoming call to log."""
        dialog = self._call_dialog(True)
        if dialog is not None:
            dialog.description.setFocus()
        return dialog

    def email(self) -> DraftDialog | None:
        """Write an e-mail draft to the contact."""
        if self.account is None:
            return None
        try:
            dialog = DraftDialog(self.ctx, self.account, self._contact_no(), self)
        except CrmError as exc:
            messages.show_error(self, exc)
            return None
        self._keep(dialog)
        return dialog

    def log_email(self, paths: list[Path] | None = None) -> list[int]:
        """Log chosen `.eml`/`.msg` files (matched to contacts by address)."""
        chosen = paths if paths else pick_mail_files(self)
        return log_mail_files(self.ctx, chosen, self) if chosen else []

    def meeting(self) -> MeetingDialog | None:
        """Log a meeting or export an invitation."""
        if self.account is None:
            return None
        try:
            dialog = MeetingDialog(self.ctx, self.account, self._contact_no(), self)
        except CrmError as exc:
            messages.show_error(self, exc)
            return None
        self._keep(dialog)
        return dialog

    def letter(self, *, cover_sheet: bool = False) -> LetterDialog | None:
        """Write a letter (or a cover sheet)."""
        if self.account is None:
            return None
        try:
            dialog = LetterDialog(
                self.ctx, self.account, self._contact_no(), cover_sheet=cover_sheet, parent=self
            )
        except CrmError as exc:
            messages.show_error(self, exc)
            return None
        self._keep(dialog)
        return dialog

    def cover_sheet(self) -> LetterDialog | None:
        """Print a cover sheet."""
        return self.letter(cover_sheet=True)
