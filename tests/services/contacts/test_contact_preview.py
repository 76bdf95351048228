"""preview_new_contact (issue 12 point 3): what a new contact will inherit and be defaulted to,
worked out by the save's own rules, before the first save, writing nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from crm_desktop.services import contacts, masterdata, numbering, setup
from crm_desktop.services.app import AppContext
from crm_desktop.storage import models as m


@pytest.fixture
def app(ctx: AppContext) -> AppContext:
    masterdata.save_row(ctx, "salesperson", {"code": "SP1", "name": "Sales 1"})
    setup.update_marketing_setup(
        ctx, {"default_country_region_code": "BE", "default_language_code": "NLD"}
    )
    return ctx


def _counts(ctx: AppContext) -> tuple[int, list[tuple[str, str]]]:
    with ctx.db.read() as s:
        n = s.scalar(select(func.count()).select_from(m.Contact)) or 0
    lines = [(r.code, str(numbering.list_lines(ctx, r.code))) for r in numbering.list_series(ctx)]
    return n, lines


def test_new_person_of_a_company_previews_its_company_and_the_defaults(app: AppContext) -> None:
    company = contacts.create_contact(
        app,
        {
            "type": "company",
            "name": "Berg Bouw",
            "address": "Kerkstraat 1",
            "city": "Utrecht",
            "phone_no": "030-1234567",
            "salesperson_code": "SP1",
            "country_region_code": "NL",
        },
    ).contact
    before = _counts(app)
    preview = contacts.preview_new_contact(
        app, {"type": "person", "company_no": company.no, "name": "Anna Berg", "city": ""}
    )
    assert _counts(app) == before  # nothing written, no number drawn
    assert {"address", "city", "phone_no", "salesperson_code", "country_region_code"} <= (
        preview.from_company
    )
    assert preview.values["city"] == "Utrecht"
    assert preview.values["country_region_code"] == "NL"  # the company's, not the default
    # The company was given the default language when it was made; the person inherits it.
    assert preview.values["language_code"] == "NLD"
    assert {"salutation_code", "format_region"} <= preview.defaulted
    assert preview.values["salutation_code"] == "PERSON"
    # The save gives exactly what the preview showed.
    saved = contacts.create_contact(
        app, {"type": "person", "company_no": company.no, "name": "Anna Berg"}
    ).contact
    for name, value in preview.values.items():
        assert getattr(saved, name) == value, name


def test_typed_values_are_not_previewed_over(app: AppContext) -> None:
    company = contacts.create_contact(
        app, {"type": "company", "name": "Berg Bouw", "city": "Utrecht"}
    ).contact
    preview = contacts.preview_new_contact(
        app, {"type": "person", "company_no": company.no, "city": "Zeist"}
    )
    assert "city" not in preview.values


def test_new_company_previews_default_country_and_language(app: AppContext) -> None:
    preview = contacts.preview_new_contact(app, {"type": "company"})
    assert preview.from_company == frozenset()
    assert preview.values["country_region_code"] == "BE"
    assert preview.values["language_code"] == "NLD"
    assert preview.values["salutation_code"] == "COMPANY"
    assert {"country_region_code", "language_code", "salutation_code"} <= preview.defaulted


def test_half_typed_or_unknown_values_never_fail_the_preview(app: AppContext) -> None:
    preview = contacts.preview_new_contact(
        app, {"type": "person", "company_no": "NOPE", "email": "anna@", "name": "x" * 500}
    )
    assert preview.from_company == frozenset()
    assert preview.values["country_region_code"] == "BE"
