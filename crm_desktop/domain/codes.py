"""BC's Code fields: trimmed, upper-cased, with a maximum length."""

from __future__ import annotations

from crm_desktop.domain.errors import TOO_LONG, ValidationError


def normalize_code(value: str | None, *, max_len: int, field: str, caption: str) -> str:
    """Return the code as BC stores it (trimmed, upper case); refuse one that is too long."""
    code = (value or "").strip().upper()
    if len(code) > max_len:
        raise ValidationError(TOO_LONG, field=field, field_caption=caption, max_len=max_len)
    return code


def check_text(value: str | None, *, max_len: int, field: str, caption: str) -> str:
    """Return a Text field's value (case kept); refuse one that is too long."""
    text = value or ""
    if len(text) > max_len:
        raise ValidationError(TOO_LONG, field=field, field_caption=caption, max_len=max_len)
    return text
