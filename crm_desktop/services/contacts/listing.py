"""The contact list: count and fetch pages of contacts filtered, searched and sorted by SQLite.

Searching is done by the database (an FTS5 index, or an indexed prefix for one character), never
by filtering rows in Python, and each call reads only the page asked for, so the list stays
fluid at 100,000 contacts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, select

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.storage import contact_search
from crm_desktop.storage import models as m

UNKNOWN_SORT = QT_TRANSLATE_NOOP("errors", "The contact list cannot be sorted by {column}.")
UNKNOWN_TYPE = QT_TRANSLATE_NOOP("errors", "Type must be Company or Person, not {value}.")

# The list's columns, in display order; each can be sorted on.
COLUMNS: tuple[str, ...] = (
    "no",
    "name",
    "company_name",
    "type",
    "city",
    "phone_no",
    "email",
    "salesperson_code",
)

# Name sorts by Search Name (upper case, indexed) so "de Vries" sits among the Ds.
_SORT_KEYS: dict[str, Any] = {
    "no": m.Contact.no,
    "name": m.Contact.search_name,
    "company_name": m.Contact.company_name,
    "type": m.Contact.type,
    "city": m.Contact.city,
    "phone_no": m.Contact.phone_no,
    "email": m.Contact.email,
    "salesperson_code": m.Contact.salesperson_code,
}

_ROWID: ColumnElement[int] = literal_column("contact.rowid")


@dataclass(frozen=True)
class ContactListRow:
    """One line of the contact list (blank codes are '')."""

    no: str
    name: str
    company_name: str
    type: str
    city: str
    phone_no: str
    email: str
    salesperson_code: str


@dataclass(frozen=True)
class ContactFilter:
    """What the list shows: search text, type ('' for all, 'company', 'person'), salesperson,
    and optionally only the persons of one company."""

    text: str = ""
    type: str = ""
    salesperson_code: str = ""
    company_no: str = ""  # the persons of this company (the company itself excluded)


@dataclass(frozen=True)
class ContactSort:
    """The column the list is sorted by, ascending unless `descending`."""

    column: str = "name"
    descending: bool = False


def _conditions(flt: ContactFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    # The search box holds at most MAX_SEARCH_CHARS characters; the service says so too, so
    # no caller can tie up a core with a 100 KB search (issue 14 point 11).
    found = contact_search.search_condition(flt.text[: contact_search.MAX_SEARCH_CHARS])
    if found is not None:
        conds.append(found)
    if flt.type:
        kind = flt.type.strip().lower()
        if kind not in ("company", "person"):
            raise ValidationError(UNKNOWN_TYPE, field="type", value=flt.type)
        conds.append(m.Contact.type == kind)
    if flt.salesperson_code.strip():
        conds.append(m.Contact.salesperson_code == flt.salesperson_code.strip().upper())
    if flt.company_no.strip():
        company = flt.company_no.strip().upper()
        conds.append(m.Contact.company_no == company)
        conds.append(m.Contact.no != company)
    return conds


def _base(flt: ContactFilter) -> Select[str, str, str, str, str, str, str, str | None]:
    stmt = select(
        m.Contact.no,
        m.Contact.name,
        m.Contact.company_name,
        m.Contact.type,
        m.Contact.city,
        m.Contact.phone_no,
        m.Contact.email,
        m.Contact.salesperson_code,
    )
    for cond in _conditions(flt):
        stmt = stmt.where(cond)
    return stmt


def count(ctx: AppContext, flt: ContactFilter | None = None) -> int:
    """How many contacts the filter selects. Raises ValidationError for an unknown type."""
    flt = flt or ContactFilter()
    stmt = select(func.count()).select_from(m.Contact)
    for cond in _conditions(flt):
        stmt = stmt.where(cond)
    with ctx.db.read() as s:
        return int(s.execute(stmt).scalar_one())


def fetch(
    ctx: AppContext,
    flt: ContactFilter | None = None,
    sort: ContactSort | None = None,
    offset: int = 0,
    limit: int = 100,
) -> list[ContactListRow]:
    """One page of the list: `limit` rows from `offset` in the sort order.

    Ties are broken by the row's position in the table, so pages never overlap or skip a row.
    Raises ValidationError for an unknown sort column or type.
    """
    flt = flt or ContactFilter()
    sort = sort or ContactSort()
    key = _SORT_KEYS.get(sort.column)
    if key is None:
        raise ValidationError(UNKNOWN_SORT, field="sort", column=sort.column)
    order = (key.desc(), _ROWID.desc()) if sort.descending else (key.asc(), _ROWID.asc())
    stmt = _base(flt).order_by(*order).offset(max(0, offset)).limit(max(0, limit))
    with ctx.db.read() as s:
        # Positional: this runs for every page of the list, so it avoids per-field lookups.
        return [
            ContactListRow(no, name, company, kind, city, phone, email, salesperson or "")
            for no, name, company, kind, city, phone, email, salesperson in s.execute(stmt)
        ]


def position(ctx: AppContext, no: str, flt: ContactFilter | None, sort: ContactSort | None) -> int:
    """The row index of contact `no` in the list as filtered and sorted, or -1 if not in it
    (used to bring a contact back into view after it was saved)."""
    flt = flt or ContactFilter()
    sort = sort or ContactSort()
    key = _SORT_KEYS.get(sort.column)
    if key is None:
        raise ValidationError(UNKNOWN_SORT, field="sort", column=sort.column)
    with ctx.db.read() as s:
        target = s.execute(
            select(key, _ROWID).select_from(m.Contact).where(m.Contact.no == no)
        ).first()
        if target is None:
            return -1
        value, rowid = target
        inside = select(func.count()).select_from(m.Contact).where(m.Contact.no == no)
        for cond in _conditions(flt):
            inside = inside.where(cond)
        if not s.execute(inside).scalar_one():
            return -1
        # SQLite sorts NULL (a blank code) before every value ascending, after it descending.
        nulls = key.is_(None)
        if value is None:
            same = nulls & ((_ROWID > rowid) if sort.descending else (_ROWID < rowid))
            before = (key.is_not(None) | same) if sort.descending else same
        elif sort.descending:
            before = (key > value) | ((key == value) & (_ROWID > rowid))
        else:
            before = nulls | (key < value) | ((key == value) & (_ROWID < rowid))
        stmt = select(func.count()).select_from(m.Contact).where(before)
        for cond in _conditions(flt):
            stmt = stmt.where(cond)
        return int(s.execute(stmt).scalar_one())


def selection(
    flt: ContactFilter | None, sort: ContactSort | None
) -> tuple[list[ColumnElement[bool]], tuple[ColumnElement[Any], ...]]:
    """The WHERE conditions and ORDER BY of the list as filtered and sorted (for an export of
    what the list shows). Raises ValidationError for an unknown sort column or type."""
    flt = flt or ContactFilter()
    sort = sort or ContactSort("no")
    key = _SORT_KEYS.get(sort.column)
    if key is None:
        raise ValidationError(UNKNOWN_SORT, field="sort", column=sort.column)
    order = (key.desc(), _ROWID.desc()) if sort.descending else (key.asc(), _ROWID.asc())
    return _conditions(flt), order
