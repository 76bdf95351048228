"""Contact field rules without a database: names, search name, e-mail, phones, cleaning.

BC scenarios here: 149 (e-mail addresses separated by ';'). Scenario 150 is kept back as an
acceptance check.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain.contacts import (
    FIELDS_BY_NAME,
    check_email,
    clean_contact_values,
    join_name,
    next_search_name,
    split_name,
)
from crm_desktop.domain.errors import ValidationError


def test_bc149_email_addresses_separated_by_semicolon_are_accepted() -> None:
    text = "test1@test.com; test2@test.com; test3@test.com"
    assert check_email(text) == text
    assert check_email("") == ""
    assert clean_contact_values({"email": text}) == {"email": text}


@pytest.mark.parametrize("separator", [", ", "| ", " "])
def test_bc149_other_separators_quote_the_whole_text(separator: str) -> None:
    text = separator.join(["test1@test.com", "test2@test.com", "test3@test.com"])
    with pytest.raises(ValidationError) as err:
        check_email(text)
    assert str(err.value) == f'The email address "{text}" is not valid.'
    assert err.value.field == "email"


def test_bc149_only_the_bad_address_is_quoted() -> None:
    with pytest.raises(ValidationError) as err:
        clean_contact_values({"email": "test1@test.com; test2.com; test3@test.com"})
    assert str(err.value) == 'The email address "test2.com" is not valid.'
    assert err.value.field == "email"


@pytest.mark.parametrize(
    ("field", "caption"),
    [("phone_no", "Phone No."), ("mobile_phone_no", "Mobile Phone No."), ("fax_no", "Fax No.")],
)
def test_phone_numbers_with_letters_are_refused_naming_the_field(field: str, caption: str) -> None:
    with pytest.raises(ValidationError) as err:
        clean_contact_values({field: "+31 15 CALLME"})
    assert str(err.value) == f"{caption} must not contain letters"
    assert err.value.field == field
    assert clean_contact_values({field: "+31 (15) 123-45.67"}) == {field: "+31 (15) 123-45.67"}


def test_lengths_are_bc_lengths() -> None:
    assert clean_contact_values({"name": "x" * 100})["name"] == "x" * 100
    with pytest.raises(ValidationError) as err:
        clean_contact_values({"name": "x" * 101})
    assert str(err.value) == (
        "The length of the string is 101, but it must be less than or equal to 100 characters."
    )
    assert err.value.field == "name"
    with pytest.raises(ValidationError) as err:
        clean_contact_values({"registration_number": "1" * 21})
    assert err.value.field == "registration_number"
    assert FIELDS_BY_NAME["city"].max_len == 30


def test_codes_are_trimmed_and_upper_cased_and_vat_too() -> None:
    clean = clean_contact_values(
        {"salesperson_code": " js ", "vat_registration_no": " nl123456789b01 ", "company_no": "ct1"}
    )
    assert clean == {
        "salesperson_code": "JS",
        "vat_registration_no": "NL123456789B01",
        "company_no": "CT1",
    }


def test_type_and_correspondence_type_accept_any_case() -> None:
    assert clean_contact_values({"type": "Person"}) == {"type": "person"}
    assert clean_contact_values({"type": ""}) == {"type": "company"}
    assert clean_contact_values({"correspondence_type": "Hard Copy"}) == {
        "correspondence_type": "hard_copy"
    }
    assert clean_contact_values({"correspondence_type": "E-Mail"}) == {
        "correspondence_type": "email"
    }
    with pytest.raises(ValidationError) as err:
        clean_contact_values({"type": "robot"})
    assert str(err.value) == "Type cannot be robot."
    assert err.value.field == "type"


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        clean_contact_values({"shoe_size": "44"})
    assert str(err.value) == "Contact has no field shoe_size."
    assert err.value.field == "shoe_size"


def test_privacy_blocked_reads_yes_and_no() -> None:
    assert clean_contact_values({"privacy_blocked": "yes"}) == {"privacy_blocked": True}
    assert clean_contact_values({"privacy_blocked": "0"}) == {"privacy_blocked": False}
    with pytest.raises(ValidationError):
        clean_contact_values({"privacy_blocked": "maybe"})


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Anna", ("Anna", "", "")),
        ("Anna Berg", ("Anna", "", "Berg")),
        ("Jan van Dijk", ("Jan", "van", "Dijk")),
        ("Jan  Pieter   van Dijk", ("Jan Pieter", "van", "Dijk")),
        ("", ("", "", "")),
    ],
)
def test_person_name_split(name: str, parts: tuple[str, str, str]) -> None:
    assert split_name(name) == parts


def test_name_parts_are_cut_at_30() -> None:
    first, middle, surname = split_name("A" * 40 + " " + "B" * 40)
    assert (len(first), middle, len(surname)) == (30, "", 30)


def test_bc148_name_joined_from_parts() -> None:
    assert join_name("F", "M", "S") == "F M S"
    assert join_name("Anna", "", "Berg") == "Anna Berg"
    assert join_name("", "", "") == ""


@given(st.lists(st.text("abcXYZé", min_size=1, max_size=4), min_size=1, max_size=6))
def test_split_then_join_keeps_the_words(words: list[str]) -> None:
    name = " ".join(words)
    assert join_name(*split_name(name)) == name


def test_search_name_follows_name_while_not_changed_by_hand() -> None:
    assert next_search_name("", "Acme", "") == "ACME"
    assert next_search_name("Acme", "Acme BV", "ACME") == "ACME BV"
    assert next_search_name("Acme", "Acme BV", "MY OWN") == "MY OWN"
    assert next_search_name(" Acme", "  Acme BV ", "ACME") == "ACME BV"
