"""Interactions: the log, its attachments, template language rows and contact comments.

BC tables 5065 (Interaction Log Entry), 5062 (Attachment), 5065's language rows 5103
(Interaction Tmpl. Language) and 5061 (Rlshp. Mgt. Comment Line, for contacts). Every column that
names a contact is a foreign key to `contact.no` with ON UPDATE CASCADE, so renumbering and
merging find them by introspection.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.storage.models.base import Base, code_ref, text


def _contact_ref(*, nullable: bool, ondelete: str = "RESTRICT") -> Mapped[str | None]:
    return mapped_column(
        String(20),
        ForeignKey("contact.no", onupdate="CASCADE", ondelete=ondelete),
        nullable=nullable,
    )


def _flag() -> Mapped[bool]:
    return mapped_column(Boolean, nullable=False, default=False, server_default="0")


class Attachment(Base):
    """One attached file: its bytes in `content` (embedded) or in a file under a folder.

    `storage_pointer` is the folder the file was written to ('' = the data directory's
    `attachments` folder), so a relocation interrupted half-way leaves each row pointing at a
    copy that exists.
    """

    __tablename__ = "attachment"
    no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    storage_type: Mapped[str] = mapped_column(
        String(10), nullable=False, default="embedded", server_default="embedded"
    )
    storage_pointer: Mapped[str] = text(250)
    storage_file: Mapped[str] = text(250)
    file_name: Mapped[str] = text(250)
    file_extension: Mapped[str] = text(250)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    size: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    sha256: Mapped[str] = text(64)
    last_date_modified: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class InteractionTmplLanguage(Base):
    """Interaction Tmpl. Language (BC table 5103): a template's text per language, with its
    own attachment; deleted with its template."""

    __tablename__ = "interaction_tmpl_language"
    interaction_template_code: Mapped[str] = mapped_column(
        String(10),
        ForeignKey("interaction_template.code", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    )
    # Blank language is '' (BC's "no language"), part of the key, so not a reference.
    language_code: Mapped[str] = mapped_column(String(10), primary_key=True, default="")
    description: Mapped[str] = text(100)
    attachment_no: Mapped[int | None] = mapped_column(
        Integer,
        ForeignKey("attachment.no", onupdate="CASCADE", ondelete="SET NULL"),
        nullable=True,
    )


class InteractionLogEntry(Base):
    """Interaction Log Entry (BC table 5065): one logged contact moment.

    `kind` is ours (manual, call, email, meeting, letter, document, ...): what logged the entry,
    so the log filters by it and the timeline shows an icon for it.
    """

    __tablename__ = "interaction_log_entry"
    entry_no: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_no: Mapped[str] = _contact_ref(nullable=False)  # type: ignore[assignment]
    contact_company_no: Mapped[str | None] = _contact_ref(nullable=True)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    time_of_interaction: Mapped[dt.time | None] = mapped_column(Time, nullable=True)
    description: Mapped[str] = text(100)
    subject: Mapped[str] = text(100)
    information_flow: Mapped[str] = text(10)  # '', outbound, inbound
    initiated_by: Mapped[str] = text(10)  # '', us, them
    attachment_no: Mapped[int | None] = mapped_column(
        Integer,
        ForeignKey("attachment.no", onupdate="CASCADE", ondelete="RESTRICT"),
        nullable=True,
    )
    cost_lcy: Mapped[Decimal] = mapped_column(
        Numeric(18, 2), nullable=False, default=0, server_default="0"
    )
    duration_min: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )
    user_id: Mapped[str] = text(50)
    interaction_group_code: Mapped[str | None] = code_ref("interaction_group.code", 10)
    interaction_template_code: Mapped[str | None] = code_ref("interaction_template.code", 10)
    campaign_no: Mapped[str] = text(20)
    campaign_entry_no: Mapped[int] = mapped_column(
        Integer, nullable=False, default=0, server_default="0"
    )
    campaign_target: Mapped[bool] = _flag()
    campaign_response: Mapped[bool] = _flag()
    segment_no: Mapped[str] = text(20)
    evaluation: Mapped[str] = text(15)  # '', very_positive, positive, neutral, negative, ...
    attempt_failed: Mapped[bool] = _flag()
    task_no: Mapped[str] = text(20)
    salesperson_code: Mapped[str | None] = code_ref("salesperson.code", 20)
    canceled: Mapped[bool] = _flag()
    postponed: Mapped[bool] = _flag()
    correspondence_type: Mapped[str] = text(10)  # '', hard_copy, email
    document_type: Mapped[str] = text(40)
    document_no: Mapped[str] = text(20)
    contact_via: Mapped[str] = text(80)
    interaction_language_code: Mapped[str | None] = code_ref("language.code", 10)
    opportunity_no: Mapped[str] = text(20)
    kind: Mapped[str] = mapped_column(
        String(20), nullable=False, default="manual", server_default="manual"
    )

    __table_args__ = (
        Index("ix_ile_contact_date", "contact_no", "date"),
        Index("ix_ile_company_date", "contact_company_no", "date"),
        Index("ix_ile_date", "date"),
        Index("ix_ile_template", "interaction_template_code"),
        Index("ix_ile_group", "interaction_group_code"),
        Index("ix_ile_salesperson", "salesperson_code"),
        Index("ix_ile_attachment", "attachment_no"),
        Index("ix_ile_document", "document_type", "document_no"),
    )


class ContactComment(Base):
    """Rlshp. Mgt. Comment Line (BC table 5061) for a contact: a dated note with a short code.

    Deleted with its contact, as in BC."""

    __tablename__ = "contact_comment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_no: Mapped[str] = _contact_ref(  # type: ignore[assignment]
        nullable=False, ondelete="CASCADE"
    )
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    code: Mapped[str] = text(10)
    comment: Mapped[str] = text(80)
    last_date_modified: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)

    __table_args__ = (Index("ix_contact_comment_contact_date", "contact_no", "date"),)
