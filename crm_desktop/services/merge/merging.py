"""Merge two contacts in one transaction, recording everything it changed (issue 17).

`merge_in` runs inside the caller's session (the import merges as part of its own transaction);
`merge_contacts` is the user action. Order of work, all before the commit:

1. checks that write nothing: both exist, same type, every table that refers to contacts has a
   rule (registry.RULES), business relation clashes decided, no unique-key collision a rule
   cannot unite, nothing a rule refuses;
2. the change capture starts (storage/change_capture.py: every row changed from here on, in
   any table, is recorded with its before-image and rowid);
3. the gone contact's business relations move or unite; the survivor takes the chosen values
   (through the contacts service, so its persons follow, its duplicates and linked records are
   kept current); its linked records get its values;
4. each referring table's rule runs (persons of a company that goes, primary contacts of
   customers and vendors, duplicate pairs and search strings, every other table);
5. nothing may still refer to the contact that goes; it is deleted; the business relation
   summaries are recomputed;
6. the capture's rows are written to contact_merge_row under a new contact_merge record.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from crm_desktop.domain import merge as rules
from crm_desktop.domain.errors import (
    DOES_NOT_EXIST,
    ConflictError,
    NotFoundError,
    ValidationError,
)
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.merge import Clash, RelationLink, RelationPlan
from crm_desktop.domain.sync import Kind, Relation, summarize
from crm_desktop.services.contacts import edit, queries
from crm_desktop.services.contacts.relation_summary import recompute_summary_in, setup_codes_in
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.merge.job import MergeJob
from crm_desktop.services.merge.registry import RULES
from crm_desktop.services.merge.rules import NO_RULE, Moved, count_referring
from crm_desktop.services.setup import work_date
from crm_desktop.services.sync import push as sync
from crm_desktop.storage import models as m
from crm_desktop.storage.change_capture import ChangeCapture, encode_image
from crm_desktop.storage.contact_refs import ContactReference, contact_references

CONTACT_CAPTION = QT_TRANSLATE_NOOP("merge", "Contact")
STILL_REFERRED = QT_TRANSLATE_NOOP(
    "errors",
    "Contact {gone_no} is still used in {table} after the merge's rules ran; nothing was merged.",
)
KEEP_ONE_OF = QT_TRANSLATE_NOOP("errors", "The contact to keep must be {a} or {b}, not {keep}.")
HISTORY_TABLES = frozenset({"contact_merge", "contact_merge_row", "alembic_version"})


class MergeClash(ConflictError):
    """Both contacts are linked to different records of one kind; the user must choose to keep
    the survivor's link (the other record loses its contact) or cancel. Nothing was written."""

    @property
    def kind(self) -> str:
        """The kind of link that clashes (customer, vendor, bank_account, employee)."""
        return str(self.params.get("kind", ""))


@dataclass(frozen=True)
class TableMoved:
    """What the merge did in one table."""

    table: str
    moved: int
    united: int


@dataclass(frozen=True)
class MergeDone:
    """A finished merge: its number, who survived, who went, what moved."""

    merge_no: int
    survivor_no: str
    survivor_name: str
    gone_no: str
    gone_name: str
    records_moved: int
    tables: tuple[TableMoved, ...]
    contacts_changed: tuple[str, ...]


def _get(s: Session, no: str, field_name: str) -> m.Contact:
    code = (no or "").strip().upper()
    contact = s.get(m.Contact, code) if code else None
    if contact is None:
        raise NotFoundError(DOES_NOT_EXIST, field=field_name, table=CONTACT_CAPTION, code=code)
    return contact


def _links(s: Session, no: str) -> list[RelationLink]:
    t = m.ContactBusinessRelation
    rows = s.scalars(select(t).where(t.contact_no == no).order_by(t.business_relation_code))
    return [RelationLink(r.business_relation_code, r.link_to_table, r.no) for r in rows]


def plan_relations_in(
    s: Session, survivor_no: str, gone_no: str, drop_links: Iterable[Kind] = ()
) -> RelationPlan:
    """How the two contacts' business relations unite, and what clashes."""
    return rules.plan_relations(_links(s, survivor_no), _links(s, gone_no), drop_links)


def references_in(s: Session) -> list[ContactReference]:
    """Every table that refers to contacts, with its rule checked to exist (ConflictError
    naming the first table without one)."""
    refs = contact_references(s.connection())
    for ref in refs:
        if ref.table not in RULES:
            raise ConflictError(NO_RULE, field="no", table=ref.table)
    return sorted(refs, key=lambda r: (RULES[r.table].order, r.table))


def _still_referring(s: Session, refs: list[ContactReference], gone_no: str) -> str | None:
    for ref in refs:
        if count_referring(s, ref, gone_no):
            return ref.table
    return None


def merge_in(
    s: Session,
    survivor_no: str,
    gone_no: str,
    *,
    take_other: Iterable[str] | None = None,
    prefer_other: Iterable[str] = (),
    drop_links: Iterable[str] = (),
    on: dt.date | None = None,
) -> MergeDone:
    """Merge contact `gone_no` into `survivor_no` inside the caller's transaction.

    `take_other` lists the fields whose value comes from the contact that goes (None: the
    blanks of the survivor, BC's default); `prefer_other` adds fields to that. `drop_links`
    names the kinds (customer, vendor, bank_account, employee) for which the survivor's link
    is kept when both are linked to different records. Raises NotFoundError, ValidationError
    (same contact, a company and a person, unknown field), MergeClash or ConflictError (a
    table that cannot be merged, named); the caller's transaction is then left as it was.
    """
    on = on or dt.date.today()
    survivor = _get(s, survivor_no, "no")
    gone = _get(s, gone_no, "other_no")
    survivor_values = queries.values_of(survivor)
    gone_values = queries.values_of(gone)
    rules.check_pair(survivor_values, gone_values)
    kinds = [rules.check_kind(k) for k in drop_links]
    chosen = set(
        rules.default_take_other(survivor_values, gone_values)
        if take_other is None
        else rules.check_fields(take_other, survivor.type)
    )
    chosen |= rules.check_fields(prefer_other, survivor.type)
    plan = plan_relations_in(s, survivor.no, gone.no, kinds)
    if plan.clashes:
        err = plan.clash_error(survivor.no, gone.no)
        raise MergeClash(err.template, field=err.field, **err.params)
    job = MergeJob(s, survivor, gone, gone_values, plan)
    refs = references_in(s)
    for ref in refs:
        RULES[ref.table].check(job, ref)
    s.flush()
    capture = ChangeCapture(s.connection(), exclude=HISTORY_TABLES)
    capture.start()
    try:
        done = _merge(job, refs, rules.taken_values(survivor_values, gone_values, chosen), on)
        changes = capture.finish()
    except BaseException:
        capture.stop()
        raise
    record = m.ContactMerge(
        merged_at=sync.now(),
        survivor_no=survivor.no,
        survivor_name=survivor.name,
        gone_no=gone_values["no"],
        gone_name=gone_values["name"],
        contact_type=survivor.type,
        records_moved=sum(t.moved + t.united for t in done),
        summary=json.dumps({t.table: {"moved": t.moved, "united": t.united} for t in done}),
    )
    s.add(record)
    s.flush()
    if changes:
        s.execute(
            insert(m.ContactMergeRow),
            [
                {
                    "merge_no": record.no,
                    "seq": i,
                    "table_name": c.table,
                    "row_id": c.rowid,
                    "before_image": encode_image(c.before),
                    "after_image": encode_image(c.after),
                }
                for i, c in enumerate(changes)
            ],
        )
    return MergeDone(
        record.no,
        survivor.no,
        survivor.name,
        record.gone_no,
        record.gone_name,
        record.records_moved,
        done,
        tuple(sorted(job.contacts_changed | {survivor.no, record.gone_no})),
    )


def _merge(
    job: MergeJob, refs: list[ContactReference], changes: dict[str, Any], on: dt.date
) -> tuple[TableMoved, ...]:
    s = job.s
    by_table: dict[str, Moved] = {}
    relation_ref = next((r for r in refs if r.table == "contact_business_relation"), None)
    if relation_ref is not None:
        # First, so the survivor's save below pushes its values to the records it now has.
        by_table[relation_ref.table] = RULES[relation_ref.table].apply(job, relation_ref)
    if changes:
        persons = edit.update_in(s, job.survivor, changes, on=on)
        job.contacts_changed.update(persons)
    sync.push_contact_in(s, job.survivor, frozenset(queries.COLUMNS) - {"no"}, None)
    for ref in refs:
        if ref is relation_ref:
            continue
        moved = RULES[ref.table].apply(job, ref)
        by_table.setdefault(ref.table, Moved()).add(moved)
    s.flush()
    left = _still_referring(s, refs, job.gone_no)
    if left is not None:
        raise ConflictError(STILL_REFERRED, field="no", gone_no=job.gone_no, table=left)
    s.execute(update(m.Contact).where(m.Contact.no == job.gone_no).values(company_no=None))
    s.delete(job.gone)
    s.flush()
    _recompute_summaries(s, job.survivor)
    s.flush()
    return tuple(
        TableMoved(t, mv.moved, mv.united)
        for t, mv in sorted(by_table.items())
        if mv.moved or mv.united
    )


def _recompute_summaries(s: Session, survivor: m.Contact) -> None:
    """The business relation summary of the survivor and, for a company, of its persons (each
    from its own relations and the company's): three queries however many persons there are."""
    if survivor.type != "company":
        recompute_summary_in(s, survivor.no)
        return
    with s.no_autoflush:
        codes = setup_codes_in(s).values()
        t = m.ContactBusinessRelation
        persons = list(
            s.scalars(
                select(m.Contact).where(
                    m.Contact.company_no == survivor.no, m.Contact.no != survivor.no
                )
            )
        )
        own: dict[str, list[Relation]] = {}
        nos = [survivor.no, *(p.no for p in persons)]
        for i in range(0, len(nos), 500):
            for r in s.scalars(select(t).where(t.contact_no.in_(nos[i : i + 500]))):
                own.setdefault(r.contact_no, []).append(
                    Relation(r.business_relation_code, r.link_to_table, r.no)
                )
        company = own.get(survivor.no, [])
        survivor.contact_business_relation = summarize(company, codes)
        for person in persons:
            wanted = summarize([*own.get(person.no, []), *company], codes)
            if person.contact_business_relation != wanted:
                person.contact_business_relation = wanted


def merge_contacts(
    ctx: AppContext,
    current_no: str,
    other_no: str,
    *,
    keep: str | None = None,
    take_other: Iterable[str] | None = None,
    prefer_other: Iterable[str] = (),
    drop_links: Iterable[str] = (),
) -> MergeDone:
    """Merge two contacts as one user action (one transaction): `other_no` goes into
    `current_no`, or the other way round when `keep` names `other_no`. See `merge_in` for the
    choices and the errors; nothing is written when it raises."""
    survivor, gone = current_no, other_no
    if keep is not None:
        wanted = keep.strip().upper()
        if wanted not in (current_no.strip().upper(), other_no.strip().upper()):
            raise ValidationError(KEEP_ONE_OF, field="keep", keep=keep, a=current_no, b=other_no)
        if wanted == other_no.strip().upper():
            survivor, gone = other_no, current_no
    on = work_date(ctx)
    with ctx.db.uow() as s:
        return merge_in(
            s,
            survivor,
            gone,
            take_other=take_other,
            prefer_other=prefer_other,
            drop_links=drop_links,
            on=on,
        )


__all__ = ["Clash", "MergeClash", "MergeDone", "MergeJob", "TableMoved", "merge_contacts"]
