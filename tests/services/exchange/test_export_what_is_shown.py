"""Export what the list shows: a filter, a sort, a selection, the separator; and the command
line's --search/--type/--salesperson/--company/--separator."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from crm_desktop import cli
from crm_desktop.domain.errors import ValidationError
from crm_desktop.services import contacts, exchange
from crm_desktop.services.app import AppContext
from crm_desktop.services.contacts.listing import ContactFilter, ContactSort
from crm_desktop.storage import models as m


@pytest.fixture
def book(ctx: AppContext) -> dict[str, str]:
    with ctx.db.uow() as s:
        s.add(m.Salesperson(code="AH", name="Annette Hill"))
    mk = contacts.create_contact
    a = mk(
        ctx, {"type": "company", "name": "Müller Bouw B.V.", "salesperson_code": "AH"}
    ).contact.no
    b = mk(ctx, {"type": "company", "name": "Harbour Logistics Ltd"}).contact.no
    c = mk(ctx, {"type": "person", "name": "Jan de Vries", "company_no": a}).contact.no
    d = mk(ctx, {"type": "person", "name": "Amelia Thompson", "company_no": b}).contact.no
    return {"muller": a, "harbour": b, "jan": c, "amelia": d}


def _nos(path: Path, delimiter: str = ",") -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [row["no"] for row in csv.DictReader(fh, delimiter=delimiter)]


def test_shown_selected_and_all(ctx: AppContext, book: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert exchange.export_contacts(ctx, out, flt=ContactFilter(text="omps")) == 1
    assert _nos(out) == [book["amelia"]]
    shown = ContactFilter(type="person")
    assert exchange.export_contacts(ctx, out, flt=shown, sort=ContactSort("name")) == 2
    assert _nos(out) == [book["amelia"], book["jan"]]  # the list's order: by name
    assert exchange.export_contacts(ctx, out, nos=[book["jan"], book["muller"]]) == 2
    assert sorted(_nos(out)) == sorted([book["jan"], book["muller"]])
    assert exchange.export_contacts(ctx, out) == 4


def test_semicolon_for_a_dutch_excel(ctx: AppContext, book: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    exchange.export_contacts(ctx, out, separator="semicolon")
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("no;type;name")
    assert len(_nos(out, ";")) == 4
    with pytest.raises(ValidationError) as err:
        exchange.export_contacts(ctx, out, separator="tab")
    assert str(err.value) == "The separator must be comma or semicolon, not tab."


def test_command_line_options(ctx: AppContext, book: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "cli.csv"
    base = ["--data-dir", str(ctx.data_dir), "export", str(out)]
    ctx.close()
    assert cli.main([*base, "--type", "company"]) == 0
    assert sorted(_nos(out)) == sorted([book["muller"], book["harbour"]])
    assert cli.main([*base, "--search", "vries"]) == 0
    assert _nos(out) == [book["jan"]]
    assert cli.main([*base, "--salesperson", "ah"]) == 0
    assert book["muller"] in _nos(out) and book["harbour"] not in _nos(out)
    assert cli.main([*base, "--company", book["harbour"], "--separator", "semicolon"]) == 0
    assert _nos(out, ";") == [book["amelia"]]
    with pytest.raises(SystemExit):
        cli.main([*base, "--separator", "tab"])
