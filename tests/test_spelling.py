"""Issue 13 point 3: one spelling per term in what the user reads. Every string given to Qt's
translation (tr, translate, QT_TRANSLATE_NOOP) spells E-Mail as the spec does ("E-Mail" in
captions, "e-mail" inside a sentence), never "Email", "E-mail" or "email"."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import crm_desktop

WRONG = re.compile(r"\bEmail|\bE-mail|(?<![\w@.-])email\b(?![@.])")
CALLS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
# BC's own message quotes the word as BC writes it (scenario 149).
BC_WORDS = {'The email address "{address}" is not valid.'}


def _texts() -> list[tuple[str, int, str]]:
    found = []
    for path in Path(crm_desktop.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in CALLS:
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((str(path.name), node.lineno, arg.value))
    return found


def test_texts_are_found() -> None:
    texts = [t for _f, _l, t in _texts()]
    assert len(texts) > 500
    assert any("E-Mail" in t for t in texts)


def test_e_mail_is_spelt_one_way() -> None:
    wrong = [(f, line, t) for f, line, t in _texts() if WRONG.search(t) and t not in BC_WORDS]
    assert wrong == []


def test_every_count_in_a_text_goes_through_a_plural() -> None:
    """A "(s)" text must carry %n, so the English forms give "1 contact" / "2 contacts"."""
    bare = [(f, line, t) for f, line, t in _texts() if "(s)" in t and "%n" not in t]
    assert bare == []
