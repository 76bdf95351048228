"""The salutation formula engine (§9). BC's tests do not evaluate formulas; these do."""

from __future__ import annotations

import pytest

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.salutations import Formula, format_salutation, salutation_for


def test_parts_fill_the_placeholders() -> None:
    assert format_salutation("Dear %1 %2,", ["Anna", "Berg"]) == "Dear Anna Berg,"


def test_an_empty_part_takes_its_following_space_with_it() -> None:
    assert format_salutation("Dear Mr. %1 %2", ["", "Smith"]) == "Dear Mr. Smith"
    assert format_salutation("Dear %1 %2 %3,", ["Jan", "", "Dijk"]) == "Dear Jan Dijk,"


def test_an_empty_part_at_the_end_just_becomes_empty() -> None:
    assert format_salutation("Dear %1 %2", ["Anna", ""]) == "Dear Anna "


def test_a_part_containing_a_placeholder_is_not_substituted_again() -> None:
    assert format_salutation("%1 %2", ["100%2", "x"]) == "100%2 x"


def test_result_is_cut_at_260() -> None:
    assert len(format_salutation("%1", ["x" * 300])) == 260


def test_salutation_for_maps_each_part_to_a_contact_field() -> None:
    formula = Formula("S", "", "formal", "Dear %1 %2 (%3)", ("job_title", "surname", ""))
    contact = {"job_title": "Dr.", "surname": "Berg", "first_name": "Anna"}
    assert salutation_for(contact, formula) == "Dear Dr. Berg ()"


def test_bc144_formula_with_all_five_parts() -> None:
    names = ("company_name", "initials", "surname", "middle_name", "first_name")
    formula = Formula("S", "ENU", "informal", "%1 %2 %3 %4 %5", names)
    contact = {
        "company_name": "Acme",
        "initials": "AB",
        "surname": "Berg",
        "middle_name": "van",
        "first_name": "Anna",
    }
    assert salutation_for(contact, formula) == "Acme AB Berg van Anna"


def test_a_blank_pattern_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        salutation_for({}, Formula("S", "NLD", "formal", " ", ()))
    assert str(err.value) == "Salutation must have a value in Salutation Formula S NLD formal."
