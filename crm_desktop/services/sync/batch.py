"""Create contacts from customers, vendors or bank accounts (BC reports "Create Conts. from
Customers/Vendors/Bank Accs.", spec §5.3): for every record without a contact, a company contact
and its relation; a record's Contact text becomes a person under it (scenarios 47, 48). New
contacts get their duplicate search strings like any new contact (the contacts service keeps
them); one transaction for the whole batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.sync import Kind
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.setup import work_date
from crm_desktop.services.sync import accounts
from crm_desktop.services.sync import relations as rel
from crm_desktop.services.sync.push import RECORD_MODELS
from crm_desktop.storage import models as m

# progress(done, total) -> False to stop (the whole batch is then rolled back)
Progress = Callable[[int, int], bool]

CANCELLED = QT_TRANSLATE_NOOP("sync", "Creating contacts was cancelled; nothing was saved.")


class BatchCancelled(Exception):
    """The user stopped the batch; nothing was saved."""


@dataclass(frozen=True)
class BatchResult:
    """What the batch did: records looked at, records that got a contact, contacts created."""

    examined: int
    linked: tuple[str, ...]
    contacts_created: tuple[str, ...]


def create_contacts_from(
    ctx: AppContext,
    kind: Kind,
    nos: list[str] | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Give every customer/vendor/bank account without a contact (only `nos` when given) its
    company contact and relation; a Contact text becomes a person contact and the record's
    primary contact. Raises ValidationError when the kind's business relation code is blank
    (scenarios 64, 66) and BatchCancelled when `progress` returns False."""
    on = work_date(ctx)
    model = RECORD_MODELS[kind]
    with ctx.db.uow() as s:
        rel.require_code_in(s, kind)
        linked_nos = set(
            s.scalars(
                select(m.ContactBusinessRelation.no).where(
                    m.ContactBusinessRelation.link_to_table == kind
                )
            )
        )
        stmt = select(model).order_by(model.no)
        if nos is not None:
            stmt = stmt.where(model.no.in_([n.strip().upper() for n in nos]))
        records = [r for r in s.scalars(stmt) if r.no not in linked_nos]
        linked: list[str] = []
        created: list[str] = []
        total = len(records)
        for done, record in enumerate(records, start=1):
            contact = accounts.create_contact_for_in(s, kind, record, on)
            created.append(contact.no)
            linked.append(record.no)
            if kind in ("customer", "vendor") and record.contact and contact.type == "company":
                person = accounts.create_person_from_contact_text_in(s, record, contact.no, on)
                created.append(person.no)
            elif kind in ("customer", "vendor") and contact.type == "company":
                record.primary_contact_no = contact.no  # scenario 48
            if progress is not None and not progress(done, total):
                raise BatchCancelled(CANCELLED)
        s.flush()
        return BatchResult(total, tuple(linked), tuple(created))
