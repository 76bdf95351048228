"""One signal hub: services say what they changed, every open page refreshes what it shows."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    """Application-wide signals. `data_changed` carries the kinds of record that changed
    (e.g. {"contact"}, {"salesperson"}, {"marketing_setup"}) and the record keys, if known."""

    data_changed = Signal(object, object)  # kinds: set[str], keys: set[str] | None
    status_message = Signal(str)
    # A page asks for a contact card to be opened (the contacts UI connects it).
    open_contact_requested = Signal(str)

    def changed(self, *kinds: str, keys: set[str] | None = None) -> None:
        """Announce that records of these kinds changed."""
        self.data_changed.emit(set(kinds), keys)


_hub: Hub | None = None


def hub() -> Hub:
    """The application's hub (created on first use)."""
    global _hub
    if _hub is None:
        _hub = Hub()
    return _hub
