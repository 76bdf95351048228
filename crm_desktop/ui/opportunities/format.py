"""Showing and reading amounts, percentages and dates on the opportunity screens."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QDate, QLocale
from PySide6.QtWidgets import QDateEdit, QDoubleSpinBox, QWidget

from crm_desktop.domain import opportunities as rules


def money(value: Decimal | float) -> str:
    """An LCY amount in the user's number format, to the cent."""
    return QLocale().toString(float(value), "f", 2)


def percent(value: Decimal | float) -> str:
    """A percentage, with decimals only when it has them."""
    number = float(value)
    places = 0 if number == int(number) else 2
    return QLocale().toString(number, "f", places) + " %"


def date_text(value: dt.date | None) -> str:
    """A date in the user's short format ('' for none)."""
    if value is None:
        return ""
    return QLocale().toString(
        QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat
    )


def to_qdate(value: dt.date) -> QDate:
    """A Python date as a QDate."""
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    """A QDate as a Python date."""
    return dt.date(value.year(), value.month(), value.day())


def date_edit(value: dt.date, parent: QWidget | None = None) -> QDateEdit:
    """A date field with a calendar pop-up."""
    edit = QDateEdit(to_qdate(value), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(QLocale().dateFormat(QLocale.FormatType.ShortFormat))
    return edit


def amount_edit(value: Decimal, parent: QWidget | None = None) -> QDoubleSpinBox:
    """An amount field (two decimals, up to 999,999,999.99)."""
    edit = QDoubleSpinBox(parent)
    edit.setDecimals(2)
    edit.setRange(0, 999_999_999.99)
    edit.setGroupSeparatorShown(True)
    edit.setValue(float(value))
    return edit


def percent_edit(value: Decimal, parent: QWidget | None = None) -> QDoubleSpinBox:
    """A percentage field 0..100."""
    edit = QDoubleSpinBox(parent)
    edit.setDecimals(2)
    edit.setRange(0, 100)
    edit.setSuffix(" %")
    edit.setValue(float(value))
    return edit


def decimal_of(edit: QDoubleSpinBox) -> Decimal:
    """The spin box's value as an exact Decimal with its decimals."""
    return Decimal(f"{edit.value():.{edit.decimals()}f}")


def status_text(status: str) -> str:
    """A status in the user's language."""
    return QCoreApplication.translate("opportunities", dict(rules.STATUSES).get(status, status))


def priority_text(priority: str) -> str:
    """A priority in the user's language."""
    return QCoreApplication.translate(
        "opportunities", dict(rules.PRIORITIES).get(priority, priority)
    )


def taken_text(taken: str) -> str:
    """What an entry records, in the user's language."""
    return QCoreApplication.translate("opportunities", dict(rules.ACTIONS_TAKEN).get(taken, taken))


def action_text(action: str) -> str:
    """An Update action in the user's language."""
    return QCoreApplication.translate("opportunities", dict(rules.ACTION_TYPES).get(action, action))
