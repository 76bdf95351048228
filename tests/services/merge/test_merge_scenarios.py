"""Merging duplicate contacts (issue 17): BC scenarios 33 (the contact half) and 34, what a
merge moves, clashes asked before any write, and the merge inside a caller's transaction.

Not applicable here:
- 33's first half merges two customers (BC's customer merge); this app merges contacts only.
- 36 is about the merge page: tests/ui/test_merge_ui.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from crm_desktop.domain.errors import ConflictError, ValidationError
from crm_desktop.services import contacts, duplicates, merge, setup
from crm_desktop.services.app import DB_FILE, AppContext
from crm_desktop.services.exchange.csv_import import ImportRefusedError, import_contacts
from crm_desktop.services.sync import accounts, from_contact
from crm_desktop.services.sync import relations as business_relations

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "storage"))
from db_snapshot import differences, snapshot  # noqa: E402


def company(ctx: AppContext, name: str, **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "company", "name": name, **values}).contact.no


def person(ctx: AppContext, name: str, **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "person", "name": name, **values}).contact.no


def exists(ctx: AppContext, no: str) -> bool:
    return any(c.no == no for c in contacts.list_contacts(ctx))


def test_bc033_contact_merge_after_customers_keeps_the_survivor_and_its_name(
    ctx: AppContext,
) -> None:
    ca = company(ctx, "Contact A")
    cb = company(ctx, "Contact B")
    cust_a = from_contact.create_as_customer(ctx, ca).no
    cust_b = from_contact.create_as_customer(ctx, cb).no
    before = snapshot(ctx.data_dir / DB_FILE)
    # Both are linked to a customer: the user is asked before anything is written.
    with pytest.raises(merge.MergeClash) as err:
        merge.merge_contacts(ctx, cb, ca)
    assert err.value.kind == "customer"
    assert f"Customer {cust_b}" in str(err.value) and f"Customer {cust_a}" in str(err.value)
    assert differences(before, snapshot(ctx.data_dir / DB_FILE)) == []
    # Keeping the survivor's link: CA is gone, CB still exists with the same name.
    done = merge.merge_contacts(ctx, cb, ca, drop_links=["customer"])
    assert (done.survivor_no, done.gone_no) == (cb, ca)
    assert not exists(ctx, ca)
    assert contacts.get_contact(ctx, cb).name == "Contact B"
    assert accounts.get_record(ctx, "customer", cust_a)["primary_contact_no"] in ("", None)
    assert [r.no for r in business_relations.list_relations(ctx, cb)] == [cust_b]


def test_bc034_customer_and_vendor_make_the_survivor_multiple(ctx: AppContext) -> None:
    a = company(ctx, "Alpha")
    b = company(ctx, "Alpha Two")
    from_contact.create_as_customer(ctx, a)
    vendor = from_contact.create_as_vendor(ctx, b).no
    assert business_relations.summary(ctx, a) == "customer"
    merge.merge_contacts(ctx, a, b)
    assert business_relations.summary(ctx, a) == "multiple"
    links = {(r.link_to_table, r.no) for r in business_relations.list_relations(ctx, a)}
    assert ("vendor", vendor) in links
    # The vendor's contact fields follow the survivor.
    assert accounts.get_record(ctx, "vendor", vendor)["name"] == "Alpha"


def test_persons_of_the_company_that_goes_move_and_inherit_only_where_they_followed(
    ctx: AppContext,
) -> None:
    keep = company(ctx, "Keep BV", city="Utrecht", phone_no="030 1111111")
    go = company(ctx, "Go BV", city="Zeist", phone_no="030 2222222")
    follower = person(ctx, "Fien Volger", company_no=go)
    own = person(ctx, "Olaf Eigen", company_no=go)
    contacts.update_contact(ctx, own, {"phone_no": "06 12345678"})
    done = merge.merge_contacts(ctx, keep, go)
    assert done.records_moved >= 2
    f, o = contacts.get_contact(ctx, follower), contacts.get_contact(ctx, own)
    assert (f.company_no, f.company_name, f.phone_no) == (keep, "Keep BV", "030 1111111")
    assert (o.company_no, o.company_name, o.phone_no) == (keep, "Keep BV", "06 12345678")
    # The address followed the old company as a whole, so it moves as a whole.
    assert f.city == "Utrecht" and o.city == "Utrecht"


def test_chosen_values_and_blanks_filled(ctx: AppContext) -> None:
    keep = company(ctx, "Keep", city="Utrecht")
    go = company(ctx, "Other", city="Zeist", phone_no="030 2222222", email="info@go.example")
    merge.merge_contacts(ctx, keep, go, prefer_other=["email"], take_other=["city"])
    row = contacts.get_contact(ctx, keep)
    assert (row.name, row.city, row.phone_no, row.email) == (
        "Keep",
        "Zeist",
        "",
        "info@go.example",
    )
    keep2 = company(ctx, "Keep 2")
    go2 = company(ctx, "Go 2", phone_no="030 3333333")
    merge.merge_contacts(ctx, keep2, go2)
    assert contacts.get_contact(ctx, keep2).phone_no == "030 3333333"


def test_swap_keeps_the_other_and_refusals(ctx: AppContext) -> None:
    a = company(ctx, "A company")
    b = company(ctx, "B company")
    p = person(ctx, "Piet Persoon")
    with pytest.raises(ValidationError, match="never merged"):
        merge.merge_contacts(ctx, a, p)
    with pytest.raises(ValidationError, match="colour"):
        merge.merge_contacts(ctx, a, b, prefer_other=["colour"])
    done = merge.merge_contacts(ctx, a, b, keep=b)
    assert (done.survivor_no, done.gone_no) == (b, a)
    assert not exists(ctx, a)


def test_primary_contact_and_contact_text_follow_the_survivor(ctx: AppContext) -> None:
    firm = company(ctx, "Firm")
    cust = from_contact.create_as_customer(ctx, firm).no
    jan = person(ctx, "Jan Jansen", company_no=firm)
    jan2 = person(ctx, "J. Jansen", company_no=firm)
    accounts.update_record(ctx, "customer", cust, {"primary_contact_no": jan2})
    assert accounts.get_record(ctx, "customer", cust)["contact"] == "J. Jansen"
    merge.merge_contacts(ctx, jan, jan2)
    record = accounts.get_record(ctx, "customer", cust)
    assert (record["primary_contact_no"], record["contact"]) == (jan, "Jan Jansen")


def test_duplicate_pair_goes_kept_separate_survives_and_both_come_back(ctx: AppContext) -> None:
    # BC's method (search strings, BC's default): same name and city make the three pairs.
    setup.update_marketing_setup(
        ctx, {"duplicate_method": "search_strings", "search_hit_percent": 10}
    )
    a = company(ctx, "Janssen Trading", city="Utrecht")
    b = company(ctx, "Janssen Trading", city="Utrecht")
    c = company(ctx, "Janssen Trading", city="Utrecht")
    pairs = {frozenset((p.contact_no, p.duplicate_contact_no)) for p in duplicates.list_pairs(ctx)}
    assert frozenset((a, b)) in pairs and frozenset((b, c)) in pairs
    duplicates.keep_separate(ctx, *_pair(ctx, b, c))
    done = merge.merge_contacts(ctx, a, b)
    after = {
        frozenset((p.contact_no, p.duplicate_contact_no)): p.separate
        for p in duplicates.list_pairs(ctx)
    }
    assert all(b not in k for k in after)
    assert after[frozenset((a, c))] is True  # "kept separate" with B now holds for A
    merge.undo_merge(ctx, done.merge_no)
    back = {
        frozenset((p.contact_no, p.duplicate_contact_no)): p.separate
        for p in duplicates.list_pairs(ctx)
    }
    assert back[frozenset((a, b))] is False and back[frozenset((b, c))] is True


def _pair(ctx: AppContext, x: str, y: str) -> tuple[str, str]:
    for p in duplicates.list_pairs(ctx):
        if {p.contact_no, p.duplicate_contact_no} == {x, y}:
            return p.contact_no, p.duplicate_contact_no
    raise AssertionError(f"no pair {x} {y}")


def test_the_number_that_went_is_never_issued_again(ctx: AppContext, tmp_path: Path) -> None:
    a = company(ctx, "Keep")
    b = company(ctx, "Go")
    merge.merge_contacts(ctx, a, b)
    with pytest.raises(ConflictError, match=f"Contact number {b} went in merge 1"):
        contacts.create_contact(ctx, {"no": b, "type": "company", "name": "Again"})
    csv = tmp_path / "again.csv"
    csv.write_text(f"no,type,name\n{b},company,Again\n", encoding="utf-8")
    with pytest.raises(ImportRefusedError) as err:
        import_contacts(ctx, csv)
    assert f"Contact number {b} went in merge 1" in str(err.value.errors[0])
    assert not exists(ctx, b)
    # The series goes on past it; an undo gives the number back to its contact.
    assert company(ctx, "Next") not in (a, b)
    merge.undo_merge(ctx, 1)
    assert exists(ctx, b)


def test_merge_in_runs_inside_the_callers_transaction(ctx: AppContext) -> None:
    a = company(ctx, "Keep")
    b = company(ctx, "Go")
    with pytest.raises(RuntimeError), ctx.db.uow() as s:
        merge.merge_in(s, a, b)
        raise RuntimeError("the import failed later")
    assert exists(ctx, b)
    assert merge.list_merges(ctx) == []
    with ctx.db.uow() as s:
        done = merge.merge_in(s, a, b)
    assert [r.no for r in merge.list_merges(ctx)] == [done.merge_no]


def test_two_persons_merge_with_the_employee_link_and_the_chosen_company(
    ctx: AppContext,
) -> None:
    a_co = company(ctx, "First Firm")
    b_co = company(ctx, "Second Firm")
    keep = person(ctx, "Jan de Vries", company_no=a_co)
    go = person(ctx, "J. de Vries", company_no=b_co, mobile_phone_no="06 11111111")
    employee = from_contact.create_as_employee(ctx, go).no
    done = merge.merge_contacts(ctx, keep, go, prefer_other=["company_no"])
    row = contacts.get_contact(ctx, keep)
    assert (row.company_no, row.company_name, row.mobile_phone_no) == (
        b_co,
        "Second Firm",
        "06 11111111",
    )
    assert [(r.link_to_table, r.no) for r in business_relations.list_relations(ctx, keep)] == [
        ("employee", employee)
    ]
    assert accounts.get_record(ctx, "employee", employee)["first_name"] == "Jan"
    merge.undo_merge(ctx, done.merge_no)
    assert contacts.get_contact(ctx, go).company_no == b_co
    assert [r.no for r in business_relations.list_relations(ctx, go)] == [employee]
