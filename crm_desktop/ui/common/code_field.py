"""An editable combo of existing codes (plus blank) with the chosen code's description beside it."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from crm_desktop.ui.common.codes import CodeChoice


class CodeField(QWidget):
    """Pick a code from a list or type one; the service decides whether a typed code exists."""

    edited = Signal()

    def __init__(self, max_len: int = 20, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMinimumContentsLength(max(8, min(max_len, 20)))
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # No setMaxLength: a code too long is refused with BC's message, never cut unseen.
        self.description = QLabel()
        self.description.setObjectName("code_description")
        self.description.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.description, 1)
        self.setFocusProxy(self.combo)
        self._descriptions: dict[str, str] = {}
        self._choices: list[CodeChoice] | None = None
        self.combo.editTextChanged.connect(self._text_changed)

    def set_choices(self, choices: list[CodeChoice]) -> None:
        """Offer these codes (a blank entry first); the current text is kept."""
        if choices == self._choices:
            return
        self._choices = list(choices)
        current = self.combo.currentText()
        self._descriptions = dict(choices)
        with QSignalBlocker(self.combo):
            self.combo.clear()
            self.combo.addItem("", "")
            for code, description in choices:
                self.combo.addItem(code, code)
                index = self.combo.count() - 1
                self.combo.setItemData(index, description, Qt.ItemDataRole.ToolTipRole)
            self.combo.setEditText(current)
        self._show_description(current)

    def code(self) -> str:
        """The code as BC stores it: trimmed and upper case ('' when blank)."""
        return self.combo.currentText().strip().upper()

    def set_code(self, code: str) -> None:
        """Show a code without announcing an edit."""
        with QSignalBlocker(self.combo):
            index = self.combo.findData(code)
            if index >= 0:
                self.combo.setCurrentIndex(index)
            self.combo.setEditText(code)
        self._show_description(code)

    def _text_changed(self, text: str) -> None:
        self._show_description(text)
        self.edited.emit()

    def _show_description(self, text: str) -> None:
        code = text.strip().upper()
        if not code:
            self.description.setText("")
        elif code in self._descriptions:
            self.description.setText(self._descriptions[code])
            self.description.setToolTip(self._descriptions[code])
        else:
            self.description.setText(self.tr("(not in the list)"))
