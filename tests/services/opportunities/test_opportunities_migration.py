"""Migration i21a on a database made before it: the opportunity tables appear, the stage gets its
Activity Code, and the close opportunity codes are there, so opportunities work at once. No BC
scenario covers migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from crm_desktop.services import masterdata
from crm_desktop.services.app import DB_FILE, open_app
from crm_desktop.storage.engine import create_sqlite_engine
from crm_desktop.storage.migrate import alembic_config


def test_existing_database_gets_opportunities_and_close_codes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    engine = create_sqlite_engine(data / DB_FILE)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
        cols = conn.exec_driver_sql("PRAGMA table_info(marketing_setup)").all()
        required = [c[1] for c in cols if c[3] and c[4] is None and c[1] != "id"]
        names = ", ".join(["id", *required])
        conn.exec_driver_sql(
            f"INSERT INTO marketing_setup ({names}) VALUES (1{', 0' * len(required)})"
        )
        conn.exec_driver_sql("INSERT INTO sales_cycle (code, description) VALUES ('OLD', 'Old')")
        conn.exec_driver_sql(
            "INSERT INTO sales_cycle_stage (sales_cycle_code, stage, description) "
            "VALUES ('OLD', 1, 'First')"
        )
    engine.dispose()
    ctx = open_app(data)
    try:
        codes = {r["code"]: r["type"] for r in masterdata.list_rows(ctx, "close_opportunity_code")}
        assert codes == {"WON": "won", "PRICE": "lost", "COMPETITOR": "lost", "NOBUDGET": "lost"}
        stage = masterdata.list_rows(ctx, "sales_cycle_stage", "OLD")[0]
        assert (stage["description"], stage["activity_code"]) == ("First", "")
    finally:
        ctx.close()
