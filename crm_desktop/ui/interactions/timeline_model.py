"""The timeline's model: a contact's interactions and comments, newest first, through the
shared windowed list model (ui/common), with an icon per kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle

from crm_desktop.domain import interactions as rules
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import listing
from crm_desktop.ui.common.windowed_model import ROW_ROLE, Index, WindowColumn, WindowedModel
from crm_desktop.ui.interactions.icons import kind_icon

_KIND_CAPTIONS = {**dict(rules.KINDS), rules.COMMENT_KIND: "Comment"}


def _kind(value: Any) -> str:
    return QCoreApplication.translate("interactions", _KIND_CAPTIONS.get(value, str(value)))


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


class TimelineModel(WindowedModel):
    """Rows of `listing.fetch_timeline`; the query is the contact number."""

    KIND, DATE, CONTACT, TEXT, DETAIL = range(5)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(
            [
                WindowColumn(
                    "kind",
                    QCoreApplication.translate("TimelineModel", "Kind"),
                    display=_kind,
                    sortable=False,
                ),
                WindowColumn(
                    "date",
                    QCoreApplication.translate("TimelineModel", "Date"),
                    display=_day,
                    sortable=False,
                ),
                WindowColumn(
                    "contact",
                    QCoreApplication.translate("TimelineModel", "Contact"),
                    sortable=False,
                ),
                WindowColumn(
                    "text",
                    QCoreApplication.translate("TimelineModel", "Description"),
                    sortable=False,
                ),
                WindowColumn(
                    "detail",
                    QCoreApplication.translate("TimelineModel", "Template / Code"),
                    sortable=False,
                ),
            ],
            count=lambda no: listing.count_timeline(ctx, no) if no else 0,
            fetch=lambda no, offset, limit: (
                listing.fetch_timeline(ctx, no, offset, limit) if no else []
            ),
            parent=parent,
        )

    def set_contact(self, contact_no: str) -> None:
        """Show this contact's timeline (again)."""
        if contact_no == self.query:
            self.refresh()
        else:
            self.set_query(contact_no)

    def item(self, row: int) -> listing.TimelineItem | None:
        """The item on a row (read now when its block is not in memory; None past the end)."""
        found = self.row_at(row)
        if found is None:
            rows = self.fetch_rows(row, row)
            found = rows[0] if rows else None
        return found if isinstance(found, listing.TimelineItem) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Adds the kind's icon, a file icon for an attachment, a hint, and strike-through."""
        if role in (
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            row = super().data(index, ROW_ROLE)
            if row is None:
                return None
            col = index.column()
            if role == Qt.ItemDataRole.DecorationRole:
                if col == self.KIND:
                    return kind_icon(row.kind)
                if col == self.TEXT and row.attachment_no:
                    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
                return None
            if role == Qt.ItemDataRole.ToolTipRole:
                if row.attachment_no:
                    return QCoreApplication.translate(
                        "TimelineModel", "Double-click to open the attachment."
                    )
                return None
            if row.canceled:
                font = QFont()
                font.setStrikeOut(True)
                return font
            return None
        return super().data(index, role)
