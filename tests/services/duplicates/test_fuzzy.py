"""The fuzzy duplicate method through the services, on a real database (issue 16).

A new database starts on the fuzzy method; these tests rely on that default.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from crm_desktop.domain.duplicates import keys as k
from crm_desktop.domain.errors import ValidationError
from crm_desktop.services import contacts, duplicates, setup
from crm_desktop.services.app import AppContext, open_app
from crm_desktop.services.duplicates import fuzzy
from crm_desktop.storage import duplicate_keys as dk
from crm_desktop.storage import engine
from crm_desktop.storage import models as m

COMPANY = dict(
    type="company",
    name="Bakkerij Jansen B.V.",
    address="Kerkstraat 12",
    post_code="1234 AB",
    city="Utrecht",
    phone_no="030-1234567",
    email="info@jansen.nl",
    vat_registration_no="NL123456789B01",
)


def _create(ctx: AppContext, **values: Any) -> tuple[str, tuple[str, ...]]:
    saved = contacts.create_contact(ctx, values)
    return saved.contact.no, saved.duplicates


def _open_pairs(ctx: AppContext) -> set[tuple[str, str]]:
    return {
        (p.contact_no, p.duplicate_contact_no) for p in duplicates.list_pairs(ctx) if not p.separate
    }


def test_new_database_is_on_fuzzy_and_a_saved_duplicate_is_found(ctx: AppContext) -> None:
    assert setup.get_marketing_setup(ctx)["duplicate_method"] == "fuzzy"
    assert not duplicates.switch_offer_pending(ctx)
    a, found = _create(ctx, **COMPANY)
    assert found == ()
    b, found = _create(
        ctx, **dict(COMPANY, name="BAKKERIJ JANSSEN", address="Kerkstr. 12", email="")
    )
    assert found == (a,)
    [pair] = duplicates.list_pairs(ctx)
    assert (pair.contact_no, pair.duplicate_contact_no, pair.method) == (b, a, "fuzzy")
    assert duplicates.reasons_of(pair).startswith("Name 9")
    assert "VAT Registration No. same" in duplicates.reasons_of(pair)


def test_a_pair_is_found_through_each_kind_of_key(ctx: AppContext) -> None:
    a, _ = _create(ctx, **COMPANY)
    b, _ = _create(
        ctx,
        **dict(COMPANY, name="Bakkerij Janssen", address="Kerkstr. 12", phone_no="+31301234567"),
    )
    c, _ = _create(ctx, **dict(COMPANY, name="Jansen Bakkerij"))  # words swapped
    company, _ = _create(ctx, type="company", name="Smit Transport", city="Zwolle")
    p1, _ = _create(
        ctx, type="person", first_name="Jan", surname="Vries", company_no=company,
        mobile_phone_no="06-11111111",
    )  # fmt: skip
    p2, _ = _create(
        ctx, type="person", first_name="Vries", surname="Jan", company_no=company,
        mobile_phone_no="06-11111111",
    )  # fmt: skip
    h1, _ = _create(ctx, type="person", first_name="Kees", surname="Bos", city="Zwolle")
    h2, _ = _create(ctx, type="person", first_name="Kees", surname="Bos", city="Zwolle")
    with ctx.db.read() as s:
        recs = fuzzy.stored(s, [a, p1, h1], "")

        def through(kind: str, record_no: str) -> set[str]:
            mine = {key for key in k.keys(recs[record_no]) if key[0] == kind}
            assert mine, kind
            return dk.candidates(s, mine, k.MAX_GROUP, exclude=record_no)

        for kind in ("pc", "tel", "em", "vat", "np", "ph", "st"):
            assert b in through(kind, a), kind
        assert c in through("nt", a)
        for kind in ("co", "tel"):
            assert p2 in through(kind, p1), kind
        assert h2 in through("pt", h1)
    assert {(b, a), (c, a), (c, b), (p2, p1)} <= _open_pairs(ctx)
    assert (h2, h1) not in _open_pairs(ctx)  # candidates, but a name and a city are too little


def test_a_key_shared_by_too_many_is_skipped_not_scanned(ctx: AppContext) -> None:
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    with ctx.db.uow() as s:
        for i in range(k.MAX_GROUP + 1):  # one switchboard for a whole business centre
            s.add(
                m.Contact(no=f"B{i:03d}", type="company", name=f"Firm {i}", phone_no="0301111111")
            )
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": True})
    duplicates.prepare_keys(ctx)
    with ctx.db.read() as s:
        assert dk.candidates(s, {("tel", "301111111"[-8:])}, k.MAX_GROUP) == set()
        groups = list(dk.key_groups(s, k.MAX_GROUP))
        assert groups and max(len(g) for g in groups) < k.MAX_GROUP  # only the names' groups


def test_colleagues_with_inherited_data_are_not_paired_but_namesakes_are(ctx: AppContext) -> None:
    company, _ = _create(ctx, **COMPANY)
    _create(ctx, type="person", first_name="Anna", surname="Bakker", company_no=company)
    _, found = _create(ctx, type="person", first_name="Anne", surname="Bakker", company_no=company)
    assert found == ()  # address, phone and e-mail are the company's: no evidence
    first, _ = _create(ctx, type="person", first_name="Tom", surname="de Vries", company_no=company)
    _, found = _create(
        ctx, type="person", first_name="Thomas", middle_name="de", surname="Vries",
        company_no=company,
    )  # fmt: skip
    assert found == (first,)
    assert duplicates.scan(ctx).pairs == 1


def test_kept_separate_pairs_are_never_returned_by_either_method(ctx: AppContext) -> None:
    a, _ = _create(ctx, **COMPANY)
    b, found = _create(ctx, **dict(COMPANY, name="Bakkerij Janssen"))
    assert found == (a,)
    duplicates.keep_separate(ctx, a, b)
    for method in ("fuzzy", "search_strings", "fuzzy"):
        setup.update_marketing_setup(ctx, {"duplicate_method": method})
        duplicates.scan(ctx, threshold=10 if method == "search_strings" else None)
        assert _open_pairs(ctx) == set(), method
        assert [(p.contact_no, p.duplicate_contact_no) for p in duplicates.list_pairs(ctx)] == [
            (b, a)
        ]
        assert contacts.update_contact(ctx, b, {"city": "Utrecht C"}).duplicates == ()


def test_switching_replaces_the_other_methods_pairs_at_the_next_scan(ctx: AppContext) -> None:
    a, _ = _create(ctx, **COMPANY)
    b, _ = _create(ctx, **dict(COMPANY, name="Bakkerij Janssen"))
    setup.update_marketing_setup(ctx, {"duplicate_method": "search_strings"})
    duplicates.scan(ctx)
    assert {p.method for p in duplicates.list_pairs(ctx)} == {"search_strings"}
    duplicates.answer_switch_offer(ctx, switch=True)
    duplicates.scan(ctx)
    assert [(p.contact_no, p.method) for p in duplicates.list_pairs(ctx)] == [(b, "fuzzy")]


def test_scan_by_type_keeps_the_other_types_pairs(ctx: AppContext) -> None:
    _create(ctx, **COMPANY)
    _create(ctx, **dict(COMPANY, name="Bakkerij Janssen"))
    _create(ctx, type="person", first_name="Bill", surname="Smith", email="b.smith@x.co.uk")
    _create(ctx, type="person", first_name="William", surname="Smith", email="b.smith@x.co.uk")
    assert duplicates.scan(ctx, contact_type="person").pairs == 1
    assert {p.contact_type for p in duplicates.list_pairs(ctx)} == {"company", "person"}
    with pytest.raises(ValidationError) as err:
        duplicates.scan(ctx, contact_type="customer")
    assert err.value.field == "type"


def test_contacts_without_keys_are_keyed_in_the_background(ctx: AppContext) -> None:
    with ctx.db.uow() as s:  # data from before the upgrade: no keys
        for i in range(30):
            s.add(m.Contact(no=f"K{i:03d}", type="company", name=f"Firm {i}", city="Delft"))
    assert duplicates.unchecked_contacts(ctx) == 30
    seen: list[tuple[int, int]] = []
    assert duplicates.prepare_keys(ctx, lambda d, t: seen.append((d, t))) == 30
    assert seen[-1] == (30, 30) and duplicates.unchecked_contacts(ctx) == 0
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    contacts.update_contact(ctx, "K001", {"name": "Firm one"})
    assert duplicates.unchecked_contacts(ctx) == 1  # its keys would be stale: unchecked


def test_cancelled_fuzzy_scan_changes_nothing(ctx: AppContext) -> None:
    a, _ = _create(ctx, **COMPANY)
    b, _ = _create(ctx, **dict(COMPANY, name="Bakkerij Janssen"))
    _create(ctx, **dict(COMPANY, name="Bakkerij Jansen", phone_no="", email=""))
    with ctx.db.uow() as s:  # the stored pairs are not what a scan would find
        s.query(m.ContactDuplicate).delete()
        s.add(m.ContactDuplicate(contact_no=b, duplicate_contact_no=a, score=1, method="fuzzy"))
    checks: list[int] = []
    duplicates.scan(ctx, cancel=lambda: bool(checks.append(1)))
    last = len(checks)  # the number of times a whole scan asks
    for stop_at in range(last):  # cancelled at each of its questions in turn
        with ctx.db.uow() as s:
            s.query(m.ContactDuplicate).delete()
            s.add(m.ContactDuplicate(contact_no=b, duplicate_contact_no=a, score=1, method="fuzzy"))
        asked: list[int] = []
        with pytest.raises(duplicates.Cancelled):
            duplicates.scan(ctx, cancel=lambda a=asked, n=stop_at: len(a) >= n or bool(a.append(1)))
        assert [(p.contact_no, p.score) for p in duplicates.list_pairs(ctx)] == [(b, 1)], stop_at
        with ctx.db.read() as s:
            assert s.scalar(select(func.count()).select_from(m.ContactDuplicateStaging)) == 0


@pytest.mark.parametrize("method", ["fuzzy", "search_strings"])
def test_a_card_saved_during_a_scan_succeeds_with_a_1_s_busy_timeout(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 1000)
    ctx = open_app(data_dir)
    try:
        setup.update_marketing_setup(
            ctx, {"duplicate_method": method, "maintain_dupl_search_strings": False}
        )
        with ctx.db.uow() as s:  # enough contacts for a scan of a few seconds
            s.add_all(
                m.Contact(
                    no=f"S{i:05d}",
                    type="company",
                    name=f"Company {i % 700} {i}",
                    city=f"City {i % 50}",
                    post_code=f"{1000 + i % 900} AB",
                    phone_no=f"030-{1000000 + i}",
                )  # fmt: skip
                for i in range(8000)
            )
        setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": True})
        card, _ = _create(ctx, type="company", name="The card")
        done: list[object] = []
        scan = threading.Thread(target=lambda: done.append(duplicates.scan(ctx, threshold=30)))
        scan.start()
        saves = 0
        while scan.is_alive():
            contacts.update_contact(ctx, card, {"city": f"Town {saves}"})  # raises when busy
            saves += 1
            time.sleep(0.02)
        scan.join()
        assert done and isinstance(done[0], duplicates.ScanResult)
        assert saves >= 3
        assert contacts.get_contact(ctx, card).city == f"Town {saves - 1}"
    finally:
        ctx.close()
