"""Undo merge (issue 17): the database identical to before, refusals that name the reason, the
order of undoing merges, and the list of merges. BC's merge cannot be undone, so no BC scenario
applies; these are the issue's own tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.domain.duplicates import fuzzy as dup_fuzzy
from crm_desktop.domain.duplicates import keys as dup_keys
from crm_desktop.domain.errors import ConflictError, NotFoundError
from crm_desktop.services import contacts, duplicates, masterdata, merge, setup
from crm_desktop.services.app import DB_FILE, AppContext
from crm_desktop.services.duplicates import fuzzy
from crm_desktop.services.merge import undo as merge_undo
from crm_desktop.services.sync import accounts, from_contact
from crm_desktop.services.sync import relations as business_relations
from crm_desktop.storage import contact_search
from crm_desktop.storage import models as m
from crm_desktop.storage.change_capture import drift

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "storage"))
from db_snapshot import differences, snapshot  # noqa: E402


def company(ctx: AppContext, name: str, **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "company", "name": name, **values}).contact.no


def person(ctx: AppContext, name: str, **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "person", "name": name, **values}).contact.no


SEARCHES = ("Janssen", "Utrecht", "Zeist", "Piet", "Klaas", "030", "info", "Vries")


def search_results(ctx: AppContext) -> dict[str, list[str]]:
    out = {}
    for typed in SEARCHES:
        cond = contact_search.search_condition(typed)
        with ctx.db.read() as s:
            out[typed] = sorted(s.scalars(select(m.Contact.no).where(cond)))
    return out


@pytest.fixture
def two_companies(ctx: AppContext) -> tuple[AppContext, str, str]:
    """Two companies that are the same firm, each with persons, relations, linked records,
    duplicate pairs (one kept separate) and search strings."""
    # BC's method (search strings, BC's default): the same name makes the pairs of the three.
    setup.update_marketing_setup(
        ctx, {"duplicate_method": "search_strings", "search_hit_percent": 10}
    )
    masterdata.save_row(ctx, "business_relation", {"code": "PROS", "description": "Prospect"})
    masterdata.save_row(ctx, "business_relation", {"code": "LAW", "description": "Lawyer"})
    keep = company(ctx, "Janssen Trading", city="Utrecht", phone_no="030 1111111")
    go = company(
        ctx, "Janssen Trading", city="Zeist", phone_no="030 2222222", email="info@j.example"
    )
    third = company(ctx, "Janssen Trading", city="Utrecht")
    person(ctx, "Piet de Vries", company_no=keep)
    klaas = person(ctx, "Klaas Volger", company_no=go)
    person(ctx, "Kees Eigen", company_no=go, phone_no="06 99999999")
    from_contact.create_as_customer(ctx, keep)
    vendor = from_contact.create_as_vendor(ctx, go).no
    accounts.update_record(ctx, "vendor", vendor, {"primary_contact_no": klaas})
    business_relations.add_relation(ctx, keep, "PROS")
    business_relations.add_relation(ctx, go, "PROS")
    business_relations.add_relation(ctx, go, "LAW")
    for p in duplicates.list_pairs(ctx):
        if {p.contact_no, p.duplicate_contact_no} == {go, third}:
            duplicates.keep_separate(ctx, p.contact_no, p.duplicate_contact_no)
    return ctx, keep, go


def test_undo_leaves_the_database_identical(two_companies: tuple[AppContext, str, str]) -> None:
    ctx, keep, go = two_companies
    path = ctx.data_dir / DB_FILE
    before, searched = snapshot(path), search_results(ctx)
    pairs_before = duplicates.list_pairs(ctx)
    assert any({p.contact_no, p.duplicate_contact_no} == {keep, go} for p in pairs_before)
    done = merge.merge_contacts(ctx, keep, go, prefer_other=["email"])
    assert done.records_moved >= 5
    assert differences(before, snapshot(path)) != []
    assert search_results(ctx) != searched
    undone = merge.undo_merge(ctx, done.merge_no)
    assert undone.gone_no == go
    assert differences(before, snapshot(path)) == []
    assert search_results(ctx) == searched
    # The pair of the two is back, as are the contact that went and its number.
    assert duplicates.list_pairs(ctx) == pairs_before
    assert merge.list_merges(ctx)[0].undone_at is not None
    with pytest.raises(ConflictError, match="already undone"):
        merge.undo_merge(ctx, done.merge_no)


def test_undo_refused_after_a_record_changed_and_names_it(
    two_companies: tuple[AppContext, str, str],
) -> None:
    ctx, keep, go = two_companies
    done = merge.merge_contacts(ctx, keep, go)
    contacts.update_contact(ctx, keep, {"city": "Amersfoort"})
    path = ctx.data_dir / DB_FILE
    before = snapshot(path)
    with pytest.raises(ConflictError) as err:
        merge.undo_merge(ctx, done.merge_no)
    assert f"contact {keep} (city" in str(err.value)
    assert "Nothing was changed" in str(err.value)
    assert differences(before, snapshot(path)) == []


def test_undo_waits_for_a_later_merge_of_the_survivor(ctx: AppContext) -> None:
    a, b, c = company(ctx, "A one"), company(ctx, "A two"), company(ctx, "A three")
    first = merge.merge_contacts(ctx, a, b)
    second = merge.merge_contacts(ctx, c, a)
    with pytest.raises(ConflictError, match=f"undo merge {second.merge_no} first"):
        merge.undo_merge(ctx, first.merge_no)
    merge.undo_merge(ctx, second.merge_no)
    merge.undo_merge(ctx, first.merge_no)
    assert {r.no for r in contacts.list_contacts(ctx)} >= {a, b, c}
    rows = merge.list_merges(ctx)
    assert [r.no for r in rows] == [second.merge_no, first.merge_no]  # newest first
    assert all(r.undone_at is not None for r in rows)
    with pytest.raises(NotFoundError):
        merge.undo_merge(ctx, 999)


def test_undo_is_not_held_up_by_duplicate_pairs_changed_since(
    two_companies: tuple[AppContext, str, str],
) -> None:
    ctx, keep, go = two_companies
    third = next(c.no for c in contacts.list_contacts(ctx, "company") if c.no not in (keep, go))
    done = merge.merge_contacts(ctx, keep, go)
    # The merge made the survivor's pair with the third separate (the gone one's was); the user
    # takes that back afterwards.
    a, b = next(
        (p.contact_no, p.duplicate_contact_no)
        for p in duplicates.list_pairs(ctx)
        if {p.contact_no, p.duplicate_contact_no} == {keep, third}
    )
    duplicates.keep_separate(ctx, a, b, separate=False)
    with ctx.db.read() as s:
        moved_pairs = drift(s.connection(), merge_undo.changes_of(s, done.merge_no))
    assert {d.change.table for d in moved_pairs} == {"contact_duplicate"}
    undone = merge.undo_merge(ctx, done.merge_no)
    assert undone.gone_no == go
    pairs = {
        frozenset((p.contact_no, p.duplicate_contact_no)): p.separate
        for p in duplicates.list_pairs(ctx)
    }
    assert pairs[frozenset((keep, go))] is False
    assert pairs[frozenset((go, third))] is True  # kept separate, as before the merge
    assert pairs[frozenset((keep, third))] is False


@pytest.mark.parametrize("method", ["fuzzy", "search_strings"])
def test_survivor_keys_are_its_merged_values_and_undo_gives_both_keys_back(
    ctx: AppContext, method: str
) -> None:
    # The fuzzy keys are kept on every save under both methods (issue 16), so a merge must not
    # leave the gone contact's keys on the survivor, under either.
    setup.update_marketing_setup(ctx, {"duplicate_method": method})
    keep = company(ctx, "Janssen Trading", city="Utrecht", phone_no="030 1111111")
    go = company(
        ctx, "Janssen Handel", city="Zeist", phone_no="030 2222222", email="info@j.example"
    )
    path = ctx.data_dir / DB_FILE
    before = snapshot(path)

    def stored(no: str) -> tuple[set[tuple[str, str]], str | None]:
        with ctx.db.read() as s:
            keys = {
                (r.kind, r.key)
                for r in s.scalars(
                    select(m.ContactDuplicateKey).where(m.ContactDuplicateKey.contact_no == no)
                )
            }
            state = s.get(m.ContactDuplicateKeyState, no)
            return keys, None if state is None else state.record

    gone_keys, _ = stored(go)
    done = merge.merge_contacts(ctx, keep, go, prefer_other=["email"])
    with ctx.db.read() as s:
        record = fuzzy.records(s, [keep], "")[keep]
    keys, state = stored(keep)
    assert keys == set(dup_keys.keys(record))  # recomputed from the merged values
    assert state == dup_fuzzy.dump(record)
    stale = gone_keys - keys
    assert stale and any(kind == "tel" for kind, _ in stale)  # the gone phone's key went
    assert stored(go) == (set(), None)
    merge.undo_merge(ctx, done.merge_no)
    assert differences(before, snapshot(path)) == []
