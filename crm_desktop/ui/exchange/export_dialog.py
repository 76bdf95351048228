"""Export Contacts: what to export (the contacts shown, the selected ones or all) and the
separator (comma, or semicolon as a Dutch Excel expects; remembered)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

SETTINGS_SEPARATOR = "export/separator"


class ExportChoiceDialog(QDialog):
    """Asks which contacts and which separator; `scope` is "shown", "selected" or "all"."""

    def __init__(
        self,
        settings: QSettings,
        *,
        shown: int,
        selected: int,
        total: int,
        prefer: str = "shown",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Export Contacts"))
        self.setObjectName("export_choice")
        self.buttons_ = QButtonGroup(self)
        self.options: dict[str, QRadioButton] = {}
        intro = QLabel(self.tr("Which contacts go into the file?"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for scope, text, count in (
            ("shown", self.tr("the %n contact(s) shown", "", shown), shown),
            ("selected", self.tr("the %n selected", "", selected), selected),
            ("all", self.tr("all %n contact(s)", "", total), total),
        ):
            button = QRadioButton(text)
            button.setObjectName(f"export_{scope}")
            button.setEnabled(count > 0)
            self.options[scope] = button
            self.buttons_.addButton(button)
            layout.addWidget(button)
        first = next((s for s in (prefer, "shown", "all") if self.options[s].isEnabled()), "all")
        self.options[first].setChecked(True)
        self.separator = QComboBox()
        self.separator.setObjectName("export_separator")
        self.separator.addItem(self.tr("Comma (,)"), "comma")
        self.separator.addItem(self.tr("Semicolon (;) as a Dutch Excel expects"), "semicolon")
        remembered = str(settings.value(SETTINGS_SEPARATOR, "comma"))
        self.separator.setCurrentIndex(max(0, self.separator.findData(remembered)))
        form = QFormLayout()
        form.addRow(self.tr("Separator:"), self.separator)
        layout.addLayout(form)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    @property
    def scope(self) -> str:
        """ "shown", "selected" or "all"."""
        return next(s for s, b in self.options.items() if b.isChecked())

    @property
    def separator_choice(self) -> str:
        """ "comma" or "semicolon"."""
        return str(self.separator.currentData())

    def accept(self) -> None:
        """Remember the separator for next time, then close."""
        self.settings.setValue(SETTINGS_SEPARATOR, self.separator_choice)
        self.settings.sync()
        super().accept()
