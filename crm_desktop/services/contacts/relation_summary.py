"""The business relation summary a contact shows (§5.1): None, one code, or Multiple.

It lives with contacts, below sync, because every contact save recomputes it; the sync package
(which owns the relations themselves) imports it from here.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain.sync import KINDS, SETUP_CODE_FIELD, Kind, Relation, summarize
from crm_desktop.storage import models as m


def setup_codes_in(s: Session) -> dict[Kind, str]:
    """The four Marketing Setup relation codes per kind ('' when blank = sync off)."""
    setup = s.get(m.MarketingSetup, 1)
    return {k: (getattr(setup, SETUP_CODE_FIELD[k]) or "") if setup else "" for k in KINDS}


def _relations_for_summary(s: Session, contact: m.Contact) -> list[Relation]:
    nos = [contact.no]
    if contact.type == "person" and contact.company_no and contact.company_no != contact.no:
        nos.append(contact.company_no)
    rows = s.scalars(
        select(m.ContactBusinessRelation).where(m.ContactBusinessRelation.contact_no.in_(nos))
    )
    return [Relation(r.business_relation_code, r.link_to_table, r.no) for r in rows]


def summary_in(s: Session, contact: m.Contact) -> str:
    """The business relation summary the contact should show (§5.1)."""
    return summarize(_relations_for_summary(s, contact), setup_codes_in(s).values())


def recompute_summary_in(s: Session, contact_no: str) -> None:
    """Recompute the cached summary of the contact and, for a company, of all its persons.

    The contacts service calls this when a person's company changes."""
    contact = s.get(m.Contact, contact_no)
    if contact is None:
        return
    contact.contact_business_relation = summary_in(s, contact)
    if contact.type == "company":
        persons = s.scalars(
            select(m.Contact).where(m.Contact.company_no == contact.no, m.Contact.no != contact.no)
        )
        for person in persons:
            person.contact_business_relation = summary_in(s, person)
    s.flush()
