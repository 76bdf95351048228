"""Past merges: the list, and Undo merge (issue 17).

An undo puts back every row the merge changed, exactly as it was (rowids included), in one
transaction, and only when none of those rows changed since: otherwise it names what changed and
does nothing. A merge whose survivor was merged again later waits until that later merge is
undone. The merge record stays, marked undone, so the list shows what happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from crm_desktop.domain.errors import DOES_NOT_EXIST, ConflictError, NotFoundError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.contacts.queries import COLUMNS
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.duplicates.saving import maintain_in
from crm_desktop.services.merge.registry import DERIVED_TABLES
from crm_desktop.services.sync import push as sync
from crm_desktop.storage import models as m
from crm_desktop.storage.change_capture import RowChange, RowDrift, decode_image, drift, restore

MERGE_CAPTION = QT_TRANSLATE_NOOP("merge", "Merge")
ALREADY_UNDONE = QT_TRANSLATE_NOOP("errors", "Merge {no} was already undone on {when}.")
LATER_MERGE = QT_TRANSLATE_NOOP(
    "errors",
    "Contact {contact_no} was merged again later (merge {later}); undo merge {later} first. "
    "Nothing was changed.",
)
CHANGED_SINCE = QT_TRANSLATE_NOOP(
    "errors",
    "Merge {no} cannot be undone because records it changed have changed since: {what}. "
    "Nothing was changed.",
)
ROW_CHANGED = QT_TRANSLATE_NOOP("merge", "{table} {key} ({columns})")
ROW_GONE = QT_TRANSLATE_NOOP("merge", "{table} {key} (deleted)")
ROW_BACK = QT_TRANSLATE_NOOP("merge", "{table} {key} (added again)")
MAX_NAMED = 5


@dataclass(frozen=True)
class MergeRow:
    """One past merge as the Merges list shows it."""

    no: int
    merged_at: dt.datetime
    survivor_no: str
    survivor_name: str
    gone_no: str
    gone_name: str
    contact_type: str
    records_moved: int
    undone_at: dt.datetime | None

    @property
    def can_undo(self) -> bool:
        """Not undone yet (whether it can be undone now is checked when asked)."""
        return self.undone_at is None


@dataclass(frozen=True)
class UndoDone:
    """A merge taken back: the contact that is back and how many rows were restored."""

    merge_no: int
    survivor_no: str
    gone_no: str
    rows_restored: int


def _row(r: m.ContactMerge) -> MergeRow:
    return MergeRow(
        r.no,
        r.merged_at,
        r.survivor_no,
        r.survivor_name,
        r.gone_no,
        r.gone_name,
        r.contact_type,
        r.records_moved,
        r.undone_at,
    )


def list_merges(ctx: AppContext, contact_no: str | None = None) -> list[MergeRow]:
    """Every merge, newest first (those touching `contact_no` when given)."""
    with ctx.db.read() as s:
        stmt = select(m.ContactMerge).order_by(m.ContactMerge.no.desc())
        if contact_no:
            stmt = stmt.where(
                or_(
                    m.ContactMerge.survivor_no == contact_no,
                    m.ContactMerge.gone_no == contact_no,
                )
            )
        return [_row(r) for r in s.scalars(stmt)]


def _describe(d: RowDrift) -> str:
    key = d.change.key_text()
    if d.now is None:
        return ROW_GONE.format(table=d.change.table, key=key)
    if d.change.after is None:
        return ROW_BACK.format(table=d.change.table, key=key)
    return ROW_CHANGED.format(table=d.change.table, key=key, columns=", ".join(d.columns))


def changes_of(s: Session, merge_no: int) -> list[RowChange]:
    """The rows merge `merge_no` changed, in the order it first touched them."""
    rows = s.scalars(
        select(m.ContactMergeRow)
        .where(m.ContactMergeRow.merge_no == merge_no)
        .order_by(m.ContactMergeRow.seq)
    )
    return [
        RowChange(r.table_name, r.row_id, decode_image(r.before_image), decode_image(r.after_image))
        for r in rows
    ]


def check_undo_in(s: Session, merge_no: int) -> tuple[m.ContactMerge, Sequence[RowChange]]:
    """Raise NotFoundError or ConflictError (already undone, merged again later, changed
    since) unless merge `merge_no` can be undone now; its record and rows otherwise."""
    record = s.get(m.ContactMerge, merge_no)
    if record is None:
        raise NotFoundError(DOES_NOT_EXIST, field="merge_no", table=MERGE_CAPTION, code=merge_no)
    if record.undone_at is not None:
        raise ConflictError(
            ALREADY_UNDONE, field="merge_no", no=merge_no, when=f"{record.undone_at:%Y-%m-%d %H:%M}"
        )
    later = s.scalars(
        select(m.ContactMerge)
        .where(
            m.ContactMerge.no > merge_no,
            m.ContactMerge.undone_at.is_(None),
            or_(
                m.ContactMerge.survivor_no == record.survivor_no,
                m.ContactMerge.gone_no == record.survivor_no,
            ),
        )
        .order_by(m.ContactMerge.no.desc())
    ).first()
    if later is not None:
        raise ConflictError(
            LATER_MERGE, field="merge_no", contact_no=record.survivor_no, later=later.no
        )
    changes = changes_of(s, merge_no)
    found = drift(s.connection(), changes, ignore=DERIVED_TABLES)
    if found:
        what = [_describe(d) for d in found[:MAX_NAMED]]
        if len(found) > MAX_NAMED:
            what.append(f"+{len(found) - MAX_NAMED}")
        raise ConflictError(CHANGED_SINCE, field="merge_no", no=merge_no, what="; ".join(what))
    return record, changes


def _separate_pairs(s: Session, nos: Sequence[str]) -> list[tuple[str, str]]:
    p = m.ContactDuplicate
    rows = s.execute(
        select(p.contact_no, p.duplicate_contact_no).where(
            p.separate_contacts.is_(True),
            or_(p.contact_no.in_(nos), p.duplicate_contact_no.in_(nos)),
        )
    )
    return [(str(a), str(b)) for a, b in rows]


def undo_in(s: Session, merge_no: int) -> UndoDone:
    """Undo merge `merge_no` inside the caller's transaction (see `undo_merge`)."""
    record, changes = check_undo_in(s, merge_no)
    s.flush()
    # Marked first: the number that went may be inserted again only once its merge is undone.
    record.undone_at = sync.now()
    s.flush()
    kept_apart = _separate_pairs(s, (record.survivor_no, record.gone_no))
    loose = restore(s.connection(), changes, lenient=DERIVED_TABLES)
    s.execute(delete(m.ContactMergeRow).where(m.ContactMergeRow.merge_no == merge_no))
    s.expire_all()
    if loose:
        # Pairs or search strings changed since the merge (another contact was saved): both
        # contacts' duplicates are computed again rather than left as they were then.
        for no in (record.survivor_no, record.gone_no):
            contact = s.get(m.Contact, no)
            if contact is not None:
                maintain_in(s, contact, frozenset(COLUMNS), False)
        # A pair the user kept separate after the merge stays so.
        for a, b in kept_apart:
            s.execute(
                update(m.ContactDuplicate)
                .where(
                    m.ContactDuplicate.contact_no == a, m.ContactDuplicate.duplicate_contact_no == b
                )
                .values(separate_contacts=True)
            )
    return UndoDone(record.no, record.survivor_no, record.gone_no, len(changes))


def undo_merge(ctx: AppContext, merge_no: int) -> UndoDone:
    """Undo a merge as one user action: both contacts and every record the merge changed come
    back exactly as they were. Raises NotFoundError, or ConflictError naming why it cannot
    (already undone; the survivor was merged again later; records changed since); nothing is
    changed then."""
    with ctx.db.uow() as s:
        return undo_in(s, merge_no)
