"""How typed text and stored text are reduced before the contact search compares them.

Both sides are folded the same way: letters with accents become their plain letter ("Müller" ->
"muller", "Øster" -> "oster", "Straße" -> "strasse") and A-Z become a-z, so what the user types
finds what was written with or without accents. The database folds its copy with plain SQL
(`replace` for every letter in FOLD_MAP, then `lower`), so any program writing to the file keeps
the index right; `fold` does exactly the same in Python for the typed text. Post codes are also
compared without spaces ("3547 DM" and "3547dm" are the same code).
"""

from __future__ import annotations

import re
import unicodedata

_EXTRA = {"ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ħ": "h", "Ħ": "h",
          "ı": "i", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss", "þ": "th", "Þ": "th",
          "ŧ": "t", "Ŧ": "t"}  # fmt: skip


def _fold_map() -> dict[str, str]:
    """Every letter of Latin-1 and Latin Extended-A (U+00C0..U+017F, the letters of European
    names) whose plain form is ASCII, to that form in lower case (NFKD without its marks), plus
    the letters NFKD does not split (ø, æ, ß ...)."""
    out: dict[str, str] = {}
    for code in range(0xC0, 0x180):
        ch = chr(code)
        if not ch.isalpha():
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base != ch and base.isascii() and base.isalpha():
            out[ch] = base.lower()
    out.update(_EXTRA)
    return out


FOLD_MAP: dict[str, str] = _fold_map()
_TABLE = str.maketrans(FOLD_MAP)
_NOT_ALNUM = re.compile(r"[\W_]+")
_ASCII_UPPER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})


def fold(text: str | None) -> str:
    """Accents off (FOLD_MAP), then A-Z to a-z: the form both the index and the query use."""
    if not text:
        return ""
    return text.translate(_TABLE).translate(_ASCII_UPPER)


def compact(text: str | None) -> str:
    """Folded, with every space and punctuation mark removed ("3547 DM" -> "3547dm")."""
    return _NOT_ALNUM.sub("", fold(text))
