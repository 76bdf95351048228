"""E-Mail to a contact: subject and text, then an `.eml` draft (X-Unsent: 1) opened in the
default mail program and logged with the E-Mails template."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.communications import mails
from crm_desktop.services.interactions import listing
from crm_desktop.services.interactions.log import Account
from crm_desktop.ui.communications.base import CommunicationDialog
from crm_desktop.ui.interactions.open_file import open_attachment


class DraftDialog(CommunicationDialog):
    """Write an e-mail draft to a contact."""

    def __init__(
        self, ctx: AppContext, account: Account, contact_no: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, account, contact_no, parent)
        self.setObjectName("draft_dialog")
        self.setWindowTitle(self.tr("E-Mail to {no}").format(no=contact_no))
        self.to = QLabel()
        self.to.setObjectName("draft_to")
        self.subject = QLineEdit()
        self.subject.setObjectName("subject")
        self.subject.setMaxLength(100)
        self.body = QPlainTextEdit()
        self.body.setObjectName("body")
        self.salesperson = self.salesperson_combo()
        form = QFormLayout()
        form.addRow(self.tr("To"), self.to)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Text"), self.body)
        form.addRow(self.tr("Salesperson Code"), self.salesperson)
        note = QLabel(
            self.tr(
                "The e-mail opens in your mail program to be finished and sent; it is "
                "logged now with the e-mail file attached."
            )
        )
        note.setWordWrap(True)
        self.write_button = QPushButton(self.tr("Write and Open"))
        self.write_button.setObjectName("write_draft")
        self.write_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.write_button.clicked.connect(self.log)
        self.close_button.clicked.connect(self.close)
        self.unsaved.watch(self.subject, self.body)
        self.resize(560, 380)
        self.draft = mails.make_draft(ctx, account, "")  # raises for no e-mail address
        self.to.setText(self.draft.to)

    def log(self) -> bool:
        """Write the draft, log it, open it."""
        code = self.salesperson.currentData() or ""
        subject = self.subject.text().strip() or self.tr("E-Mail")
        try:
            draft = mails.make_draft(self.ctx, self.account, subject, self.body.toPlainText(), code)
            outcome = mails.log_draft(self.ctx, draft, subject, code)
        except (CrmError, ValueError) as exc:
            return self.fail(exc)
        self.draft = draft
        row = listing.get_entry(self.ctx, outcome.entry_no) if outcome.entry_no else None
        if row is not None and row.attachment_no is not None:
            open_attachment(self.ctx, row.attachment_no, self.parentWidget())
        else:  # not logged (no E-Mails template): the draft still opens
            folder = Path(tempfile.mkdtemp(prefix="crm-draft-"))
            path = folder / draft.file_name
            path.write_bytes(draft.data)
            path.chmod(0o600)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.done_logging(
            outcome, self.tr("E-Mail to {to} written and logged.").format(to=draft.to)
        )
        return True
