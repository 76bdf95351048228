"""Document tables, the seeded Sales & Purchases setup and migration i20a on an older database
(issue 20). No BC scenario covers migrations or seeding."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from alembic import command
from sqlalchemy import select

from crm_desktop.domain import documents as docs
from crm_desktop.services.app import DB_FILE, AppContext, open_app
from crm_desktop.storage import models as m
from crm_desktop.storage.engine import create_sqlite_engine
from crm_desktop.storage.migrate import alembic_config


def _series_and_rates(ctx: AppContext) -> tuple[dict[str, str | None], dict[str, Decimal]]:
    with ctx.db.uow() as s:
        setup = s.get(m.SalesPurchaseSetup, 1)
        assert setup is not None
        fields = {t.setup_field: getattr(setup, t.setup_field) for t in docs.DOCUMENT_TYPES}
        lines = {ln.series_code: ln.starting_no for ln in s.scalars(select(m.NoSeriesLine)).all()}
        for code in fields.values():
            assert code in lines
        assert setup.default_vat_rate_code == "STANDARD"
        rates = {r.code: r.rate for r in s.scalars(select(m.VatRate)).all()}
    return fields, rates


def test_new_database_has_a_series_per_document_type(ctx: AppContext) -> None:
    fields, rates = _series_and_rates(ctx)
    assert fields == {t.setup_field: t.series_code for t in docs.DOCUMENT_TYPES}
    assert rates == {"STANDARD": Decimal("20.00000"), "REDUCED": Decimal(5), "ZERO": Decimal(0)}


def test_existing_database_gets_the_series_by_migration(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    engine = create_sqlite_engine(data / DB_FILE)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "i18a")
        cols = conn.exec_driver_sql("PRAGMA table_info(marketing_setup)").all()
        required = [c[1] for c in cols if c[3] and c[4] is None and c[1] != "id"]
        names = ", ".join(["id", *required])
        conn.exec_driver_sql(
            f"INSERT INTO marketing_setup ({names}) VALUES (1{', 0' * len(required)})"
        )
        # A series the user already made under one of the codes is kept as it is.
        conn.exec_driver_sql(
            "INSERT INTO no_series (code, description, default_nos, manual_nos) "
            "VALUES ('S-QUO', 'My quotes', 1, 1)"
        )
        conn.exec_driver_sql(
            "INSERT INTO no_series_line (series_code, line_no, starting_no, ending_no) "
            "VALUES ('S-QUO', 10000, 'Q-001', 'Q-999')"
        )
    engine.dispose()
    ctx = open_app(data)
    try:
        fields, rates = _series_and_rates(ctx)
        assert fields == {t.setup_field: t.series_code for t in docs.DOCUMENT_TYPES}
        assert rates["STANDARD"] == Decimal(20)
        with ctx.db.uow() as s:
            mine = s.get(m.NoSeries, "S-QUO")
            assert mine is not None and mine.description == "My quotes"
            line = s.scalars(select(m.NoSeriesLine).filter_by(series_code="S-QUO")).one()
            assert line.starting_no == "Q-001"
            assert s.get(m.NoSeries, "P-CR") is not None
    finally:
        ctx.close()


def test_document_series_show_on_the_no_series_page(ctx: AppContext) -> None:
    from crm_desktop.services.numbering import series

    codes = {row.code for row in series.list_series(ctx)}
    assert {t.series_code for t in docs.DOCUMENT_TYPES} <= codes
