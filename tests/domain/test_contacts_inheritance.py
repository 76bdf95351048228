"""Inheritance (§2.3, §2.4) and defaults (§3) as pure rules on dicts."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain.defaults import apply_defaults, apply_type
from crm_desktop.domain.inheritance import (
    ADDRESS_FIELDS,
    COMMUNICATION_FIELDS,
    SIMPLE_FIELDS,
    InheritFlags,
    following_fields,
    inherit_on_assign,
    propagate_company_change,
)

ALL_FIELDS = (*SIMPLE_FIELDS.values(), *ADDRESS_FIELDS, *COMMUNICATION_FIELDS)


def company(tag: str, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {f: f"{tag}-{f}" for f in ALL_FIELDS}
    values.update(name=f"Company {tag}", correspondence_type="email")
    values.update(extra)
    return values


def test_assign_copies_everything_to_a_blank_person() -> None:
    c = company("A")
    changes = inherit_on_assign({}, c, None, InheritFlags())
    assert changes == {
        **{f: c[f] for f in ALL_FIELDS},
        "company_name": "Company A",
        "correspondence_type": "email",
    }


def test_assign_overwrites_simple_fields_even_with_blank() -> None:
    person = {"salesperson_code": "MINE", "territory_code": "T"}
    changes = inherit_on_assign(person, company("A", salesperson_code=""), None, InheritFlags())
    assert changes["salesperson_code"] == ""
    assert changes["territory_code"] == "A-territory_code"


def test_assign_keeps_the_persons_own_address_and_communication() -> None:
    person = {"address": "Own street 1", "city": "Own city", "email": "me@own.nl"}
    changes = inherit_on_assign(person, company("A"), None, InheritFlags())
    assert not set(ADDRESS_FIELDS) & set(changes)
    assert "email" not in changes
    assert changes["phone_no"] == "A-phone_no"


def test_assign_replaces_the_old_companys_address_stale_rule() -> None:
    old, new = company("A"), company("B")
    person = {f: old[f] for f in ALL_FIELDS}
    changes = inherit_on_assign(person, new, old, InheritFlags())
    for f in (*ADDRESS_FIELDS, *COMMUNICATION_FIELDS):
        assert changes[f] == new[f]


def test_assign_with_flags_off_copies_only_the_company_name() -> None:
    changes = inherit_on_assign({}, company("A"), None, InheritFlags.all_off())
    assert changes == {"company_name": "Company A"}


@pytest.mark.parametrize(
    "flag",
    [
        "salesperson",
        "territory",
        "country_region",
        "language",
        "format_region",
        "address",
        "communication",
    ],
)
def test_each_flag_switches_its_own_group(flag: str) -> None:
    only = InheritFlags(**{f: f == flag for f in InheritFlags.__dataclass_fields__})
    changes = set(inherit_on_assign({}, company("A"), None, only)) - {"company_name"}
    expected = {
        "address": set(ADDRESS_FIELDS),
        "communication": {*COMMUNICATION_FIELDS, "correspondence_type"},
    }.get(flag, {SIMPLE_FIELDS.get(flag, "")})
    assert changes == expected


def test_propagation_only_where_the_person_still_had_the_old_value() -> None:
    old = company("A")
    new = {**old, "phone_no": "new phone", "email": "new@a.nl", "salesperson_code": "NEW"}
    person = {**{f: old[f] for f in ALL_FIELDS}, "email": "own@p.nl"}
    changes = propagate_company_change(person, old, new, InheritFlags())
    assert changes == {"phone_no": "new phone", "salesperson_code": "NEW"}


def test_propagation_moves_the_address_only_as_a_whole() -> None:
    old = company("A")
    new = {**old, "address": "New street", "county": "New county"}
    same = {f: old[f] for f in ALL_FIELDS}
    assert propagate_company_change(same, old, new, InheritFlags()) == {
        "address": "New street",
        "county": "New county",
    }
    own_city = {**same, "city": "Elsewhere"}
    assert propagate_company_change(own_city, old, new, InheritFlags()) == {}


def test_propagation_company_name_always_and_nothing_else_with_flags_off() -> None:
    old = company("A")
    new = {**company("B"), "name": "Renamed"}
    person = {f: old[f] for f in ALL_FIELDS}
    assert propagate_company_change(person, old, new, InheritFlags.all_off()) == {
        "company_name": "Renamed"
    }


def test_correspondence_type_is_not_propagated_on_a_company_save() -> None:
    old = company("A")
    new = {**old, "correspondence_type": "hard_copy"}
    assert (
        propagate_company_change({"correspondence_type": "email"}, old, new, InheritFlags()) == {}
    )


@given(
    st.dictionaries(st.sampled_from(ALL_FIELDS), st.sampled_from(["", "x", "y"])),
    st.dictionaries(st.sampled_from(ALL_FIELDS), st.sampled_from(["", "x", "y"])),
    st.dictionaries(st.sampled_from(ALL_FIELDS), st.sampled_from(["", "x", "y"])),
    st.builds(InheritFlags, *[st.booleans()] * 7),
)
def test_propagation_never_touches_a_field_the_person_changed(
    person: dict[str, str], old: dict[str, str], new: dict[str, str], flags: InheritFlags
) -> None:
    changes = propagate_company_change(person, old, new, flags)
    for field in changes:
        if field in ("company_name", *ADDRESS_FIELDS):
            continue
        assert person.get(field, "") == old.get(field, "")
    if any(f in changes for f in ADDRESS_FIELDS):
        assert all(person.get(f, "") == old.get(f, "") for f in ADDRESS_FIELDS[:4])


def test_following_fields_for_the_card_marker() -> None:
    c = company("A")
    person = {**{f: c[f] for f in ALL_FIELDS}, "email": "own@p.nl"}
    following = following_fields(person, c, InheritFlags())
    assert "email" not in following
    assert {"phone_no", "salesperson_code", "address"} <= following
    off = InheritFlags(salesperson=False)
    assert "salesperson_code" not in following_fields(person, c, off)


SETUP = {
    "default_salesperson_code": "DEF",
    "default_territory_code": "T1",
    "default_country_region_code": "NL",
    "default_language_code": "NLD",
    "default_format_region": "nl-NL",
    "default_correspondence_type": "hard_copy",
    "def_company_salutation_code": "COMPANY",
    "default_person_salutation_code": "PERSON",
}


def test_defaults_fill_only_blank_fields() -> None:
    out = apply_defaults({"type": "person", "territory_code": "OWN"}, SETUP, "")
    assert out["territory_code"] == "OWN"
    assert out["salesperson_code"] == "DEF"
    assert (out["country_region_code"], out["language_code"], out["format_region"]) == (
        "NL",
        "NLD",
        "nl-NL",
    )
    assert out["correspondence_type"] == "hard_copy"
    assert out["salutation_code"] == "PERSON"
    assert apply_defaults({"type": "company"}, SETUP, "")["salutation_code"] == "COMPANY"


def test_my_salesperson_beats_the_default_but_not_a_given_one() -> None:
    assert apply_defaults({}, SETUP, "ME")["salesperson_code"] == "ME"
    assert apply_defaults({"salesperson_code": "GIVEN"}, SETUP, "ME")["salesperson_code"] == "GIVEN"


def test_type_routine_company_and_person() -> None:
    comp = apply_type(
        {
            "no": "C1",
            "type": "company",
            "name": "Acme",
            "first_name": "x",
            "salutation_code": "OWN",
        },
        SETUP,
        previous_type=None,
    )
    assert (comp["company_no"], comp["company_name"], comp["first_name"]) == ("C1", "Acme", "")
    assert comp["salutation_code"] == "COMPANY"
    person = apply_type(
        {**comp, "type": "person", "name": "Anna van Berg"}, SETUP, previous_type="company"
    )
    assert (person["company_no"], person["company_name"]) == ("", "")
    assert (person["first_name"], person["middle_name"], person["surname"]) == (
        "Anna",
        "van",
        "Berg",
    )
    assert person["salutation_code"] == "COMPANY"


@given(
    st.dictionaries(st.sampled_from(ALL_FIELDS), st.sampled_from(["", "x", "y"])),
    st.dictionaries(st.sampled_from(ALL_FIELDS), st.sampled_from(["", "x", "y"])),
    st.one_of(st.none(), st.dictionaries(st.sampled_from(ALL_FIELDS), st.sampled_from(["", "x"]))),
)
def test_assign_keeps_an_own_address_whole_or_takes_the_new_one_whole(
    person: dict[str, str], new: dict[str, str], old: dict[str, str] | None
) -> None:
    after = {**person, **inherit_on_assign(person, new, old, InheritFlags())}
    own = [after.get(f, "") for f in ADDRESS_FIELDS]
    assert own in (
        [person.get(f, "") for f in ADDRESS_FIELDS],
        [new.get(f, "") for f in ADDRESS_FIELDS],
    )
    for field in COMMUNICATION_FIELDS:
        mine = person.get(field, "")
        if mine and (old is None or mine != old.get(field, "")):
            assert after.get(field, "") == mine
