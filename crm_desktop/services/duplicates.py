"""Duplicate contacts (issue 7 fills this)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm_desktop.storage import models as m


def maintain_in(s: Session, contact: m.Contact, changed: frozenset[str], is_new: bool) -> list[str]:
    """Keep a saved contact's duplicate search strings current and return the duplicate
    contact numbers found for it (not kept separate). Called by the contacts service inside its
    transaction after every insert or update of a contact."""
    del s, contact, changed, is_new
    return []
