"""Contacts kept in step with customers, vendors, bank accounts, employees (issue 5 fills this)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm_desktop.storage import models as m


def push_contact_in(
    s: Session, contact: m.Contact, changed: frozenset[str], origin: str | None = None
) -> None:
    """After a contact save: update the customer/vendor/bank account/employee linked to it
    (BC spec §5.5). `origin` names the linked kind whose own change caused this save, so it is not
    written back (no ping-pong). Called by the contacts service inside its transaction."""
    del s, contact, changed, origin
