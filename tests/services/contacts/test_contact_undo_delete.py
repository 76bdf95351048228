"""Delete and Undo: a company goes with its persons and relations, and comes back as it was."""

from __future__ import annotations

import pytest

from crm_desktop.domain.errors import ConflictError, ReferencedError
from crm_desktop.services import contacts
from crm_desktop.services.app import AppContext
from crm_desktop.services.contacts import listing
from crm_desktop.services.contacts.listing import ContactFilter
from crm_desktop.storage import models as m


def _company_with_people(ctx: AppContext) -> tuple[str, list[str]]:
    company = contacts.create_contact(
        ctx, {"type": "company", "name": "Müller Bouw B.V.", "city": "Utrecht"}
    ).contact.no
    persons = [
        contacts.create_contact(
            ctx, {"type": "person", "name": n, "company_no": company}
        ).contact.no
        for n in ("Jan de Vries", "Piet Jansen")
    ]
    with ctx.db.uow() as s:
        s.add(m.BusinessRelation(code="LAW", description="Lawyer"))
        s.flush()
        s.add(m.ContactBusinessRelation(contact_no=company, business_relation_code="LAW"))
    return company, persons


def _state(ctx: AppContext) -> tuple[list[tuple[str, str, str | None]], list[tuple[str, str]]]:
    with ctx.db.read() as s:
        people = [(c.no, c.name, c.company_no) for c in s.query(m.Contact).order_by(m.Contact.no)]
        rels = [
            (r.contact_no, r.business_relation_code)
            for r in s.query(m.ContactBusinessRelation).order_by(
                m.ContactBusinessRelation.contact_no
            )
        ]
    return people, rels


def test_undo_brings_a_company_back_with_its_persons_and_relations(ctx: AppContext) -> None:
    company, persons = _company_with_people(ctx)
    before = _state(ctx)
    with pytest.raises(ReferencedError):
        contacts.delete_contacts(ctx, [company])  # persons need consent
    assert _state(ctx) == before
    deleted = contacts.delete_contacts(ctx, [company], including_persons=True)
    assert deleted.deleted == 3
    assert _state(ctx) == ([], [])
    assert listing.count(ctx, ContactFilter(text="vries")) == 0
    back = contacts.undo_delete(ctx, deleted)
    assert sorted(back) == sorted([company, *persons])
    assert _state(ctx) == before
    assert listing.count(ctx, ContactFilter(text="vries")) == 1  # search index follows


def test_undo_of_a_person_puts_its_history_back(ctx: AppContext) -> None:
    company, persons = _company_with_people(ctx)
    before = _state(ctx)
    deleted = contacts.delete_contacts(ctx, [persons[0]])
    assert deleted.deleted == 1 and deleted.names == ("Jan de Vries",)
    contacts.undo_delete(ctx, deleted)
    assert _state(ctx) == before


def test_undo_refuses_when_the_number_is_taken_again(ctx: AppContext) -> None:
    company, persons = _company_with_people(ctx)
    deleted = contacts.delete_contacts(ctx, [persons[1]])
    with ctx.db.uow() as s:
        s.add(m.Contact(no=persons[1], type="person", name="Someone Else", search_name="X"))
    with pytest.raises(ConflictError) as err:
        contacts.undo_delete(ctx, deleted)
    assert persons[1] in str(err.value)
