"""Every table that refers to contacts is handled by a merge rule named for it (issue 17).

The tables come from the schema's foreign keys to contact.no, never from names. For each, the
test creates a row for each of the two contacts and, for every unique key holding the contact
column, a survivor's row and a gone contact's row that collide on it. After the merge no row
refers to the contact that went, every one of its rows is moved, united or deleted with its
before-image recorded (so nothing is lost), and the undo gives every table back exactly. A table
that a later issue adds fails here until services/merge/registry.py has its rule.

No BC scenario: BC's Merge Duplicate lists related tables but has no such rule set.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    Numeric,
    Table,
    Time,
    TypeDecorator,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
)

from crm_desktop.domain.errors import ConflictError
from crm_desktop.services import contacts, merge
from crm_desktop.services.app import DB_FILE, AppContext
from crm_desktop.services.merge.registry import DERIVED_TABLES, RULES
from crm_desktop.services.merge.rules import Refuse
from crm_desktop.storage import models as m
from crm_desktop.storage.contact_refs import ContactReference, contact_references

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "storage"))
from db_snapshot import differences, snapshot  # noqa: E402

_counter = itertools.count(1)


def _refs(ctx: AppContext) -> list[ContactReference]:
    with ctx.db.engine.connect() as conn:
        return contact_references(conn)


def test_every_table_that_refers_to_contacts_has_a_rule_named_for_it(ctx: AppContext) -> None:
    refs = _refs(ctx)
    assert len(refs) >= 6
    missing = sorted(r.table for r in refs if r.table not in RULES)
    assert missing == [], (
        f"tables refer to contacts but have no merge rule: {missing}; add one line per table "
        'to RULES in crm_desktop/services/merge/registry.py (e.g. "my_table": REPOINT)'
    )


class Rows:
    """Makes valid rows for any table: every NOT NULL column filled, every foreign key to a
    row that exists (made on demand), contact columns set as asked."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    def third(self) -> str:
        """A fresh contact for the other contact columns of a row."""
        name = f"Third {next(_counter)}"
        return contacts.create_contact(self.ctx, {"type": "company", "name": name}).contact.no

    def value(self, table: Table, col: Any, contact: str, contact_cols: set[str]) -> Any:
        if col.name in contact_cols:
            return contact
        fks = list(col.foreign_keys)
        if fks:
            target = fks[0].column
            if target.table.name == "contact":
                return self.third()
            if col.nullable and not col.primary_key:
                return None
            return self.parent(target.table)[target.name]
        if col.primary_key and isinstance(col.type, Integer) and len(table.primary_key) == 1:
            return None  # the rowid
        n = next(_counter)
        if isinstance(col.type, Boolean):
            return False
        if isinstance(col.type, LargeBinary):  # the contact picture (issue 22)
            return b"B%d" % n
        if isinstance(col.type, Integer):
            return n
        if isinstance(col.type, TypeDecorator) and isinstance(col.type.impl_instance, Integer):
            return n  # an exact decimal stored as scaled integer units (issue 21's amounts)
        if isinstance(col.type, Numeric):
            return Decimal(n)
        if isinstance(col.type, DateTime):
            return dt.datetime(2026, 1, 1, 12, 0, n % 60)
        if isinstance(col.type, Date):
            return dt.date(2026, 1, 1) + dt.timedelta(days=n)
        if isinstance(col.type, Time):  # time of an interaction (issue 18)
            return dt.time(n % 24, n % 60)
        length = getattr(col.type, "length", None) or 20
        return f"T{n}"[:length]

    def parent(self, table: Table) -> dict[str, Any]:
        """A new row of a table a foreign key points to (a new one each time, so two rows
        never collide on a key by sharing a parent)."""
        values = {c.name: self.value(table, c, "", set()) for c in table.columns}
        values = {k: v for k, v in values.items() if v is not None}
        with self.ctx.db.uow() as s:
            s.execute(insert(table).values(values))
        return values

    def make(
        self,
        ref: ContactReference,
        column: str,
        contact: str,
        like: dict[str, Any] | None = None,
        key: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """A row whose `column` is `contact` (its other contact columns other contacts), with
        the values of `like` on the columns of `key` but `column`."""
        table = m.Base.metadata.tables[ref.table]
        cols = {column}
        values = {c.name: self.value(table, c, contact, cols) for c in table.columns}
        if ref.table == "contact":
            values.update(no=f"GEN{next(_counter)}", type="person")
        if like is not None:
            values.update({k: like[k] for k in key if k != column})
        values = {k: v for k, v in values.items() if v is not None}
        with self.ctx.db.uow() as s:
            s.execute(insert(table).values(values))
        return values


def _referring(ctx: AppContext, ref: ContactReference, no: str) -> int:
    table = m.Base.metadata.tables[ref.table]
    cond = or_(*(table.c[c] == no for c in ref.columns))
    if ref.table == "contact":
        cond = cond & (table.c.no != no)
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(table).where(cond)) or 0)


def _gone_rowids(ctx: AppContext, ref: ContactReference, no: str) -> set[int]:
    table = m.Base.metadata.tables[ref.table]
    cond = or_(*(table.c[c] == no for c in ref.columns))
    if ref.table == "contact":
        cond = cond & (table.c.no != no)
    with ctx.db.read() as s:
        return {
            int(r)
            for r in s.scalars(select(literal_column("rowid")).select_from(table).where(cond))
        }


@pytest.mark.parametrize("table", sorted(RULES))
def test_rows_of_every_referring_table_are_moved_united_or_refused(
    ctx: AppContext, table: str
) -> None:
    refs = {r.table: r for r in _refs(ctx)}
    if table not in refs:
        pytest.skip(f"{table} has a rule but no foreign key to contact.no")
    ref = refs[table]
    keep = contacts.create_contact(ctx, {"type": "company", "name": "Keep"}).contact.no
    go = contacts.create_contact(ctx, {"type": "company", "name": "Go"}).contact.no
    if table in DERIVED_TABLES:
        # Saving a contact already computed its rows here (the fuzzy key state, one per
        # contact): they go first, so the rows below, and their collisions, are the test's own.
        t = m.Base.metadata.tables[table]
        with ctx.db.uow() as s:
            s.execute(delete(t).where(or_(*(t.c[c].in_((keep, go)) for c in ref.columns))))
    rows = Rows(ctx)
    for column in ref.columns:
        rows.make(ref, column, keep)
        rows.make(ref, column, go)
        for key in ref.unique_keys:
            # A key of only contact columns (contact_picture's primary key) already collides
            # through the two rows above.
            if column in key and set(key) - set(ref.columns):
                theirs = rows.make(ref, column, keep)
                rows.make(ref, column, go, like=theirs, key=key)
    gone_rows = _gone_rowids(ctx, ref, go)
    assert gone_rows, f"the test made no {table} rows for the contact that goes"
    path = ctx.data_dir / DB_FILE
    before = snapshot(path)
    try:
        done = merge.merge_contacts(ctx, keep, go)
    except ConflictError as exc:
        # Refused: only by a Refuse rule or a collision the rule cannot unite, named, and
        # nothing written.
        assert table in str(exc) or isinstance(RULES[table], Refuse)
        assert differences(before, snapshot(path)) == []
        return
    assert _referring(ctx, ref, go) == 0
    with ctx.db.read() as s:
        recorded = set(
            s.scalars(
                select(m.ContactMergeRow.row_id).where(
                    m.ContactMergeRow.merge_no == done.merge_no,
                    m.ContactMergeRow.table_name == table,
                )
            )
        )
    assert gone_rows <= recorded, f"{table}: rows changed without a before-image"
    merge.undo_merge(ctx, done.merge_no)
    assert differences(before, snapshot(path)) == []


def test_a_table_added_later_without_a_rule_stops_the_merge(ctx: AppContext) -> None:
    import sqlite3

    keep = contacts.create_contact(ctx, {"type": "company", "name": "Keep"}).contact.no
    go = contacts.create_contact(ctx, {"type": "company", "name": "Go"}).contact.no
    con = sqlite3.connect(ctx.data_dir / DB_FILE)
    con.execute(
        "CREATE TABLE later_note (id INTEGER PRIMARY KEY, "
        "about_no VARCHAR(20) REFERENCES contact (no) ON UPDATE CASCADE, body TEXT)"
    )
    con.execute("INSERT INTO later_note (about_no, body) VALUES (?, 'x')", (go,))
    con.commit()
    con.close()
    assert "later_note" in {r.table for r in _refs(ctx)}
    before = snapshot(ctx.data_dir / DB_FILE)
    with pytest.raises(ConflictError, match="Table later_note refers to contacts, but the merge"):
        merge.merge_contacts(ctx, keep, go)
    assert differences(before, snapshot(ctx.data_dir / DB_FILE)) == []
