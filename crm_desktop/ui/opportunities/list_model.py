"""Small, fully loaded lists: a contact's opportunities (its card) and an opportunity's
entries (the history on the opportunity card)."""

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
from PySide6.QtWidgets import QWidget

from crm_desktop.services import opportunities as opps
from crm_desktop.ui.opportunities.format import (
    action_text,
    date_text,
    money,
    percent,
    status_text,
    taken_text,
)

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class OpportunityListModel(QAbstractTableModel):
    """Opportunities with their current figures; sorts through SORT_ROLE values."""

    HEADERS = (
        QT_TRANSLATE_NOOP("OpportunityListModel", "No."),
        QT_TRANSLATE_NOOP("OpportunityListModel", "Description"),
        QT_TRANSLATE_NOOP("OpportunityListModel", "Contact"),
        QT_TRANSLATE_NOOP("OpportunityListModel", "Salesperson"),
        QT_TRANSLATE_NOOP("OpportunityListModel", "Sales Cycle"),
        QT_TRANSLATE_NOOP("OpportunityListModel", "Stage"),
        QT_TRANSLATE_NOOP("OpportunityListModel", "Status"),
        QT_TRANSLATE_NOOP("OpportunityListModel", "Estimated Value (LCY)"),
        QT_TRANSLATE_NOOP("OpportunityListModel", "Probability %"),
        QT_TRANSLATE_NOOP("OpportunityListModel", "Calcd. Current Value (LCY)"),
        QT_TRANSLATE_NOOP("OpportunityListModel", "Estimated Closing Date"),
    )
    NUMERIC = (7, 8, 9)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[opps.OpportunityRow] = []

    def set_rows(self, rows: list[opps.OpportunityRow]) -> None:
        """Show these opportunities."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("OpportunityListModel", self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            raw = (
                r.no,
                r.description.lower(),
                r.contact_name.lower(),
                r.salesperson_code,
                r.sales_cycle_code,
                r.current_stage if r.current_stage is not None else -1,
                r.status,
                float(r.estimated_value),
                float(r.probability),
                float(r.current_value),
                r.estimated_close_date.isoformat() if r.estimated_close_date else "",
            )
            return raw[col]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            r.no,
            r.description,
            r.contact_name,
            r.salesperson_code,
            r.sales_cycle_code,
            f"{r.current_stage} · {r.stage_description}" if r.current_stage is not None else "",
            status_text(r.status),
            money(r.estimated_value),
            percent(r.probability),
            money(r.current_value),
            date_text(r.estimated_close_date),
        )
        return values[col]


class EntriesModel(QAbstractTableModel):
    """The history of an opportunity: one row per entry, oldest first."""

    HEADERS = (
        QT_TRANSLATE_NOOP("EntriesModel", "Entry No."),
        QT_TRANSLATE_NOOP("EntriesModel", "Active"),
        QT_TRANSLATE_NOOP("EntriesModel", "Action Taken"),
        QT_TRANSLATE_NOOP("EntriesModel", "Stage"),
        QT_TRANSLATE_NOOP("EntriesModel", "Changed On"),
        QT_TRANSLATE_NOOP("EntriesModel", "Days Open"),
        QT_TRANSLATE_NOOP("EntriesModel", "Est. Value (LCY)"),
        QT_TRANSLATE_NOOP("EntriesModel", "Chances %"),
        QT_TRANSLATE_NOOP("EntriesModel", "Probability %"),
        QT_TRANSLATE_NOOP("EntriesModel", "Current Value (LCY)"),
        QT_TRANSLATE_NOOP("EntriesModel", "Est. Close Date"),
        QT_TRANSLATE_NOOP("EntriesModel", "Close Code"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[opps.EntryRow] = []

    def set_rows(self, rows: list[opps.EntryRow]) -> None:
        """Show these entries."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("EntriesModel", self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 5, 6, 7, 8, 9):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        stage = (
            f"{e.sales_cycle_stage} · {e.stage_description}"
            if e.sales_cycle_stage is not None
            else ""
        )
        taken = taken_text(e.action_taken)
        if e.action_type not in ("", "close", "first") and action_text(e.action_type) != taken:
            taken = f"{taken} ({action_text(e.action_type)})"
        values = (
            str(e.entry_no),
            self.tr("Yes") if e.active else "",
            taken,
            stage,
            date_text(e.date_of_change),
            str(e.days_open) if not e.active else "",
            money(e.estimated_value),
            percent(e.chances_of_success),
            percent(e.probability),
            money(e.current_value),
            date_text(e.estimated_close_date),
            e.close_code,
        )
        return values[col]
