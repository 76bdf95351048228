"""Business relation codes, Contact Business Relation rows and the summary (spec §5.1, §5.2, §5.8;
scenarios of section E and A-7, A-8, B-19).

Not applicable here:
- 73 (drill-down on the card opens the linked record) is a screen test: tests/ui/test_sync_ui.py.
- 76 overwrites the cached summary by hand; the app never lets a user edit that field.
- 82, 83: see tests/services/test_sync_roundtrip.py (81 is tested there).
- 65, 70, 75, 80 are kept back as acceptance checks.
"""

from __future__ import annotations

import pytest

from crm_desktop.domain.errors import ConflictError, ValidationError
from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts, from_contact
from crm_desktop.services.sync import batch as sync_batch
from crm_desktop.services.sync import relations as br


def company(ctx: AppContext, name: str = "Acme", **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "company", "name": name, **values}).contact.no


def person(ctx: AppContext, name: str = "Jan de Vries", **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "person", "name": name, **values}).contact.no


def summary(ctx: AppContext, no: str) -> str:
    return contacts.get_contact(ctx, no).contact_business_relation


def set_codes(ctx: AppContext, **codes: str) -> None:
    setup.update_marketing_setup(ctx, {f"bus_rel_code_for_{k}": v for k, v in codes.items()})


def add_code(ctx: AppContext, code: str) -> None:
    masterdata.save_row(ctx, "business_relation", {"code": code, "description": code.title()})


def test_bc064_blank_customer_code_refuses_link_create_and_show_contact(ctx: AppContext) -> None:
    setup_msg = "Bus. Rel. Code for Customers must have a value in Marketing Setup."
    set_codes(ctx, customers="")
    k = accounts.create_record(ctx, "customer", {"name": "K"}).record["no"]
    no = company(ctx)
    actions = (
        lambda: from_contact.link_with_existing(ctx, no, "customer", k),
        lambda: from_contact.create_as_customer(ctx, no),
        lambda: accounts.show_contact(ctx, "customer", k),
        lambda: sync_batch.create_contacts_from(ctx, "customer"),
    )
    for action in actions:
        with pytest.raises(ValidationError) as err:
            action()
        assert str(err.value) == setup_msg
        assert err.value.field == "bus_rel_code_for_customers"
    assert summary(ctx, no) == "none"
    assert accounts.count_records(ctx, "customer") == 1


def test_bc066_blank_bank_code_refuses_link_create_and_show_contact(ctx: AppContext) -> None:
    set_codes(ctx, bank_accs="")
    b = accounts.create_record(ctx, "bank_account", {"name": "B"}).record["no"]
    no = company(ctx)
    for action in (
        lambda: from_contact.link_with_existing(ctx, no, "bank_account", b),
        lambda: from_contact.create_as_bank_account(ctx, no),
        lambda: accounts.show_contact(ctx, "bank_account", b),
    ):
        with pytest.raises(ValidationError) as err:
            action()
        assert (
            str(err.value) == "Bus. Rel. Code for Bank Accs. must have a value in Marketing Setup."
        )


@pytest.mark.parametrize(
    ("kind", "field", "caption"),
    [
        ("vendor", "vendors", "Vendors"),
        ("customer", "customers", "Customers"),
    ],
)
def test_bc067_create_relation_needs_the_setup_code(
    ctx: AppContext, kind: str, field: str, caption: str
) -> None:
    set_codes(ctx, **{field: ""})
    v = accounts.create_record(ctx, kind, {"name": "V"}).record["no"]  # type: ignore[arg-type]
    no = company(ctx)
    with ctx.db.uow() as s, pytest.raises(ValidationError) as err:
        br.create_link_in(s, no, kind, v)  # type: ignore[arg-type]
    assert str(err.value) == f"Bus. Rel. Code for {caption} must have a value in Marketing Setup."
    assert br.list_relations(ctx, no) == []
    set_codes(ctx, **{field: kind[:4].upper()})
    with ctx.db.uow() as s:
        br.create_link_in(s, no, kind, v)  # type: ignore[arg-type]
    rows = br.list_relations(ctx, no)
    assert [(r.link_to_table, r.no) for r in rows] == [(kind, v)]


@pytest.mark.parametrize(
    ("kind", "caption"),
    [
        ("customer", "Customer"),
        ("vendor", "Vendor"),
        ("bank_account", "Bank Account"),
    ],
)
def test_bc068_second_link_of_a_kind_is_refused(ctx: AppContext, kind: str, caption: str) -> None:
    no = company(ctx)
    first = from_contact.create_as(ctx, kind, no).no  # type: ignore[arg-type]
    other = accounts.create_record(ctx, kind, {"name": "Other"}).record["no"]  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as err:
        from_contact.link_with_existing(ctx, no, kind, other)  # type: ignore[arg-type]
    assert str(err.value) == (
        f"Contact {no} already has a Contact Business Relation with {caption} {first}."
    )
    with ctx.db.uow() as s, pytest.raises(ConflictError) as conflict:
        br.create_link_in(s, no, kind, other)  # type: ignore[arg-type]
    assert str(conflict.value) == str(err.value)


def test_bc069_setup_code_typed_by_hand_is_refused(ctx: AppContext) -> None:
    no = company(ctx)
    with ctx.db.uow() as s:
        br.insert_relation_in(s, no, "CUST")  # in code: accepted
    assert [r.code for r in br.list_relations(ctx, no)] == ["CUST"]
    other = company(ctx, "Other")
    with pytest.raises(ValidationError) as err:
        br.add_relation(ctx, other, "cust")
    assert str(err.value) == (
        "Business Relation Code CUST is used when a Contact is linked with a Customer."
    )
    with pytest.raises(ValidationError) as err:
        br.add_relation(ctx, other, "VEND")
    assert str(err.value) == (
        "Business Relation Code VEND is used when a Contact is linked with a Vendor."
    )
    add_code(ctx, "PROS")
    row = br.add_relation(ctx, other, "PROS")
    assert (row.code, row.description, row.link_to_table, row.no) == ("PROS", "Pros", "", "")
    # The employee code is not checked (§5.2).
    assert br.add_relation(ctx, other, "EMP").code == "EMP"


def test_bc071_summary_after_create(ctx: AppContext) -> None:
    a, b, c = company(ctx, "A"), company(ctx, "B"), company(ctx, "C")
    from_contact.create_as_customer(ctx, a)
    from_contact.create_as_vendor(ctx, b)
    from_contact.create_as_bank_account(ctx, c)
    assert (summary(ctx, a), summary(ctx, b), summary(ctx, c)) == (
        "customer",
        "vendor",
        "bank_account",
    )
    from_contact.create_as_vendor(ctx, a)
    assert summary(ctx, a) == "multiple"


def test_bc072_alternative_codes_other_multiple_none(ctx: AppContext) -> None:
    add_code(ctx, "ALT")
    add_code(ctx, "X")
    a = company(ctx, "A")
    from_contact.create_as_customer(ctx, a)
    from_contact.create_as_vendor(ctx, a)
    masterdata.rename(ctx, "business_relation", "CUST", "CUST2")
    set_codes(ctx, customers="ALT")
    with ctx.db.uow() as s:
        br.recompute_summary_in(s, a)
    assert summary(ctx, a) == "multiple"
    b = company(ctx, "B")
    set_codes(ctx, bank_accs="")
    bank = accounts.create_record(ctx, "bank_account", {"name": "Bank"}).record["no"]
    with ctx.db.uow() as s:
        br.insert_relation_in(s, b, "X", "bank_account", bank)
    set_codes(ctx, bank_accs="BANK")
    with ctx.db.uow() as s:
        br.recompute_summary_in(s, b)
    assert summary(ctx, b) == "other"
    assert summary(ctx, company(ctx, "C")) == "none"


def test_bc084_renaming_the_code_keeps_setup_and_relations(ctx: AppContext) -> None:
    set_codes(ctx, customers="CUST", vendors="CUST", bank_accs="CUST", employees="CUST")
    no = accounts.create_record(ctx, "customer", {"name": "K"}).record["contact_no"]
    masterdata.rename(ctx, "business_relation", "CUST", "RENAMED")
    values = setup.get_marketing_setup(ctx)
    for field in ("customers", "vendors", "bank_accs", "employees"):
        assert values[f"bus_rel_code_for_{field}"] == "RENAMED"
    assert [r.code for r in br.list_relations(ctx, no)] == ["RENAMED"]
    assert summary(ctx, no) == "customer"


def test_bca07_person_joining_a_customer_company_shows_customer(ctx: AppContext) -> None:
    c = company(ctx)
    from_contact.create_as_customer(ctx, c)
    p = person(ctx)
    assert summary(ctx, p) == "none"
    contacts.update_contact(ctx, p, {"company_no": c})
    assert summary(ctx, p) == "customer"


def test_bca08_persons_follow_when_the_company_relation_goes(ctx: AppContext) -> None:
    add_code(ctx, "X")
    c = company(ctx)
    from_contact.create_as_customer(ctx, c)
    p1 = person(ctx, "Person One")
    p2 = person(ctx, "Person Two")
    br.add_relation(ctx, p2, "X")
    assert (summary(ctx, p1), summary(ctx, p2)) == ("none", "other")
    contacts.update_contact(ctx, p1, {"company_no": c})
    contacts.update_contact(ctx, p2, {"company_no": c})
    assert (summary(ctx, p1), summary(ctx, p2)) == ("customer", "multiple")
    br.delete_relation(ctx, c, "CUST")
    assert (summary(ctx, c), summary(ctx, p1), summary(ctx, p2)) == ("none", "none", "other")


def test_bcb19_company_with_customer_cannot_become_a_person(ctx: AppContext) -> None:
    c = company(ctx)
    from_contact.create_as_customer(ctx, c)
    with pytest.raises(ValidationError) as err:
        contacts.update_contact(ctx, c, {"type": "person"})
    assert "No. of Business Relations must be equal to '0'" in str(err.value)
    assert contacts.get_contact(ctx, c).type == "company"


def test_deleting_a_record_removes_its_relation_and_resets_persons(ctx: AppContext) -> None:
    c = company(ctx)
    p = person(ctx, company_no=c)
    k = from_contact.create_as_customer(ctx, c).no
    assert summary(ctx, p) == "customer"
    accounts.delete_record(ctx, "customer", k)
    assert br.list_relations(ctx, c) == []
    assert (summary(ctx, c), summary(ctx, p)) == ("none", "none")


def test_relation_rows_name_the_linked_record(ctx: AppContext) -> None:
    c = company(ctx, "Named BV")
    k = from_contact.create_as_customer(ctx, c).no
    rows = br.list_relations(ctx, c)
    assert [(r.code, r.description, r.link_to_table, r.no, r.linked_name) for r in rows] == [
        ("CUST", "Customer", "customer", k, "Named BV")
    ]
