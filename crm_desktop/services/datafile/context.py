"""The app's data folder and the context every service call gets (`AppContext`).

Precedence for the data directory: the `--data-dir` option, then the environment variable
CRM_DESKTOP_DATA_DIR, then platformdirs' user data directory for the app.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from crm_desktop.domain.errors import StorageError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.storage.database import Database

APP_NAME = "crm-desktop"
DB_FILE = "crm.sqlite"
ENV_DATA_DIR = "CRM_DESKTOP_DATA_DIR"

CANNOT_CREATE_DIR = QT_TRANSLATE_NOOP(
    "errors",
    "The data folder {path} cannot be created or written ({reason}). "
    "Choose another folder with --data-dir or fix its permissions.",
)


def resolve_data_dir(option: str | Path | None) -> Path:
    """The data directory by precedence: option, environment variable, platformdirs."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass
class AppContext:
    """What every service call needs: the data directory and its open database."""

    data_dir: Path
    db: Database
    created: bool = False
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def backup_dir(self) -> Path:
        """Where backups go."""
        return self.data_dir / "backups"

    @property
    def log_path(self) -> Path:
        """The log file for unexpected errors."""
        return self.data_dir / "crm-desktop.log"

    @property
    def settings_path(self) -> Path:
        """The INI file for window geometry and UI state."""
        return self.data_dir / "window.ini"

    def can_write_now(self) -> bool:
        """True when a save could start now: no other task (an import, a duplicate scan, a
        backup, another window) holds the data file's write lock. Writes nothing."""
        return self.db.write_lock_free()

    def close(self) -> None:
        """Release the database."""
        self.db.close()


def ensure_data_dir(path: Path) -> None:
    """Create the data directory (private to the user) and make sure it can be written.

    Raises StorageError when it cannot.
    """
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        # A folder made by hand or by an older version (0755) becomes private too.
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
        probe = path / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StorageError(
            CANNOT_CREATE_DIR, path=str(path), reason=exc.strerror or str(exc)
        ) from exc
