"""The one generic form builder: editors built from field specs, errors shown under their field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import length_exceeded
from crm_desktop.ui import messages
from crm_desktop.ui.common.code_field import CodeField
from crm_desktop.ui.common.codes import CodeChoice
from crm_desktop.ui.common.fields import FieldSpec

ERROR_STYLE = "color: #b3261e;"
INT_MAX = 2_147_483_647


class FieldForm(QWidget):
    """A form of editors for `specs`. `values()` reads them, `set_values()` fills them without
    emitting `edited`, `set_error()` shows a message under a field and marks its label."""

    edited = Signal(str)  # the field name the user changed

    def __init__(
        self,
        specs: Iterable[FieldSpec],
        code_source: Callable[[str], list[CodeChoice]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.specs = {spec.name: spec for spec in specs}
        self._code_source = code_source
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for spec in self.specs.values():
            self._add_row(spec)
        self.reload_choices()

    def _add_row(self, spec: FieldSpec) -> None:
        editor = self._make_editor(spec)
        editor.setObjectName(f"field_{spec.name}")
        if spec.tooltip:
            editor.setToolTip(QCoreApplication.translate(spec.context, spec.tooltip))
        label = QLabel(spec.caption)
        label.setBuddy(editor)
        error = QLabel()
        error.setObjectName(f"error_{spec.name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        cell = QWidget()
        # The cell takes the row's full width so an error message has room beside narrow editors.
        cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        narrow = isinstance(editor, QSpinBox | QComboBox | QCheckBox) or spec.kind == "decimal"
        box.addWidget(editor, 0, Qt.AlignmentFlag.AlignLeft if narrow else Qt.AlignmentFlag(0))
        box.addWidget(error)
        self.layout_.addRow(label, cell)
        self.editors[spec.name] = editor
        self.labels[spec.name] = label
        self.errors[spec.name] = error

    def _make_editor(self, spec: FieldSpec) -> QWidget:
        name = spec.name
        if spec.kind in ("code", "text"):
            # No setMaxLength: it would cut pasted text before any check sees it; a text too
            # long is refused with BC's message when the field is left (and on save).
            line = QLineEdit()
            line.textEdited.connect(lambda _t, n=name: self.edited.emit(n))
            line.editingFinished.connect(lambda n=name: self.check_length(n))
            return line
        if spec.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(lambda _c, n=name: self.edited.emit(n))
            return box
        if spec.kind == "int":
            spin = QSpinBox()
            # The widget lets a value below the minimum through so the service can refuse it with
            # BC's own message naming the field.
            spin.setRange(
                min(0, spec.minimum or 0), INT_MAX if spec.maximum is None else spec.maximum
            )
            spin.setMaximumWidth(120)
            spin.valueChanged.connect(lambda _v, n=name: self.edited.emit(n))
            return spin
        if spec.kind == "decimal":
            line = QLineEdit()
            validator = QDoubleValidator(line)
            validator.setNotation(QDoubleValidator.Notation.StandardNotation)
            line.setValidator(validator)
            line.setMaximumWidth(160)
            line.textEdited.connect(lambda _t, n=name: self.edited.emit(n))
            return line
        if spec.kind == "choice":
            combo = QComboBox()
            for value, _caption in spec.choices:
                combo.addItem(spec.choice_caption(value), value)
            combo.currentIndexChanged.connect(lambda _i, n=name: self.edited.emit(n))
            return combo
        field = CodeField(spec.max_len)
        field.edited.connect(lambda n=name: self.edited.emit(n))
        return field

    def check_length(self, name: str) -> bool:
        """Refuse, beside the field, text longer than the field's length (BC's message)."""
        spec = self.specs[name]
        editor = self.editors[name]
        text = editor.text() if isinstance(editor, QLineEdit) else ""
        if spec.max_len and len(text.strip() if spec.kind == "code" else text) > spec.max_len:
            error = length_exceeded(text, spec.max_len, field=name)
            self.errors[name].setText(messages.error_text(error))
            self.errors[name].show()
            self.labels[name].setStyleSheet(ERROR_STYLE + " font-weight: bold;")
            return False
        if self.errors[name].text():
            self.errors[name].hide()
            self.errors[name].clear()
            self.labels[name].setStyleSheet("")
        return True

    def reload_choices(self) -> None:
        """Fetch the codes every reference field may name again (after master data changed)."""
        for name, spec in self.specs.items():
            editor = self.editors[name]
            if isinstance(editor, CodeField) and spec.ref_table:
                editor.set_choices(self._code_source(spec.ref_table))

    def focus_first(self) -> None:
        """Put the keyboard focus on the first editor the user may change."""
        for editor in self.editors.values():
            if editor.isEnabled():
                editor.setFocus()
                return

    def value(self, name: str) -> Any:
        """The value a field's editor holds now."""
        editor = self.editors[name]
        if isinstance(editor, CodeField):
            return editor.code()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        assert isinstance(editor, QLineEdit)
        text = editor.text()
        return text.strip().upper() if self.specs[name].kind == "code" else text

    def values(self) -> dict[str, Any]:
        """Every field's current value."""
        return {name: self.value(name) for name in self.specs}

    def set_value(self, name: str, value: Any) -> None:
        """Show a value without emitting `edited`."""
        editor = self.editors[name]
        with QSignalBlocker(editor):
            if isinstance(editor, CodeField):
                editor.set_code("" if value is None else str(value))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QSpinBox):
                editor.setValue(int(value or 0))
            elif isinstance(editor, QComboBox):
                index = editor.findData("" if value is None else value)
                editor.setCurrentIndex(max(index, 0))
            elif isinstance(editor, QLineEdit):
                if isinstance(value, Decimal):
                    value = format(value.normalize(), "f") if value else "0"
                editor.setText("" if value is None else str(value))

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the editors of the given fields (others keep their value)."""
        for name, value in values.items():
            if name in self.editors:
                self.set_value(name, value)

    def set_error(self, name: str, text: str) -> bool:
        """Show `text` under a field, mark its label and focus it; False if not in this form."""
        if name not in self.editors:
            return False
        self.errors[name].setText(text)
        self.errors[name].show()
        self.labels[name].setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        self.editors[name].setFocus()
        return True

    def clear_errors(self) -> None:
        """Hide every error message."""
        for name, label in self.errors.items():
            label.hide()
            label.clear()
            self.labels[name].setStyleSheet("")

    def error_fields(self) -> list[str]:
        """The fields showing an error now."""
        return [name for name, label in self.errors.items() if label.text()]
