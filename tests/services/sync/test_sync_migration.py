"""Migration 0004 on a database made before it: the sync tables appear and the customer, vendor,
bank account and employee series are set up, so the area works at once."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from crm_desktop.services.app import DB_FILE, open_app
from crm_desktop.services.sync import accounts
from crm_desktop.storage.engine import create_sqlite_engine
from crm_desktop.storage.migrate import alembic_config


def test_existing_database_gets_the_sync_series(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    engine = create_sqlite_engine(data / DB_FILE)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        # The setup row as an older app wrote it: every required column filled.
        cols = conn.exec_driver_sql("PRAGMA table_info(marketing_setup)").all()
        required = [c[1] for c in cols if c[3] and c[4] is None and c[1] != "id"]
        names = ", ".join(["id", *required])
        conn.exec_driver_sql(
            f"INSERT INTO marketing_setup ({names}) VALUES (1{', 0' * len(required)})"
        )
        conn.exec_driver_sql(
            "INSERT INTO no_series (code, description, default_nos, manual_nos) "
            "VALUES ('CUST', 'Own customers', 1, 1)"
        )
    engine.dispose()
    ctx = open_app(data)
    try:
        with ctx.db.read() as s:
            from crm_desktop.storage import models as m

            row = s.get(m.SyncSetup, 1)
            assert row is not None
            # A series the user already had under that code is left alone and not assigned.
            assert (row.customer_nos, row.vendor_nos, row.bank_account_nos, row.employee_nos) == (
                None,
                "VEND",
                "BANK",
                "EMP",
            )
            assert s.get(m.NoSeries, "CUST").description == "Own customers"  # type: ignore[union-attr]
        saved = accounts.create_record(ctx, "vendor", {"name": "First vendor"})
        assert saved.record["no"] == "V00010"
    finally:
        ctx.close()


def test_new_database_is_seeded_with_the_sync_series(tmp_path: Path) -> None:
    ctx = open_app(tmp_path / "new")
    try:
        first = accounts.create_record(ctx, "customer", {"name": "A"}).record["no"]
        second = accounts.create_record(ctx, "customer", {"name": "B"}).record["no"]
        assert (first, second) == ("C00010", "C00011")
        bank = accounts.create_record(ctx, "bank_account", {"name": "Bank"}).record["no"]
        employee = accounts.create_record(ctx, "employee", {"first_name": "E"}).record["no"]
        assert (bank, employee) == ("B010", "E0010")
    finally:
        ctx.close()
