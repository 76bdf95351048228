"""The lists of customers, vendors, bank accounts and employees, in blocks for the windowed list
model: a count per search, and `limit` rows from `offset` in the order asked for (sorted in
SQLite), each row with its linked contact and the name its Contact column shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from crm_desktop.domain.sync import Kind
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.sync.accounts import RecordRow, display_name
from crm_desktop.services.sync.push import RECORD_MODELS, plain_values
from crm_desktop.storage import models as m


@dataclass(frozen=True)
class RecordQuery:
    """What a list shows: the records of `kind` whose number, name, city or e-mail contains
    `search`, sorted by `sort` (a column of the list), descending when `descending`."""

    kind: Kind
    search: str = ""
    sort: str = "no"
    descending: bool = False


def _filtered(kind: Kind, search: str) -> Any:
    model = RECORD_MODELS[kind]
    cbr = m.ContactBusinessRelation
    link = (
        select(cbr.no.label("no"), cbr.contact_no.label("contact_no"))
        .where(cbr.link_to_table == kind)
        .subquery()
    )
    stmt = select(model, link.c.contact_no).outerjoin(link, link.c.no == model.no)
    text = search.strip()
    if text:
        pattern = f"%{text}%"
        name_col = model.last_name if kind == "employee" else model.name
        stmt = stmt.where(
            or_(
                model.no.like(pattern),
                name_col.like(pattern),
                model.city.like(pattern),
                model.email.like(pattern),
            )
        )
    return stmt, link


def _order(query: RecordQuery, link: Any) -> list[Any]:
    model = RECORD_MODELS[query.kind]
    if query.sort == "contact_no":
        keys = [func.coalesce(link.c.contact_no, "")]
    elif query.sort == "display_name":
        keys = [model.last_name, model.first_name]
    else:
        column = getattr(model, query.sort, None)
        keys = [column] if column is not None else []
    keys.append(model.no)  # ties in number order, so a block boundary never repeats a row
    return [k.desc() if query.descending else k for k in keys]


def count_records_matching(ctx: AppContext, query: RecordQuery) -> int:
    """How many records the query shows (one count query)."""
    stmt, _link = _filtered(query.kind, query.search)
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def fetch_records(ctx: AppContext, query: RecordQuery, offset: int, limit: int) -> list[RecordRow]:
    """`limit` records (all when below 0) from `offset` in the query's order, each with `contact_no` (its linked
    contact or '') and `display_name`; a blank Contact names the linked person."""
    stmt, link = _filtered(query.kind, query.search)
    with ctx.db.read() as s:
        ordered = stmt.order_by(*_order(query, link)).offset(offset)
        rows = s.execute(ordered.limit(limit) if limit >= 0 else ordered).all()
        nos = [record.no for record, _c in rows]
        has_contact = hasattr(RECORD_MODELS[query.kind], "contact")
        people = _people_of_links(s, query.kind, nos) if has_contact and nos else {}
        out = []
        for record, contact_no in rows:
            row = plain_values(record)
            row["contact_no"] = contact_no or ""
            row["display_name"] = display_name(query.kind, row)
            if has_contact and not row["contact"]:
                row["contact"] = people.get(record.no, "")
            out.append(row)
        return out


def list_records(ctx: AppContext, kind: Kind, search: str = "") -> list[RecordRow]:
    """Every record of a kind (filtered as `RecordQuery` says), by number."""
    query = RecordQuery(kind, search)
    return fetch_records(ctx, query, 0, -1)


def _people_of_links(s: Session, kind: Kind, nos: list[str]) -> dict[str, str]:
    """Who the Contact column names for each of these records: the linked contact itself when
    it is a person, else its company's first person by No. (one query for the block)."""
    cbr, person = m.ContactBusinessRelation, m.Contact
    people: dict[str, str] = {}
    for start in range(0, len(nos), 500):
        rows = s.execute(
            select(cbr.no, person.name)
            .join(
                person,
                or_(person.no == cbr.contact_no, person.company_no == cbr.contact_no),
            )
            .where(
                cbr.link_to_table == kind,
                cbr.no.in_(nos[start : start + 500]),
                person.type == "person",
            )
            .order_by(cbr.no, person.no != cbr.contact_no, person.no)
        ).all()
        for no, name in rows:
            people.setdefault(no, name)
    return people
