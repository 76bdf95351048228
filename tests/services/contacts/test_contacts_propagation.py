"""A company's changes reaching its persons (§2.4), moving persons (§2.5), type change and
deletion (§5.8). BC's own tests do not cover propagation; these do, field by field."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crm_desktop.domain.errors import ReferencedError, ValidationError
from crm_desktop.domain.inheritance import COMMUNICATION_FIELDS, SIMPLE_FIELDS
from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts, from_contact

FLAG_OF = {
    "salesperson_code": "inherit_salesperson_code",
    "territory_code": "inherit_territory_code",
    "country_region_code": "inherit_country_region_code",
    "language_code": "inherit_language_code",
    "format_region": "inherit_format_region",
}
OLD = {
    "salesperson_code": "SP1",
    "territory_code": "T1",
    "country_region_code": "NL",
    "language_code": "NLD",
    "format_region": "nl-NL",
}
NEW = {
    "salesperson_code": "SP2",
    "territory_code": "T2",
    "country_region_code": "DE",
    "language_code": "ENU",
    "format_region": "en-US",
}
COMM_OLD = {f: "111" if "no" in f or f == "pager" else "old" for f in COMMUNICATION_FIELDS}
COMM_OLD.update(email="old@co.nl", home_page="old.co.nl", telex_answer_back="old")
COMM_NEW = {f: "222" if "no" in f or f == "pager" else "new" for f in COMMUNICATION_FIELDS}
COMM_NEW.update(email="new@co.nl", home_page="new.co.nl", telex_answer_back="new")
ADDRESS = {
    "address": "Damrak 1",
    "address_2": "",
    "post_code": "1012",
    "city": "Amsterdam",
    "county": "NH",
}


@pytest.fixture
def app(ctx: AppContext) -> Iterator[AppContext]:
    for code in ("SP1", "SP2"):
        masterdata.save_row(ctx, "salesperson", {"code": code, "name": code})
    for code in ("T1", "T2"):
        masterdata.save_row(ctx, "territory", {"code": code, "name": code})
    yield ctx


def make_company(app: AppContext) -> str:
    values = {"type": "company", "name": "Co", **OLD, **COMM_OLD, **ADDRESS}
    return contacts.create_contact(app, values).contact.no


def person(app: AppContext, company_no: str, **own: str) -> str:
    values = {"type": "person", "name": "P", "company_no": company_no, **own}
    return contacts.create_contact(app, values).contact.no


def test_address_reaches_persons_with_the_old_address_only(app: AppContext) -> None:
    c = make_company(app)
    follower = person(app, c)
    own = person(app, c, address="Own road 9", city="Haarlem")
    saved = contacts.update_contact(app, c, {"address": "Rokin 2", "county": "N-H"})
    assert saved.persons_updated == (follower,)
    assert contacts.get_contact(app, follower).address == "Rokin 2"
    assert contacts.get_contact(app, follower).county == "N-H"
    assert contacts.get_contact(app, own).address == "Own road 9"
    assert contacts.get_contact(app, own).county == ""


@pytest.mark.parametrize("field", COMMUNICATION_FIELDS)
def test_each_communication_field_reaches_persons_that_had_the_old_value(
    app: AppContext, field: str
) -> None:
    c = make_company(app)
    follower = person(app, c)
    own_value = "999" if COMM_OLD[field].isdigit() else ("me@own.nl" if field == "email" else "own")
    own = person(app, c, **{field: own_value})
    saved = contacts.update_contact(app, c, {field: COMM_NEW[field]})
    assert saved.persons_updated == (follower,)
    assert getattr(contacts.get_contact(app, follower), field) == COMM_NEW[field]
    assert getattr(contacts.get_contact(app, own), field) == own_value
    if field == "email":
        assert contacts.get_contact(app, follower).search_email == "NEW@CO.NL"


@pytest.mark.parametrize("field", list(SIMPLE_FIELDS.values()))
def test_each_simple_field_reaches_persons_that_had_the_old_value(
    app: AppContext, field: str
) -> None:
    c = make_company(app)
    follower = person(app, c)
    changed_by_hand = person(app, c)
    new_value = {**NEW, "salesperson_code": "SP2"}[field]
    other = {
        "salesperson_code": "",
        "territory_code": "",
        "country_region_code": "GB",
        "language_code": "",
        "format_region": "fr-FR",
    }[field]
    contacts.update_contact(app, changed_by_hand, {field: other})
    saved = contacts.update_contact(app, c, {field: new_value})
    assert saved.persons_updated == (follower,)
    assert getattr(contacts.get_contact(app, follower), field) == new_value
    assert getattr(contacts.get_contact(app, changed_by_hand), field) == other


@pytest.mark.parametrize(
    ("flag", "changes"),
    [
        *[(FLAG_OF[f], {f: NEW[f]}) for f in SIMPLE_FIELDS.values()],
        ("inherit_address_details", {"address": "Rokin 2"}),
        ("inherit_communication_details", {"phone_no": "333", "email": "x@co.nl"}),
    ],
)
def test_nothing_moves_when_the_flag_is_off(
    app: AppContext, flag: str, changes: dict[str, str]
) -> None:
    c = make_company(app)
    p = person(app, c)
    before = contacts.get_contact(app, p)
    setup.update_marketing_setup(app, {flag: False})
    saved = contacts.update_contact(app, c, changes)
    assert saved.persons_updated == ()
    assert contacts.get_contact(app, p) == before


def test_company_name_always_follows_and_is_counted(app: AppContext) -> None:
    c = make_company(app)
    persons = [person(app, c) for _ in range(3)]
    setup.update_marketing_setup(
        app,
        {
            f: False
            for f in (*FLAG_OF.values(), "inherit_address_details", "inherit_communication_details")
        },
    )
    saved = contacts.update_contact(app, c, {"name": "Co Renamed"})
    assert saved.persons_updated == tuple(persons)
    assert {contacts.get_contact(app, p).company_name for p in persons} == {"Co Renamed"}
    assert contacts.count_persons(app, c) == 3


def test_unchanged_company_save_updates_nobody(app: AppContext) -> None:
    c = make_company(app)
    person(app, c)
    assert contacts.update_contact(app, c, {"name": "Co"}).persons_updated == ()


def test_person_moved_to_another_company(app: AppContext) -> None:
    a = make_company(app)
    b = contacts.create_contact(
        app,
        {
            "type": "company",
            "name": "B",
            "salesperson_code": "SP2",
            "address": "Coolsingel 5",
            "city": "Rotterdam",
            "post_code": "3011",
            "phone_no": "010",
            "email": "b@b.nl",
        },
    ).contact
    mover = person(app, a)
    own = person(app, a, address="Own 1", city="Leiden", email="me@own.nl")
    moved = contacts.update_contact(app, mover, {"company_no": b.no}).contact
    assert (moved.company_no, moved.company_name, moved.salesperson_code) == (b.no, "B", "SP2")
    assert (moved.address, moved.city, moved.phone_no, moved.email) == (
        "Coolsingel 5",
        "Rotterdam",
        "010",
        "b@b.nl",
    )
    kept = contacts.update_contact(app, own, {"company_no": b.no}).contact
    assert (kept.address, kept.city, kept.email) == ("Own 1", "Leiden", "me@own.nl")
    assert kept.phone_no == "010"
    assert [p.no for p in contacts.list_persons(app, a)] == []
    assert {p.no for p in contacts.list_persons(app, b.no)} == {mover, own}
    # Once moved, the old company's changes no longer reach them.
    assert contacts.update_contact(app, a, {"address": "Elsewhere 3"}).persons_updated == ()


def test_person_leaves_its_company(app: AppContext) -> None:
    c = make_company(app)
    p = person(app, c)
    row = contacts.update_contact(app, p, {"company_no": ""}).contact
    assert (row.company_no, row.company_name) == ("", "")
    assert row.address == ADDRESS["address"]


def test_company_no_only_for_persons(app: AppContext) -> None:
    c = make_company(app)
    other = contacts.create_contact(app, {"name": "Other"}).contact
    assert other.company_no == other.no
    with pytest.raises(ValidationError) as err:
        contacts.update_contact(app, other.no, {"company_no": c})
    assert str(err.value) == "Type must be equal to Person"
    p = person(app, c)
    with pytest.raises(ValidationError) as err:
        contacts.update_contact(app, c, {"company_no": p})
    assert err.value.field == "company_no"
    with pytest.raises(ValidationError) as err:
        contacts.create_contact(app, {"type": "person", "company_no": p})
    assert str(err.value) == f"Contact {p} is not a company."


def test_inherited_fields_marker(app: AppContext) -> None:
    c = make_company(app)
    p = person(app, c, email="me@own.nl")
    following = contacts.inherited_fields(app, p)
    assert {"salesperson_code", "address", "phone_no"} <= following
    assert "email" not in following
    assert contacts.inherited_fields(app, c) == frozenset()


def test_type_change_refused_for_a_company_with_persons(app: AppContext) -> None:
    c = make_company(app)
    person(app, c)
    with pytest.raises(ValidationError) as err:
        contacts.update_contact(app, c, {"type": "person"})
    assert str(err.value) == f"You cannot change the type of contact {c} because it has 1 persons."


@pytest.mark.parametrize(
    ("field", "value", "caption"),
    [
        ("currency_code", "EUR", "Currency Code"),
        ("vat_registration_no", "NL1", "VAT Registration No."),
    ],
)
def test_type_change_refused_with_currency_or_vat(
    app: AppContext, field: str, value: str, caption: str
) -> None:
    masterdata.save_row(app, "currency", {"code": "EUR", "description": "Euro"})
    c = contacts.create_contact(app, {"name": "X", field: value}).contact
    with pytest.raises(ValidationError) as err:
        contacts.update_contact(app, c.no, {"type": "person"})
    assert str(err.value) == (
        f"{caption} must be equal to '' in Contact: No.={c.no}. Current value is '{value}'."
    )


def test_person_changed_to_company_becomes_its_own_company(app: AppContext) -> None:
    c = make_company(app)
    p = person(app, c, job_title="Boss")
    row = contacts.update_contact(app, p, {"type": "company", "name": "Own Firm"}).contact
    assert (row.company_no, row.company_name, row.job_title) == (p, "Own Firm", "")
    assert row.salutation_code == "COMPANY"
    assert contacts.count_persons(app, c) == 0


def test_delete_company_with_persons_needs_consent(app: AppContext) -> None:
    c = make_company(app)
    persons = [person(app, c), person(app, c)]
    with pytest.raises(ReferencedError) as err:
        contacts.delete_contact(app, c)
    assert str(err.value) == (f"Company {c} has 2 persons; delete them together with the company.")
    assert contacts.count_persons(app, c) == 2
    assert contacts.delete_contact(app, c, including_persons=True) == 3
    assert contacts.list_contacts(app) == []
    del persons


def test_delete_person_and_lonely_company(app: AppContext) -> None:
    c = make_company(app)
    p = person(app, c)
    assert contacts.delete_contact(app, p) == 1
    assert contacts.delete_contact(app, c) == 1
    assert contacts.list_contacts(app) == []


def test_deleting_a_primary_contact_clears_it_on_the_customer(app: AppContext) -> None:
    c = make_company(app)
    p = person(app, c)
    record = from_contact.create_as(app, "customer", c).no
    accounts.update_record(app, "customer", record, {"primary_contact_no": p})
    assert accounts.get_record(app, "customer", record)["primary_contact_no"] == p
    assert contacts.delete_contact(app, p) == 1
    saved = accounts.get_record(app, "customer", record)
    assert (saved["primary_contact_no"], saved["contact"]) == ("", "")


def test_company_change_reaches_a_persons_employee_record(app: AppContext) -> None:
    c = make_company(app)
    p = person(app, c)
    bystander = person(app, c)
    employee = from_contact.create_as(app, "employee", p).no
    saved = contacts.update_contact(app, c, {"phone_no": "444"})
    assert saved.persons_updated == (p, bystander)
    assert contacts.get_contact(app, p).phone_no == "444"
    assert accounts.get_record(app, "employee", employee)["phone_no"] == "444"
