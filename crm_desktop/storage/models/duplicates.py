"""Duplicate search (BC tables 5085, 5086, 5095)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, Session, mapped_column

from crm_desktop.storage.models.base import Base, text


class DuplicateSearchStringSetup(Base):
    """Which contact field, which part (first/last) and how many characters make a search string."""

    __tablename__ = "duplicate_search_string_setup"
    field_name: Mapped[str] = mapped_column(String(30), primary_key=True)
    part_of_field: Mapped[str] = mapped_column(String(5), primary_key=True)  # first, last
    length: Mapped[int] = mapped_column(Integer, default=5, server_default="5")


class ContDuplicateSearchString(Base):
    """A company contact's stored search string for one setup row."""

    __tablename__ = "cont_duplicate_search_string"
    contact_company_no: Mapped[str] = mapped_column(
        String(20),
        ForeignKey("contact.no", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    )
    field_name: Mapped[str] = mapped_column(String(30), primary_key=True)
    part_of_field: Mapped[str] = mapped_column(String(5), primary_key=True)
    search_string: Mapped[str] = text(10)

    # Covering index (migration 0006 added contact_company_no): the matching self-join reads
    # the contact number straight from the index instead of looking up each table row.
    __table_args__ = (
        Index(
            "ix_cdss_match", "field_name", "part_of_field", "search_string", "contact_company_no"
        ),
    )


class ContactDuplicate(Base):
    """A pair of contacts that may be the same; separate_contacts = the user said they are not."""

    __tablename__ = "contact_duplicate"
    contact_no: Mapped[str] = mapped_column(
        String(20),
        ForeignKey("contact.no", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    )
    duplicate_contact_no: Mapped[str] = mapped_column(
        String(20),
        ForeignKey("contact.no", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    )
    separate_contacts: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    no_of_matching_strings: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    score: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    method: Mapped[str] = text(20)
    # The fuzzy method's explanation, "name:92|phone:same" (migration i16a).
    reasons: Mapped[str] = text(250)


class Interrupted(Exception):
    """A long statement was stopped because the caller asked to cancel."""


@contextmanager
def interruptible(session: Session, cancel: Callable[[], bool] | None) -> Iterator[None]:
    """Let `cancel()` stop a long-running SQLite statement of this session.

    SQLite calls the progress handler every few thousand virtual-machine steps; a true answer
    aborts the statement, which surfaces here as `Interrupted`. Kept in storage because the
    progress handler is SQLite's own.
    """
    if cancel is None:
        yield
        return
    raw: Any = session.connection().connection.dbapi_connection
    raw.set_progress_handler(lambda: 1 if cancel() else 0, 20000)
    try:
        yield
    except OperationalError as exc:
        if "interrupt" in str(exc).lower():
            raise Interrupted() from exc
        raise
    finally:
        raw.set_progress_handler(None, 0)


CACHE_BUDGET_KEY = "sqlite_cache_budget_mib"


def limit_cache(session: Session, mebibytes: int) -> None:
    """Cap what `large_cache` may give this session (a streaming import keeps its peak memory
    bounded this way, SQLite's page cache included)."""
    session.info[CACHE_BUDGET_KEY] = int(mebibytes)


@contextmanager
def large_cache(session: Session, mebibytes: int = 256) -> Iterator[None]:
    """Give this session's SQLite connection a larger page cache while it writes many rows.

    Inserting a million search strings updates two B-tree indexes in random order; with SQLite's
    default 2 MB cache most of those updates go to disk. The cache grows only as pages are used
    and goes back to its previous size afterwards. A budget set by `limit_cache` caps it.
    """
    mebibytes = min(mebibytes, int(session.info.get(CACHE_BUDGET_KEY, mebibytes)))
    raw: Any = session.connection().connection.dbapi_connection
    previous = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute(f"PRAGMA cache_size=-{int(mebibytes) * 1024}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size={int(previous)}")
