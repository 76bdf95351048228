"""What a new contact card shows before its first save: the values the save will inherit from
the company ("from company") and take from Marketing Setup ("default"), from the service's
preview, which runs the save's own rules and writes nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer

from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.ui.contacts.card_fields import FieldEditor


class CardPreview(QObject):
    """Keeps a new card's previewed fields: which values the preview put where, and which
    fields the user typed (those are never previewed over). `baseline` is the card's loaded
    values: previewed values go there, so they do not count as unsaved edits."""

    def __init__(
        self,
        ctx: AppContext,
        editors: Mapping[str, FieldEditor],
        baseline: dict[str, Any],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editors = editors
        self._baseline = baseline
        self.shown: dict[str, Any] = {}
        self.typed: set[str] = set()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.run)

    def reset(self) -> None:
        """A card loaded anew: nothing previewed, nothing typed."""
        self.shown = {}
        self.typed = set()
        self.timer.stop()

    def run(self) -> None:
        """Ask the service what the save would fill, and show it in the fields not typed."""
        values = {
            name: editor.value()
            for name, editor in self.editors.items()
            if name not in self.shown and editor.value() not in ("", None, False)
        }
        values["type"] = self.editors["type"].value()
        result = contacts.preview_new_contact(self.ctx, values)
        baseline = self._baseline
        for name, value in list(self.shown.items()):
            if result.values.get(name) != value:
                self._drop(name, baseline)
        for name, value in result.values.items():
            editor = self.editors.get(name)
            if editor is None or name in self.typed:
                continue
            if name not in self.shown and editor.value() not in ("", None, False):
                continue
            editor.set_value(value)
            baseline[name] = value
            self.shown[name] = value
            editor.set_marker(True, "company" if name in result.from_company else "default")

    def _drop(self, name: str, baseline: dict[str, Any]) -> None:
        editor = self.editors[name]
        if name not in self.typed:
            editor.set_value("")
            baseline[name] = ""
        editor.set_marker(False)
        del self.shown[name]

    def edited(self, name: str) -> None:
        """The user typed in a field: it is theirs now; the preview follows shortly."""
        self.typed.add(name)
        if name in self.shown:
            self.editors[name].set_marker(False)
            del self.shown[name]
        self.timer.start()
