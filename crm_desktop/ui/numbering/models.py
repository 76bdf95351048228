"""Table models of the No. Series page: the series list and the lines of one series."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.numbering import LineRow, SeriesRow
from crm_desktop.ui import messages

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")
MUTED = QColor("#6b6b6b")
PROBLEM = QColor("#b3261e")


def tr(text: str) -> str:
    """Translate in this page's context."""
    return QCoreApplication.translate("NoSeriesPage", text)


def date_text(value: dt.date | None) -> str:
    """A date as the page shows it (ISO, as in the dialogs' date fields); '' for none."""
    if value is None:
        return ""
    return QDate(value.year, value.month, value.day).toString("yyyy-MM-dd")


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its caption (English, translated when shown) and how to read a row."""

    caption: str
    value: Callable[[T], Any]
    kind: str = "text"  # text | bool | int


class RowTableModel(QAbstractTableModel, Generic[T]):
    """A read-only table over dataclass rows; booleans are check marks."""

    def __init__(self, columns: list[Column[T]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[T] = []

    def set_rows(self, rows: list[T]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt signature
        """Rows under the root; none under a cell."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt signature
        """One per column."""
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, check marks, alignment, colour and tooltips."""
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = self.columns[index.column()]
        value = col.value(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if col.kind == "bool":
                return None
            if isinstance(value, dt.date):
                return date_text(value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.CheckStateRole and col.kind == "bool":
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind == "int":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self.extra(row, col, role)

    def extra(self, row: T, col: Column[T], role: int) -> Any:
        """Further roles for a cell (subclasses)."""
        del row, col, role
        return None

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column captions in the user's language."""
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(self.columns):
            return tr(self.columns[section].caption)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Selectable, not editable in place: editing goes through a dialog with its checks."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True)
class SeriesView:
    """A series with the number it would give on the work date, or why it would not."""

    series: SeriesRow
    next_no: str
    problem: str  # translated


class SeriesModel(RowTableModel[SeriesView]):
    """Code, description, flags and next number of every series."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(QT_TRANSLATE_NOOP("NoSeriesPage", "Code"), lambda v: v.series.code),
                Column(
                    QT_TRANSLATE_NOOP("NoSeriesPage", "Description"), lambda v: v.series.description
                ),
                Column(QT_TRANSLATE_NOOP("NoSeriesPage", "Next No."), lambda v: v.next_no or "—"),
                Column(
                    QT_TRANSLATE_NOOP("NoSeriesPage", "Default Nos."),
                    lambda v: v.series.default_nos,
                    "bool",
                ),
                Column(
                    QT_TRANSLATE_NOOP("NoSeriesPage", "Manual Nos."),
                    lambda v: v.series.manual_nos,
                    "bool",
                ),
                Column(
                    QT_TRANSLATE_NOOP("NoSeriesPage", "Date Order"),
                    lambda v: v.series.date_order,
                    "bool",
                ),
            ],
            parent,
        )

    def extra(self, row: SeriesView, col: Column[SeriesView], role: int) -> Any:
        """The reason there is no next number, as a tooltip and in red."""
        if col.caption == "Next No." and row.problem:
            if role == Qt.ItemDataRole.ToolTipRole:
                return row.problem
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(PROBLEM)
        return None


class LinesModel(RowTableModel[LineRow]):
    """The lines of one series, as BC's No. Series Lines page shows them, plus the next number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(
                    QT_TRANSLATE_NOOP("NoSeriesPage", "Starting Date"), lambda r: r.starting_date
                ),
                Column(QT_TRANSLATE_NOOP("NoSeriesPage", "Starting No."), lambda r: r.starting_no),
                Column(QT_TRANSLATE_NOOP("NoSeriesPage", "Ending No."), lambda r: r.ending_no),
                Column(
                    QT_TRANSLATE_NOOP("NoSeriesPage", "Last No. Used"), lambda r: r.last_no_used
                ),
                Column(
                    QT_TRANSLATE_NOOP("NoSeriesPage", "Last Date Used"), lambda r: r.last_date_used
                ),
                Column(QT_TRANSLATE_NOOP("NoSeriesPage", "Next No."), lambda r: r.next_no or "—"),
                Column(QT_TRANSLATE_NOOP("NoSeriesPage", "Open"), lambda r: r.open, "bool"),
                Column(QT_TRANSLATE_NOOP("NoSeriesPage", "Warning No."), lambda r: r.warning_no),
                Column(
                    QT_TRANSLATE_NOOP("NoSeriesPage", "Increment-by No."),
                    lambda r: r.increment_by,
                    "int",
                ),
            ],
            parent,
        )

    #: The line that gives numbers on the work date (shown in bold), if any.
    in_use: int | None = None

    def extra(self, row: LineRow, col: Column[LineRow], role: int) -> Any:
        """Closed lines are greyed, the line in use on the work date is bold, and a line that
        cannot give a number says why."""
        if role == Qt.ItemDataRole.FontRole and row.line_no == self.in_use:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if col.caption == "Next No." and row.next_error and row.open:
                return QBrush(PROBLEM)
            if not row.open:
                return QBrush(MUTED)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col.caption == "Next No." and row.next_error:
                return messages.error_text(row.next_error)
            if row.line_no == self.in_use:
                return tr("This line gives the numbers on the work date.")
        return None
