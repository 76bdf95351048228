"""A small grouped bar chart drawn with QPainter (no Qt Charts, no PySide6-Addons).

Categories along the bottom (stages, months), one bar per series in each (estimated and current
value; won and lost). Bars start at 0 and are drawn in proportion to their value against a rounded
top of the axis, without animation, so what is on screen is what the numbers say. Hovering a bar
shows its figures in a tooltip; clicking one emits `bar_clicked(category, series)` and marks the
category as chosen (clicking it again clears the choice, `bar_clicked(-1, -1)`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget


@dataclass(frozen=True)
class Series:
    """One kind of bar: its name (for the legend) and colour."""

    name: str
    color: QColor


def nice_top(value: float) -> float:
    """The axis top: the smallest 1, 2, 2.5 or 5 × 10^n at or above `value` (1 for 0)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        top = step * 10**exponent
        if top >= value * (1 - 1e-12):
            return top
    return 10.0 ** (exponent + 1)


def _two_lines(metrics: QFontMetrics, text: str, width: int) -> str:
    """The label as it fits in two lines of `width`: words wrapped, the second line elided."""
    words = text.split()
    first = ""
    while words and metrics.horizontalAdvance((first + " " + words[0]).strip()) <= width:
        first = (first + " " + words.pop(0)).strip()
    if not first:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    rest = " ".join(words)
    if not rest:
        return first
    return first + "\n" + metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)


class BarChart(QWidget):
    """Grouped bars; `set_data(labels, values, tooltips)` with values[category][series]."""

    bar_clicked = Signal(int, int)

    MARGIN_LEFT = 64
    MARGIN_RIGHT = 12
    MARGIN_TOP = 28
    MARGIN_BOTTOM = 42

    def __init__(
        self,
        series: Sequence[Series],
        empty_hint: str,
        value_text: Callable[[float], str] = lambda v: f"{v:,.0f}",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.series = tuple(series)
        self.empty_hint = empty_hint
        self.value_text = value_text
        self.labels: list[str] = []
        self.notes: list[str] = []
        self.values: list[list[float]] = []
        self.tooltips: list[list[str]] = []
        self.selected = -1
        self.hovered: tuple[int, int] | None = None
        self.setMouseTracking(True)
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(520, 280)

    def set_data(
        self,
        labels: Sequence[str],
        values: Sequence[Sequence[float]],
        tooltips: Sequence[Sequence[str]],
        notes: Sequence[str] | None = None,
    ) -> None:
        """Show new figures: a label per category, values and tooltips per category and series,
        and an optional note drawn above each category (e.g. its count)."""
        self.labels = list(labels)
        self.values = [list(v) for v in values]
        self.tooltips = [list(t) for t in tooltips]
        self.notes = list(notes) if notes is not None else [""] * len(self.labels)
        if self.selected >= len(self.labels):
            self.selected = -1
        self.hovered = None
        self.update()

    def set_selected(self, category: int) -> None:
        """Mark a category as chosen (-1: none)."""
        self.selected = category
        self.update()

    # --- geometry ------------------------------------------------------------------------

    def plot_rect(self) -> QRectF:
        """Where the bars are drawn."""
        return QRectF(
            self.MARGIN_LEFT,
            self.MARGIN_TOP,
            max(1.0, self.width() - self.MARGIN_LEFT - self.MARGIN_RIGHT),
            max(1.0, self.height() - self.MARGIN_TOP - self.MARGIN_BOTTOM),
        )

    def axis_top(self) -> float:
        """The value at the top of the axis."""
        return nice_top(max((v for row in self.values for v in row), default=0.0))

    def is_empty(self) -> bool:
        """No category, or every value 0."""
        return not self.labels or all(v == 0 for row in self.values for v in row)

    def bar_rect(self, category: int, series: int) -> QRectF:
        """The rectangle of one bar (zero height for a zero value)."""
        plot = self.plot_rect()
        slot = plot.width() / max(1, len(self.labels))
        group = slot * 0.7
        width = group / max(1, len(self.series))
        left = plot.left() + category * slot + (slot - group) / 2 + series * width
        value = self.values[category][series]
        height = plot.height() * value / self.axis_top()
        return QRectF(left + 1, plot.bottom() - height, max(1.0, width - 2), height)

    def bar_at(self, pos: QPointF) -> tuple[int, int] | None:
        """The (category, series) of the bar under a point, or None. A point above a short bar
        in its column counts as that bar, so small bars are easy to hover and click."""
        plot = self.plot_rect()
        if not plot.contains(pos) or self.is_empty():
            return None
        for c in range(len(self.labels)):
            for s in range(len(self.series)):
                rect = self.bar_rect(c, s)
                if rect.left() <= pos.x() <= rect.right():
                    return c, s
        return None

    # --- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        text_color = palette.text().color()
        grid = QColor(text_color)
        grid.setAlpha(40)
        plot = self.plot_rect()
        metrics = QFontMetrics(self.font())
        self._paint_legend(painter, metrics, text_color)
        if self.is_empty():
            painter.setPen(text_color)
            painter.drawText(
                plot, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_hint
            )
            painter.end()
            return
        top = self.axis_top()
        for i in range(5):
            y = plot.bottom() - plot.height() * i / 4
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_color)
            label = self.value_text(top * i / 4)
            painter.drawText(
                QRectF(0, y - 9, self.MARGIN_LEFT - 6, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        slot = plot.width() / len(self.labels)
        for c, label in enumerate(self.labels):
            if c == self.selected:
                highlight = QColor(palette.highlight().color())
                highlight.setAlpha(45)
                painter.fillRect(
                    QRectF(plot.left() + c * slot, plot.top(), slot, plot.height()), highlight
                )
            for s, series in enumerate(self.series):
                rect = self.bar_rect(c, s)
                if rect.height() <= 0:
                    continue
                color = QColor(series.color)
                if self.hovered == (c, s):
                    color = color.darker(120)
                painter.fillRect(rect, color)
            painter.setPen(text_color)
            # Up to two lines under the bars (a stage's name wraps), the rest elided.
            text_rect = QRectF(plot.left() + c * slot + 2, plot.bottom() + 3, slot - 4, 34)
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                _two_lines(metrics, label, int(slot) - 4),
            )
            note = self.notes[c] if c < len(self.notes) else ""
            if note:
                tallest = min(self.bar_rect(c, s).top() for s in range(len(self.series)))
                painter.drawText(
                    QRectF(plot.left() + c * slot, tallest - 18, slot, 16),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    note,
                )
        painter.setPen(QPen(text_color, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.end()

    def _paint_legend(self, painter: QPainter, metrics: QFontMetrics, color: QColor) -> None:
        x = float(self.MARGIN_LEFT)
        for series in self.series:
            painter.fillRect(QRectF(x, 8, 12, 12), series.color)
            painter.setPen(color)
            painter.drawText(QPointF(x + 16, 18), series.name)
            x += 16 + metrics.horizontalAdvance(series.name) + 18

    # --- mouse ---------------------------------------------------------------------------

    def tooltip_at(self, pos: QPointF) -> str:
        """The figures shown when hovering at `pos` ('' when not over a bar)."""
        hit = self.bar_at(pos)
        if hit is None:
            return ""
        c, s = hit
        return self.tooltips[c][s] if c < len(self.tooltips) else ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        pos = event.position()
        hit = self.bar_at(pos)
        if hit != self.hovered:
            self.hovered = hit
            self.update()
        text = self.tooltip_at(pos)
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)

    def leaveEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.hovered = None
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() != Qt.MouseButton.LeftButton:
            return
        hit = self.bar_at(event.position())
        if hit is None:
            return
        category, series = hit
        if category == self.selected:
            self.set_selected(-1)
            self.bar_clicked.emit(-1, -1)
        else:
            self.set_selected(category)
            self.bar_clicked.emit(category, series)
