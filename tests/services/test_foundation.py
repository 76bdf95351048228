"""The foundation: data directory, migrations, seeding, newer schemas, rename and delete."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from crm_desktop.domain.errors import ReferencedError, SchemaTooNewError, ValidationError
from crm_desktop.services import masterdata, setup
from crm_desktop.services.app import DB_FILE, AppContext, open_app, resolve_data_dir
from crm_desktop.storage.migrate import head_revision


def test_first_start_seeds_the_default_setup(ctx: AppContext) -> None:
    values = setup.get_marketing_setup(ctx)
    assert values["contact_nos"] == "CONT"
    assert values["bus_rel_code_for_customers"] == "CUST"
    assert values["bus_rel_code_for_vendors"] == "VEND"
    assert values["bus_rel_code_for_bank_accs"] == "BANK"
    assert values["bus_rel_code_for_employees"] == "EMP"
    assert values["def_company_salutation_code"] == "COMPANY"
    assert values["default_person_salutation_code"] == "PERSON"
    assert values["default_sales_cycle_code"] == "NEW"
    assert values["search_hit_percent"] == 60
    assert values["default_salesperson_code"] == ""
    countries = {r["code"] for r in masterdata.list_rows(ctx, "country_region")}
    assert {"NL", "DE", "FR", "GB", "US"} <= countries and len(countries) == 29
    assert {r["code"] for r in masterdata.list_rows(ctx, "language")} == {"ENU", "NLD"}
    formulas = masterdata.list_rows(ctx, "salutation_formula", "PERSON")
    assert {(f["language_code"], f["salutation_type"]) for f in formulas} == {
        (lang, t) for lang in ("", "ENU", "NLD") for t in ("formal", "informal")
    }
    assert len(masterdata.list_rows(ctx, "sales_cycle_stage", "NEW")) == 5


def test_second_start_reuses_the_database(data_dir: Path) -> None:
    first = open_app(data_dir)
    setup.update_marketing_setup(first, {"search_hit_percent": 75})
    first.close()
    second = open_app(data_dir)
    try:
        assert not second.created
        assert setup.get_marketing_setup(second)["search_hit_percent"] == 75
    finally:
        second.close()


def test_data_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CRM_DESKTOP_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(str(tmp_path / "opt")) == tmp_path / "opt"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("CRM_DESKTOP_DATA_DIR")
    assert "crm-desktop" in str(resolve_data_dir(None))


def test_migrations_run_on_an_empty_file(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / DB_FILE).touch()
    context = open_app(data_dir)
    try:
        assert context.created
        with sqlite3.connect(data_dir / DB_FILE) as con:
            (rev,) = con.execute("SELECT version_num FROM alembic_version").fetchone()
        assert rev == head_revision()
    finally:
        context.close()


def test_newer_schema_is_refused_and_left_byte_identical(data_dir: Path) -> None:
    open_app(data_dir).close()
    path = data_dir / DB_FILE
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(SchemaTooNewError) as err:
        open_app(data_dir)
    assert "newer version" in str(err.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_renamed_code_is_renamed_everywhere(ctx: AppContext) -> None:
    masterdata.save_row(ctx, "salesperson", {"code": "js", "name": "Jan Smit"})
    setup.update_marketing_setup(ctx, {"default_salesperson_code": "JS"})
    setup.update_user_setup(ctx, salesperson_code="JS")
    masterdata.rename(ctx, "salesperson", "JS", "JSMIT")
    assert setup.get_marketing_setup(ctx)["default_salesperson_code"] == "JSMIT"
    assert setup.get_user_setup(ctx).salesperson_code == "JSMIT"
    masterdata.rename(ctx, "language", "NLD", "NL")
    formulas = masterdata.list_rows(ctx, "salutation_formula", "PERSON")
    assert {f["language_code"] for f in formulas} == {"", "ENU", "NL"}


def test_bc084_renamed_business_relation_follows_in_all_four_setup_fields(ctx: AppContext) -> None:
    setup.update_marketing_setup(
        ctx,
        {
            "bus_rel_code_for_vendors": "CUST",
            "bus_rel_code_for_bank_accs": "CUST",
            "bus_rel_code_for_employees": "CUST",
        },
    )
    masterdata.rename(ctx, "business_relation", "CUST", "CLIENT")
    values = setup.get_marketing_setup(ctx)
    assert {
        values[f]
        for f in (
            "bus_rel_code_for_customers",
            "bus_rel_code_for_vendors",
            "bus_rel_code_for_bank_accs",
            "bus_rel_code_for_employees",
        )
    } == {"CLIENT"}


def test_referenced_record_cannot_be_deleted(ctx: AppContext) -> None:
    with pytest.raises(ReferencedError) as err:
        masterdata.delete_row(ctx, "business_relation", ("CUST",))
    assert "Marketing Setup" in str(err.value)
    masterdata.save_row(ctx, "territory", {"code": "north", "name": "North"})
    masterdata.delete_row(ctx, "territory", ("NORTH",))
    assert masterdata.list_rows(ctx, "territory") == []


def test_codes_are_upper_cased_trimmed_and_limited(ctx: AppContext) -> None:
    row = masterdata.save_row(ctx, "territory", {"code": "  south ", "name": "South"})
    assert row["code"] == "SOUTH"
    with pytest.raises(ValidationError) as err:
        masterdata.save_row(ctx, "territory", {"code": "X" * 11})
    assert err.value.field == "code"


@pytest.mark.parametrize("bad", [0, 101])
def test_search_hit_percent_out_of_range_is_refused(ctx: AppContext, bad: int) -> None:
    with pytest.raises(ValidationError) as err:
        setup.update_marketing_setup(ctx, {"search_hit_percent": bad})
    assert err.value.field == "search_hit_percent"
    assert str(err.value) == f"Search Hit % must be between 1 and 100; {bad} is not allowed."
    assert setup.get_marketing_setup(ctx)["search_hit_percent"] == 60


def test_unknown_codes_are_refused_and_nothing_saved(ctx: AppContext) -> None:
    with pytest.raises(ValidationError) as err:
        setup.update_marketing_setup(
            ctx, {"default_territory_code": "NOPE", "search_hit_percent": 50}
        )
    assert err.value.field == "default_territory_code"
    assert str(err.value) == "Territory NOPE does not exist."
    assert setup.get_marketing_setup(ctx)["search_hit_percent"] == 60


def test_bc026_autosearch_on_switches_maintain_on_and_asks_to_generate(ctx: AppContext) -> None:
    setup.update_marketing_setup(ctx, {"maintain_dupl_search_strings": False})
    values = setup.get_marketing_setup(ctx)
    assert values["autosearch_for_duplicates"] is False
    saved = setup.update_marketing_setup(ctx, {"autosearch_for_duplicates": True})
    assert saved.values["maintain_dupl_search_strings"] is True
    assert saved.values["autosearch_for_duplicates"] is True
    assert saved.ask_generate_search_strings


def test_bc027_autosearch_on_with_maintain_on_does_not_ask(ctx: AppContext) -> None:
    setup.update_marketing_setup(ctx, {"autosearch_for_duplicates": False})
    values = setup.get_marketing_setup(ctx)
    assert values["maintain_dupl_search_strings"] is True
    saved = setup.update_marketing_setup(ctx, {"autosearch_for_duplicates": True})
    assert (
        saved.values["maintain_dupl_search_strings"] and saved.values["autosearch_for_duplicates"]
    )
    assert not saved.ask_generate_search_strings


def test_setup_page_save_is_one_transaction(ctx: AppContext) -> None:
    with pytest.raises(ValidationError) as err:
        setup.save_setup_page(
            ctx, {"search_hit_percent": 80}, {"sales_quotes": "NO-SUCH"}, salesperson_code=""
        )
    assert err.value.field == "sales_quotes"
    assert setup.get_marketing_setup(ctx)["search_hit_percent"] == 60
    saved = setup.save_setup_page(
        ctx, {"search_hit_percent": 80}, {"sales_quotes": "LETTER"}, work_date=None
    )
    assert saved.values["search_hit_percent"] == 80
    assert setup.get_interaction_template_setup(ctx)["sales_quotes"] == "LETTER"
