"""Print/Send (issue 20): Preview, Print to PDF or Send by e-mail, with the Log Interaction box
(ticked by default only when the setup has a template for the document type; disabled without
one). The PDF is drawn here through the shared page layout; the service locks and logs it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QLocale, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain import documents as rules
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import documents
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.pdf_layout import CompanyDetails
from crm_desktop.ui.documents.printout import write_document_pdf

# Tests set this False so a preview is written but not opened in the PDF viewer.
OPEN_FILES = True


def company_details(ctx: AppContext) -> CompanyDetails:
    """Our company as printed: what the Company Information page holds."""
    info = documents.company_information(ctx)
    place = " ".join(p for p in (info["post_code"], info["city"]) if p)
    address = [a for a in (info["address"], info["address_2"], place) if a]
    contact = [c for c in (info["phone_no"], info["email"], info["home_page"]) if c]
    return CompanyDetails(
        info["name"],
        address_lines=address,
        vat_registration_no=info["vat_registration_no"],
        iban=info["iban"],
        contact_lines=contact,
        logo_png=info["logo_png"] or b"",
    )


class OutputDialog(QDialog):
    """Preview, Print to PDF or Send by e-mail one document; `done` holds what the service
    did, `pdf_path` the PDF written (Preview, Print), `sent` the e-mail draft (Send)."""

    def __init__(
        self, ctx: AppContext, document_type: str, no: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.document_type = document_type
        self.no = no
        self.done_: documents.OutputDone | None = None
        self.sent: documents.SentDocument | None = None
        self.pdf_path: Path | None = None
        kind = rules.document_type(document_type)
        self.setObjectName("document_output")
        self.setWindowTitle(self.tr("Print/Send {type} {no}").format(type=kind.label, no=no))
        self.preview = QRadioButton(self.tr("Preview (draft, nothing is locked)"))
        self.preview.setObjectName("output_preview")
        self.print_ = QRadioButton(self.tr("Print to PDF"))
        self.print_.setObjectName("output_print")
        self.send = QRadioButton(
            self.tr("Send by e-mail (a draft with the PDF for your mail program)")
        )
        self.send.setObjectName("output_send")
        group = QButtonGroup(self)
        for button in (self.preview, self.print_, self.send):
            group.addButton(button)
            button.toggled.connect(self._mode_changed)
        default = ctx.data_dir / "printed" / f"{kind.code}-{no}.pdf"
        self.path = QLineEdit(str(default))
        self.path.setObjectName("output_path")
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(QLabel(self.tr("PDF file:")))
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        self.log = QCheckBox(self.tr("Log Interaction"))
        self.log.setObjectName("log_interaction")
        self.log_note = QLabel()
        self.log_note.setObjectName("log_note")
        self.log_note.setWordWrap(True)
        self.lock_note = QLabel()
        self.lock_note.setWordWrap(True)
        if kind.kind in (rules.INVOICE, rules.CREDIT_MEMO):
            self.lock_note.setText(
                self.tr("Printing or sending locks this document: it cannot be changed after.")
            )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.preview, self.print_, self.send):
            layout.addWidget(widget)
        layout.addLayout(path_row)
        layout.addWidget(self.log)
        layout.addWidget(self.log_note)
        layout.addWidget(self.lock_note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(560, 300)
        self.print_.setChecked(True)

    def mode(self) -> str:
        if self.preview.isChecked():
            return rules.PREVIEW
        return rules.SEND if self.send.isChecked() else rules.PRINT

    def _mode_changed(self, checked: bool) -> None:
        if not checked:
            return
        choice = documents.log_choice(self.ctx, self.document_type, self.mode())
        self.log.setEnabled(choice.enabled)
        self.log.setChecked(choice.default)
        if choice.enabled:
            self.log_note.setText(
                self.tr("Logged with interaction template {code}.").format(
                    code=choice.template_code
                )
            )
        else:
            self.log_note.setText(
                self.tr(
                    "Not logged: Interaction Template Setup names no template for this document "
                    "type."
                )
            )
        self.path.setEnabled(self.mode() == rules.PRINT)
        self.browse.setEnabled(self.mode() == rules.PRINT)

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Print to PDF"), self.path.text(), self.tr("PDF files (*.pdf)")
        )
        if name:
            self.path.setText(name)

    def _write_pdf(self, path: Path, doc: documents.DocumentRow, draft: bool) -> bytes:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Amounts and dates in the customer's/vendor's format region (the labels stay English
        # until the printout's texts are translated).
        tag = documents.format_region_of(self.ctx, doc.document_type, doc.no)
        locale = QLocale(tag.replace("-", "_")) if tag else QLocale()
        if locale.language() == QLocale.Language.C:
            # No region and a bare system ("C" prints dates as "2 11 2026"): day/month/year.
            locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
        write_document_pdf(path, doc, company_details(self.ctx), locale, draft=draft)
        return path.read_bytes()

    def run(self) -> bool:
        """Do the chosen output; True when done (the dialog closes)."""
        mode = self.mode()
        log = self.log.isEnabled() and self.log.isChecked()
        try:
            doc = documents.get_document(self.ctx, self.document_type, self.no)
            if mode == rules.PREVIEW:
                folder = Path(tempfile.mkdtemp(prefix="crm-preview-"))
                self.pdf_path = folder / f"{self.no}.pdf"
                pdf = self._write_pdf(self.pdf_path, doc, draft=True)
                self.done_ = documents.record_output(
                    self.ctx, self.document_type, self.no, mode, log=log, pdf=pdf
                )
            elif mode == rules.PRINT:
                text = self.path.text().strip()
                if not text:
                    messages.show_error(self, self.tr("Choose the PDF file to print to."))
                    return False
                self.pdf_path = Path(text)
                pdf = self._write_pdf(self.pdf_path, doc, draft=False)
                self.done_ = documents.record_output(
                    self.ctx, self.document_type, self.no, mode, log=log, pdf=pdf
                )
            else:
                folder = Path(tempfile.mkdtemp(prefix="crm-send-"))
                pdf = self._write_pdf(folder / f"{self.no}.pdf", doc, draft=False)
                self.sent = documents.send_document(
                    self.ctx, self.document_type, self.no, pdf, log=log
                )
        except OSError as error:
            messages.show_error(self, self.tr("The PDF could not be written: {e}").format(e=error))
            return False
        except CrmError as error:
            if mode == rules.SEND and error.field == "email":
                # No address anywhere: offer to print instead (the dialog stays open on Print).
                if messages.ask(self, self.windowTitle(), messages.error_text(error)):
                    self.print_.setChecked(True)
                return False
            messages.show_error(self, error)
            return False
        if self.sent is not None:
            messages.inform(
                self,
                self.windowTitle(),
                self.tr("The e-mail to {to} is ready in {path}.").format(
                    to=self.sent.to, path=self.sent.path
                ),
            )
            self._open(self.sent.path)
        elif self.pdf_path is not None:
            self._open(self.pdf_path)
        self.accept()
        return True

    def _open(self, path: Path) -> None:
        if OPEN_FILES:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
