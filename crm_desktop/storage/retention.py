"""Rolling retention of backups: which backups the policy lets go, and pruning them.

Kept: the 3 newest; of the last 24 hours the newest automatic and the newest other backup of
each hour; the newest backup of each of the last 7 days, 4 weeks and 6 months that have
backups; and every "before-migration-*" backup younger than 30 days. Backups are aged by the UTC
time written inside them (`storage.backup.taken_utc`); one dated in the future by its file time.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path

from crm_desktop.storage.backup import (
    AUTOMATIC_REASONS,
    FUTURE_SLACK,
    HOURLY_FOR,
    KEEP_DAILY,
    KEEP_LATEST,
    KEEP_MIGRATION_DAYS,
    KEEP_MONTHLY,
    KEEP_WEEKLY,
    MIGRATION_PREFIX,
    attachments_of,
    backup_paths,
    reason_of,
    remove_leftovers,
    taken_utc,
)


def _keep_newest_per(
    ordered: list[tuple[str, dt.datetime]],
    key: Callable[[dt.datetime], Hashable],
    count: int,
) -> set[str]:
    keep: set[str] = set()
    seen: list[Hashable] = []
    for name, taken in ordered:
        bucket = key(taken)
        if bucket in seen:
            continue
        if len(seen) == count:
            break
        seen.append(bucket)
        keep.add(name)
    return keep


def _is_automatic(name: str) -> bool:
    return reason_of(name) in AUTOMATIC_REASONS


def backups_to_delete(backups: Iterable[tuple[str, dt.datetime]], now: dt.datetime) -> set[str]:
    """Which backups the rolling policy lets go (by name).

    Kept: the 3 newest; of the last 24 hours the newest automatic and the newest other backup of
    each hour (1,440 backups a day become at most 48); the newest of each of the 7 most recent
    days, 4 most recent ISO weeks and 6 most recent months that have backups; every
    before-migration backup younger than 30 days. Times are what the caller dates them by (a
    backup dated in the future is passed with its file time, see `prune`).
    """
    ordered = sorted(backups, key=lambda b: (b[1], b[0]), reverse=True)
    if not ordered:
        return set()
    keep = {name for name, _taken in ordered[:KEEP_LATEST]}
    keep |= _keep_newest_per(ordered, lambda t: t.date(), KEEP_DAILY)
    keep |= _keep_newest_per(ordered, lambda t: t.isocalendar()[:2], KEEP_WEEKLY)
    keep |= _keep_newest_per(ordered, lambda t: (t.year, t.month), KEEP_MONTHLY)
    recent = [(n, t) for n, t in ordered if now - t < HOURLY_FOR]
    for automatic in (True, False):
        # A manual backup never vanishes because an automatic one followed it in its hour.
        group = [(n, t) for n, t in recent if _is_automatic(n) is automatic]
        keep |= _keep_newest_per(group, lambda t: (t.date(), t.hour), 48)
    young = dt.timedelta(days=KEEP_MIGRATION_DAYS)
    keep |= {
        name for name, taken in ordered if name.startswith(MIGRATION_PREFIX) and now - taken < young
    }
    return {name for name, _ in ordered} - keep


def _retention_time(path: Path, now: dt.datetime) -> dt.datetime:
    """The local time a backup is aged by: the stamp inside it, or, when that lies in the
    future, its file time (never later than now), so it is neither kept for ever nor taken for
    the newest."""
    local_now = now.astimezone().replace(tzinfo=None) if now.tzinfo else now
    utc = taken_utc(path)
    taken = utc.astimezone().replace(tzinfo=None) if utc else None
    if taken is None or taken > local_now + FUTURE_SLACK:
        taken = min(dt.datetime.fromtimestamp(path.stat().st_mtime), local_now)
    return taken


def prune(backup_dir: Path, now: dt.datetime) -> list[Path]:
    """Delete the backups (and their attachment copies) the rolling policy lets go, and the
    leftovers of interrupted backups."""
    removed = remove_leftovers(backup_dir)
    paths = {p.name: p for p in backup_paths(backup_dir)}
    candidates = [(name, _retention_time(p, now)) for name, p in paths.items()]
    local_now = now.astimezone().replace(tzinfo=None) if now.tzinfo else now
    for name in sorted(backups_to_delete(candidates, local_now)):
        path = paths[name]
        path.unlink(missing_ok=True)
        shutil.rmtree(attachments_of(path), ignore_errors=True)
        shutil.rmtree(path.with_name(path.name + ".attachments-elsewhere"), ignore_errors=True)
        removed.append(path)
    return removed
