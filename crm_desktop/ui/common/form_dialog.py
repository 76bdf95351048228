"""A dialog around a FieldForm: OK submits, a refused value is shown under its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.ui import messages
from crm_desktop.ui.common.form import ERROR_STYLE, FieldForm


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
    `self.result_value` and accepts."""

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
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addWidget(self.summary)
        layout.addStretch(1)
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
        self.accept()
        return True
