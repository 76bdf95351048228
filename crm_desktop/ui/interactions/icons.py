"""An icon per kind of interaction, drawn with QPainter (no icon files, no add-ons)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

# kind -> (letter, colour)
_LOOK = {
    "manual": ("I", "#546e7a"),
    "call": ("C", "#2e7d32"),
    "email": ("@", "#1565c0"),
    "meeting": ("M", "#6a1b9a"),
    "letter": ("L", "#8d6e63"),
    "document": ("D", "#ef6c00"),
    "segment": ("S", "#00838f"),
    "opportunity": ("O", "#c62828"),
    "comment": ("\u270e", "#757575"),
}


@cache
def kind_icon(kind: str, size: int = 18) -> QIcon:
    """A round badge with the kind's letter."""
    letter, colour = _LOOK.get(kind, ("?", "#9e9e9e"))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(0, 0, size, size))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.6))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), int(Qt.AlignmentFlag.AlignCenter), letter)
    painter.end()
    return QIcon(pixmap)
