"""Marking English text for translation below the UI.

`QT_TRANSLATE_NOOP(context, text)` is recognised by `pyside6-lupdate`; it returns the text unchanged,
so the domain stays free of Qt. The UI translates with `QCoreApplication.translate(context, text)`.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark `text` for translation in `context` and return it unchanged."""
    del context
    return text
