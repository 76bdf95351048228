"""The cheap revision check that spares a cold start Alembic's import stays true to Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from crm_desktop.services.app import DB_FILE, open_app
from crm_desktop.storage.engine import create_sqlite_engine, read_user_version_readonly
from crm_desktop.storage.migrate import HEAD_REVISION, alembic_config, known_revisions


def test_head_constant_is_alembics_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_scanned_revisions_are_alembics() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_an_out_of_date_file_is_still_migrated_on_start(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    engine = create_sqlite_engine(data_dir / DB_FILE)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "k20a")
    engine.dispose()
    open_app(data_dir).close()
    assert read_user_version_readonly(data_dir / DB_FILE)[1] == HEAD_REVISION


def test_opening_a_current_file_does_not_import_alembic(tmp_path: Path) -> None:
    open_app(tmp_path / "data", allow_new=True).close()
    code = (
        "import sys\n"
        "from crm_desktop.services.app import open_app\n"
        f"open_app({str(tmp_path / 'data')!r}).close()\n"
        "assert 'alembic' not in sys.modules, 'alembic imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
