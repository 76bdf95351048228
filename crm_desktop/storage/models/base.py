"""Declarative base and column helpers shared by every model."""

from __future__ import annotations

from sqlalchemy import ForeignKey, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table; constraint names are stable so migrations can name them."""

    metadata = MetaData(naming_convention=NAMING)


def code_pk(length: int) -> Mapped[str]:
    """A BC Code primary key."""
    return mapped_column(String(length), primary_key=True)


def code_ref(target: str, length: int, *, index: bool = False) -> Mapped[str | None]:
    """A reference to another table's code: NULL when blank; renames cascade, deletes are refused."""
    return mapped_column(
        String(length),
        ForeignKey(target, onupdate="CASCADE", ondelete="RESTRICT"),
        nullable=True,
        index=index,
    )


def text(length: int) -> Mapped[str]:
    """A BC Text field: never NULL, blank is ''."""
    return mapped_column(String(length), nullable=False, default="", server_default="")
