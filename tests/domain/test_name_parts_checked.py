"""split_name_checked: a person's Name is split as BC does, and a part too long for its field is
refused with BC's length message instead of being cut (issue 12 point 7)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain.contacts import join_name, split_name, split_name_checked
from crm_desktop.domain.errors import ValidationError


def test_parts_as_bc_splits_them() -> None:
    assert split_name_checked("Anna Maria van Berg") == ("Anna Maria", "van", "Berg")
    assert split_name_checked("  Kees  ") == ("Kees", "", "")


def test_a_part_over_30_is_refused_on_name() -> None:
    with pytest.raises(ValidationError) as err:
        split_name_checked("Anna " + "B" * 31)
    assert err.value.field == "name"
    assert str(err.value) == (
        "The length of the string is 31, but it must be less than or equal to 30 characters."
    )


@given(st.lists(st.text("abcxyz", min_size=1, max_size=40), min_size=1, max_size=5))
def test_refuses_or_splits_exactly_like_split_name(words: list[str]) -> None:
    name = " ".join(words)
    try:
        parts = split_name_checked(name)
    except ValidationError:
        assert max(len(p) for p in split_name(name)) == 30  # split_name would have cut it
        return
    assert parts == split_name(name)
    assert join_name(*parts) == " ".join(name.split())  # Name rebuilt loses nothing
