"""The merge rules of the tables that have rules of their own (see registry.py).

Each function runs inside the merge's transaction, after the survivor has its chosen values and
before the contact that goes is deleted, and returns how many rows it moved or united.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, delete, select, update

from crm_desktop.domain import contacts as contact_rules
from crm_desktop.domain.inheritance import InheritFlags, propagate_company_change
from crm_desktop.services.contacts import queries as contacts
from crm_desktop.services.contacts import rules as extra
from crm_desktop.services.duplicates import matching as ix
from crm_desktop.services.duplicates import saving as duplicates
from crm_desktop.services.merge.job import MergeJob
from crm_desktop.services.merge.rules import Moved
from crm_desktop.services.sync import push as sync
from crm_desktop.services.sync.relations import LINKED_MODELS
from crm_desktop.storage import models as m
from crm_desktop.storage.contact_refs import ContactReference

_P = cast(Table, m.ContactDuplicate.__table__)
_S = cast(Table, m.ContDuplicateSearchString.__table__)


def move_persons(job: MergeJob, ref: ContactReference) -> Moved:
    """Contact table: the persons of a company that goes move to the survivor. Each keeps its
    own values; where it followed the old company (same value, flag on) it takes the survivor's
    value (spec §2.4, comparing the gone company with the survivor as merged); its Company Name
    becomes the survivor's name. A person's history moves with it (the other tables' rules)."""
    del ref
    s = job.s
    persons = list(
        s.scalars(
            select(m.Contact)
            .where(m.Contact.company_no == job.gone_no, m.Contact.no != job.gone_no)
            .order_by(m.Contact.no)
        )
    )
    if not persons:
        return Moved()
    flags = InheritFlags.from_setup(extra.setup_values(extra.setup_row(s)))
    survivor = contacts.values_of(job.survivor)
    stamp = sync.now()
    for person in persons:
        values = contacts.values_of(person)
        changes = propagate_company_change(values, job.gone_values, survivor, flags)
        changes["company_no"] = job.survivor_no
        changes["company_name"] = survivor["name"]
        if "email" in changes:
            changes["search_email"] = contact_rules.search_email(changes["email"])
        changes["last_modified"] = stamp
        sync.write_values(person, changes)
        job.contacts_changed.add(person.no)
    s.flush()
    nos = [p.no for p in persons]
    duplicates.maintain_many_in(s, nos)
    linked = extra.with_linked_records(s, nos)
    for person in persons:
        if person.no in linked:
            sync.push_contact_in(s, person, frozenset(contacts.COLUMNS) - {"no"}, None)
    return Moved(moved=len(persons))


def unite_relations(job: MergeJob, ref: ContactReference) -> Moved:
    """Contact Business Relation: as planned before any write (domain.merge.plan_relations)."""
    del ref
    s = job.s
    plan = job.relation_plan
    t = m.ContactBusinessRelation
    done = Moved()
    for r in plan.survivor_drop:
        s.execute(
            delete(t).where(t.contact_no == job.survivor_no, t.business_relation_code == r.code)
        )
    for r in (*plan.unite, *plan.drop_links):
        s.execute(delete(t).where(t.contact_no == job.gone_no, t.business_relation_code == r.code))
        done.united += 1
    for r in plan.drop_links:
        # "Keep the survivor's link": the other record loses its contact.
        model = LINKED_MODELS[r.link_to_table]
        record: Any = s.get(model, r.no)
        if record is not None and hasattr(record, "primary_contact_no"):
            record.primary_contact_no = None
            record.contact = ""
    for r in plan.move:
        s.execute(
            update(t)
            .where(t.contact_no == job.gone_no, t.business_relation_code == r.code)
            .values(contact_no=job.survivor_no)
        )
        done.moved += 1
    s.flush()
    return done


def follow_primary_contact(job: MergeJob, ref: ContactReference) -> Moved:
    """Customers and vendors whose Primary Contact No. was the contact that goes: it becomes
    the survivor, and the Contact text (a person's name) follows."""
    model: Any = m.Customer if ref.table == "customer" else m.Vendor
    s = job.s
    moved = 0
    for record in s.scalars(select(model).where(model.primary_contact_no == job.gone_no)):
        record.primary_contact_no = job.survivor_no
        if job.survivor.type == "person":
            record.contact = job.survivor.name[:100]
        moved += 1
    s.flush()
    return Moved(moved=moved)


def move_pairs(job: MergeJob, ref: ContactReference) -> Moved:
    """Contact Duplicate: the pair of the two contacts goes; a pair of the contact that goes with
    a third contact kept separate stays kept separate, now with the survivor (and makes the
    survivor's own pair with it separate); its other pairs are found again, or not, by
    recomputing the survivor's duplicates (`rebuild_search_strings`)."""
    del ref
    s = job.s
    g, v = job.gone_no, job.survivor_no
    done = Moved()
    rows = s.execute(
        select(_P.c.contact_no, _P.c.duplicate_contact_no, _P.c.separate_contacts).where(
            (_P.c.contact_no == g) | (_P.c.duplicate_contact_no == g)
        )
    ).all()
    for a, b, separate in rows:
        other = b if a == g else a
        mine = (_P.c.contact_no == a) & (_P.c.duplicate_contact_no == b)
        if other == v or not separate:
            s.execute(delete(_P).where(mine))
            continue
        theirs = ((_P.c.contact_no == v) & (_P.c.duplicate_contact_no == other)) | (
            (_P.c.contact_no == other) & (_P.c.duplicate_contact_no == v)
        )
        if s.execute(select(_P.c.contact_no).where(theirs)).first() is not None:
            s.execute(update(_P).where(theirs).values(separate_contacts=True))
            s.execute(delete(_P).where(mine))
            done.united += 1
        else:
            new_a, new_b = (v, b) if a == g else (a, v)
            s.execute(update(_P).where(mine).values(contact_no=new_a, duplicate_contact_no=new_b))
            done.moved += 1
    return done


def rebuild_search_strings(job: MergeJob, ref: ContactReference) -> Moved:
    """Duplicate search strings: the gone contact's go; the survivor's are built again from its
    merged values and its pairs recomputed (kept-separate pairs stay)."""
    del ref
    s = job.s
    s.execute(delete(_S).where(_S.c.contact_company_no == job.gone_no))
    ix.forget(s, [job.survivor_no])
    duplicates.maintain_in(s, job.survivor, frozenset(contacts.COLUMNS), False)
    return Moved()
