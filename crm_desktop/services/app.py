"""Opening the app: the data file made safe, migrated and seeded, and the capabilities wired.

This module sits above every capability package because `open_app` connects them: contacts
announce their saves through `contacts.hooks`, and sync's listeners are registered here,
explicitly, rather than as a side effect of an import. Below it, `datafile` knows where the data
lives and how to open it safely. `AppContext` is re-exported as the one thing every screen holds.
"""

from __future__ import annotations

from pathlib import Path

from crm_desktop.services.datafile import seed
from crm_desktop.services.datafile.context import (
    DB_FILE,
    AppContext,
    ensure_data_dir,
    resolve_data_dir,
)
from crm_desktop.services.datafile.opening import (
    prepare_database,
    sqlite_errors_as_storage_errors,
    translate_errors_of,
)
from crm_desktop.services.sync import push
from crm_desktop.storage.database import Database
from crm_desktop.storage.migrate import migrate

__all__ = ["DB_FILE", "AppContext", "open_app", "resolve_data_dir"]


def open_app(data_dir: str | Path | None = None, *, allow_new: bool = False) -> AppContext:
    """Open (creating if needed) the data directory and its database, migrated and seeded.

    A new database is migrated and seeded in one transaction; a database whose setup is
    missing (a first start of an older version killed between the two) is seeded now. When
    the data file is missing or empty but a backup or a file set aside exists, it raises
    DataMissingError instead of creating an empty one, unless `allow_new` (the user chose to
    start afresh). Raises StorageError when the directory cannot be made or written,
    SchemaTooNewError when the database comes from a newer app (left untouched), and the
    errors of `datafile.opening.prepare_database`.
    """
    path = resolve_data_dir(data_dir)
    ensure_data_dir(path)
    db_path = path / DB_FILE
    # Data safety (datafile/opening.py): refuse a foreign, newer, read-only or locked file and
    # move a damaged one aside before anything writes; SQLite's failures become typed errors.
    prepare_database(db_path, path / "backups", allow_new=allow_new)
    with sqlite_errors_as_storage_errors(db_path):
        # The seed runs in the migration's transaction: a kill leaves all or nothing.
        created = migrate(db_path, path / "backups", seed=seed.seed_connection)
        db = Database(db_path)
        translate_errors_of(db)
        seed.seed_if_missing(db)
    # Contacts announce saves through hooks; sync listens (see services/contacts/hooks.py).
    push.connect()
    return AppContext(data_dir=path, db=db, created=created)
