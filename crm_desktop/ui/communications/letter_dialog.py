"""A letter or a cover sheet to a contact in one dialog: the address block, the salutation in
the contact's language (formal, or informal at a switch), subject and text; made as a PDF
through the shared page layout, or (a letter whose LETTER template has a Word file) the
.docx with its merge fields filled; logged with the file and opened."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
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
from crm_desktop.domain.salutations import FORMAL, INFORMAL
from crm_desktop.services.app import AppContext
from crm_desktop.services.communications import letters
from crm_desktop.services.interactions import listing
from crm_desktop.services.interactions.log import Account
from crm_desktop.ui.common.pdf_layout import CompanyDetails, PdfContent, escape, write_pdf
from crm_desktop.ui.communications.base import CommunicationDialog
from crm_desktop.ui.interactions.open_file import open_attachment


class LetterDialog(CommunicationDialog):
    """Write a letter (or, with `cover_sheet`, a cover sheet) to a contact."""

    def __init__(
        self,
        ctx: AppContext,
        account: Account,
        contact_no: str,
        *,
        cover_sheet: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, account, contact_no, parent)
        self.cover_sheet = cover_sheet
        self.setObjectName("cover_sheet_dialog" if cover_sheet else "letter_dialog")
        title = self.tr("Cover Sheet for {no}") if cover_sheet else self.tr("Letter to {no}")
        self.setWindowTitle(title.format(no=contact_no))
        self.letter = letters.letter_data(ctx, account, FORMAL)
        self.word = None if cover_sheet else letters.word_template(ctx, self.letter.language_code)
        self.address = QLabel("\n".join(self.letter.address))
        self.address.setObjectName("address_block")
        self.salutation_type = QComboBox()
        self.salutation_type.setObjectName("salutation_type")
        self.salutation_type.addItem(self.tr("Formal"), FORMAL)
        self.salutation_type.addItem(self.tr("Informal"), INFORMAL)
        self.salutation = QLineEdit(self.letter.salutation)
        self.salutation.setObjectName("salutation")
        self.salutation.setMaxLength(260)
        self.subject = QLineEdit(self.tr("Cover Sheet") if cover_sheet else "")
        self.subject.setObjectName("subject")
        self.subject.setMaxLength(100)
        self.body = QPlainTextEdit()
        self.body.setObjectName("body")
        self.body.setPlaceholderText(
            self.tr("Enclosed you will find ...") if cover_sheet else self.tr("Text of the letter")
        )
        salutation_line = QHBoxLayout()
        salutation_line.addWidget(self.salutation_type)
        salutation_line.addWidget(self.salutation, 1)
        form = QFormLayout()
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Salutation"), salutation_line)
        form.addRow(self.tr("Subject"), self.subject)
        form.addRow(self.tr("Text"), self.body)
        self.word_note = QLabel()
        self.word_note.setObjectName("word_note")
        self.word_note.setWordWrap(True)
        if self.word is not None:
            self.body.setEnabled(False)
            self.body.setPlaceholderText(self.tr("The text is in the Word file."))
            self.word_note.setText(
                self.tr(
                    "The letter is made from the Word file {file}: its fields Name, Salutation, "
                    "Address and Date are filled in, and it opens in Word for printing."
                ).format(file=self.word[0])
            )
        else:
            self.word_note.setText(self.tr("The letter is made as a PDF and opens for printing."))
        self.make_button = QPushButton(
            self.tr("Make Cover Sheet") if cover_sheet else self.tr("Make Letter")
        )
        self.make_button.setObjectName("make_letter")
        self.make_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.make_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.word_note)
        layout.addLayout(buttons)
        self.salutation_type.currentIndexChanged.connect(self._salutation_type_changed)
        self.make_button.clicked.connect(self.log)
        self.close_button.clicked.connect(self.close)
        self.unsaved.watch(self.salutation, self.subject, self.body)
        self.resize(640, 520)

    def _salutation_type_changed(self) -> None:
        data = letters.letter_data(self.ctx, self.account, self.salutation_type.currentData())
        self.salutation.setText(data.salutation)

    def _pdf(self) -> tuple[str, bytes]:
        body = "".join(
            f"<p>{escape(par)}</p>" for par in self.body.toPlainText().split("\n\n") if par.strip()
        )
        closing = self.tr("Kind regards")
        signer = self.letter.sender[0] if self.letter.sender else ""
        body_html = (
            f"<p>{escape(self.salutation.text())}</p>{body}"
            f"<p>{html.escape(closing)}<br/><br/>{escape(signer)}</p>"
        )
        title = self.subject.text().strip() or (
            self.tr("Cover Sheet") if self.cover_sheet else self.tr("Letter")
        )
        content = PdfContent(
            company=CompanyDetails(
                name=signer or self.tr("CRM Desktop"), contact_lines=self.letter.sender[1:]
            ),
            address_block=self.letter.address,
            title=title,
            body_html=body_html,
            info=((self.tr("Date"), self.letter.date),),
        )
        with tempfile.TemporaryDirectory(prefix="crm-letter-") as folder:
            path = Path(folder) / "letter.pdf"
            write_pdf(path, content)
            data = path.read_bytes()
        stem = "cover-sheet" if self.cover_sheet else "letter"
        return f"{stem}-{self.contact_no}.pdf", data

    def log(self) -> bool:
        """Make the file, log it with its template, open it."""
        try:
            if self.word is not None:
                values = letters.merge_values(self.letter, self.salutation.text())
                file_name = f"letter-{self.contact_no}.docx"
                data = letters.fill_docx(self.word[1], values)
            else:
                file_name, data = self._pdf()
            outcome = letters.log_letter(
                self.ctx,
                self.account,
                file_name=file_name,
                data=data,
                description=self.subject.text().strip()
                or (self.tr("Cover Sheet") if self.cover_sheet else self.tr("Letter")),
                cover_sheet=self.cover_sheet,
            )
        except (CrmError, OSError, ValueError) as exc:
            return self.fail(exc)
        self.file_name, self.data = file_name, data
        if outcome.entry_no is not None:
            row = listing.get_entry(self.ctx, outcome.entry_no)
            if row is not None and row.attachment_no is not None:
                open_attachment(self.ctx, row.attachment_no, self.parentWidget())
        self.done_logging(outcome, self.tr("{file} made and logged.").format(file=file_name))
        return True
