"""Folding for the contact search: the typed text and the stored copy meet in one form."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain.search_text import FOLD_MAP, compact, fold


def test_accents_and_case_fold_away() -> None:
    assert fold("Müller") == "muller"
    assert fold("ØSTERGÅRD") == "ostergard"
    assert fold("Straße") == "strasse"
    assert fold("Łódź Çelik Ångström") == "lodz celik angstrom"
    assert fold(None) == ""


def test_post_codes_compact() -> None:
    assert compact("3547 DM") == compact("3547dm") == "3547dm"
    assert compact("SW1A 1AA") == "sw1a1aa"


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x17F)))
def test_fold_is_idempotent_and_leaves_no_mapped_letter(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert not any(ch in FOLD_MAP for ch in once)
    assert not any("A" <= ch <= "Z" for ch in once)
