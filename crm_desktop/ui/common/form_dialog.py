"""A dialog around a FieldForm: OK submits, a refused value is shown under its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.ui import messages
from crm_desktop.ui.common.form import ERROR_STYLE, FieldForm
from crm_desktop.ui.common.screen import scrolling
from crm_desktop.ui.common.unsaved import UnsavedChanges


def show_form_error(form: FieldForm, summary: QLabel, error: CrmError) -> None:
    """Show a refused value under its field and, naming the field, in `summary`."""
    text = messages.error_text(error)
    form.clear_errors()
    if error.field and form.set_error(error.field, text):
        caption = form.specs[error.field].caption
        summary.setText(
            QCoreApplication.translate("forms", "{field}: {message}").format(
                field=caption, message=text
            )
        )
    else:
        summary.setText(text)
    summary.show()


class FormDialog(QDialog):
    """Edit values in `form`; OK calls `submit(values)`. A CrmError keeps the dialog open with the
    message under the field that caused it (and nothing saved); success stores the result in
    `self.result_value` and accepts. OK is enabled once a value differs from what the form
    showed when the dialog opened; closing with such changes asks Save / Discard / Cancel."""

    def __init__(
        self,
        title: str,
        form: FieldForm,
        submit: Callable[[dict[str, Any]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = form
        self._submit = submit
        self.result_value: Any = None
        self.summary = QLabel()
        self.summary.setObjectName("form_error")
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.close)
        self._shown = form.values()
        self.unsaved = UnsavedChanges(
            self,
            save=self.submit,
            name=title,
            is_dirty=lambda: self.form.values() != self._shown,
            save_buttons=[self.buttons.button(QDialogButtonBox.StandardButton.Ok)],
        )
        form.edited.connect(lambda _name: self.unsaved.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(form), 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def submit(self) -> bool:
        """Save the form's values; True when saved and the dialog closed."""
        try:
            self.result_value = self._submit(self.form.values())
        except CrmError as exc:
            show_form_error(self.form, self.summary, exc)
            self.adjustSize()
            return False
        self._shown = self.form.values()
        self.unsaved.refresh()
        self.accept()
        return True
