"""A read-only table model over rows of dicts, with columns described by field specs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QWidget

from crm_desktop.ui.common.fields import FieldSpec

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """Shows `rows` (dicts keyed by field name) in the columns given by `specs`.

    Booleans are check marks, choices their captions; the sort role gives comparable raw values.
    """

    def __init__(self, specs: list[FieldSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs = specs
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        """Rows under the root; none under a cell."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        """One column per spec."""
        return 0 if parent.isValid() else len(self.specs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, check state, alignment, sort value or the whole row."""
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        spec = self.specs[index.column()]
        value = row.get(spec.name)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            if spec.kind in ("int", "decimal"):
                return float(value or 0)
            if spec.kind == "bool":
                return int(bool(value))
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.DisplayRole:
            if spec.kind == "bool":
                return None
            if spec.kind == "choice":
                return spec.choice_caption(value)
            if isinstance(value, Decimal):
                return f"{value:.2f}"
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.CheckStateRole and spec.kind == "bool":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.kind in ("int", "decimal"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column captions in the user's language."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.specs):
            return self.specs[section].caption
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Rows are selectable, not editable in place (editing goes through a form)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def sorting_proxy(model: RowsModel) -> QSortFilterProxyModel:
    """A proxy that sorts by raw values (numbers as numbers), case-insensitively."""
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy
