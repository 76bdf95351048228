"""The pairs table: both contacts side by side with the score, the method and its reasons."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QWidget

from crm_desktop.domain.duplicates.fuzzy import reasons_text
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.duplicates import PairRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex

# (attribute of PairRow, translatable header)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("score", QT_TRANSLATE_NOOP("duplicates", "Score %")),
    ("method", QT_TRANSLATE_NOOP("duplicates", "Found By")),
    ("reasons", QT_TRANSLATE_NOOP("duplicates", "Why")),
    ("contact_no", QT_TRANSLATE_NOOP("duplicates", "Contact No.")),
    ("contact_name", QT_TRANSLATE_NOOP("duplicates", "Name")),
    ("contact_company", QT_TRANSLATE_NOOP("duplicates", "Company")),
    ("contact_city", QT_TRANSLATE_NOOP("duplicates", "City")),
    ("contact_phone", QT_TRANSLATE_NOOP("duplicates", "Phone No.")),
    ("contact_email", QT_TRANSLATE_NOOP("duplicates", "E-Mail")),
    ("duplicate_contact_no", QT_TRANSLATE_NOOP("duplicates", "Duplicate No.")),
    ("duplicate_name", QT_TRANSLATE_NOOP("duplicates", "Duplicate Name")),
    ("duplicate_company", QT_TRANSLATE_NOOP("duplicates", "Duplicate Company")),
    ("duplicate_city", QT_TRANSLATE_NOOP("duplicates", "Duplicate City")),
    ("duplicate_phone", QT_TRANSLATE_NOOP("duplicates", "Duplicate Phone No.")),
    ("duplicate_email", QT_TRANSLATE_NOOP("duplicates", "Duplicate E-Mail")),
    ("separate", QT_TRANSLATE_NOOP("duplicates", "Kept Separate")),
)
METHOD_CAPTIONS = {
    "search_strings": QT_TRANSLATE_NOOP("duplicates", "Search strings"),
    "fuzzy": QT_TRANSLATE_NOOP("duplicates", "Fuzzy"),
}


EQUAL_STRINGS = QT_TRANSLATE_NOOP("duplicates", "%1 equal search strings")


def translate(text: str) -> str:
    """A caption or word of the duplicates context in the user's language."""
    return QCoreApplication.translate("duplicates", text)


def reasons_shown(pair: PairRow) -> str:
    """The pair's reasons as the user reads them ("Name 92 · Phone same · City same"), or for
    BC's method the number of equal search strings."""
    if pair.method == "fuzzy":
        return reasons_text(pair.reasons, translate, translate)
    return translate(EQUAL_STRINGS).replace("%1", str(pair.matching_strings))


class PairsModel(QAbstractTableModel):
    """Read-only rows of `PairRow`; the sort role gives raw values (numbers sort as numbers)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PairRow] = []

    def set_rows(self, rows: list[PairRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt
        """Pairs under the root; none under a cell."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt
        """One column per field."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, check mark for Kept Separate, right-aligned score, sort value."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        name = COLUMNS[index.column()][0]
        value = getattr(self.rows[index.row()], name)
        if role == SORT_ROLE:
            return value
        if name == "separate":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if name == "method":
                return translate(METHOD_CAPTIONS.get(str(value), str(value)))
            if name == "reasons":
                return reasons_shown(self.rows[index.row()])
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and name == "score":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Translated column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return QCoreApplication.translate("duplicates", COLUMNS[section][1])
        return None

    def pair_at(self, row: int) -> PairRow | None:
        """The pair shown in a source row."""
        return self.rows[row] if 0 <= row < len(self.rows) else None
