"""The Interaction Log page's model: the shared windowed list model (ui/common) over the log
service's count and fetch, with an icon per kind and cancelled entries struck through."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt
from PySide6.QtGui import QFont

from crm_desktop.domain import interactions as rules
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import listing
from crm_desktop.ui.common.windowed_model import ROW_ROLE, Index, WindowColumn, WindowedModel
from crm_desktop.ui.interactions.icons import kind_icon

BLOCK = 200


def _kind(value: Any) -> str:
    return QCoreApplication.translate("interactions", rules.caption_of(rules.KINDS, str(value)))


def _evaluation(value: Any) -> str:
    if not value:
        return ""
    return QCoreApplication.translate(
        "interactions", rules.caption_of(rules.EVALUATIONS, str(value))
    )


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


def _money(value: Any) -> str:
    return f"{Decimal(value):,.2f}" if value is not None else ""


def _yes(value: Any) -> str:
    return QCoreApplication.translate("LogModel", "Yes") if value else ""


# (attribute of LogRow, header caption, formatter, right-aligned)
COLUMNS: tuple[tuple[str, str, Any, bool], ...] = (
    ("entry_no", QT_TRANSLATE_NOOP("LogModel", "Entry No."), None, True),
    ("date", QT_TRANSLATE_NOOP("LogModel", "Date"), _day, False),
    ("kind", QT_TRANSLATE_NOOP("LogModel", "Kind"), _kind, False),
    ("contact_no", QT_TRANSLATE_NOOP("LogModel", "Contact No."), None, False),
    ("contact_name", QT_TRANSLATE_NOOP("LogModel", "Contact Name"), None, False),
    ("contact_company_no", QT_TRANSLATE_NOOP("LogModel", "Company No."), None, False),
    ("interaction_template_code", QT_TRANSLATE_NOOP("LogModel", "Template"), None, False),
    ("description", QT_TRANSLATE_NOOP("LogModel", "Description"), None, False),
    ("evaluation", QT_TRANSLATE_NOOP("LogModel", "Evaluation"), _evaluation, False),
    ("salesperson_code", QT_TRANSLATE_NOOP("LogModel", "Salesperson Code"), None, False),
    ("cost_lcy", QT_TRANSLATE_NOOP("LogModel", "Cost (LCY)"), _money, True),
    ("duration_min", QT_TRANSLATE_NOOP("LogModel", "Duration (Min.)"), None, True),
    ("canceled", QT_TRANSLATE_NOOP("LogModel", "Canceled"), _yes, False),
    ("document_no", QT_TRANSLATE_NOOP("LogModel", "Document No."), None, False),
    ("attachment_no", QT_TRANSLATE_NOOP("LogModel", "Attachment"), _yes, False),
    ("user_id", QT_TRANSLATE_NOOP("LogModel", "User ID"), None, False),
)


class LogModel(WindowedModel):
    """Rows of `listing.fetch_entries` for the query (a `listing.LogFilter`)."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(
            [
                WindowColumn(
                    name,
                    QCoreApplication.translate("LogModel", title),
                    display=fmt,
                    sortable=False,
                    align_right=right,
                )
                for name, title, fmt, right in COLUMNS
            ],
            count=lambda q: listing.count_entries(ctx, q),
            fetch=lambda q, offset, limit: listing.fetch_entries(ctx, q, offset, limit),
            key_of=lambda row: row.entry_no,
            block_size=BLOCK,
            parent=parent,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Adds the kind's icon and strikes cancelled entries through."""
        if role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole):
            row = super().data(index, ROW_ROLE)
            if row is None:
                return None
            if role == Qt.ItemDataRole.DecorationRole:
                return kind_icon(row.kind) if COLUMNS[index.column()][0] == "kind" else None
            if row.canceled:
                font = QFont()
                font.setStrikeOut(True)
                return font
            return None
        return super().data(index, role)
