"""The record of every contacts merge, with what it changed, so it can be undone (issue 17).

`contact_merge` is one row per merge: when, which contact survived, which went (numbers and
names as they were, since the one that went no longer exists), how many records moved, and when
it was undone. Its numbers are plain text, not foreign keys: the record outlives both contacts
and must never hold up a later merge or deletion.

`contact_merge_row` holds the before- and after-image of every row the merge changed, in any
table, rowid included (see storage/change_capture.py). An undo puts the before-images back.

A contact number that went in a merge not undone is never issued again: a trigger on `contact`
(migration i17a) refuses to insert it, whatever the write path.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.storage.models.base import Base, text


class ContactMerge(Base):
    """One merge of two contacts: `gone_no` was merged into `survivor_no`."""

    __tablename__ = "contact_merge"
    no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merged_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    survivor_no: Mapped[str] = mapped_column(String(20), nullable=False)
    survivor_name: Mapped[str] = text(100)
    gone_no: Mapped[str] = mapped_column(String(20), nullable=False)
    gone_name: Mapped[str] = text(100)
    contact_type: Mapped[str] = text(10)
    records_moved: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # What moved, per table: JSON {"table": {"moved": n, "united": n, ...}} for the list page.
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="{}", server_default="{}")
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

    __table_args__ = (
        Index("ix_contact_merge_survivor_no", "survivor_no"),
        Index("ix_contact_merge_gone_no", "gone_no"),
    )


class ContactMergeRow(Base):
    """One row a merge changed: table, rowid, JSON images before (NULL: the merge inserted
    it) and after (NULL: the merge deleted it)."""

    __tablename__ = "contact_merge_row"
    merge_no: Mapped[int] = mapped_column(
        Integer,
        ForeignKey("contact_merge.no", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(64), nullable=False)
    row_id: Mapped[int] = mapped_column(Integer, nullable=False)
    before_image: Mapped[str | None] = mapped_column(Text, nullable=True)
    after_image: Mapped[str | None] = mapped_column(Text, nullable=True)
