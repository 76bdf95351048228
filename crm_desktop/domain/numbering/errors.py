"""BC's number series messages and the errors that carry them (spec §6)."""

from __future__ import annotations

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

MAX_LEN = 20
CTX = "errors"

EMPTY_SERIES_CODE = QT_TRANSLATE_NOOP(
    CTX, "You cannot get a No. Series Line with empty No. Series Code."
)
CANNOT_ASSIGN_NEW = QT_TRANSLATE_NOOP(
    CTX, "You cannot assign new numbers from the number series {code}."
)
CANNOT_ASSIGN_NEW_ON_DATE = QT_TRANSLATE_NOOP(
    CTX, "You cannot assign new numbers from the number series {code} on {date}."
)
CANNOT_ASSIGN_BEFORE_DATE = QT_TRANSLATE_NOOP(
    CTX, "You cannot assign new numbers from the number series {code} on a date before {date}."
)
CANNOT_ASSIGN_GREATER = QT_TRANSLATE_NOOP(
    CTX,
    "You cannot assign numbers greater than {ending_no} from the number series {code}. "
    "No. assigned: {number}",
)
CANNOT_EXTEND = QT_TRANSLATE_NOOP(
    CTX, "The number {number} cannot be extended to more than 20 characters."
)
SOON_RUNNING_OUT = QT_TRANSLATE_NOOP(
    CTX,
    "The No. Series {code} is soon running out. The current number is {number} and the last "
    "allowed number of the sequence is {ending_no}.",
)
MANUAL_NOT_ALLOWED = QT_TRANSLATE_NOOP(
    CTX,
    "You may not enter numbers manually. If you want to enter numbers manually, please activate "
    "Manual Nos. in No. Series {code}.",
)
DEFAULT_NOT_ALLOWED = QT_TRANSLATE_NOOP(
    CTX,
    "It is not possible to assign numbers automatically. If you want the program to assign "
    "numbers automatically, please activate Default Nos. in No. Series {code}.",
)
MUST_HAVE_NUMBER = QT_TRANSLATE_NOOP(
    CTX,
    "The value in the {field_caption} field must have a number so that we can assign the next "
    "number in the series.",
)
FORMAT_MUST_MATCH = QT_TRANSLATE_NOOP(
    CTX,
    "The number format in {field_caption} must be the same as the number format in Last No. Used.",
)
LINE_CLOSED = QT_TRANSLATE_NOOP(CTX, "This line is closed: all its numbers have been used.")
INCREMENT_AT_LEAST_ONE = QT_TRANSLATE_NOOP(CTX, "Increment-by No. must be at least 1.")

NOT_A_DATE = QT_TRANSLATE_NOOP(CTX, "{value} is not a valid date.")
UNKNOWN_LINE_FIELD = QT_TRANSLATE_NOOP(CTX, "No. Series Line has no field {name}.")

LINE_TABLE = QT_TRANSLATE_NOOP("numbering", "No. Series Line")
SERIES_TABLE = QT_TRANSLATE_NOOP("numbering", "No. Series")

#: The captions of a line's number fields, keyed by attribute name (used in §6.5 messages).
NUMBER_FIELDS: dict[str, str] = {
    "starting_no": QT_TRANSLATE_NOOP("numbering", "Starting No."),
    "ending_no": QT_TRANSLATE_NOOP("numbering", "Ending No."),
    "last_no_used": QT_TRANSLATE_NOOP("numbering", "Last No. Used"),
    "warning_no": QT_TRANSLATE_NOOP("numbering", "Warning No."),
}


class NoSeriesError(CrmError):
    """A number series cannot give a number (base of the errors below)."""


class SeriesExhaustedError(NoSeriesError):
    """No open line is left for the date, or the next number passes the Ending No."""


class DateOrderError(NoSeriesError):
    """The date is before the line's Starting Date or (with Date Order) its Last Date Used."""


class NumberTooLongError(NoSeriesError):
    """Incrementing would make the number longer than 20 characters."""


class ManualNosError(NoSeriesError):
    """The series does not allow numbers typed by the user."""


class DefaultNosError(NoSeriesError):
    """The series does not allow numbers assigned automatically."""
