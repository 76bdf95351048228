"""Hostile input (issue 8): arbitrary text into every text field of master data, the Marketing
Setup, the contact card and the contact search: any Unicode, control characters, NUL bytes,
megabyte-long values, FTS and SQL syntax. Never a crash, never a partial write, always a
CrmError naming the field. The CSV importer's own hostile-input tests live with the importer.

No BC scenario applies (BC's client filters input before the server sees it).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.masterdata import TABLES_BY_KEY
from crm_desktop.domain.setup_fields import FIELDS_BY_NAME
from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services.app import AppContext, open_app
from crm_desktop.services.contacts.listing import ContactFilter, count, fetch

MEGABYTE = 1 << 20
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    '"',
    '""',
    "'",
    "'; DROP TABLE contact; --",
    "Robert'); DROP TABLE contact;--",
    "AND(",
    "OR",
    "NOT",
    "NEAR(a b)",
    "*",
    "a*",
    "^",
    "-",
    "name:x",
    "{a b}",
    "%",
    "_",
    "\\",
    "\t\r\n",
    "\u202e\u200b\ufeff",
    "🙂" * 10,
    "ß" * 51,
    "e\u0301" * 20,
    "\x7f\x1b[31m",
    "x" * MEGABYTE,
    "\x00" * MEGABYTE,
]

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=120),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=40),
    st.builds(lambda ch, n: ch * n, st.characters(), st.sampled_from([31, 51, 101, 256, MEGABYTE])),
)

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def shared_ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    """One database for all examples of a module: each example compares the whole file's
    content before and after, so examples do not need a fresh one."""
    context = open_app(tmp_path_factory.mktemp("hostile") / "data")
    for name in ("Jansen BV", "O'Brien & Sons", "Müller GmbH", 'The "Quoted" Company'):
        contacts.create_contact(context, {"type": "company", "name": name, "city": "Utrecht"})
    yield context
    context.close()


def _fingerprint(path: Path) -> str:
    """A digest of every row of every table (the logical content, not the file's bytes)."""
    digest = hashlib.sha256()
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        for table in tables:
            digest.update(table.encode())
            rows = sorted(repr(r) for r in con.execute(f'SELECT * FROM "{table}"'))
            for row in rows:
                digest.update(row.encode("utf-8", "surrogatepass"))
    finally:
        con.close()
    return digest.hexdigest()


def _refused_cleanly(ctx: AppContext, action: Any, fields: set[str]) -> Any:
    """Run `action`; if it raises, it must be a CrmError naming one of `fields` and the data
    must be exactly as before. Returns the action's result (None when refused)."""
    before = _fingerprint(ctx.db.path)
    try:
        return action()
    except CrmError as exc:
        assert exc.field in fields, f"{type(exc).__name__} {exc!s:.200} names {exc.field!r}"
        assert _fingerprint(ctx.db.path) == before, "a refused save changed the data"
        return None


MASTER_TEXT_FIELDS = [
    (key, f.name)
    for key, tbl in TABLES_BY_KEY.items()
    for f in tbl.fields
    if f.kind == "text" and len(tbl.pk_fields) == 1
]


@pytest.mark.parametrize(("key", "field_name"), MASTER_TEXT_FIELDS)
@SETTINGS
@given(value=hostile_text)
def test_master_data_text_fields(
    shared_ctx: AppContext, key: str, field_name: str, value: str
) -> None:
    tbl = TABLES_BY_KEY[key]
    pk = tbl.pk_fields[0].name
    values = {f.name: "" for f in tbl.fields if f.kind == "text"}
    values.update({f.name: "X" for f in tbl.fields if f.kind == "text" and f.required})
    values.update({pk: "HOSTILE", field_name: value})
    existing = {r[pk] for r in masterdata.list_rows(shared_ctx, key)}
    original = {pk: "HOSTILE"} if "HOSTILE" in existing else None
    row = _refused_cleanly(
        shared_ctx,
        lambda: masterdata.save_row(shared_ctx, key, values, original),
        {f.name for f in tbl.fields},
    )
    if row is not None:
        stored = next(r for r in masterdata.list_rows(shared_ctx, key) if r[pk] == "HOSTILE")
        assert stored[field_name] == value  # text is kept exactly, NUL and all


@SETTINGS
@given(value=hostile_text)
def test_master_data_codes(shared_ctx: AppContext, value: str) -> None:
    row = _refused_cleanly(
        shared_ctx,
        lambda: masterdata.save_row(shared_ctx, "territory", {"code": value, "name": "T"}),
        {"code"},
    )
    if row is not None:
        assert row["code"] == value.strip().upper()
        masterdata.delete_row(shared_ctx, "territory", (row["code"],))


SETUP_FIELDS = sorted(n for n, f in FIELDS_BY_NAME.items() if f.kind in ("text", "code", "int"))


@pytest.mark.parametrize("field_name", SETUP_FIELDS)
@SETTINGS
@given(value=hostile_text)
def test_marketing_setup_fields(shared_ctx: AppContext, field_name: str, value: str) -> None:
    before = setup.get_marketing_setup(shared_ctx)
    saved = _refused_cleanly(
        shared_ctx,
        lambda: setup.update_marketing_setup(shared_ctx, {field_name: value}),
        {field_name},
    )
    if saved is not None:
        setup.update_marketing_setup(shared_ctx, {field_name: before[field_name]})


CONTACT_TEXT_FIELDS = [
    "name",
    "name_2",
    "address",
    "address_2",
    "city",
    "post_code",
    "county",
    "phone_no",
    "mobile_phone_no",
    "email",
    "home_page",
    "job_title",
    "first_name",
    "surname",
    "vat_registration_no",
    "salesperson_code",
    "territory_code",
    "country_region_code",
]


@pytest.mark.parametrize("field_name", CONTACT_TEXT_FIELDS)
@SETTINGS
@given(value=hostile_text)
def test_contact_card_fields(shared_ctx: AppContext, field_name: str, value: str) -> None:
    kind = "person" if field_name in ("first_name", "surname", "job_title") else "company"
    values = {"type": kind, field_name: value}
    if field_name != "name" and kind == "company":
        values["name"] = "Hostile BV"
    saved = _refused_cleanly(
        shared_ctx, lambda: contacts.create_contact(shared_ctx, values), {field_name, "no"}
    )
    if saved is None:
        return
    no = saved.contact.no
    got = contacts.get_contact(shared_ctx, no)
    assert got.no == no
    changed = _refused_cleanly(
        shared_ctx,
        lambda: contacts.update_contact(shared_ctx, no, {field_name: value + "!"}),
        {field_name},
    )
    del changed
    contacts.delete_contact(shared_ctx, no)


@SETTINGS
@given(text=hostile_text)
def test_contact_search_never_crashes(shared_ctx: AppContext, text: str) -> None:
    before = _fingerprint(shared_ctx.db.path)
    flt = ContactFilter(text=text)
    try:
        total = count(shared_ctx, flt)
        rows = fetch(shared_ctx, flt, None, 0, 50)
        assert len(rows) == min(total, 50)
    except CrmError as exc:
        assert exc.field is not None
    assert _fingerprint(shared_ctx.db.path) == before


@pytest.mark.parametrize("value", NASTY, ids=[f"nasty{i}" for i in range(len(NASTY))])
def test_every_nasty_value_in_each_service(shared_ctx: AppContext, value: str) -> None:
    """Each listed value, deterministically, through one field of every service above."""
    row = _refused_cleanly(
        shared_ctx,
        lambda: masterdata.save_row(shared_ctx, "territory", {"code": "NASTY", "name": value}),
        {"code", "name"},
    )
    if row is not None:
        assert row["name"] == value
        masterdata.delete_row(shared_ctx, "territory", ("NASTY",))
    _refused_cleanly(
        shared_ctx,
        lambda: setup.update_marketing_setup(shared_ctx, {"def_company_salutation_code": value}),
        {"def_company_salutation_code"},
    )
    setup.update_marketing_setup(shared_ctx, {"def_company_salutation_code": "COMPANY"})
    saved = _refused_cleanly(
        shared_ctx,
        lambda: contacts.create_contact(
            shared_ctx, {"type": "company", "name": value or "Blank", "city": value}
        ),
        {"name", "city"},
    )
    if saved is not None:
        got = contacts.get_contact(shared_ctx, saved.contact.no)
        assert got.city == value
        contacts.delete_contact(shared_ctx, saved.contact.no)
    before = _fingerprint(shared_ctx.db.path)
    try:
        assert count(shared_ctx, ContactFilter(text=value)) >= 0
    except CrmError as exc:
        assert exc.field is not None
    assert _fingerprint(shared_ctx.db.path) == before
