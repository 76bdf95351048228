"""Pure rules of issue 19: derived descriptions, E-mail fields, address blocks, own holders,
and the .msg reader's refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain.communications import (
    address_lines,
    is_own_holder,
    shorten_at_word,
    split_emails,
)
from crm_desktop.domain.msg import MsgError, read_msg


def test_subject_is_shortened_at_a_word_with_an_ellipsis() -> None:
    text = "Quarterly review of the service contract " * 4
    short = shorten_at_word(text)
    assert len(short) == len(shorten_at_word(short)) <= 100
    assert short.endswith("…") and text.startswith(short[:-1])
    assert short[:-1].split()[-1] in text.split()  # a whole word before the ellipsis
    assert shorten_at_word("Short subject") == "Short subject"
    assert shorten_at_word("x" * 150) == "x" * 99 + "…"


@given(st.text(max_size=300))
def test_shortened_text_always_fits(text: str) -> None:
    assert len(shorten_at_word(text)) <= 100


def test_email_fields_split_on_semicolons_in_any_case() -> None:
    assert split_emails(" A@B.example ;c@d.example;; ") == ["a@b.example", "c@d.example"]
    assert split_emails("") == []


def test_own_value_beats_the_companys_value_a_person_follows() -> None:
    assert is_own_holder("info@a.example", None, "info@a.example")  # a company
    assert not is_own_holder("INFO@a.example", "info@a.example", "info@a.example")  # follows
    assert is_own_holder("rob@a.example; info@a.example", "info@a.example", "info@a.example")
    assert not is_own_holder("rob@a.example", "info@a.example", "info@a.example")


def test_address_block_of_a_person_names_its_company() -> None:
    assert address_lines(
        "Rob Townes",
        "",
        "Adatum",
        "Station Road 21",
        "",
        "CB1 2JD",
        "Cambridge",
        "GB",
        is_person=True,
    ) == ["Rob Townes", "Adatum", "Station Road 21", "CB1 2JD Cambridge", "GB"]


@pytest.mark.parametrize(
    "data", [b"", b"From: a@b\r\n\r\nhi", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600]
)
def test_msg_reader_refuses_what_is_not_an_outlook_message(data: bytes) -> None:
    with pytest.raises(MsgError):
        read_msg(data)
