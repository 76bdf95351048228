"""Long work off the GUI thread: one thread class for every batch (scan, import, contact batches).

A job is `job(progress, cancel)`: it calls `progress(done, total)` as it goes and checks
`cancel()` to stop early. Results and errors come back through signals, queued to the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
Job = Callable[[Progress, CancelCheck], Any]


class JobThread(QThread):
    """Runs `job(progress, cancel)` in its own thread and reports through signals."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop at its next check."""
        self._cancel.set()

    def run(self) -> None:
        """The worker thread's body: run the job and report its result or its error."""
        try:
            result = self._job(self.progressed.emit, self._cancel.is_set)
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, shown there
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
