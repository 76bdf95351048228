"""Duplicate contacts, BC's way (spec §7, scenarios section C), against a real database.

Scenarios not covered here, and why:
- 25 and 30 are kept back by the scenario file as acceptance checks.
- 26 and 27 (Maintain/Autosearch coupling) are Marketing Setup's rule; the part that is ours, the
  generate batch run after the question, is test_bc026_switching_maintain_on_then_generating.
- 32 (duplicates while creating contacts from customers, vendors, bank accounts) needs the sync
  area's "create contacts from" batch; the bulk entry point it calls, maintain_many_in, is tested
  in test_bulk_maintain_reports_duplicates_like_bc032.
- 33 to 36 are about merging contacts, which comes in a later issue.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from crm_desktop.domain.duplicates import search_strings as dd
from crm_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from crm_desktop.services import contacts, duplicates, setup
from crm_desktop.services.app import AppContext
from crm_desktop.storage import models as m


@pytest.fixture(autouse=True)
def bc_method(ctx: AppContext) -> None:
    """GIVEN Duplicate Search Method = search strings: BC's default (and its only method), which
    every scenario here assumes; a new database of ours starts on the fuzzy method."""
    setup.update_marketing_setup(ctx, {"duplicate_method": "search_strings"})


def _no(ctx: AppContext, key: str) -> str:
    return ctx.extras.setdefault("nos", {}).get(key, key)  # type: ignore[union-attr, no-any-return]


def _key(ctx: AppContext, no: str) -> str:
    nos: dict[str, str] = ctx.extras.setdefault("nos", {})  # type: ignore[assignment]
    return next((k for k, v in nos.items() if v == no), no)


def _save(ctx: AppContext, key: str, *, type: str = "company", **fields: str) -> list[str]:
    """Create a contact through the contacts service; `key` names it in the test."""
    saved = contacts.create_contact(ctx, {"type": type, **fields})
    ctx.extras.setdefault("nos", {})[key] = saved.contact.no  # type: ignore[index]
    return [_key(ctx, no) for no in saved.duplicates]


def _modify(ctx: AppContext, key: str, **fields: str) -> list[str]:
    saved = contacts.update_contact(ctx, _no(ctx, key), dict(fields))
    return [_key(ctx, no) for no in saved.duplicates]


def _pairs(ctx: AppContext) -> set[tuple[str, str, bool]]:
    with ctx.db.read() as s:
        return {
            (_key(ctx, p.contact_no), _key(ctx, p.duplicate_contact_no), p.separate_contacts)
            for p in s.scalars(select(m.ContactDuplicate))
        }


def _strings(ctx: AppContext, key: str) -> dict[tuple[str, str], str]:
    no = _no(ctx, key)
    with ctx.db.read() as s:
        rows = s.scalars(
            select(m.ContDuplicateSearchString).where(
                m.ContDuplicateSearchString.contact_company_no == no
            )
        )
        return {(r.field_name, r.part_of_field): r.search_string for r in rows}


def _hit(ctx: AppContext, percent: int, autosearch: bool = True) -> None:
    setup.update_marketing_setup(ctx, {"search_hit_percent": percent})
    if not autosearch:
        setup.update_marketing_setup(ctx, {"autosearch_for_duplicates": False})


def test_bc021_second_company_with_the_same_name_is_a_duplicate(ctx: AppContext) -> None:
    _hit(ctx, 10)
    assert _save(ctx, "A", name="Contact Company") == []
    assert _save(ctx, "B", name="Contact Company") == ["A"]
    assert _pairs(ctx) == {("B", "A", False)}
    [row] = duplicates.list_pairs(ctx)
    assert (row.matching_strings, row.score) == (2, 13)  # 2 of 16 strings, 12.5 % rounded
    assert duplicates.duplicate_exists(ctx, _no(ctx, "B"))
    assert duplicates.duplicate_exists(ctx, _no(ctx, "A"))


def test_bc022_without_autosearch_the_pair_is_still_stored(ctx: AppContext) -> None:
    _hit(ctx, 10, autosearch=False)
    assert setup.get_marketing_setup(ctx)["maintain_dupl_search_strings"] is True
    _save(ctx, "A", name="Contact Company")
    assert _save(ctx, "B", name="Contact Company") == []
    assert _pairs(ctx) == {("B", "A", False)}
    assert not duplicates.duplicate_exists(ctx, _no(ctx, "B"))


def test_bc023_persons_are_not_searched(ctx: AppContext) -> None:
    _hit(ctx, 10)
    _save(ctx, "P1", type="person", name="Contact Person")
    assert _save(ctx, "P2", type="person", name="Contact Person") == []
    assert _pairs(ctx) == set()
    assert _strings(ctx, "P1") == {}


def test_bc024_name_alone_is_below_90_percent(ctx: AppContext) -> None:
    _hit(ctx, 90)
    _save(ctx, "A", name="Contact Company")
    assert _save(ctx, "B", name="Contact Company") == []
    assert _pairs(ctx) == set()


def test_bc026_switching_maintain_on_then_generating(ctx: AppContext) -> None:
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    _hit(ctx, 10)
    _save(ctx, "A", name="Contact Company")
    _save(ctx, "B", name="Contact Company")
    assert _strings(ctx, "A") == {} and _pairs(ctx) == set()
    saved = setup.update_marketing_setup(ctx, {"autosearch_for_duplicates": True})
    assert saved.ask_generate_search_strings
    result = duplicates.generate_search_strings(ctx)
    assert _strings(ctx, "A") == {("name", "first"): "CONTA", ("name", "last"): "MPANY"}
    assert _pairs(ctx) == {("B", "A", False)}
    assert (result.companies, result.pairs) == (2, 1)


def test_bc028_first_contact_field_is_no(ctx: AppContext) -> None:
    with ctx.db.uow() as s:
        s.query(m.DuplicateSearchStringSetup).delete()
    first_field = dd.SEARCHABLE_FIELDS[0][0]
    duplicates.add_setup_row(ctx, first_field, "first")
    [line] = duplicates.list_setup(ctx)
    assert (line.field_name, line.caption, line.part, line.length) == ("no", "No.", "first", 5)


def _only_name_setup(ctx: AppContext, parts: tuple[str, ...] = ("first", "last")) -> None:
    for line in duplicates.list_setup(ctx):
        if line.field_name != "name" or line.part not in parts:
            duplicates.delete_setup_row(ctx, line.field_name, line.part)


def test_bc029_details_show_one_line_per_setup_field(ctx: AppContext) -> None:
    _only_name_setup(ctx)
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    _save(ctx, "X", name="X")
    _save(ctx, "Y", name="Y")
    with ctx.db.uow() as s:
        s.add(m.ContactDuplicate(contact_no=_no(ctx, "X"), duplicate_contact_no=_no(ctx, "Y")))
    [line] = duplicates.pair_details(ctx, _no(ctx, "X"), _no(ctx, "Y"))
    assert (line.caption, line.value, line.duplicate_value, line.same) == ("Name", "X", "Y", False)
    for left in duplicates.list_setup(ctx):
        duplicates.delete_setup_row(ctx, left.field_name, left.part)
    with pytest.raises(NotFoundError) as err:
        duplicates.pair_details(ctx, _no(ctx, "X"), _no(ctx, "Y"))
    assert str(err.value) == "The Duplicate Search String Setup table is empty."


def test_bc031_generate_finds_each_pair_of_identical_names(ctx: AppContext) -> None:
    _only_name_setup(ctx, ("first",))
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    n = random.Random(31).randint(1, 5)
    for i in range(n):
        name = f"Company {i:02d}" + "abcdefghij"[i] * 3
        _save(ctx, f"C{i}A", name=name[-6:] + str(i))
        _save(ctx, f"C{i}B", name=name[-6:] + str(i))
    duplicates.generate_search_strings(ctx)
    assert {(a, b) for a, b, _sep in _pairs(ctx)} == {(f"C{i}B", f"C{i}A") for i in range(n)}
    with ctx.db.read() as s:
        companies = s.scalar(
            select(func.count()).select_from(m.Contact).where(m.Contact.type == "company")
        )
    assert companies == 2 * n


def test_default_setup_and_default_threshold(ctx: AppContext) -> None:
    assert len(duplicates.list_setup(ctx)) == 16  # spec §7.2
    same = {"name": "United Furnishing Ltd.", "address": "45 Lindon Road", "city": "London"}
    _save(ctx, "A", **same, post_code="SW39GY", phone_no="+1 (555) 123-4567")
    # 8 of 16 strings match: 50 % is below the default 60 %.
    assert _save(ctx, "B", **same, post_code="SW39GY") == []
    assert _strings(ctx, "A")[("phone_no", "last")] == "34567"
    # 10 of 16 (62.5 %) reach it.
    assert _save(ctx, "C", **same, post_code="SW39GY", phone_no="15551234567") == ["A"]
    [row] = duplicates.list_pairs(ctx)
    assert (_key(ctx, row.contact_no), _key(ctx, row.duplicate_contact_no), row.score) == (
        "C",
        "A",
        63,
    )
    assert (row.contact_name, row.contact_city) == ("United Furnishing Ltd.", "London")


def test_email_only_change_reindexes(ctx: AppContext) -> None:
    _hit(ctx, 10)
    _save(ctx, "A", name="Alpha", email="info@acme.com")
    _save(ctx, "B", name="Beta")
    assert _modify(ctx, "B", email="info@acme.com") == ["A"]  # BC would miss this
    assert _strings(ctx, "B")[("email", "first")] == "INFO@"


def test_unrelated_change_keeps_strings(ctx: AppContext) -> None:
    _hit(ctx, 10)
    _save(ctx, "A", name="Alpha")
    with ctx.db.uow() as s:
        s.execute(m.ContDuplicateSearchString.__table__.update().values(search_string="STALE"))
    _modify(ctx, "A", job_title="Boss")
    assert set(_strings(ctx, "A").values()) == {"STALE"}


def test_company_changed_to_person_loses_strings_and_open_pairs(ctx: AppContext) -> None:
    _hit(ctx, 10)
    _save(ctx, "A", name="Acme")
    _save(ctx, "B", name="Acme")
    _save(ctx, "C", name="Acme")
    duplicates.keep_separate(ctx, _no(ctx, "C"), _no(ctx, "A"))
    assert _modify(ctx, "A", type="person") == []
    assert _strings(ctx, "A") == {}
    assert _pairs(ctx) == {("C", "A", True), ("C", "B", False)}


def test_kept_separate_pairs_survive_regeneration_and_rescans(ctx: AppContext) -> None:
    _hit(ctx, 10)
    _save(ctx, "A", name="Acme")
    _save(ctx, "B", name="Acme")
    _save(ctx, "C", name="Acme")
    assert _pairs(ctx) == {("B", "A", False), ("C", "A", False), ("C", "B", False)}
    duplicates.keep_separate(ctx, _no(ctx, "A"), _no(ctx, "B"))  # either order finds the pair
    assert _pairs(ctx) == {("B", "A", True), ("C", "A", False), ("C", "B", False)}
    duplicates.generate_search_strings(ctx)
    duplicates.scan(ctx, threshold=10)
    assert _pairs(ctx) == {("B", "A", True), ("C", "A", False), ("C", "B", False)}
    # Re-saving either contact does not bring the pair back in the other order.
    assert _modify(ctx, "A", name="ACME") == ["C"]
    assert _modify(ctx, "B", name="acme") == ["C"]
    assert ("A", "B", False) not in _pairs(ctx) and ("B", "A", True) in _pairs(ctx)
    assert not duplicates.duplicate_exists(ctx, "X")
    duplicates.keep_separate(ctx, _no(ctx, "B"), _no(ctx, "A"), separate=False)
    assert ("B", "A", False) in _pairs(ctx)


def test_scan_brings_stale_strings_up_to_date(ctx: AppContext) -> None:
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    _save(ctx, "A", name="Acme Ltd", city="Paris")
    _save(ctx, "B", name="Acme Ltd", city="Paris")
    with ctx.db.uow() as s:
        s.add(m.ContactDuplicate(contact_no=_no(ctx, "A"), duplicate_contact_no=_no(ctx, "B")))
        s.add(
            m.ContDuplicateSearchString(
                contact_company_no=_no(ctx, "A"),
                field_name="city",
                part_of_field="first",
                search_string="OLD",
            )
        )
    duplicates.set_setup_length(ctx, "name", "first", 2)
    result = duplicates.scan(ctx, threshold=25)
    assert _strings(ctx, "A") == {
        ("name", "first"): "AC",
        ("name", "last"): "MELTD",
        ("city", "first"): "PARIS",
        ("city", "last"): "PARIS",
    }
    assert result.strings_changed == 8  # A: 1 fixed and 3 new; B: 4 new
    [row] = duplicates.list_pairs(ctx)
    assert (
        _key(ctx, row.contact_no),
        _key(ctx, row.duplicate_contact_no),
        row.matching_strings,
        row.score,
    ) == (
        "B",
        "A",
        4,
        25,
    )
    assert duplicates.scan(ctx, threshold=25).strings_changed == 0


def test_scan_threshold_and_method(ctx: AppContext) -> None:
    _save(ctx, "A", name="Acme")
    _save(ctx, "B", name="Acme")
    assert duplicates.scan(ctx).pairs == 0  # Search Hit % 60 from Marketing Setup
    assert duplicates.scan(ctx, method="search_strings", threshold=12).pairs == 1
    assert duplicates.scan(ctx, threshold=13).pairs == 0  # ceil(16 x 13 %) = 3
    with pytest.raises(ValidationError) as err:
        duplicates.scan(ctx, method="exact")
    assert err.value.field == "method"
    assert str(err.value) == "There is no duplicate search method exact."
    with pytest.raises(ValidationError) as err:
        duplicates.scan(ctx, contact_type="person")
    assert err.value.field == "type"
    assert "compares companies only" in str(err.value)
    with pytest.raises(ValidationError) as err:
        duplicates.scan(ctx, threshold=0)
    assert str(err.value) == "Search Hit % must be between 1 and 100; 0 is not allowed."


def test_cancelled_scan_changes_nothing(ctx: AppContext) -> None:
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    with ctx.db.uow() as s:
        s.add_all(m.Contact(no=f"C{i:05d}", type="company", name="Same") for i in range(2500))
    seen: list[tuple[int, int]] = []
    with pytest.raises(duplicates.Cancelled):
        duplicates.scan(
            ctx, threshold=10, progress=lambda d, t: seen.append((d, t)), cancel=lambda: bool(seen)
        )
    assert seen[0] == (2000, 5000)
    assert _strings(ctx, "C00001") == {} and _pairs(ctx) == set()


def test_cancel_during_matching_changes_nothing(ctx: AppContext) -> None:
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    with ctx.db.uow() as s:
        s.add_all(m.Contact(no=f"C{i:05d}", type="company", name="Same") for i in range(1500))
    phase: list[int] = []

    def progress(done: int, total: int) -> None:
        if done == total // 2:
            phase.append(done)

    with pytest.raises(duplicates.Cancelled) as err:
        duplicates.scan(ctx, threshold=10, progress=progress, cancel=lambda: bool(phase))
    assert str(err.value) == "The duplicate search was cancelled; nothing was changed."
    assert phase and _pairs(ctx) == set()


def test_scan_matches_brute_force(ctx: AppContext) -> None:
    rnd = random.Random(7)
    values: dict[str, dict[str, str]] = {}
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    with ctx.db.uow() as s:
        for i in range(120):
            fields = {
                f: rnd.choice(["", "aa", "ab", "abcdefg", "xyzzy1", "xyzzy2"])
                for f in dd.DEFAULT_FIELDS
            }
            values[f"C{i:03d}"] = fields
            s.add(m.Contact(no=f"C{i:03d}", type="company", **fields))
    rows = [
        dd.SetupRow(line.field_name, line.part, line.length) for line in duplicates.list_setup(ctx)
    ]
    strings = {no: dd.search_strings(v, rows) for no, v in values.items()}
    for hit in (10, 40, 60):
        duplicates.scan(ctx, threshold=hit)
        needed = dd.needed_matches(16, hit)
        expected = {
            (a, b, False)
            for a in strings
            for b in strings
            if a > b and dd.count_matches(strings[a], strings[b]) >= needed
        }
        assert _pairs(ctx) == expected, hit
        assert expected


def test_bulk_maintain_reports_duplicates_like_bc032(ctx: AppContext) -> None:
    _hit(ctx, 10)
    _save(ctx, "OLD", name="Cronus Ltd", phone_no="123")
    with ctx.db.uow() as s:
        for no in ("N1", "N2", "N3"):
            s.add(m.Contact(no=no, type="company", name="Cronus Ltd" if no != "N3" else "Other"))
        s.add(m.Contact(no="P1", type="person", name="Cronus Ltd"))
        found = duplicates.maintain_many_in(s, ["N1", "N2", "N3", "P1"])
    old = _no(ctx, "OLD")
    assert found == {"N1": sorted(["N2", old]), "N2": sorted(["N1", old])}
    assert _pairs(ctx) == {("N1", "OLD", False), ("N2", "OLD", False), ("N2", "N1", False)}
    assert _strings(ctx, "N3")[("name", "first")] == "OTHER" and _strings(ctx, "P1") == {}


def test_setup_rows_are_validated(ctx: AppContext) -> None:
    for length in (1, 11):
        with pytest.raises(ValidationError) as err:
            duplicates.add_setup_row(ctx, "name_2", "first", length)
        assert err.value.field == "length"
        assert str(err.value) == f"Length must be between 2 and 10; {length} is not allowed."
    line = duplicates.add_setup_row(ctx, "name_2", "first", 10)
    assert (line.caption, line.length) == ("Name 2", 10)
    with pytest.raises(ConflictError) as conflict:
        duplicates.add_setup_row(ctx, "name_2", "first", 3)
    assert str(conflict.value) == "Duplicate Search String Setup Name 2 First already exists."
    with pytest.raises(ValidationError) as err:
        duplicates.add_setup_row(ctx, "type", "first")
    assert err.value.field == "field_name"
    with pytest.raises(ValidationError):
        duplicates.set_setup_length(ctx, "name", "first", 11)
    with pytest.raises(NotFoundError):
        duplicates.set_setup_length(ctx, "county", "last", 4)


def test_deleting_a_setup_row_deletes_its_strings(ctx: AppContext) -> None:
    _save(ctx, "A", name="Acme", city="Paris")
    duplicates.delete_setup_row(ctx, "city", "last")
    assert ("city", "last") not in _strings(ctx, "A")
    assert ("city", "first") in _strings(ctx, "A")
    duplicates.reset_default_setup(ctx)
    assert len(duplicates.list_setup(ctx)) == 16


def test_keep_separate_needs_a_pair(ctx: AppContext) -> None:
    _save(ctx, "A", name="Acme")
    with pytest.raises(NotFoundError) as err:
        duplicates.keep_separate(ctx, _no(ctx, "A"), "Z")
    assert str(err.value) == f"Contacts {_no(ctx, 'A')} and Z are not a duplicate pair."


def test_saving_one_by_one_finds_what_brute_force_finds(ctx: AppContext) -> None:
    rnd = random.Random(11)
    setup.update_marketing_setup(ctx, {"search_hit_percent": 40})
    rows = [dd.SetupRow(x.field_name, x.part, x.length) for x in duplicates.list_setup(ctx)]
    strings = {}
    for i in range(60):
        fields = {
            f: rnd.choice(["", "aa", "ab", "abcdefg", "xyzzy1", "info@x.nl"])
            for f in dd.DEFAULT_FIELDS
        }
        no = f"K{i:03d}"
        strings[no] = dd.search_strings(fields, rows)
        with ctx.db.uow() as s:
            contact = m.Contact(no=no, type="company", **fields)
            s.add(contact)
            s.flush()
            duplicates.maintain_in(s, contact, frozenset(fields), True)
    needed = dd.needed_matches(16, 40)
    expected = {
        (a, b, False)
        for a in strings
        for b in strings
        if a > b and dd.count_matches(strings[a], strings[b]) >= needed
    }
    assert expected and _pairs(ctx) == expected


def test_pairs_of_one_contact_show_it_first(ctx: AppContext) -> None:
    _hit(ctx, 10)
    _save(ctx, "A", name="Acme")
    _save(ctx, "B", name="Acme")
    _save(ctx, "C", name="Acme")
    rows = duplicates.list_pairs(ctx, _no(ctx, "B"))
    assert {(_key(ctx, r.contact_no), _key(ctx, r.duplicate_contact_no)) for r in rows} == {
        ("B", "A"),
        ("B", "C"),
    }
    assert len(duplicates.list_pairs(ctx)) == 3


def test_company_deleted_during_a_scan_is_left_out(ctx: AppContext) -> None:
    from crm_desktop.services.duplicates import full_scan

    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    for key in "ABC":
        _save(ctx, key, name="Acme")
    with ctx.db.read() as s:
        plan = full_scan.plan_scan(s, 10, None, None)
    assert len(plan.found) == 3
    contacts.delete_contact(ctx, _no(ctx, "C"))
    result = full_scan.apply_in_batches(ctx, plan, None)
    assert result.pairs == 1 and _pairs(ctx) == {("B", "A", False)}
    assert _strings(ctx, "C") == {} and len(_strings(ctx, "A")) == 2


def test_scan_removes_strings_nobody_should_have(ctx: AppContext) -> None:
    _save(ctx, "A", name="Acme")
    _save(ctx, "P", type="person", name="Pat")
    with ctx.db.uow() as s:
        for no, field in ((_no(ctx, "A"), "county"), (_no(ctx, "P"), "name")):
            s.add(
                m.ContDuplicateSearchString(
                    contact_company_no=no,
                    field_name=field,
                    part_of_field="first",
                    search_string="X\x1fY",
                )
            )
    assert duplicates.scan(ctx).strings_changed == 2
    assert set(_strings(ctx, "A")) == {("name", "first"), ("name", "last")}
    assert _strings(ctx, "P") == {}
    assert duplicates.scan(ctx).strings_changed == 0
