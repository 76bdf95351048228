"""New document: the customer/vendor (or, a sales quote, a contact) and, where the type's series
allows manual numbers, a number typed by the user (blank: the next from the series)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from crm_desktop.domain import documents as rules


def _run_modal(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


# How a modal dialog of the documents' screens is run; tests put a function here that fills the
# dialog in and accepts it (or not).
run_dialog: Callable[[QDialog], bool] = _run_modal


class NewDocumentDialog(QDialog):
    def __init__(
        self,
        kind: rules.DocumentType,
        account_no: str,
        manual_nos: bool,
        series_code: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("new_document")
        self.setWindowTitle(self.tr("New {type}").format(type=kind.label))
        self.account = QLineEdit(account_no)
        self.account.setObjectName("new_document_account")
        self.account.setReadOnly(bool(account_no))
        self.no = QLineEdit()
        self.no.setObjectName("new_document_no")
        self.no.setMaxLength(20)
        self.no.setEnabled(manual_nos)
        self.no.setPlaceholderText(
            self.tr("blank: the next number from {series}").format(series=series_code)
            if manual_nos
            else self.tr("from {series} (no manual numbers)").format(series=series_code)
        )
        form = QFormLayout(self)
        caption = (
            self.tr("Customer No. (a quote: or a contact no.):")
            if kind.is_sales
            else self.tr("Vendor No.:")
        )
        form.addRow(caption, self.account)
        form.addRow(self.tr("No.:"), self.no)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(480, 120)
