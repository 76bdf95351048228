"""The contact picture (BC's Contact Image) and saved import mappings (issue 22)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.storage.models.base import Base


class ContactPicture(Base):
    """A contact's picture, already scaled; deleted with the contact, moved when it is
    renumbered or merged (ON UPDATE CASCADE)."""

    __tablename__ = "contact_picture"
    contact_no: Mapped[str] = mapped_column(
        String(20),
        ForeignKey("contact.no", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    )
    image: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    mime_type: Mapped[str] = mapped_column(String(30), nullable=False, default="image/jpeg")
    width: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    height: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class ImportMapping(Base):
    """A column mapping the user saved under a name in the import preview (JSON object:
    source column -> our field)."""

    __tablename__ = "import_mapping"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    mapping: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
