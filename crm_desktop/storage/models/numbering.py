"""No. Series (BC tables 308, 309, 310)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.storage.models.base import Base, code_pk, text


class NoSeries(Base):
    """A number series: its lines say which numbers it hands out from which date."""

    __tablename__ = "no_series"
    code: Mapped[str] = code_pk(20)
    description: Mapped[str] = text(100)
    default_nos: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    manual_nos: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    date_order: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class NoSeriesLine(Base):
    """One range of a series, valid from its starting date."""

    __tablename__ = "no_series_line"
    series_code: Mapped[str] = mapped_column(
        String(20),
        ForeignKey("no_series.code", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    )
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    starting_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    starting_no: Mapped[str] = text(20)
    ending_no: Mapped[str] = text(20)
    warning_no: Mapped[str] = text(20)
    increment_by: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    last_no_used: Mapped[str] = text(20)
    last_date_used: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    open: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")


class NoSeriesRelationship(Base):
    """A related series a record may draw from instead of its setup series."""

    __tablename__ = "no_series_relationship"
    code: Mapped[str] = mapped_column(
        String(20),
        ForeignKey("no_series.code", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    )
    series_code: Mapped[str] = mapped_column(
        String(20),
        ForeignKey("no_series.code", onupdate="CASCADE", ondelete="CASCADE"),
        primary_key=True,
    )
