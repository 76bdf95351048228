"""BC's Code fields: trimmed, upper-cased, with a maximum length."""

from __future__ import annotations

from crm_desktop.domain.errors import length_exceeded


def normalize_code(value: str | None, *, max_len: int, field: str, caption: str) -> str:
    """Return the code as BC stores it (trimmed, upper case); refuse one that is too long (BC's
    message, never cut)."""
    code = (value or "").strip().upper()
    if len(code) > max_len:
        raise length_exceeded(code, max_len, field=field)
    return code


def check_text(value: str | None, *, max_len: int, field: str, caption: str) -> str:
    """Return a Text field's value (case kept); refuse one that is too long (BC's
    message, never cut)."""
    text = value or ""
    if len(text) > max_len:
        raise length_exceeded(text, max_len, field=field)
    return text
