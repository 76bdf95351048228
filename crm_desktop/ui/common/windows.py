"""Cards are non-modal windows that can be open side by side; opening a card that is already
open brings it forward instead of opening it twice. One registry for every kind of card."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

W = TypeVar("W", bound=QWidget)
_open: dict[Hashable, QWidget] = {}


def bring_forward(window: QWidget) -> None:
    """Show a window, raise it above the others and give it the focus."""
    window.show()
    window.raise_()
    window.activateWindow()


def find_window(key: Hashable) -> QWidget | None:
    """The open window registered under `key`, or None."""
    window = _open.get(key)
    if window is None or not isValid(window) or not window.isVisible():
        _open.pop(key, None)
        return None
    return window


def open_window(key: Hashable, factory: Callable[[], W]) -> W | QWidget:
    """The window for `key` brought forward when open, else made by `factory`, shown non-modal
    and registered (a new record's card registers under a key of its own)."""
    window = find_window(key)
    if window is not None:
        bring_forward(window)
        return window
    made = factory()
    made.setWindowModality(Qt.WindowModality.NonModal)
    register(key, made)
    bring_forward(made)
    return made


def register(key: Hashable, window: QWidget) -> None:
    """Remember `window` as the open window for `key` (after a new record got its number)."""
    for old, w in list(_open.items()):
        if w is window:
            del _open[old]
    _open[key] = window
    window.destroyed.connect(lambda *_a, k=key: _open.pop(k, None))
