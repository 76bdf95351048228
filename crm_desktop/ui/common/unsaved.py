"""The one unsaved-changes mechanism every editable card, dialog and page uses.

A form creates one `UnsavedChanges` for itself and tells it when the user edits something (by
`watch()`-ing its editors or signals, or by calling `refresh()` / `set_dirty()`). The tracker then

- shows a `*` after the window title, for a page after the main window's title while any
  page is unsaved (the title the window sets itself is kept and marked again);
- enables the Save buttons it was given only while there is something to save;
- binds Ctrl+S (QKeySequence.Save) to Save inside the form;
- asks "Save changes to …?" with Save / Discard / Cancel (through `ui.messages.ask_save`, so tests
  answer it) before the changes are dropped: on the window's close (✕, `close()`, a Close button
  connected to `close`), on Esc in a dialog, and when the main window switches page or quits
  (`confirm_within()` / `confirm_all()`).

Adopting it in a card (a QDialog or a top-level QWidget)::

    self.unsaved = UnsavedChanges(
        self, save=self.save, discard=self.load, name=lambda: self.windowTitle(),
        is_dirty=lambda: bool(self.changes()), save_buttons=[self.save_button],
    )
    self.unsaved.watch(*self.editors.values())   # or: form.edited.connect(...refresh)
    # after load() and after a successful save():  self.unsaved.refresh()
    # Close button:  close_button.clicked.connect(self.close)   (not self.reject)

`save` returns True when saved (False keeps the window open: the error is on the form);
`discard` shows the stored values again (or is omitted when closing is enough). Without
`is_dirty` the tracker keeps a flag: a watched edit sets it, `mark_clean()` clears it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTextEdit,
    QWidget,
)

from crm_desktop.ui import messages

OBJECT_NAME = "unsaved_changes"
_TITLE_FILTER = "_unsaved_title_keeper"
MARK = "*"  # after the title of a window with unsaved changes


class _TitleKeeper(QObject):
    """Puts a `*` after a window's title while a form in it is unsaved, and again after every
    title the window sets itself (the window's own title stays its own: `windowTitle()` of a
    clean window is exactly what it set)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName(_TITLE_FILTER)
        self.window = window
        self.base = window.windowTitle()
        self.modified = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window and event.type() == QEvent.Type.WindowTitleChange:
            title = self.window.windowTitle()
            if title != self._decorated():
                self.base = title
                self._apply()
        return False

    def _decorated(self) -> str:
        return self.base + MARK if self.modified else self.base

    def update(self) -> None:
        """Show the mark when any form of the window is unsaved."""
        self.modified = any(t.dirty for t in trackers_in(self.window))
        self._apply()

    def _apply(self) -> None:
        wanted = self._decorated()
        if self.window.windowTitle() != wanted:
            self.window.setWindowTitle(wanted)


def _keeper(window: QWidget) -> _TitleKeeper:
    keeper = window.findChild(
        _TitleKeeper, _TITLE_FILTER, Qt.FindChildOption.FindDirectChildrenOnly
    )
    return keeper if isinstance(keeper, _TitleKeeper) else _TitleKeeper(window)


def trackers_in(widget: QWidget) -> list[UnsavedChanges]:
    """Every tracker of `widget` and of the forms inside it (not of separate windows in it)."""
    found = widget.findChildren(UnsavedChanges)
    return [t for t in found if t.owner is widget or t.owner.window() is widget.window()]


def tracker_of(widget: QWidget) -> UnsavedChanges | None:
    """The tracker a form registered for itself, or None when it has none."""
    for tracker in widget.findChildren(
        UnsavedChanges, options=Qt.FindChildOption.FindDirectChildrenOnly
    ):
        if tracker.owner is widget:
            return tracker
    return None


def confirm_within(widget: QWidget) -> bool:
    """Ask about every unsaved form in `widget` (a page about to be left); False on Cancel."""
    return all(t.confirm() for t in trackers_in(widget) if t.dirty)


def confirm_all() -> bool:
    """Ask about every unsaved form in every open window (the app is quitting); False as soon
    as the user cancels one question, and then nothing more is asked."""
    seen: set[int] = set()
    for top in QApplication.topLevelWidgets():
        for tracker in [*top.findChildren(UnsavedChanges)]:
            if id(tracker) in seen:
                continue
            seen.add(id(tracker))
            if tracker.dirty and not tracker.confirm():
                return False
    return True


class UnsavedChanges(QObject):
    """Unsaved changes of one form (`owner`): title `*`, Save enabled, the question before they
    are dropped. See the module docstring for how a form adopts it."""

    dirty_changed = Signal(bool)

    def __init__(
        self,
        owner: QWidget,
        *,
        save: Callable[[], bool],
        name: Callable[[], str] | str,
        discard: Callable[[], Any] | None = None,
        is_dirty: Callable[[], bool] | None = None,
        save_buttons: Iterable[QAbstractButton] = (),
        save_shortcut: bool = True,
    ) -> None:
        super().__init__(owner)
        self.setObjectName(OBJECT_NAME)
        self.owner = owner
        self._save = save
        self._discard = discard
        self._name = name
        self._is_dirty = is_dirty
        self._flag = False
        self._dirty = False
        self.save_buttons = list(save_buttons)
        owner.installEventFilter(self)
        # The callbacks refer to the owner; drop them when it goes so no cycle keeps its
        # Python side alive after Qt deleted it.
        me = weakref.ref(self)
        self.destroyed.connect(lambda *_a: _release(me))
        self.shortcut: QShortcut | None = None
        if save_shortcut:
            # Kept as an attribute: PySide does not hand this overload's object to its parent.
            # Window-wide: a page's shortcut works only while the page shows (one form per window).
            self.shortcut = QShortcut(QKeySequence.StandardKey.Save, owner)
            self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            self.shortcut.activated.connect(self.save)
        self._apply()

    # ---- state

    @property
    def dirty(self) -> bool:
        """True while the form shows changes that are not saved."""
        return self._dirty

    def name(self) -> str:
        """What the question calls the form ("Contact Card – CT000001")."""
        text = self._name() if callable(self._name) else self._name
        window = self.owner.window()
        if text == window.windowTitle() and text.endswith(MARK):
            text = text[: -len(MARK)]
        return text.strip()

    def refresh(self) -> None:
        """Recompute the state (from `is_dirty` when given, else from the edit flag)."""
        self._apply()

    def set_dirty(self, dirty: bool = True) -> None:
        """Say the form has (or no longer has) unsaved changes."""
        self._flag = dirty
        self._apply()

    def mark_clean(self) -> None:
        """The form shows what is stored (after loading or saving)."""
        self.set_dirty(False)

    def _apply(self) -> None:
        dirty = bool(self._is_dirty()) if self._is_dirty is not None else self._flag
        changed = dirty != self._dirty
        self._dirty = dirty
        for button in self.save_buttons:
            button.setEnabled(dirty)
        self._show_in_title()
        if changed:
            self.dirty_changed.emit(dirty)

    def _show_in_title(self) -> None:
        # The window's title (a card's own, or the main window's for a page) shows the mark.
        _keeper(self.owner.window()).update()

    # ---- watching edits

    def watch(self, *sources: QWidget | SignalInstance | Any) -> None:
        """Recompute the state whenever one of `sources` is edited by the user: an editor widget
        (line edit, text edit, check box, combo, spin/date box) or any signal. Other objects with
        an `edited` signal (the app's field editors and forms) are watched through it."""
        for source in sources:
            signal = _edit_signal(source)
            if signal is None:
                raise TypeError(f"cannot watch {source!r} for edits")
            signal.connect(self._edited)

    def _edited(self, *_args: Any) -> None:
        self._flag = True
        self._apply()

    # ---- actions

    def save(self) -> bool:
        """Save through the form; True when saved (or nothing to save)."""
        if self._is_dirty is None and not self._flag and not self._dirty:
            return True
        if not self._save():
            return False
        if self._is_dirty is None:
            self._flag = False
        self._apply()
        return True

    def discard(self) -> None:
        """Drop the changes: the form shows the stored values again."""
        if self._discard is not None:
            self._discard()
        self._flag = False
        self._apply()

    def confirm(self) -> bool:
        """Before the changes would be dropped: ask Save / Discard / Cancel. True when the caller
        may go on (nothing unsaved, saved, or discarded), False on Cancel or a refused save."""
        self._apply()
        if not self._dirty:
            return True
        window = self.owner.window()
        if window.isVisible():
            window.raise_()
            window.activateWindow()
        answer = messages.ask_save(
            self.owner,
            QCoreApplication.translate("unsaved", "Unsaved changes"),
            QCoreApplication.translate("unsaved", "Save changes to {name}?").format(
                name=self.name()
            ),
        )
        if answer == messages.SAVE:
            return self.save()
        if answer == messages.DISCARD:
            self.discard()
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Ask before the owner's window closes or a dialog's Esc drops the changes."""
        if watched is not self.owner:
            return False
        kind = event.type()
        if kind == QEvent.Type.Close and self.owner.isWindow():
            if not self.confirm():
                event.ignore()
                return True
        elif (
            kind == QEvent.Type.KeyPress
            and isinstance(self.owner, QDialog)
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and not self.confirm()
        ):
            return True
        return False


def _release(ref: weakref.ref[UnsavedChanges]) -> None:
    tracker = ref()
    if tracker is not None:
        tracker._save = lambda: False
        tracker._discard = None
        tracker._name = ""
        tracker._is_dirty = None
        tracker._flag = tracker._dirty = False
        tracker.save_buttons = []
        tracker.__dict__.pop("owner", None)


def _edit_signal(source: Any) -> SignalInstance | None:
    """The signal that means "the user edited this"."""
    if isinstance(source, SignalInstance):
        return source
    if isinstance(source, QLineEdit):
        return source.textEdited
    if isinstance(source, QTextEdit | QPlainTextEdit):
        return source.textChanged
    if isinstance(source, QCheckBox | QRadioButton):
        return source.toggled
    if isinstance(source, QComboBox):
        return source.currentIndexChanged if not source.isEditable() else source.currentTextChanged
    if isinstance(source, QDateEdit):
        return source.dateChanged
    if isinstance(source, QAbstractSpinBox):
        signal = getattr(source, "valueChanged", None)
        return signal if isinstance(signal, SignalInstance) else None
    signal = getattr(source, "edited", None)
    return signal if isinstance(signal, SignalInstance) else None
