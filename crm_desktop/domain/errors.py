"""Typed errors raised by domain rules and services.

Every error carries an English message template (marked for translation) and the values to put
into it, so the UI can translate the template and then format it. `str(error)` gives the English
sentence, which is what tests assert.
"""

from __future__ import annotations

from typing import Any

from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

CONTEXT = "errors"


class CrmError(Exception):
    """Base of every error the app expects and explains to the user."""

    context: str = CONTEXT

    def __init__(
        self, template: str, /, *, field: str | None = None, row: int | None = None, **params: Any
    ) -> None:
        self.template = template
        self.params = params
        self.field = field
        self.row = row
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The English sentence with its values filled in."""
        return self.template.format(**self.params) if self.params else self.template

    def format_with(self, translated_template: str) -> str:
        """Fill a translated template with this error's values."""
        return translated_template.format(**self.params) if self.params else translated_template


class ValidationError(CrmError):
    """A value the user gave is not acceptable; `field` names the field."""


class NotFoundError(CrmError):
    """A record the action needs does not exist."""


class ReferencedError(CrmError):
    """A record cannot be deleted because other records refer to it."""


class ConflictError(CrmError):
    """The action conflicts with existing data (a duplicate key, a relation that already exists)."""


class SchemaTooNewError(CrmError):
    """The database was written by a newer version of the app."""


class StorageError(CrmError):
    """The data file cannot be opened or written (locked, read-only, full, damaged)."""


MUST_HAVE_VALUE = QT_TRANSLATE_NOOP(CONTEXT, "{field_caption} must have a value in {table}.")
DOES_NOT_EXIST = QT_TRANSLATE_NOOP(CONTEXT, "{table} {code} does not exist.")
ALREADY_EXISTS = QT_TRANSLATE_NOOP(CONTEXT, "{table} {code} already exists.")
# BC's own words for text longer than its field (the length is the refused text's); the
# screens and the import name the field beside it.
LENGTH_EXCEEDED = QT_TRANSLATE_NOOP(
    CONTEXT,
    "The length of the string is {length}, but it must be less than or equal to {max_len} "
    "characters.",
)
TOO_LONG = LENGTH_EXCEEDED
NOT_BLANK = QT_TRANSLATE_NOOP(CONTEXT, "{field_caption} must not be blank.")
STILL_REFERENCED = QT_TRANSLATE_NOOP(
    CONTEXT, "You cannot delete {table} {code} because it is used in {users}."
)


def length_exceeded(value: str, max_len: int, *, field: str | None = None) -> ValidationError:
    """BC's error for `value` longer than a field of `max_len` characters (raise it)."""
    return ValidationError(LENGTH_EXCEEDED, field=field, length=len(value), max_len=max_len)
