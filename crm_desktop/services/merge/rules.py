"""What a merge does with each table that refers to contacts: one registry, one rule per table.

The list of tables comes from the schema's foreign keys to `contact.no`
(`storage.contact_refs.contact_references`), never from names. Each of those tables must have an
entry in `RULES`, named for it; a table without one stops every merge with a message naming it
(and fails tests/services/test_merge_schema.py), so a table added later is never skipped
silently.

Adding a table whose rows simply follow the contact (an interaction log entry, a comment, an
opportunity) is one line in `RULES`:

    "interaction_log_entry": REPOINT,

REPOINT moves every contact column from the contact that goes to the survivor and refuses the
merge, before anything is written, if that would collide on a unique key. UNITE does the same
but, on a collision, keeps the survivor's row and drops the other (recorded, so an undo brings
it back): for tables where a contact appears once per key (segment lines, profile answers).
`Refuse(reason)` stops the merge when the contact that goes has rows there. `Custom(fn, what)`
runs `fn(job, ref)` for tables with rules of their own (the contact table's persons, business
relations, duplicate pairs and search strings, customers' and vendors' primary contacts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Table, and_, delete, func, or_, select, update

from crm_desktop.domain.errors import ConflictError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.merge.job import MergeJob
from crm_desktop.storage import models as m
from crm_desktop.storage.contact_refs import ContactReference

COLLIDES = QT_TRANSLATE_NOOP(
    "errors",
    "{count} {table} rows of contact {gone_no} would collide with rows of contact {survivor_no} "
    "on ({key}); the merge has no rule to unite them, so nothing was merged.",
)
REFUSED = QT_TRANSLATE_NOOP(
    "errors", "Contact {gone_no} has {count} {table} rows that cannot be merged: {reason}"
)
NO_RULE = QT_TRANSLATE_NOOP(
    "errors",
    "Table {table} refers to contacts, but the merge has no rule for it; nothing was merged.",
)


@dataclass
class Moved:
    """What a rule did in one table: rows re-pointed and rows united with the survivor's."""

    moved: int = 0
    united: int = 0

    def add(self, other: Moved) -> None:
        self.moved += other.moved
        self.united += other.united


class Rule(Protocol):
    """A table's merge rule: `check` before any write (raises), `apply` inside the merge."""

    @property
    def order(self) -> int:
        """When the rule runs: lower first (relations 10, persons 40, plain tables 50, ...)."""
        ...

    def check(self, job: MergeJob, ref: ContactReference) -> None: ...
    def apply(self, job: MergeJob, ref: ContactReference) -> Moved: ...


def table_of(name: str) -> Table:
    """The SQLAlchemy table of a schema table name."""
    return m.Base.metadata.tables[name]


def gone_rows(job: MergeJob, t: Table, ref: ContactReference) -> Any:
    """The condition selecting the rows of `t` that refer to the contact that goes."""
    return or_(*(t.c[c] == job.gone_no for c in ref.columns))


def count_referring(s: Any, ref: ContactReference, no: str) -> int:
    """How many rows of the table refer to contact `no` (the contact's own row not counted)."""
    t = table_of(ref.table)
    cond = or_(*(t.c[c] == no for c in ref.columns))
    if ref.table == "contact":
        cond = cond & (t.c.no != no)
    return int(s.scalar(select(func.count()).select_from(t).where(cond)) or 0)


def collisions(job: MergeJob, ref: ContactReference) -> list[tuple[tuple[str, ...], list[Any]]]:
    """Per unique key holding a contact column: the key values of the gone contact's rows whose
    key, with the survivor's number in place of the gone one, is taken (by a row there already
    or by another of the gone contact's rows moving)."""
    t = table_of(ref.table)
    out: list[tuple[tuple[str, ...], list[Any]]] = []
    for key in ref.unique_keys:
        cols = [t.c[k] for k in key]
        hits: list[Any] = []
        seen: set[tuple[Any, ...]] = set()
        for row in job.s.execute(select(*cols).where(gone_rows(job, t, ref))).all():
            values = tuple(row)
            moved = tuple(
                job.survivor_no if (k in ref.columns and v == job.gone_no) else v
                for k, v in zip(key, values, strict=True)
            )
            taken = job.s.scalar(
                select(func.count())
                .select_from(t)
                .where(and_(*(c == v for c, v in zip(cols, moved, strict=True))))
            )
            if taken or moved in seen:
                hits.append(values)
            seen.add(moved)
        if hits:
            out.append((key, hits))
    return out


def _repoint(job: MergeJob, ref: ContactReference) -> int:
    t = table_of(ref.table)
    count = 0
    for col in ref.columns:
        result = job.s.execute(
            update(t).where(t.c[col] == job.gone_no).values({col: job.survivor_no})
        )
        count += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return count


@dataclass(frozen=True)
class Repoint:
    """Every contact column moves to the survivor; a unique-key collision refuses the merge."""

    order: int = 50

    def check(self, job: MergeJob, ref: ContactReference) -> None:
        found = collisions(job, ref)
        if found:
            key, rows = found[0]
            raise ConflictError(
                COLLIDES,
                field="no",
                count=len(rows),
                table=ref.table,
                gone_no=job.gone_no,
                survivor_no=job.survivor_no,
                key=", ".join(key),
            )

    def apply(self, job: MergeJob, ref: ContactReference) -> Moved:
        return Moved(moved=_repoint(job, ref))


@dataclass(frozen=True)
class Unite:
    """As Repoint, but a row that would collide is one with the survivor's: the survivor's row
    stays and the gone contact's is dropped (recorded for undo)."""

    order: int = 50

    def check(self, job: MergeJob, ref: ContactReference) -> None:
        pass

    def apply(self, job: MergeJob, ref: ContactReference) -> Moved:
        t = table_of(ref.table)
        united = 0
        for key, rows in collisions(job, ref):
            for values in rows:
                cond = and_(*(t.c[k] == v for k, v in zip(key, values, strict=True)))
                result = job.s.execute(delete(t).where(cond))
                united += int(result.rowcount or 0)  # type: ignore[attr-defined]
        return Moved(moved=_repoint(job, ref), united=united)


@dataclass(frozen=True)
class Refuse:
    """The merge stops when the contact that goes has rows here, saying why."""

    reason: str
    order: int = 0

    def check(self, job: MergeJob, ref: ContactReference) -> None:
        t = table_of(ref.table)
        count = job.s.scalar(select(func.count()).select_from(t).where(gone_rows(job, t, ref)))
        if count:
            raise ConflictError(
                REFUSED,
                field="no",
                gone_no=job.gone_no,
                count=count,
                table=ref.table,
                reason=self.reason,
            )

    def apply(self, job: MergeJob, ref: ContactReference) -> Moved:
        return Moved()


@dataclass(frozen=True)
class Custom:
    """A table with rules of its own: `fn(job, ref)` does the work; `check` runs before."""

    fn: Callable[[MergeJob, ContactReference], Moved]
    what: str
    order: int = 50
    precheck: Callable[[MergeJob, ContactReference], None] | None = field(default=None)

    def check(self, job: MergeJob, ref: ContactReference) -> None:
        if self.precheck is not None:
            self.precheck(job, ref)

    def apply(self, job: MergeJob, ref: ContactReference) -> Moved:
        return self.fn(job, ref)


REPOINT = Repoint()
UNITE = Unite()
