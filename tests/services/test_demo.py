"""The demo generator and `crm-desktop demo`: deterministic, consistent with the contact rules,
and searchable at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop.cli import main
from crm_desktop.domain.errors import ValidationError
from crm_desktop.services import contacts, demo, setup
from crm_desktop.services.app import AppContext, open_app
from crm_desktop.services.contacts import listing as contact_list
from crm_desktop.services.contacts.listing import ContactFilter, ContactSort


def test_demo_makes_companies_and_their_persons(ctx: AppContext) -> None:
    result = demo.generate(ctx, 300, seed=7)
    assert result.contacts == 300 == contact_list.count(ctx)
    assert result.companies == contact_list.count(ctx, ContactFilter(type="company"))
    assert 0 < result.companies < result.persons
    rows = contact_list.fetch(ctx, ContactFilter(type="person"), ContactSort("no"), 0, 50)
    for row in rows:
        person = contacts.get_contact(ctx, row.no)
        company = contacts.get_contact(ctx, person.company_no)
        assert company.type == "company" and company.company_no == company.no
        assert person.company_name == company.name
        assert person.search_name == person.name.upper()
        assert person.name == " ".join(
            p for p in (person.first_name, person.middle_name, person.surname) if p
        )
        # Everything the inheritance flags cover follows the company.
        assert {
            "address",
            "city",
            "post_code",
            "phone_no",
            "salesperson_code",
            "territory_code",
            "language_code",
        } <= contacts.inherited_fields(ctx, row.no)
        assert person.salutation_code == "PERSON"
        assert company.salutation_code == "COMPANY"


def test_demo_is_deterministic(tmp_path: Path) -> None:
    names = []
    for run in ("a", "b"):
        ctx = open_app(tmp_path / run)
        try:
            demo.generate(ctx, 120, seed=42)
            names.append([r.name for r in contact_list.fetch(ctx, None, ContactSort("no"), 0, 200)])
        finally:
            ctx.close()
    assert names[0] == names[1]


def test_demo_numbers_come_from_contact_nos(ctx: AppContext) -> None:
    demo.generate(ctx, 10)
    demo.generate(ctx, 10, seed=2)
    nos = [r.no for r in contact_list.fetch(ctx, None, ContactSort("no"), 0, 100)]
    assert nos == [f"CT{i:06d}" for i in range(1, 21)]
    made = contacts.create_contact(ctx, {"type": "company", "name": "After The Demo"})
    assert made.contact.no == "CT000021"


def test_demo_data_is_searchable(ctx: AppContext) -> None:
    demo.generate(ctx, 200, seed=3)
    person = contact_list.fetch(ctx, ContactFilter(type="person"), ContactSort("no"), 0, 1)[0]
    found = contact_list.fetch(ctx, ContactFilter(text=person.name), None, 0, 200)
    assert person.no in {r.no for r in found}
    digits = "".join(ch for ch in person.phone_no if ch.isdigit())
    assert person.no in {
        r.no for r in contact_list.fetch(ctx, ContactFilter(text=digits), None, 0, 500)
    }


def test_demo_refuses_nonsense(ctx: AppContext) -> None:
    with pytest.raises(ValidationError) as err:
        demo.generate(ctx, 0)
    assert str(err.value) == "The number of demo contacts must be at least 1, not 0."
    setup.update_marketing_setup(ctx, {"contact_nos": ""})
    with pytest.raises(ValidationError) as err:
        demo.generate(ctx, 5)
    assert err.value.field == "contact_nos"
    assert contact_list.count(ctx) == 0


def test_cli_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "d"), "demo", "--contacts", "50"]) == 0
    assert "added 50 contacts" in capsys.readouterr().out
    ctx = open_app(tmp_path / "d")
    try:
        assert contact_list.count(ctx) == 50
    finally:
        ctx.close()


def test_demo_people_and_territories_fit_their_company_and_city(ctx: AppContext) -> None:
    """Issue 13 point 3: Dutch people work for Dutch companies, each city lies in one territory
    (Groningen in Noord-Nederland, Manchester in the North of England), and a Dutch company has
    a Dutch salesperson."""
    demo.generate(ctx, 400, seed=3)
    rows = contact_list.fetch(ctx, ContactFilter(), ContactSort("no"), 0, 400)
    territory_of_city: dict[str, str] = {}
    dutch_first = set(demo._NL_FIRST)
    english_first = set(demo._EN_FIRST)
    for row in rows:
        c = contacts.get_contact(ctx, row.no)
        assert territory_of_city.setdefault(c.city, c.territory_code) == c.territory_code
        dutch = c.country_region_code == "NL"
        assert c.territory_code.startswith("NL-") == dutch
        assert c.language_code == ("NLD" if dutch else "ENU")
        assert c.salesperson_code in (("PV", "SB") if dutch else ("AH", "JO"))
        if c.type == "person":
            assert c.first_name in (dutch_first if dutch else english_first)
            company = contacts.get_contact(ctx, c.company_no)
            assert company.country_region_code == c.country_region_code
    assert territory_of_city.get("Groningen", "NL-NOORD") == "NL-NOORD"
    assert territory_of_city.get("Manchester", "GB-NORTH") == "GB-NORTH"
    assert len(set(territory_of_city.values())) >= 6
