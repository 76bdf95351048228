"""The salutation formula engine (spec §9), on plain values.

A formula is a pattern with placeholders %1..%5 and, for each, the contact field it names
(`NAME_PARTS`: job_title, first_name, middle_name, surname, initials, company_name, or '' for
none). `format_salutation(pattern, parts)` fills it as BC's GetSalutation does:

1. for each empty part n, the three characters "%n " (percent, digit, space) are removed, so
   "Dear Mr. %1 %2" with an empty %1 gives "Dear Mr. %2"; a placeholder not followed by a space
   just becomes empty;
2. %1..%5 are replaced by the parts; the result is cut at 260 characters.

`salutation_for(contact, formula)` maps the formula's parts to the contact's values and formats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

FORMAL = "formal"
INFORMAL = "informal"
SALUTATION_TYPES = (FORMAL, INFORMAL)
NAME_PARTS = ("", "job_title", "first_name", "middle_name", "surname", "initials", "company_name")
MAX_LEN = 260

FORMULA_MISSING = QT_TRANSLATE_NOOP(
    "errors",
    "You have to set up the salutation formula of the type {salutation_type} in {language} "
    "language for the {no} contact.",
)
FORMULA_BLANK = QT_TRANSLATE_NOOP(
    "errors",
    "Salutation must have a value in Salutation Formula {code} {language} {salutation_type}.",
)


@dataclass(frozen=True)
class Formula:
    """A Salutation Formula: the pattern and the contact field of each placeholder %1..%5."""

    salutation_code: str
    language_code: str
    salutation_type: str
    salutation: str
    names: tuple[str, ...]


def format_salutation(pattern: str, parts: Sequence[str]) -> str:
    """Fill %1..%5 of `pattern` with `parts` (missing parts are empty), BC's way."""
    values = [*(p or "" for p in parts), "", "", "", "", ""][:5]
    text = pattern
    for i, value in enumerate(values, start=1):
        if value == "":
            text = text.replace(f"%{i} ", "")
    # One pass from left to right, so a part that itself contains "%2" is not substituted again.
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text) and text[i + 1] in "12345":
            out.append(values[int(text[i + 1]) - 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)[:MAX_LEN]


def salutation_for(contact: Mapping[str, Any], formula: Formula) -> str:
    """The contact's salutation by `formula`; refuses a formula whose pattern is blank."""
    if not formula.salutation.strip():
        raise ValidationError(
            FORMULA_BLANK,
            field="salutation_code",
            code=formula.salutation_code,
            language=formula.language_code,
            salutation_type=formula.salutation_type,
        )
    parts = [str(contact.get(name) or "") if name else "" for name in formula.names]
    return format_salutation(formula.salutation, parts)
