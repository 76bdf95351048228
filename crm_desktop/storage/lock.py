"""One running copy per data directory: an OS lock on a file in the data directory.

Where the lock is taken: not in `open_app` (tests, and a restore, open the same directory more
than once in one process), but by the two entry points, explicitly: `crm_desktop.cli.main` for
every subcommand and `crm_desktop.ui.app.run_gui` for the window, through `acquire_lock` /
`DataDirLock`. The lock is an OS lock (flock on POSIX, msvcrt.locking on Windows), so it belongs
to the open file: when the process dies, even by SIGKILL, the OS releases it and a lock file
left behind never blocks the next start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from crm_desktop.domain.errors import StorageError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

LOCK_FILE = ".crm-desktop.lock"

ALREADY_OPEN = QT_TRANSLATE_NOOP(
    "errors", "The data in {path} is already open in another CRM Desktop window."
)


class AlreadyOpenError(StorageError):
    """Another running CRM Desktop (window or command) holds this data directory."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class DataDirLock:
    """The lock on one data directory; use as a context manager or call release()."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / LOCK_FILE
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> DataDirLock:
        """Take the lock; raises AlreadyOpenError if another process (or handle) holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            raise AlreadyOpenError(ALREADY_OPEN, path=str(self.data_dir))
        # The pid is only a hint for people looking at the folder; the OS lock is the truth.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        """Give the lock up (closing the file releases the OS lock)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DataDirLock:
        return self if self.held else self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def acquire_lock(data_dir: Path) -> DataDirLock:
    """Lock `data_dir` (which must exist) for this process; raises AlreadyOpenError."""
    return DataDirLock(data_dir).acquire()
