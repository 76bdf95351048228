"""Writing a scan's results in short transactions, so a save elsewhere never waits long.

A write transaction holds SQLite's write lock; a card saved meanwhile waits for it (up to the busy
timeout). Each batch is sized from the time the previous one took, aiming at 0.1 s, so no
transaction comes near half a second on a slow disk or a busy machine; after each batch the
scan pauses briefly, because SQLite's busy handler polls at growing intervals (up to 100 ms) and a
waiting save would otherwise miss the moment between two batches, again and again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy.orm import Session

from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.duplicates.matching import CANCELLED, Cancel, Cancelled

T = TypeVar("T")

TARGET_SECONDS = 0.1
FIRST_BATCH = 250
LARGEST_BATCH = 5_000
GROWTH = 2.0  # a batch is at most twice the previous one: one fast batch proves little
PAUSE_SHARE = 0.5  # pause after a batch: this share of its time, at least MIN_PAUSE
MIN_PAUSE = 0.05


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
        if done < len(rows):
            time.sleep(max(MIN_PAUSE, PAUSE_SHARE * took))
        size = int(min(LARGEST_BATCH, GROWTH * size, max(100, size * TARGET_SECONDS / took)))
        if progress is not None:
            progress(done)
