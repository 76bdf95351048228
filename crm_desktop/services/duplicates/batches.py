"""Writing a scan's results in short transactions, so a save elsewhere never waits long.

A write transaction holds SQLite's write lock; a card saved meanwhile waits for it (up to the busy
timeout). Each batch is sized from the time the previous one took, aiming at a quarter of a
second, so no transaction comes near half a second on a slow disk or a busy machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy.orm import Session

from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.duplicates.matching import CANCELLED, Cancel, Cancelled

T = TypeVar("T")

TARGET_SECONDS = 0.25
FIRST_BATCH = 1000
LARGEST_BATCH = 50_000


def check_cancel(cancel: Cancel | None) -> None:
    """Raise Cancelled when the user asked to stop."""
    if cancel is not None and cancel():
        raise Cancelled(CANCELLED)


def write_in_batches(
    ctx: AppContext,
    rows: Sequence[T],
    write: Callable[[Session, Sequence[T]], None],
    cancel: Cancel | None = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Call `write(session, batch)` over `rows`, each batch in its own short transaction."""
    size = FIRST_BATCH
    done = 0
    while done < len(rows):
        check_cancel(cancel)
        batch = rows[done : done + size]
        started = time.perf_counter()
        with ctx.db.uow() as s:
            write(s, batch)
        took = max(time.perf_counter() - started, 1e-4)
        done += len(batch)
        size = int(min(LARGEST_BATCH, max(100, size * TARGET_SECONDS / took)))
        if progress is not None:
            progress(done)
