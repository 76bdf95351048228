"""The migrated schema equals the models, and the README's test command is what CI runs."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from crm_desktop.services.app import DB_FILE, AppContext
from crm_desktop.storage.models import Base

ROOT = Path(__file__).resolve().parents[2]


def _virtual_tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as con:
        rows = con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        ).fetchall()
    con.close()
    return [r[0] for r in rows]


def test_migrations_produce_exactly_the_models(ctx: AppContext) -> None:
    virtual = _virtual_tables(ctx.data_dir / DB_FILE)
    with ctx.db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    remaining = []
    for diff in diffs:
        if diff[0] == "remove_table" and any(diff[1].name.startswith(v) for v in virtual):
            continue  # full-text search tables are SQLite-only and kept by storage code
        remaining.append(diff)
    assert remaining == []


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^    (python3 -m venv .*)$", readme, flags=re.M)
    assert len(commands) >= 2, "the README opens with the two commands"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
