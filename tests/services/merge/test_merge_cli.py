"""`crm-desktop merge contacts|list|undo` (issue 17): the messages the issue gives, a clash
exits 1 naming it unless --drop-link says which link goes."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop.cli import main
from crm_desktop.services import contacts
from crm_desktop.services.app import open_app
from crm_desktop.services.sync import from_contact


@pytest.fixture
def pair(data_dir: Path) -> tuple[Path, str, str]:
    ctx = open_app(data_dir)
    a = contacts.create_contact(ctx, {"type": "company", "name": "Acme", "city": "Utrecht"})
    b = contacts.create_contact(
        ctx, {"type": "company", "name": "Acme BV", "city": "Zeist", "phone_no": "030 1234567"}
    )
    contacts.create_contact(
        ctx, {"type": "person", "name": "Piet Acme", "company_no": b.contact.no}
    )
    ctx.close()
    return data_dir, a.contact.no, b.contact.no


def _run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_merge_list_undo(pair: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    data_dir, a, b = pair
    assert _run(data_dir, "merge", "list") == 0
    assert capsys.readouterr().out.strip() == "No merges yet."
    assert _run(data_dir, "merge", "contacts", a, b, "--prefer-other", "City") == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith(f"Merged {b} into {a} (merge 1): ")
    assert out.endswith("records moved. Undo: crm-desktop merge undo 1")
    ctx = open_app(data_dir)
    row = contacts.get_contact(ctx, a)
    ctx.close()
    assert (row.city, row.phone_no) == ("Zeist", "030 1234567")  # named; blank filled
    assert _run(data_dir, "merge", "list") == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("1  ") and f"{b} Acme BV into {a} Acme" in line
    assert _run(data_dir, "merge", "undo", "1") == 0
    assert capsys.readouterr().out.startswith(f"Undid merge 1: {b} is back")
    assert _run(data_dir, "merge", "undo", "1") == 1
    assert "already undone" in capsys.readouterr().err
    assert _run(data_dir, "merge", "contacts", a, b, "--keep", b) == 0
    assert capsys.readouterr().out.startswith(f"Merged {a} into {b} (merge 2)")
    assert _run(data_dir, "merge", "list") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [ln.split()[0] for ln in lines] == ["2", "1"]  # newest first
    assert "(undone " in lines[1]


def test_a_clash_exits_1_naming_it_unless_a_link_is_dropped(
    pair: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, a, b = pair
    ctx = open_app(data_dir)
    c1 = from_contact.create_as_customer(ctx, a).no
    c2 = from_contact.create_as_customer(ctx, b).no
    ctx.close()
    assert _run(data_dir, "merge", "contacts", a, b) == 1
    err = capsys.readouterr().err
    assert f"Customer {c1}" in err and f"Customer {c2}" in err and "--drop-link customer" in err
    assert _run(data_dir, "merge", "contacts", a, b, "--drop-link", "customer") == 0
    assert capsys.readouterr().out.startswith(f"Merged {b} into {a}")


def test_unknown_field_and_contact_are_named(
    pair: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, a, b = pair
    assert _run(data_dir, "merge", "contacts", a, b, "--prefer-other", "colour") == 2
    assert "colour" in capsys.readouterr().err
    assert _run(data_dir, "merge", "contacts", a, "NOPE") == 2
    assert "NOPE" in capsys.readouterr().err
    assert _run(data_dir, "merge", "contacts", a, b, "--keep", "CX9") == 2
    assert f"must be {a} or {b}, not CX9" in capsys.readouterr().err
