"""The contact card's Name Details and Company Details dialogs (as BC's pages of those names)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Self

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
from crm_desktop.ui.common.code_field import CodeField
from crm_desktop.ui.common.codes import code_choices
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.contacts.card_fields import FieldEditor, caption

NAME_PARTS = ("first_name", "middle_name", "surname")
NAME_DETAIL_FIELDS = (*NAME_PARTS, "initials", "job_title")
# Codes BC's Name Details page edits too; what is set there is the contact's.
NAME_DETAIL_CODES = {"salutation_code": "salutation", "language_code": "language"}
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
    """A person's name parts, initials, job title, salutation and language code, with the
    salutations they give.

    The parts are always those of what Name shows (the card splits Name when it is left, and
    before it opens this dialog). OK writes the values back into the card's editors (`editors`,
    keyed by field name); the name parts go through `set_parts`, which rebuilds Name from them.
    The card saves them with everything else. It gets the editors, not the card, so the card can
    import this module without a cycle. Closing with changed values asks whether to keep them.
    """

    def __init__(
        self,
        ctx: AppContext,
        no: str,
        editors: Mapping[str, FieldEditor],
        parent: QWidget | None = None,
        *,
        set_parts: Callable[[dict[str, str]], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.card_editors = editors
        self._set_parts = set_parts
        self.setWindowTitle(self.tr("Name Details"))
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for name in NAME_DETAIL_FIELDS:
            edit = QLineEdit(str(editors[name].value()))
            edit.setObjectName(f"detail_{name}")
            self.edits[name] = edit
            form.addRow(caption(name), edit)
        self.codes: dict[str, CodeField] = {}
        for name, table in NAME_DETAIL_CODES.items():
            field = CodeField(editors[name].field.max_len)
            field.setObjectName(f"detail_{name}")
            field.set_choices(code_choices(ctx, table))
            field.set_code(str(editors[name].value()))
            self.codes[name] = field
            form.addRow(caption(name), field)
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
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._shown = self.values()
        self.unsaved = UnsavedChanges(
            self,
            save=self._put_on_card,
            name=self.tr("the name details"),
            is_dirty=lambda: self.values() != self._shown,
            save_buttons=[buttons.button(QDialogButtonBox.StandardButton.Ok)],
        )
        self.unsaved.watch(*self.edits.values(), *self.codes.values())

    def values(self) -> dict[str, str]:
        """What the dialog shows now, by field name."""
        out = {name: edit.text() for name, edit in self.edits.items()}
        out.update({name: field.code() for name, field in self.codes.items()})
        return out

    def _salutation(self, ctx: AppContext, no: str, kind: str) -> str:
        try:
            return contacts.get_salutation(ctx, no, kind)
        except CrmError as err:
            return str(err)

    def _put_on_card(self) -> bool:
        values = self.values()
        rest: tuple[str, ...] = (*NAME_DETAIL_FIELDS[len(NAME_PARTS) :], *NAME_DETAIL_CODES)
        if self._set_parts is not None:
            self._set_parts({k: values[k] for k in NAME_PARTS})
        else:
            rest = (*NAME_PARTS, *rest)
        for name in rest:
            editor = self.card_editors[name]
            if editor.value() != values[name]:
                editor.set_value(values[name])
                editor.edited.emit(name)
        self._shown = self.values()
        return True

    def accept(self) -> None:
        """Put the values on the card."""
        self._put_on_card()
        self.unsaved.refresh()
        super().accept()


class CompanyDetailsDialog(QDialog):
    """The company a person works for (or the company itself), read-only, with a way to its card."""

    def __init__(
        self,
        ctx: AppContext | None,
        company_no: str,
        parent: QWidget | None = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.company_no = company_no
        self.open_requested = False
        self.setWindowTitle(self.tr("Company Details"))
        form = QFormLayout()
        if values is None:
            assert ctx is not None
            row = contacts.get_contact(ctx, company_no)
            values = {name: getattr(row, name) for name in COMPANY_DETAIL_FIELDS}
        for name in COMPANY_DETAIL_FIELDS:
            value = QLabel(str(values.get(name) or ""))
            value.setObjectName(f"company_{name}")
            form.addRow(caption(name), value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        if ctx is not None:
            open_button = buttons.addButton(
                self.tr("Open Company Card"), QDialogButtonBox.ButtonRole.ActionRole
            )
            open_button.clicked.connect(self._open)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @classmethod
    def from_values(cls, values: dict[str, Any], parent: QWidget | None = None) -> Self:
        """A company's details as its card shows them now (typed, perhaps not saved yet)."""
        return cls(None, str(values.get("no") or ""), parent, values)

    def _open(self) -> None:
        self.open_requested = True
        self.accept()
