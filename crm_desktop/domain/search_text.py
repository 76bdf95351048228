"""How typed text and stored text are reduced before the contact search compares them.

Both sides are folded the same way: case folded, accents and other marks removed ("Müller" ->
"muller", "Øster" -> "oster", "Straße" -> "strasse"), so what the user types finds what was
written with or without accents. Post codes are also compared without spaces ("3547 DM" and
"3547dm" are the same code).
"""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not split into a base letter and a mark.
_SPECIAL = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ŧ": "t", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)
_NOT_ALNUM = re.compile(r"[\W_]+")


def fold(text: str | None) -> str:
    """Lower case without accents: the form both the index and the query are compared in."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.translate(_SPECIAL)


def compact(text: str | None) -> str:
    """Folded, with every space and punctuation mark removed ("3547 DM" -> "3547dm")."""
    return _NOT_ALNUM.sub("", fold(text))


def search_text(*values: str | None) -> str:
    """The folded text a contact is found by: each distinct value once, separated by a space
    (Search Name usually repeats Name; a post code is added compact too)."""
    seen: list[str] = []
    for value in values:
        folded = fold(value).strip()
        if folded and folded not in seen:
            seen.append(folded)
    return " | ".join(seen)
