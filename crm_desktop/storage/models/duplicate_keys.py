"""The fuzzy duplicate method's tables: blocking keys, which contacts have them, scan staging.

Every column referring to a contact is a foreign key to contact.no with ON UPDATE CASCADE, so a
renumbered or merged contact takes its keys along.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.storage.models.base import Base, text


def _contact_ref(primary_key: bool = True) -> Mapped[str]:
    return mapped_column(
        String(20),
        ForeignKey("contact.no", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=primary_key,
    )


class ContactDuplicateKey(Base):
    """One blocking key of a contact (kind: pc, tel, em, vat, np, ph, nt, st, pn, co)."""

    __tablename__ = "contact_duplicate_key"
    contact_no: Mapped[str] = _contact_ref()
    kind: Mapped[str] = mapped_column(String(4), primary_key=True)
    key: Mapped[str] = mapped_column(String(60), primary_key=True)

    # Candidates are looked up by (kind, key); the contact number comes from the index itself.
    __table_args__ = (Index("ix_cdk_lookup", "kind", "key", "contact_no"),)


class ContactDuplicateKeyState(Base):
    """A contact whose keys are computed (by key version); a contact without a row is unchecked."""

    __tablename__ = "contact_duplicate_key_state"
    contact_no: Mapped[str] = _contact_ref()
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    # The contact normalised for comparison (domain fuzzy.dump), so a scan reads it instead of
    # normalising every contact again.
    record: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")


class ContactDuplicateStaging(Base):
    """Pairs a running scan found, written in short batches and made current at its end."""

    __tablename__ = "contact_duplicate_staging"
    scan_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    contact_no: Mapped[str] = _contact_ref()
    duplicate_contact_no: Mapped[str] = _contact_ref()
    no_of_matching_strings: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    score: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    method: Mapped[str] = text(20)
    reasons: Mapped[str] = text(250)
