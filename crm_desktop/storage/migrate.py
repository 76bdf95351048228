"""Schema migrations with Alembic, configured in code and run at start-up.

A database from a newer schema than this app knows is refused before anything writes to it; an
existing database is copied with SQLite's backup API before it is migrated.

Alembic is imported only when a migration is due: importing it costs a noticeable part of a cold
start, and a file already at `HEAD_REVISION` (the usual start) needs none of it. The head is a
constant and the known revisions a text scan of the versions folder; a test checks both against
Alembic's own view so they cannot drift.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

from crm_desktop.domain.errors import SchemaTooNewError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.storage.backup import ATTACHMENTS_DIR, backup_data
from crm_desktop.storage.engine import create_sqlite_engine, read_user_version_readonly

MIGRATIONS = Path(__file__).with_name("migrations")

# The newest migration; a new migration changes this line (tests/storage/test_migrate_head.py).
HEAD_REVISION = "k12a"

_REVISION_LINE = re.compile(r"""^revision\s*=\s*["']([^"']+)["']""", re.MULTILINE)

SCHEMA_TOO_NEW = QT_TRANSLATE_NOOP(
    "errors",
    "The data file {path} was written by a newer version of CRM Desktop (schema {revision}). "
    "Install the newer version to open it; the file has not been changed.",
)


def alembic_config() -> Config:
    """Alembic's configuration, built in code so the installed app needs no alembic.ini."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def _scanned_revisions() -> frozenset[str]:
    found: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found.update(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
    return frozenset(found)


def known_revisions() -> set[str]:
    """Every revision this version of the app knows (read from the migration files' text)."""
    return set(_scanned_revisions())


def head_revision() -> str:
    """The newest revision this app knows."""
    return HEAD_REVISION


Seed = Callable[["Connection"], None]


def migrate(path: Path, backup_dir: Path | None, *, seed: Seed | None = None) -> bool:
    """Bring the database at `path` to the newest schema; return True if it was new (empty).

    `seed(connection)` runs inside the migration's own transaction, after the last migration
    step, so a first start that is killed leaves either nothing or a migrated and seeded file,
    never a schema without its setup. A pre-migration copy goes into `backup_dir` (None: no copy,
    for a file that is itself a copy, such as a backup being restored).

    Raises SchemaTooNewError, leaving the file untouched, if it comes from a newer app.
    """
    existed = path.exists() and path.stat().st_size > 0
    is_empty, revision = (True, None)
    if existed:
        is_empty, revision = read_user_version_readonly(path)
        if revision is not None and revision not in known_revisions():
            raise SchemaTooNewError(SCHEMA_TOO_NEW, path=str(path), revision=revision)
    head = head_revision()
    if revision == head:
        return False
    if existed and not is_empty and backup_dir is not None:
        # Verified like every backup (storage/backup.py); a failed copy stops the migration.
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_data(
            path,
            backup_dir / f"before-migration-{revision or 'none'}-{stamp}.sqlite",
            path.parent / ATTACHMENTS_DIR,
        )
    from alembic import command

    engine = create_sqlite_engine(path)
    try:
        with engine.begin() as connection:
            cfg = alembic_config()
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
            if seed is not None:
                seed(connection)
    finally:
        engine.dispose()
    return is_empty
