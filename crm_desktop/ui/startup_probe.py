"""A cheap way for the start-up benchmark to see the contact list's first rows painted.

With the environment variable CRM_DESKTOP_STARTUP_PROBE set (to anything), the app prints the
line `first-rows-painted` to standard output once the contact list has painted with rows, then
quits. tests/benchmarks/startup_bench.py times a start up to that line. Unset, nothing is
installed.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication

ENV = "CRM_DESKTOP_STARTUP_PROBE"
LINE = "first-rows-painted"
TABLE = "contact_table"


class _FirstRowsProbe(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if not self.done and event.type() == QEvent.Type.Paint:
            view = watched.parent()
            if isinstance(view, QAbstractItemView) and view.objectName() == TABLE:
                model = view.model()
                if model is not None and model.rowCount() > 0 and model.index(0, 1).data():
                    self.done = True
                    # After this paint event has been handled: the rows are on screen.
                    QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        sys.stdout.write(LINE + "\n")
        sys.stdout.flush()
        self.app.quit()


def install_if_asked(app: QApplication) -> None:
    """Watch for the list's first painted rows when CRM_DESKTOP_STARTUP_PROBE is set."""
    if os.environ.get(ENV):
        app.installEventFilter(_FirstRowsProbe(app))
