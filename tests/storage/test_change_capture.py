"""Change capture and restore (storage/change_capture.py), the contact references read from the
schema (storage/contact_refs.py) and the retired-number guard (issue 17). No BC scenario: BC's
merge cannot be undone."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from crm_desktop.services.app import DB_FILE, AppContext
from crm_desktop.storage import change_capture as cc
from crm_desktop.storage import contact_search
from crm_desktop.storage import models as m
from crm_desktop.storage.contact_refs import contact_references, unique_keys

sys.path.insert(0, str(Path(__file__).resolve().parent))
from db_snapshot import differences, snapshot  # noqa: E402


def _add(ctx: AppContext, no: str, name: str, **kw: object) -> None:
    with ctx.db.uow() as s:
        s.add(m.Contact(no=no, name=name, search_name=name.upper(), **kw))


def _search(ctx: AppContext, typed: str) -> list[str]:
    cond = contact_search.search_condition(typed)
    with ctx.db.read() as s:
        return sorted(s.scalars(select(m.Contact.no).where(cond)))


def test_contact_references_come_from_the_foreign_keys(ctx: AppContext) -> None:
    with ctx.db.engine.connect() as conn:
        refs = {r.table: r for r in contact_references(conn)}
    assert {"contact", "contact_business_relation", "contact_duplicate"} <= set(refs)
    assert {"cont_duplicate_search_string", "customer", "vendor"} <= set(refs)
    assert set(refs["contact_duplicate"].columns) == {"contact_no", "duplicate_contact_no"}
    assert refs["contact"].columns == ("company_no",)
    # The relation's primary key holds the contact column: a re-point can collide on it.
    assert ("contact_no", "business_relation_code") in refs["contact_business_relation"].unique_keys
    # Tables without a contact column are not listed, whatever their column names.
    assert "salesperson" not in refs and "contact_merge" not in refs
    with ctx.db.engine.connect() as conn:
        assert unique_keys(conn, "salesperson") == [("code",)]


def test_restore_gives_back_every_row_with_its_rowid(ctx: AppContext) -> None:
    _add(ctx, "CA", "Alpha Trading", city="Utrecht")
    _add(ctx, "CB", "Beta Trading", city="Zeist")
    with ctx.db.uow() as s:
        s.add(m.BusinessRelation(code="PROSX", description="Prospect"))
        s.flush()
        s.add(m.ContactBusinessRelation(contact_no="CB", business_relation_code="PROSX"))
    before = snapshot(ctx.data_dir / DB_FILE)
    assert _search(ctx, "Beta") == ["CB"]
    with ctx.db.uow() as s:
        conn = s.connection()
        capture = cc.ChangeCapture(conn, exclude={"contact_merge", "contact_merge_row"})
        capture.start()
        conn.execute(text("UPDATE contact_business_relation SET contact_no='CA'"))
        conn.execute(text("UPDATE contact SET city='Amersfoort' WHERE no='CA'"))
        conn.execute(text("DELETE FROM contact WHERE no='CB'"))
        conn.execute(text("INSERT INTO contact (no, name, type) VALUES ('CC', 'Gamma', 'company')"))
        changes = capture.finish()
    # CB was the last rowid, so SQLite gives it to CC: one row, before = CB, after = CC.
    assert sorted((c.table, c.before is None, c.after is None) for c in changes) == [
        ("contact", False, False),
        ("contact", False, False),
        ("contact_business_relation", False, False),
    ]
    assert _search(ctx, "Beta") == []
    stored = [
        (c.table, c.rowid, cc.encode_image(c.before), cc.encode_image(c.after)) for c in changes
    ]
    back = [cc.RowChange(t, r, cc.decode_image(b), cc.decode_image(a)) for t, r, b, a in stored]
    with ctx.db.uow() as s:
        assert cc.drift(s.connection(), back) == []
        cc.restore(s.connection(), back)
    assert differences(before, snapshot(ctx.data_dir / DB_FILE)) == []
    assert _search(ctx, "Beta") == ["CB"]
    assert _search(ctx, "Gamma") == []
    with ctx.db.read() as s:
        assert s.scalar(text("SELECT count(*) FROM sqlite_temp_master")) == 0


def test_drift_names_a_row_changed_afterwards(ctx: AppContext) -> None:
    _add(ctx, "CA", "Alpha")
    with ctx.db.uow() as s:
        capture = cc.ChangeCapture(s.connection())
        capture.start()
        s.connection().execute(text("UPDATE contact SET city='X' WHERE no='CA'"))
        changes = capture.finish()
    with ctx.db.uow() as s:
        s.connection().execute(text("UPDATE contact SET phone_no='123' WHERE no='CA'"))
    with ctx.db.read() as s:
        found = cc.drift(s.connection(), changes)
    assert [(d.change.table, d.change.key_text(), d.columns) for d in found] == [
        ("contact", "CA", ("phone_no",))
    ]


def test_a_rollback_leaves_no_capture_behind(ctx: AppContext) -> None:
    _add(ctx, "CA", "Alpha")
    with pytest.raises(RuntimeError), ctx.db.uow() as s:
        cc.ChangeCapture(s.connection()).start()
        raise RuntimeError("boom")
    with ctx.db.uow() as s:
        capture = cc.ChangeCapture(s.connection())
        capture.start()
        capture.stop()


def test_a_merged_away_number_cannot_be_inserted_again(ctx: AppContext) -> None:
    import datetime as dt

    with ctx.db.uow() as s:
        s.add(m.ContactMerge(merged_at=dt.datetime(2026, 1, 1), survivor_no="CA", gone_no="CB"))
    with pytest.raises(IntegrityError, match="retired by a merge"), ctx.db.uow() as s:
        s.add(m.Contact(no="CB", name="Again"))
    with ctx.db.uow() as s:
        s.execute(text("UPDATE contact_merge SET undone_at = '2026-01-02 00:00:00'"))
        s.add(m.Contact(no="CB", name="Back"))


def test_a_deleted_row_whose_rowid_was_reused_comes_back_under_a_new_one(ctx: AppContext) -> None:
    _add(ctx, "CA", "Alpha")
    _add(ctx, "CB", "Beta")
    with ctx.db.uow() as s:
        capture = cc.ChangeCapture(s.connection())
        capture.start()
        s.connection().execute(text("DELETE FROM contact WHERE no='CB'"))
        changes = capture.finish()
    _add(ctx, "CN", "Newcomer")  # SQLite gives it CB's rowid, the highest one free
    with ctx.db.uow() as s:
        assert cc.drift(s.connection(), changes) == []
        cc.restore(s.connection(), changes)
    assert _search(ctx, "Beta") == ["CB"] and _search(ctx, "Newcomer") == ["CN"]
