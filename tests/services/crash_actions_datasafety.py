"""Crash actions of issue 14 (data safety round two): first start, backup, restore.

Kept beside `crash_actions` (which stays under 500 lines); see there for the harness.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from crm_desktop.services.app import AppContext
from crm_desktop.storage import models as m

RESTORE_CONTACTS = 5


@dataclass
class FirstStart:
    """The very first start of the app on a new data folder: create, migrate and seed, all in
    one transaction (issue 14 point 1). A kill leaves nothing or a whole setup, and the next
    start finishes the job."""

    name: str = "first_start"

    def missing(self) -> str | None:
        return None

    def prepare(self, ctx: AppContext) -> None:
        pass

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services.app import open_app

        open_app(ctx.data_dir.parent / f"first-{tag}").close()

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        from crm_desktop.services.app import open_app
        from crm_desktop.services.backups.check import check_data_dir

        problems = []
        # The latest ones: earlier folders were checked after earlier kills.
        for tag in done[-3:]:
            report = check_data_dir(ctx.data_dir.parent / f"first-{tag}")
            if not report.ok:
                problems.append(f"first_start: {tag} finished but {report.problems}")
        if inflight:
            folder = ctx.data_dir.parent / f"first-{inflight}"
            try:
                open_app(folder).close()
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                return [*problems, f"first_start: start after a kill failed: {exc}"]
            report = check_data_dir(folder)
            if not report.ok:
                problems.append(f"first_start: after a kill and a start {report.problems}")
        return problems


@dataclass
class MakeBackup:
    """A backup into the backups folder (backups service): a verified copy or nothing."""

    name: str = "backup"

    def missing(self) -> str | None:
        return None

    def prepare(self, ctx: AppContext) -> None:
        pass

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services.backups import backup

        backup.make_backup(ctx, "auto")

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        from crm_desktop.storage import backup as store

        found = store.backup_paths(ctx.backup_dir)
        problems = [f"backup: {p.name} fails its check" for p in found if store.verify(p)]
        if done and not found:
            problems.append("backup: backups were made but none is left")
        leftovers = [p.name for p in ctx.backup_dir.glob("*.partial*")]
        if leftovers:
            problems.append(f"backup: leftovers after a start: {leftovers}")
        return problems


@dataclass
class RestoreBackup:
    """Restore a backup into a second data folder (backups service): the folder holds the old
    or the restored data, whole, and no leftover survives the next start."""

    name: str = "restore"

    def missing(self) -> str | None:
        return None

    def _target(self, ctx: AppContext) -> tuple[Any, Any]:
        base = ctx.data_dir.parent
        return base / "restore-target", base / "restore-source.sqlite"

    def prepare(self, ctx: AppContext) -> None:
        from crm_desktop.services.app import open_app
        from crm_desktop.services.backups import backup
        from crm_desktop.services.contacts.edit import create_contact

        folder, source = self._target(ctx)
        other = open_app(folder)
        try:
            for i in range(RESTORE_CONTACTS):
                create_contact(other, {"type": "company", "name": f"Restored {i}"})
            backup.make_backup(other, to=source)
        finally:
            other.close()

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services.backups import backup

        folder, source = self._target(ctx)
        backup.restore_backup(folder, source)

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        from crm_desktop.services.app import open_app
        from crm_desktop.services.backups.check import check_data_dir

        folder, _source = self._target(ctx)
        try:
            other = open_app(folder)
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            return [f"restore: the folder does not open after a kill: {exc}"]
        try:
            with other.db.read() as s:
                count = s.scalar(select(func.count()).select_from(m.Contact))
        finally:
            other.close()
        problems = [] if count == RESTORE_CONTACTS else [f"restore: {count} contacts"]
        report = check_data_dir(folder)
        if not report.ok:
            problems.append(f"restore: {report.problems}")
        if list(folder.glob("crm.sqlite.restoring*")):
            problems.append("restore: crm.sqlite.restoring left after a start")
        return problems
