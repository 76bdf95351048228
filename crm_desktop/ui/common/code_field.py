"""Code pickers: a combo that shows each code with its name ("NL – Netherlands") and filters
its list as the user types, and a field that adds a note when a typed code is unknown."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QLabel, QSizePolicy, QWidget

from crm_desktop.ui.common.codes import CodeChoice

# Between a code and its name in the list and in the field: "NL – Netherlands".
SEPARATOR = " – "


class CodeCombo(QComboBox):
    """An editable combo of codes with their names. Typing filters the list to the entries that
    contain what was typed (in the code or the name); the value is the code alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # No setMaxLength: a code too long is refused with BC's message, never cut unseen.
        completer = QCompleter(self.model(), self)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self._names: dict[str, str] = {}
        self._choices: list[CodeChoice] | None = None
        edit = self.lineEdit()
        if edit is not None:
            edit.editingFinished.connect(self._show_name)

    def set_choices(self, choices: list[CodeChoice]) -> None:
        """Offer these codes (a blank entry first); the code shown is kept."""
        if choices == self._choices:
            return
        self._choices = list(choices)
        current = self.code()
        self._names = dict(choices)
        width = 8
        with QSignalBlocker(self):
            self.clear()
            self.addItem("", "")
            for code, name in choices:
                text = f"{code}{SEPARATOR}{name}" if name else code
                width = max(width, len(text))
                self.addItem(text, code)
                self.setItemData(self.count() - 1, name or code, Qt.ItemDataRole.ToolTipRole)
        self.setMinimumContentsLength(max(24, min(width, 32)))  # one width down a form
        self.set_code(current)

    def names(self) -> dict[str, str]:
        """Every code offered, with its name."""
        return dict(self._names)

    def code(self) -> str:
        """The code as BC stores it: trimmed and upper case ('' when blank). A picked entry
        gives its code; typed text gives what stands before the separator."""
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0 and text:
            return str(self.itemData(index) or "")
        return text.split(SEPARATOR, 1)[0].strip().upper()

    def set_code(self, code: str) -> None:
        """Show a code (with its name when it is known) without announcing an edit."""
        with QSignalBlocker(self):
            index = self.findData(code) if code else 0
            if index >= 0:
                self.setCurrentIndex(index)
                self.setEditText(self.itemText(index))
            else:
                self.setCurrentIndex(-1)
                self.setEditText(code)

    def _show_name(self) -> None:
        """After typing "nl" and leaving, show "NL – Netherlands" (the value stays NL)."""
        code = self.code()
        if code in self._names and self.currentText() != self.itemText(self.findData(code)):
            self.set_code(code)


class CodeField(QWidget):
    """Pick a code from a list or type one; the service decides whether a typed code exists,
    and a code not in the list says so beside the field."""

    edited = Signal()

    def __init__(self, max_len: int = 20, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = CodeCombo()
        self.combo.setMinimumContentsLength(max(8, min(max_len, 20)))
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # As wide as its longest entry (24 to 32 characters), not the whole form.
        self.combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.description = QLabel()
        self.description.setObjectName("code_description")
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.description)
        layout.addStretch(1)
        self.setFocusProxy(self.combo)
        self.combo.editTextChanged.connect(self._text_changed)

    def set_choices(self, choices: list[CodeChoice]) -> None:
        """Offer these codes (a blank entry first); the current code is kept."""
        with QSignalBlocker(self.combo):
            self.combo.set_choices(choices)
        self._show_note()

    def code(self) -> str:
        """The code as BC stores it: trimmed and upper case ('' when blank)."""
        return self.combo.code()

    def set_code(self, code: str) -> None:
        """Show a code without announcing an edit."""
        self.combo.set_code(code)
        self._show_note()

    def _text_changed(self, _text: str) -> None:
        self._show_note()
        self.edited.emit()

    def _show_note(self) -> None:
        code = self.combo.code()
        names = self.combo.names()
        self.description.setText("" if not code or code in names else self.tr("(not in the list)"))
