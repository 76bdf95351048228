"""Duplicate search strings and the hit-% threshold (spec §7.3, §7.5): pure rules."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from crm_desktop.domain.duplicates import search_strings as d


def test_worked_examples_of_7_3() -> None:
    cases = [
        ("United Furnishing Ltd.", "UNITE", "NGLTD"),
        ("45 Lindon Road", "45LIN", "NROAD"),
        ("London", "LONDO", "ONDON"),
        ("SW39GY", "SW39G", "W39GY"),
        ("+1 (555) 123-4567", "15551", "34567"),
        ("anna@ex.com", "ANNA@", "EXCOM"),
    ]
    for value, first, last in cases:
        assert d.search_string(value, "first", 5) == first, value
        assert d.search_string(value, "last", 5) == last, value
    assert d.clean_value("United Furnishing Ltd.") == "UnitedFurnishingLtd"


def test_exactly_the_listed_characters_are_stripped() -> None:
    stripped = ' +"&/,.;:-_(){}#!£$\\'
    assert d.clean_value("a" + stripped + "b") == "ab"
    kept = "'@*%=<>|éÅ09"
    assert d.clean_value(kept) == kept
    assert d.search_string("o'neil@x", "first", 10) == "O'NEIL@X"


def test_short_values_are_used_whole_and_blank_is_not_stored() -> None:
    assert d.search_string("Ab", "first", 5) == "AB"
    assert d.search_string("Ab", "last", 5) == "AB"
    assert d.search_string("", "first", 5) == ""
    assert d.search_string(" . - ", "last", 5) == ""
    assert d.search_string(None, "first", 5) == ""
    setup = [d.SetupRow("name", "first", 5), d.SetupRow("city", "last", 5)]
    assert d.search_strings({"name": "Acme", "city": "  "}, setup) == {("name", "first"): "ACME"}


def test_length_bounds_are_respected() -> None:
    assert d.search_string("abcdefghijkl", "first", 2) == "AB"
    assert d.search_string("abcdefghijkl", "last", 10) == "CDEFGHIJKL"


def test_upper_case_never_makes_the_string_longer() -> None:
    assert d.search_string("straße", "last", 5) == "TRAßE"
    assert len(d.search_string("ßßßßßßß", "first", 5)) == 5


def test_threshold_rounds_up() -> None:
    assert d.needed_matches(16, 60) == 10  # 9.6 -> 10 (the default)
    assert d.needed_matches(16, 10) == 2  # 1.6 -> 2 (scenario 21)
    assert d.needed_matches(16, 90) == 15  # 14.4 -> 15 (scenario 24)
    assert d.needed_matches(16, 50) == 8  # exactly 8 stays 8
    assert d.needed_matches(16, 100) == 16
    assert d.needed_matches(16, 1) == 1
    assert d.needed_matches(2, 10) == 1


@given(st.integers(1, 200), st.integers(1, 100))
def test_threshold_is_the_ceiling(rows: int, hit: int) -> None:
    needed = d.needed_matches(rows, hit)
    assert needed * 100 >= rows * hit > (needed - 1) * 100


@given(st.integers(1, 64), st.integers(1, 100), st.integers(0, 64))
def test_a_pair_at_the_threshold_never_scores_below_the_hit_percent(
    rows: int, hit: int, matches: int
) -> None:
    matches = min(matches, rows)
    if d.is_duplicate(matches, rows, hit):
        assert d.score_percent(matches, rows) >= hit
    assert 0 <= d.score_percent(matches, rows) <= 100


def test_empty_setup_finds_nothing() -> None:
    assert not d.is_duplicate(0, 0, 60)
    assert d.score_percent(3, 0) == 0


def test_matches_count_per_field_and_part_only() -> None:
    a = {("phone_no", "first"): "12345", ("name", "first"): "ACME", ("name", "last"): "ACME"}
    b = {("mobile_phone_no", "first"): "12345", ("name", "first"): "ACME", ("name", "last"): "X"}
    assert d.count_matches(a, b) == 1
    assert d.count_matches(a, a) == 3


def test_reindex_triggers() -> None:
    assert d.needs_reindex([], is_new=True)
    assert d.needs_reindex(["type"], is_new=False)
    assert d.needs_reindex(["city"], is_new=False)
    # BC misses these two; we do not.
    assert d.needs_reindex(["email"], is_new=False)
    assert d.needs_reindex(["mobile_phone_no"], is_new=False)
    assert not d.needs_reindex(["job_title"], is_new=False)
    assert d.needs_reindex(["job_title"], is_new=False, setup_fields=["job_title"])


@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.sampled_from("fl"), st.integers(0, 3)),
        min_size=1,
        max_size=8,
    ),
    st.integers(1, 8),
)
def test_candidate_positions_never_lose_a_pair(
    strings: list[tuple[str, str, int]], needed: int
) -> None:
    # Contacts 0..3 hold strings at positions (field, part); brute force against the pruned join.
    positions = sorted({(f, p) for f, p, _ in strings} | {("z", "f")})
    n = len(positions)
    needed = min(needed, n)
    held: dict[int, dict[tuple[str, str], str]] = {c: {} for c in range(4)}
    for f, p, c in strings:
        held[c][(f, p)] = "S"
    costs = {pos: sum(1 for c in held if pos in held[c]) ** 2 for pos in positions}
    chosen = set(d.candidate_positions(costs, n, needed))
    assert len(chosen) == n - needed + 1
    for x, y in itertools.combinations(held, 2):
        matches = d.count_matches(held[x], held[y])
        if matches >= needed:
            assert any(held[x].get(p) == held[y].get(p) is not None for p in chosen)


@given(
    st.dictionaries(
        st.sampled_from([f"C{i}" for i in range(12)]),
        st.lists(st.sampled_from([None, "A", "B"]), min_size=5, max_size=5),
        min_size=2,
    ),
    st.integers(1, 5),
    st.lists(st.integers(0, 9), min_size=5, max_size=5),
)
def test_candidate_pairs_find_every_pair_that_reaches_the_threshold(
    strings: dict[str, list[str | None]], needed: int, costs: list[int]
) -> None:
    found = d.candidate_pairs(strings, costs, needed)
    for x, y in itertools.combinations(sorted(strings), 2):
        equal = sum(
            1 for u, v in zip(strings[x], strings[y], strict=True) if u is not None and u == v
        )
        if equal >= needed:
            assert (y, x) in found
    assert all(a > b for a, b in found)


@given(st.lists(st.one_of(st.none(), st.text(max_size=14)), min_size=3, max_size=3))
def test_row_strings_equal_search_string(values: list[str | None]) -> None:
    spec = [(0, True, 5), (0, False, 5), (1, True, 2), (2, False, 10)]
    parts = {True: "first", False: "last"}
    expected = tuple(d.search_string(values[i], parts[f], n) or None for i, f, n in spec)
    assert d.row_strings(values, spec) == expected


def test_too_many_candidates_is_refused() -> None:
    import pytest

    from crm_desktop.domain.errors import ValidationError

    strings = {f"C{i:03d}": ("LONDO", "ONDON", None) for i in range(100)}
    assert len(d.candidate_pairs(strings, [1, 1, 0], 2)) == 4950
    with pytest.raises(ValidationError) as err:
        d.candidate_pairs(strings, [1, 1, 0], 2, limit=1000)
    assert err.value.field == "threshold"
    assert str(err.value).startswith("The duplicate search would compare more than 1000 pairs")
