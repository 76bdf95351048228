"""The contact card's field widgets: one editor per field, with its inheritance marker and the
error shown beside it. Field captions come from the contact rules' field list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from crm_desktop.domain.contacts import FIELDS_BY_NAME, REF_TABLES, ContactField, clean_value
from crm_desktop.domain.errors import DOES_NOT_EXIST, CrmError, ValidationError
from crm_desktop.services.app import AppContext
from crm_desktop.services.contacts.rules import REF_CAPTIONS
from crm_desktop.ui import messages
from crm_desktop.ui.common.code_field import CodeCombo
from crm_desktop.ui.common.codes import CodeChoice, code_choices
from crm_desktop.ui.hub import hub

# The card's sections, as BC's Contact Card groups them.
GENERAL = (
    "no",
    "type",
    "name",
    "name_2",
    "company_no",
    "company_name",
    "job_title",
    "address",
    "address_2",
    "post_code",
    "city",
    "county",
    "country_region_code",
    "search_name",
    "salesperson_code",
    "salutation_code",
    "privacy_blocked",
)
COMMUNICATION = (
    "phone_no",
    "mobile_phone_no",
    "fax_no",
    "extension_no",
    "pager",
    "telex_no",
    "telex_answer_back",
    "email",
    "home_page",
    "correspondence_type",
)
SEGMENTATION = (
    "territory_code",
    "language_code",
    "format_region",
    "currency_code",
    "vat_registration_no",
    "registration_number",
)
# Kept on the card but edited in the Name Details dialog.
NAME_DETAILS = ("first_name", "middle_name", "surname", "initials")
PERSON_ONLY = ("job_title",)


# Codes of the master-data tables the card's combos offer, per data directory: read once, not
# once per card, and forgotten whenever master data changes.
_codes: dict[tuple[str, str], list[CodeChoice]] = {}
_listening = False


def _forget_codes(kinds: set[str], _keys: object) -> None:
    if kinds - {"contact"}:
        _codes.clear()


def codes(ctx: AppContext, table: str) -> list[CodeChoice]:
    """The codes of a master-data table with their names, cached until master data changes."""
    global _listening
    if not _listening:
        hub().data_changed.connect(_forget_codes)
        _listening = True
    key = (str(ctx.data_dir), table)
    if key not in _codes:
        _codes[key] = code_choices(ctx, table)
    return _codes[key]


def caption(name: str) -> str:
    """A field's caption in the user's language."""
    f = FIELDS_BY_NAME.get(name)
    return QCoreApplication.translate("contact", f.caption if f else name)


def type_choices() -> list[tuple[str, str]]:
    """The contact types with their captions."""
    tr = QCoreApplication.translate
    return [("company", tr("ContactCard", "Company")), ("person", tr("ContactCard", "Person"))]


def correspondence_choices() -> list[tuple[str, str]]:
    """The correspondence types with their captions."""
    tr = QCoreApplication.translate
    return [
        ("", ""),
        ("hard_copy", tr("ContactCard", "Hard Copy")),
        ("email", tr("ContactCard", "E-Mail")),
    ]


def saved_text(no: str, kind: str, result: Any) -> str:
    """The status bar line after a save (a company says how many persons followed)."""
    tr = QCoreApplication.translate
    if kind == "company":
        updated = len(result.persons_updated)
        return tr("ContactCard", "Company %1 saved; %n person(s) updated.", "", updated).replace(
            "%1", no
        )
    return tr("ContactCard", "Contact %1 saved.").replace("%1", no)


def company_tip() -> str:
    """The tooltip of the "from company" marker."""
    return QCoreApplication.translate(
        "ContactCard",
        "This value follows the company: when the company changes it, it changes here too.",
    )


class FieldEditor(QObject):
    """One field on the card: its editor, a marker "from company" and an error label.

    The marker and the error label are made only when first needed (most fields never show
    either), which keeps a card quick to open.
    """

    edited = Signal(str)
    checked = Signal(str)  # the field was checked on leaving it (its error shown or cleared)

    def __init__(self, ctx: AppContext, f: ContactField, parent: QWidget) -> None:
        super().__init__(parent)
        self.field = f
        self.name = f.name
        self._ctx = ctx
        self._table = REF_TABLES.get(f.name)  # a code field: the master-data table it names
        self._label: QLabel | None = None
        self._cell: QWidget | None = None
        self.row_visible = True
        self._line: QHBoxLayout | None = None
        self._marker: QLabel | None = None
        self._error: QLabel | None = None
        self.widget: QWidget
        if f.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(lambda _v: self.edited.emit(self.name))
            self.widget = box
        elif f.name in REF_TABLES:
            code_combo = CodeCombo()
            code_combo.set_choices(codes(ctx, REF_TABLES[f.name]))
            code_combo.currentIndexChanged.connect(lambda _i: self.edited.emit(self.name))
            code_combo.editTextChanged.connect(lambda _t: self.edited.emit(self.name))
            edit = code_combo.lineEdit()
            if edit is not None:  # an unknown code is refused when the field is left
                edit.editingFinished.connect(self.check)
            self.widget = code_combo
        elif f.kind in ("type", "correspondence"):
            combo = QComboBox()
            choices = type_choices() if f.kind == "type" else correspondence_choices()
            for value, text in choices:
                combo.addItem(text, value)
            combo.currentIndexChanged.connect(lambda _i: self.edited.emit(self.name))
            self.widget = combo
        else:
            # No setMaxLength (it cuts pasted text unseen): the field is checked when left.
            line = QLineEdit()
            line.textEdited.connect(lambda _t: self.edited.emit(self.name))
            line.editingFinished.connect(self.check)
            self.widget = line
        self.widget.setObjectName(f"field_{f.name}")
        self.widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def attach(self, label: QLabel, cell: QWidget, line: QHBoxLayout) -> None:
        """Where the card laid the field out: its caption, the cell holding the field (the
        error goes under `line` in it) and the line the marker goes on."""
        self._label = label
        self._cell = cell
        self._line = line

    @property
    def marker(self) -> QLabel:
        """The "from company" marker beside the field (hidden until shown)."""
        if self._marker is None:
            marker = QLabel(QCoreApplication.translate("ContactCard", "from company"))
            marker.setObjectName(f"marker_{self.name}")
            marker.setToolTip(company_tip())
            font = marker.font()
            font.setItalic(True)
            font.setPointSizeF(max(6.0, font.pointSizeF() - 1))
            marker.setFont(font)
            palette = marker.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor("#1f6f43"))
            marker.setPalette(palette)
            marker.setVisible(False)
            if self._line is not None:
                self._line.insertWidget(1, marker)
            self._marker = marker
        return self._marker

    @property
    def error(self) -> QLabel:
        """The error text under the field (hidden until there is one)."""
        if self._error is None:
            error = QLabel()
            error.setObjectName(f"error_{self.name}")
            error.setWordWrap(True)
            palette = error.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor("#b00020"))
            error.setPalette(palette)
            error.setVisible(False)
            cell_layout = self._cell.layout() if self._cell is not None else None
            if cell_layout is not None:
                cell_layout.addWidget(error)
            self._error = error
        return self._error

    def set_marker(self, visible: bool, kind: str = "company") -> None:
        """Show or hide the marker: "from company" (kind "company") or "default" (kind
        "default": Marketing Setup fills the field on the first save)."""
        if not visible and self._marker is None:
            return
        marker = self.marker
        if visible and kind == "default":
            marker.setText(QCoreApplication.translate("ContactCard", "default"))
            marker.setToolTip(
                QCoreApplication.translate(
                    "ContactCard",
                    "Marketing Setup gives this value when the contact is first saved; "
                    "type over it to choose another.",
                )
            )
        elif visible:
            marker.setText(QCoreApplication.translate("ContactCard", "from company"))
            marker.setToolTip(company_tip())
        marker.setVisible(visible)

    def set_row_visible(self, visible: bool) -> None:
        """Show or hide the field with its caption."""
        self.row_visible = visible
        if self._label is not None and self._cell is not None:
            self._label.setVisible(visible)
            self._cell.setVisible(visible)
        self.widget.setVisible(visible)

    def value(self) -> Any:
        """The value shown ('' for blank)."""
        w = self.widget
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, CodeCombo):
            return w.code()
        if isinstance(w, QComboBox):
            return w.currentData() or ""
        assert isinstance(w, QLineEdit)
        return w.text()

    def set_value(self, value: Any) -> None:
        """Show a value without announcing an edit."""
        w = self.widget
        w.blockSignals(True)
        try:
            if isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, CodeCombo):
                w.set_code("" if value is None else str(value))
            elif isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData("" if value is None else str(value))))
            elif isinstance(w, QLineEdit):
                w.setText("" if value is None else str(value))
                w.setCursorPosition(0)
        finally:
            w.blockSignals(False)

    def check(self) -> bool:
        """Check the value with the contact rules when the field is left (length, letters in a
        phone number, e-mail); a refusal shows beside the field, in BC's words."""
        try:
            value = clean_value(self.name, self.value())
            if self._table and value and str(value) not in dict(codes(self._ctx, self._table)):
                raise ValidationError(
                    DOES_NOT_EXIST,
                    field=self.name,
                    table=REF_CAPTIONS.get(self._table, self._table),
                    code=str(value),
                )
        except CrmError as err:
            self.set_error(messages.error_text(err))
            self.checked.emit(self.name)
            return False
        self.set_error("")
        self.checked.emit(self.name)
        return True

    def set_error(self, text: str) -> None:
        """Show (or with '' clear) the error beside the field."""
        if not text and self._error is None:
            return
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def set_read_only(self, read_only: bool) -> None:
        """Lock the editor (No. of a saved contact, fields of no use for the type)."""
        w = self.widget
        if isinstance(w, QLineEdit):
            w.setReadOnly(read_only)
        else:
            w.setEnabled(not read_only)
