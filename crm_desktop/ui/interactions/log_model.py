"""The Interaction Log page's model: the filtered entries, counted once per filter and fetched
a block at a time as the view scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from crm_desktop.domain import interactions as rules
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import listing
from crm_desktop.ui.interactions.icons import kind_icon

Index = QModelIndex | QPersistentModelIndex
BLOCK = 500

# (attribute of LogRow, header caption)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("entry_no", QT_TRANSLATE_NOOP("LogModel", "Entry No.")),
    ("date", QT_TRANSLATE_NOOP("LogModel", "Date")),
    ("kind", QT_TRANSLATE_NOOP("LogModel", "Kind")),
    ("contact_no", QT_TRANSLATE_NOOP("LogModel", "Contact No.")),
    ("contact_name", QT_TRANSLATE_NOOP("LogModel", "Contact Name")),
    ("contact_company_no", QT_TRANSLATE_NOOP("LogModel", "Company No.")),
    ("interaction_template_code", QT_TRANSLATE_NOOP("LogModel", "Template")),
    ("description", QT_TRANSLATE_NOOP("LogModel", "Description")),
    ("evaluation", QT_TRANSLATE_NOOP("LogModel", "Evaluation")),
    ("salesperson_code", QT_TRANSLATE_NOOP("LogModel", "Salesperson Code")),
    ("cost_lcy", QT_TRANSLATE_NOOP("LogModel", "Cost (LCY)")),
    ("duration_min", QT_TRANSLATE_NOOP("LogModel", "Duration (Min.)")),
    ("canceled", QT_TRANSLATE_NOOP("LogModel", "Canceled")),
    ("document_no", QT_TRANSLATE_NOOP("LogModel", "Document No.")),
    ("attachment_no", QT_TRANSLATE_NOOP("LogModel", "Attachment")),
    ("user_id", QT_TRANSLATE_NOOP("LogModel", "User ID")),
)
_RIGHT = {"entry_no", "cost_lcy", "duration_min"}


class LogModel(QAbstractTableModel):
    """Rows of `listing.fetch_entries` for one filter."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filter = listing.LogFilter()
        self._total = 0
        self._rows: list[listing.LogRow] = []

    def set_filter(self, flt: listing.LogFilter) -> None:
        """Show the entries of this filter (again)."""
        self.beginResetModel()
        self.filter = flt
        self._total = listing.count_entries(self.ctx, flt)
        self._rows = listing.fetch_entries(self.ctx, flt, 0, BLOCK)
        self.endResetModel()

    def total(self) -> int:
        """How many entries the filter shows in all."""
        return self._total

    def row(self, row: int) -> listing.LogRow | None:
        """The entry on a row (None when not fetched)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008 - Qt API
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008 - Qt API
        if parent.isValid():
            return
        more = listing.fetch_entries(self.ctx, self.filter, len(self._rows), BLOCK)
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("LogModel", COLUMNS[section][1])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            return None
        name = COLUMNS[index.column()][0]
        value = getattr(row, name)
        if role == Qt.ItemDataRole.DecorationRole and name == "kind":
            return kind_icon(row.kind)
        if role == Qt.ItemDataRole.TextAlignmentRole and name in _RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.canceled:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.CheckStateRole and name == "canceled":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if name == "kind":
            return QCoreApplication.translate("interactions", rules.caption_of(rules.KINDS, value))
        if name == "evaluation":
            return (
                QCoreApplication.translate(
                    "interactions", rules.caption_of(rules.EVALUATIONS, value)
                )
                if value
                else ""
            )
        if name == "canceled":
            return None
        if name == "date":
            time = row.time_of_interaction
            return f"{value.isoformat()} {time:%H:%M}" if time else value.isoformat()
        if name == "cost_lcy":
            return f"{value:,.2f}"
        if name == "attachment_no":
            return QCoreApplication.translate("LogModel", "Yes") if value else ""
        return "" if value is None else str(value)
