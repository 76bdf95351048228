"""The timeline's model: a contact's interactions and comments, newest first, counted once and
fetched a block at a time as the view scrolls (Qt's canFetchMore/fetchMore)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from crm_desktop.domain import interactions as rules
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import listing
from crm_desktop.ui.interactions.icons import kind_icon

Index = QModelIndex | QPersistentModelIndex
BLOCK = 200
_KIND_CAPTIONS = {**dict(rules.KINDS), rules.COMMENT_KIND: "Comment"}


class TimelineModel(QAbstractTableModel):
    """Rows of `listing.fetch_timeline` for one contact."""

    KIND, DATE, CONTACT, TEXT, DETAIL = range(5)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_no = ""
        self._total = 0
        self._items: list[listing.TimelineItem] = []

    def set_contact(self, contact_no: str) -> None:
        """Show this contact's timeline (again)."""
        self.beginResetModel()
        self.contact_no = contact_no
        self._total = listing.count_timeline(self.ctx, contact_no) if contact_no else 0
        self._items = listing.fetch_timeline(self.ctx, contact_no, 0, BLOCK) if contact_no else []
        self.endResetModel()

    def item(self, row: int) -> listing.TimelineItem | None:
        """The item on a row (None when it is not fetched)."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def total(self) -> int:
        """How many rows the timeline has in all."""
        return self._total

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else 5

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008 - Qt API
        return not parent.isValid() and len(self._items) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008 - Qt API
        if parent.isValid():
            return
        more = listing.fetch_timeline(self.ctx, self.contact_no, len(self._items), BLOCK)
        if not more:
            self._total = len(self._items)
            return
        self.beginInsertRows(QModelIndex(), len(self._items), len(self._items) + len(more) - 1)
        self._items.extend(more)
        self.endInsertRows()

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            QCoreApplication.translate("TimelineModel", "Kind"),
            QCoreApplication.translate("TimelineModel", "Date"),
            QCoreApplication.translate("TimelineModel", "Contact"),
            QCoreApplication.translate("TimelineModel", "Description"),
            QCoreApplication.translate("TimelineModel", "Template / Code"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DecorationRole and col == self.KIND:
            return kind_icon(item.kind)
        if role == Qt.ItemDataRole.DecorationRole and col == self.TEXT and item.attachment_no:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        if role == Qt.ItemDataRole.ToolTipRole and item.attachment_no is not None:
            return QCoreApplication.translate(
                "TimelineModel", "Double-click to open the attachment."
            )
        if role == Qt.ItemDataRole.FontRole and item.canceled:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setStrikeOut(True)
            return font
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == self.KIND:
            return QCoreApplication.translate(
                "interactions", _KIND_CAPTIONS.get(item.kind, item.kind)
            )
        if col == self.DATE:
            when = item.date.isoformat()
            return f"{when} {item.time_of_interaction:%H:%M}" if item.time_of_interaction else when
        if col == self.CONTACT:
            return f"{item.contact_no} {item.contact_name}"
        if col == self.TEXT:
            return item.text
        return item.detail
