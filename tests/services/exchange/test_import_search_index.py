"""An import fills the search indexes once after its inserts (issue 15 point 1), instead of by
the per-row insert triggers: the indexes must hold exactly what a full rebuild would, the
triggers must be back afterwards, and a refused import must leave both as they were."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crm_desktop.services import exchange
from crm_desktop.services.app import DB_FILE, AppContext
from crm_desktop.services.exchange import ImportRefusedError
from crm_desktop.storage import contact_search

FILE = (
    "no;type;name;company_no;city;phone_no;email\r\n"
    "K1;company;Bakkerij Öztürk BV;;Zwolle;+31 38 123 4567;info@oz.nl\r\n"
    ";person;Jan de Vries;K1;;06 1234 5678;jan@oz.nl\r\n"
    ";person;Zoë Müller;K2;;;\r\n"
    "K2;company;Smit & Co;;Delft;;\r\n"
)


def _indexes(ctx: AppContext) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    con = sqlite3.connect(ctx.data_dir / DB_FILE)
    try:
        fts = con.execute(f"SELECT rowid, * FROM {contact_search.FTS_TABLE} ORDER BY rowid")
        tri = con.execute(f"SELECT rowid, * FROM {contact_search.TRIGRAM_TABLE} ORDER BY rowid")
        return fts.fetchall(), tri.fetchall()
    finally:
        con.close()


def _triggers(ctx: AppContext) -> set[str]:
    con = sqlite3.connect(ctx.data_dir / DB_FILE)
    try:
        rows = con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {str(r[0]) for r in rows}
    finally:
        con.close()


def test_import_indexes_as_a_full_rebuild_would_and_keeps_the_triggers(
    ctx: AppContext, tmp_path: Path
) -> None:
    triggers = _triggers(ctx)
    path = tmp_path / "in.csv"
    path.write_text(FILE, encoding="utf-8")
    assert exchange.import_contacts(ctx, path).imported == 4
    after_import = _indexes(ctx)
    assert len(after_import[0]) >= 4 and len(after_import[1]) >= 4
    assert _triggers(ctx) == triggers
    with ctx.db.uow() as s:
        conn = s.connection()
        contact_search.install(conn)
        contact_search.install_trigram(conn)
    assert _indexes(ctx) == after_import
    # The triggers still index what is inserted later.
    path.write_text("no;type;name\r\nK9;company;Later Ltd\r\n", encoding="utf-8")
    exchange.import_contacts(ctx, path)
    later = _indexes(ctx)
    with ctx.db.uow() as s:
        contact_search.install(s.connection())
        contact_search.install_trigram(s.connection())
    assert _indexes(ctx) == later


def test_a_refused_import_leaves_indexes_and_triggers_as_they_were(
    ctx: AppContext, tmp_path: Path
) -> None:
    before, triggers = _indexes(ctx), _triggers(ctx)
    path = tmp_path / "in.csv"
    path.write_text(FILE + ";person;Bad;K404;;;not-an-email\r\n", encoding="utf-8")
    with pytest.raises(ImportRefusedError):
        exchange.import_contacts(ctx, path)
    assert _indexes(ctx) == before
    assert _triggers(ctx) == triggers
