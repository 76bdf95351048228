"""Deleting contacts so that Edit > Undo can take it back while the app runs.

`delete_contacts` deletes the selection in one transaction, after capturing every row the
delete removes or changes (a company's persons, their business relations, duplicate pairs,
history moved to the company ...; see storage/undo.py). `undo_delete` writes those rows back
in one transaction, so the company returns with its persons and relations as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from crm_desktop.domain.contacts import COMPANY
from crm_desktop.domain.errors import ConflictError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.contacts import rules as extra
from crm_desktop.services.contacts.queries import get_in
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.storage import models as m
from crm_desktop.storage import undo

NUMBER_TAKEN = QT_TRANSLATE_NOOP(
    "errors", "Contact {no} cannot come back: a contact with that number exists again."
)


@dataclass(frozen=True)
class DeletedContacts:
    """What one delete removed: the contacts asked for (`nos`), every contact that went
    (`deleted`, persons included) and the rows to write back on undo."""

    nos: tuple[str, ...]
    names: tuple[str, ...]
    deleted: int
    snapshot: undo.Snapshot


def delete_contacts(
    ctx: AppContext, nos: list[str], *, including_persons: bool = False
) -> DeletedContacts:
    """Delete contacts `nos` (a company's persons too when `including_persons`) in one
    transaction; the result can be given to `undo_delete`. Raises NotFoundError or
    ReferencedError (then nothing is deleted)."""
    with ctx.db.uow() as s:
        contacts = [get_in(s, no) for no in nos]
        names = tuple(c.name for c in contacts)
        every = set(nos)
        for c in contacts:
            if c.type == COMPANY:
                every.update(s.scalars(select(m.Contact.no).where(m.Contact.company_no == c.no)))
        snapshot = undo.capture(s, "contact", "no", sorted(every))
        deleted = 0
        for c in contacts:
            if s.get(m.Contact, c.no) is None:
                continue  # a person of a company deleted just before
            deleted += extra.delete_in(s, get_in(s, c.no), including_persons=including_persons)
        return DeletedContacts(tuple(nos), names, deleted, snapshot)


def undo_delete(ctx: AppContext, deleted: DeletedContacts) -> list[str]:
    """Bring back what `deleted` removed, as it was; the numbers of the contacts back.
    Raises ConflictError when one of the numbers is in use again (nothing is written)."""
    with ctx.db.uow() as s:
        rows = [r for name, rs in deleted.snapshot.tables if name == "contact" for r in rs]
        for row in rows:
            if s.get(m.Contact, row["no"]) is not None:
                raise ConflictError(NUMBER_TAKEN, field="no", no=row["no"])
        undo.restore(s, deleted.snapshot)
        return [str(r["no"]) for r in rows]
