"""What contacts announce to the capabilities above them: a contact saved, contacts deleted.

Sync sits above contacts (it creates and updates contacts), so contacts cannot call sync; it
calls the listeners registered here instead. `crm_desktop.services.app.open_app` registers sync's
listeners explicitly, once per process: importing a module registers nothing.
Listeners run inside the saving transaction, in the order they were registered.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from crm_desktop.storage import models as m

# (session, contact, changed field names, origin kind or None)
SavedListener = Callable[[Session, m.Contact, frozenset[str], str | None], None]
# (session, numbers of the contacts about to be deleted)
DeletedListener = Callable[[Session, list[str]], None]

_saved: list[SavedListener] = []
_deleted: list[DeletedListener] = []


def listen(*, saved: SavedListener | None = None, deleted: DeletedListener | None = None) -> None:
    """Register listeners; registering the same function twice keeps one."""
    if saved is not None and saved not in _saved:
        _saved.append(saved)
    if deleted is not None and deleted not in _deleted:
        _deleted.append(deleted)


def contact_saved(
    s: Session, contact: m.Contact, changed: frozenset[str], origin: str | None
) -> None:
    """Tell the listeners a contact was inserted or updated (inside the caller's transaction)."""
    for listener in _saved:
        listener(s, contact, changed, origin)


def contacts_deleted(s: Session, contact_nos: list[str]) -> None:
    """Tell the listeners these contacts are about to be deleted."""
    for listener in _deleted:
        listener(s, contact_nos)
