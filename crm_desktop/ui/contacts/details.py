"""The contact card's Name Details and Company Details dialogs (as BC's pages of those names)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.ui.contacts.card_fields import FieldEditor, caption

NAME_DETAIL_FIELDS = ("first_name", "middle_name", "surname", "initials", "job_title")
COMPANY_DETAIL_FIELDS = (
    "no",
    "name",
    "address",
    "address_2",
    "post_code",
    "city",
    "country_region_code",
    "phone_no",
    "fax_no",
    "email",
    "home_page",
)


class NameDetailsDialog(QDialog):
    """A person's name parts, initials and job title, with the salutations they give.

    OK writes the values back into the card's editors (`editors`, keyed by field name); the card
    saves them with everything else. It gets the editors, not the card, so the card can import
    this module without a cycle.
    """

    def __init__(
        self,
        ctx: AppContext,
        no: str,
        editors: Mapping[str, FieldEditor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.card_editors = editors
        self.setWindowTitle(self.tr("Name Details"))
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for name in NAME_DETAIL_FIELDS:
            edit = QLineEdit(str(editors[name].value()))
            edit.setObjectName(f"detail_{name}")
            edit.setMaxLength(editors[name].field.max_len)
            self.edits[name] = edit
            form.addRow(caption(name), edit)
        self.formal = QLabel()
        self.informal = QLabel()
        form.addRow(self.tr("Formal salutation"), self.formal)
        form.addRow(self.tr("Informal salutation"), self.informal)
        if no:
            self.formal.setText(self._salutation(ctx, no, "formal"))
            self.informal.setText(self._salutation(ctx, no, "informal"))
        else:
            hint = self.tr("(shown once the contact is saved)")
            self.formal.setText(hint)
            self.informal.setText(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _salutation(self, ctx: AppContext, no: str, kind: str) -> str:
        try:
            return contacts.get_salutation(ctx, no, kind)
        except CrmError as err:
            return str(err)

    def accept(self) -> None:
        """Copy the values into the card."""
        for name, edit in self.edits.items():
            editor = self.card_editors[name]
            if editor.value() != edit.text():
                editor.set_value(edit.text())
                editor.edited.emit(name)
        super().accept()


class CompanyDetailsDialog(QDialog):
    """The company a person works for (or the company itself), read-only, with a way to its card."""

    def __init__(self, ctx: AppContext, company_no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.company_no = company_no
        self.open_requested = False
        self.setWindowTitle(self.tr("Company Details"))
        form = QFormLayout()
        row = contacts.get_contact(ctx, company_no)
        for name in COMPANY_DETAIL_FIELDS:
            value = QLabel(str(getattr(row, name) or ""))
            value.setObjectName(f"company_{name}")
            form.addRow(caption(name), value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        open_button = buttons.addButton(
            self.tr("Open Company Card"), QDialogButtonBox.ButtonRole.ActionRole
        )
        open_button.clicked.connect(self._open)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _open(self) -> None:
        self.open_requested = True
        self.accept()
