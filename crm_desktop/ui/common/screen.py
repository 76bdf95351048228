"""Windows that fit the screen: every card, dialog and the main window opens inside the available
geometry of its screen (a 1366×768 laptop, or the same at 200 % scaling), and its content
scrolls inside when it must, so the buttons stay on the screen."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# Room kept for the window manager's title bar and frame, which Qt only knows once shown.
FRAME_WIDTH = 16
FRAME_HEIGHT = 40


def available(widget: QWidget) -> QRect:
    """The available geometry of the screen `widget` (or its parent) is on."""
    screen: QScreen | None = None
    for candidate in (widget.parentWidget(), widget):
        if candidate is not None and candidate.screen() is not None:
            screen = candidate.screen()
            break
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size `window` to (width, height), or less to stay inside the available geometry with its
    frame, and place it inside that geometry (centred on its parent window when it has one)."""
    area = available(window)
    room_w = max(200, area.width() - FRAME_WIDTH)
    room_h = max(150, area.height() - FRAME_HEIGHT)
    window.resize(min(width, room_w), min(height, room_h))
    keep_inside(window, centre=True)


def keep_inside(window: QWidget, *, centre: bool = False) -> None:
    """Shrink `window` if need be and move it the least so its frame lies inside the available
    geometry (with `centre`, centre it on its parent window or the screen first)."""
    area = available(window)
    room_w = max(200, area.width() - FRAME_WIDTH)
    room_h = max(150, area.height() - FRAME_HEIGHT)
    size = window.size()
    if size.width() > room_w or size.height() > room_h:
        window.resize(min(size.width(), room_w), min(size.height(), room_h))
        size = window.size()
    # pos() is the frame's corner; the frame adds FRAME_WIDTH and FRAME_HEIGHT around the size.
    x, y = window.x(), window.y()
    if centre:
        parent = window.parentWidget()
        middle = parent.window().geometry().center() if parent is not None else area.center()
        x = middle.x() - (size.width() + FRAME_WIDTH) // 2
        y = middle.y() - (size.height() + FRAME_HEIGHT) // 2
    x = min(x, area.x() + area.width() - size.width() - FRAME_WIDTH)
    y = min(y, area.y() + area.height() - size.height() - FRAME_HEIGHT)
    x, y = max(x, area.x()), max(y, area.y())
    if (x, y) != (window.x(), window.y()):
        window.move(x, y)


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in a frameless scroll area that scrolls only when the window is too small."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area
