"""Dialogs of the No. Series page: a series and one of its lines, with errors beside the field.

Both dialogs call the service on OK; a refused value keeps the dialog open with the message next
to the field that caused it, and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.numbering import couple_default_manual
from crm_desktop.services import numbering as ns
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.form import ERROR_STYLE
from crm_desktop.ui.common.screen import scrolling
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.hub import hub


class _ErrorForm(QDialog):
    """A dialog whose fields each have a place for an error message beside them.

    OK is enabled once an input differs from what the dialog showed when it opened; closing
    with such changes asks Save / Discard / Cancel."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        self.summary = QLabel()
        self.summary.setObjectName("form_error")
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.hint.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.close)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.hint)
        body_layout.addLayout(self.form)
        body_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.result_value: Any = None
        self._shown: dict[str, Any] | None = None
        self.unsaved = UnsavedChanges(
            self,
            save=self.submit,
            name=self.windowTitle,
            is_dirty=self.is_dirty,
            save_buttons=[self.buttons.button(QDialogButtonBox.StandardButton.Ok)],
        )

    def add_row(self, name: str, caption: str, widget: QWidget) -> None:
        """A labelled input with its (hidden) error label to its right."""
        error = QLabel()
        error.setObjectName(f"error_{name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        row = QHBoxLayout()
        row.addWidget(widget, 1)
        row.addWidget(error, 2)
        widget.setObjectName(name)
        self.form.addRow(caption, row)
        self.errors[name] = error
        self.inputs[name] = widget
        if isinstance(widget, _OptionalDate):
            self.unsaved.watch(widget.enabled, widget.edit)
        else:
            self.unsaved.watch(widget)

    def shown_values(self) -> dict[str, Any]:
        """What every input shows now, by field name."""
        out: dict[str, Any] = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QLineEdit):
                out[name] = widget.text()
            elif isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                out[name] = widget.value()
            elif isinstance(widget, _OptionalDate):
                out[name] = widget.value()
        return out

    def is_dirty(self) -> bool:
        """True while an input differs from what the dialog showed when it opened."""
        return self._shown is not None and self.shown_values() != self._shown

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        """What the dialog shows when it opens is what counts as unchanged."""
        if self._shown is None:
            self._shown = self.shown_values()
        self.unsaved.refresh()
        super().showEvent(event)

    def clear_errors(self) -> None:
        """Hide every error message."""
        for label in self.errors.values():
            label.clear()
            label.hide()
        self.summary.hide()

    def show_error(self, error: CrmError) -> None:
        """The message beside its field (focused), or below the form when no field is named."""
        self.clear_errors()
        text = messages.error_text(error)
        label = self.errors.get(error.field or "")
        if label is not None:
            label.setText(text)
            label.show()
            self.inputs[error.field or ""].setFocus()
        else:
            self.summary.setText(text)
            self.summary.show()

    def save(self) -> Any:
        """Call the service; subclasses."""
        raise NotImplementedError

    def submit(self) -> bool:
        """Save; True when saved and closed, False when a value was refused."""
        try:
            self.result_value = self.save()
        except CrmError as exc:
            self.show_error(exc)
            return False
        self._shown = self.shown_values()
        self.unsaved.refresh()
        self.accept()
        return True


class SeriesDialog(_ErrorForm):
    """Create or change a number series (code, description, Default/Manual Nos., Date Order)."""

    def __init__(
        self, ctx: AppContext, series: ns.SeriesRow | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            self.tr("Edit No. Series") if series else self.tr("New No. Series"), parent
        )
        self.ctx = ctx
        self.original = series
        self.code = QLineEdit(series.code if series else "")
        self.code.setPlaceholderText(self.tr("e.g. INV"))
        self.description = QLineEdit(series.description if series else "")
        self.default_nos = QCheckBox(self.tr("Numbers are assigned automatically"))
        self.default_nos.setChecked(series.default_nos if series else True)
        self.manual_nos = QCheckBox(self.tr("Users may type their own numbers"))
        self.manual_nos.setChecked(series.manual_nos if series else False)
        self.date_order = QCheckBox(self.tr("Numbers must follow the order of dates"))
        self.date_order.setChecked(series.date_order if series else False)
        self.add_row("code", self.tr("Code"), self.code)
        self.add_row("description", self.tr("Description"), self.description)
        self.add_row("default_nos", self.tr("Default Nos."), self.default_nos)
        self.add_row("manual_nos", self.tr("Manual Nos."), self.manual_nos)
        self.add_row("date_order", self.tr("Date Order"), self.date_order)
        # BC keeps at least one of the two on; show it as it happens.
        self.default_nos.toggled.connect(lambda _on: self._couple("default_nos"))
        self.manual_nos.toggled.connect(lambda _on: self._couple("manual_nos"))

    def _couple(self, changed: str) -> None:
        default, manual = couple_default_manual(
            self.default_nos.isChecked(), self.manual_nos.isChecked(), changed
        )
        for box, value in ((self.default_nos, default), (self.manual_nos, manual)):
            if box.isChecked() != value:
                box.blockSignals(True)
                box.setChecked(value)
                box.blockSignals(False)

    def save(self) -> ns.SeriesRow:
        """Create or change the series through the service."""
        return ns.save_series(
            self.ctx,
            self.code.text(),
            description=self.description.text(),
            default_nos=self.default_nos.isChecked(),
            manual_nos=self.manual_nos.isChecked(),
            date_order=self.date_order.isChecked(),
            original_code=self.original.code if self.original else None,
        )


class _OptionalDate(QWidget):
    """A date that may be blank: a check box turns the date on."""

    def __init__(self, label: str, value: dt.date | None, default: dt.date) -> None:
        super().__init__()
        self.enabled = QCheckBox(label)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        day = value or default
        self.edit.setDate(QDate(day.year, day.month, day.day))
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.enabled.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit)

    def value(self) -> dt.date | None:
        """The date, or None when blank."""
        if not self.enabled.isChecked():
            return None
        q = self.edit.date()
        return dt.date(q.year(), q.month(), q.day())


class LineDialog(_ErrorForm):
    """Add or change one line of a series, with BC's checks on its number fields (§6.5)."""

    def __init__(
        self,
        ctx: AppContext,
        series_code: str,
        line: ns.LineRow | None,
        work_date: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("Edit line of {code}") if line else self.tr("New line for {code}")
        super().__init__(title.format(code=series_code), parent)
        self.ctx = ctx
        self.series_code = series_code
        self.line = line
        self.hint.setText(
            self.tr(
                "Numbers are counted up in their right-most run of digits, keeping its width: "
                "CT000001, CT000002, … A line is used from its starting date until its "
                "numbers run out; then the next line with the same starting date takes over."
            )
        )
        self.hint.show()
        self.starting_date = _OptionalDate(
            self.tr("From"), line.starting_date if line else None, work_date
        )
        self.numbers: dict[str, QLineEdit] = {}
        self.add_row("starting_date", self.tr("Starting Date"), self.starting_date)
        placeholders = {
            "starting_no": self.tr("e.g. CT000001"),
            "ending_no": self.tr("blank: no end"),
            "warning_no": self.tr("warn from this number on"),
            "last_no_used": self.tr("blank: none used yet"),
        }
        captions = {
            "starting_no": self.tr("Starting No."),
            "ending_no": self.tr("Ending No."),
            "warning_no": self.tr("Warning No."),
            "last_no_used": self.tr("Last No. Used"),
        }
        for name in ("starting_no", "ending_no", "warning_no"):
            self._number_row(name, captions[name], placeholders[name], line)
        self.increment_by = QSpinBox()
        self.increment_by.setRange(1, 1_000_000)
        self.increment_by.setValue(line.increment_by if line else 1)
        self.increment_by.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.add_row("increment_by", self.tr("Increment-by No."), self.increment_by)
        self._number_row(
            "last_no_used", captions["last_no_used"], placeholders["last_no_used"], line
        )

    def _number_row(
        self, name: str, caption: str, placeholder: str, line: ns.LineRow | None
    ) -> None:
        edit = QLineEdit(getattr(line, name) if line else "")
        edit.setPlaceholderText(placeholder)
        self.numbers[name] = edit
        self.add_row(name, caption, edit)

    def values(self) -> dict[str, Any]:
        """What the dialog shows now, by field name."""
        values: dict[str, Any] = {name: edit.text() for name, edit in self.numbers.items()}
        values["starting_date"] = self.starting_date.value()
        values["increment_by"] = self.increment_by.value()
        return values

    def save(self) -> ns.LineRow:
        """Add or change the line through the service (only what changed is applied)."""
        values = self.values()
        if self.line is not None:
            values = {k: v for k, v in values.items() if v != getattr(self.line, k)}
        return ns.save_line(
            self.ctx, self.series_code, self.line.line_no if self.line else None, values
        )


class RelatedDialog(QDialog):
    """The series a record numbered from one series may draw from instead (No. Series
    Relationship). Each Add or Remove is saved at once."""

    def __init__(self, ctx: AppContext, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.code = code
        self.setWindowTitle(self.tr("Related series of {code}").format(code=code))
        hint = QLabel(
            self.tr(
                "Records numbered from {code} may also take their number from these series "
                "(the user picks one when creating the record)."
            ).format(code=code)
        )
        hint.setWordWrap(True)
        self.related = QListWidget()
        self.related.setObjectName("related_list")
        self.empty = QLabel(
            self.tr("No related series: records always use {code}.").format(code=code)
        )
        self.empty.setStyleSheet("color: #555;")
        self.choice = QComboBox()
        self.choice.setObjectName("related_choice")
        self.add_button = QPushButton(self.tr("&Add"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.error = QLabel()
        self.error.setObjectName("form_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        add_row = QHBoxLayout()
        add_row.addWidget(self.choice, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.related, 1)
        layout.addWidget(self.empty)
        layout.addLayout(add_row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumSize(480, 340)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.related.itemSelectionChanged.connect(self._enable)
        self.load()

    def load(self) -> None:
        """Show the related series and offer the others."""
        related = ns.related_series(self.ctx, self.code)[1:]
        self.related.clear()
        for row in related:
            item = QListWidgetItem(f"{row.code}  {row.description}".rstrip())
            item.setData(Qt.ItemDataRole.UserRole, row.code)
            self.related.addItem(item)
        taken = {self.code} | {r.code for r in related}
        self.choice.clear()
        for row in ns.list_series(self.ctx):
            if row.code not in taken:
                self.choice.addItem(f"{row.code}  {row.description}".rstrip(), row.code)
        self.empty.setVisible(not related)
        self._enable()

    def _enable(self) -> None:
        self.add_button.setEnabled(self.choice.count() > 0)
        self.remove_button.setEnabled(bool(self.related.selectedItems()))

    def _run(self, action: Callable[[], None]) -> None:
        self.error.hide()
        try:
            action()
        except CrmError as exc:
            self.error.setText(messages.error_text(exc))
            self.error.show()
            return
        hub().changed("no_series")
        self.load()

    def add(self) -> None:
        """Relate the series chosen in the combo."""
        other = self.choice.currentData()
        if other:
            self._run(lambda: ns.add_related(self.ctx, self.code, str(other)))

    def remove(self) -> None:
        """Remove the chosen relation."""
        items = self.related.selectedItems()
        if items:
            other = str(items[0].data(Qt.ItemDataRole.UserRole))
            self._run(lambda: ns.remove_related(self.ctx, self.code, other))


def open_dialog(dialog: QDialog, on_accept: Callable[[], None]) -> None:
    """Show a dialog window-modally without blocking, and run `on_accept` when it is accepted."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(on_accept)
    dialog.open()
