"""Edit > Undo for the session: actions that can be taken back, newest last, until the app closes.

A page that does something undoable (a delete) pushes `(caption, undo)`; Edit > Undo (Ctrl+Z)
runs the newest `undo` and drops it. `undo` returns nothing or raises a CrmError, which the main
window shows (the entry stays, so the user can try again after fixing the cause).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal


class UndoStack(QObject):
    """The session's undoable actions; `changed` fires when one is added or taken back."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[tuple[str, Callable[[], None]]] = []

    def push(self, caption: str, undo: Callable[[], None]) -> None:
        """Remember an action that `undo` takes back; `caption` names it ("Delete Müller")."""
        self._entries.append((caption, undo))
        self.changed.emit()

    @property
    def caption(self) -> str:
        """The caption of the newest action, or '' when there is nothing to undo."""
        return self._entries[-1][0] if self._entries else ""

    def undo(self) -> bool:
        """Take the newest action back; False when there was none. A CrmError from the undo
        propagates and the entry stays."""
        if not self._entries:
            return False
        _caption, undo = self._entries[-1]
        undo()
        self._entries.pop()
        self.changed.emit()
        return True

    def clear(self) -> None:
        """Forget everything (another data folder was opened)."""
        self._entries.clear()
        self.changed.emit()


_STACK: UndoStack | None = None


def undo_stack() -> UndoStack:
    """The one undo stack of the running app."""
    global _STACK
    if _STACK is None:
        _STACK = UndoStack()
    return _STACK
