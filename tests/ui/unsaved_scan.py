"""Finds, by reading the source of crm_desktop/ui, every class that puts editable fields on the
screen, and whether it (or a base class) tracks them with the unsaved-changes mechanism."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import crm_desktop.ui

UI_ROOT = Path(crm_desktop.ui.__file__).parent
# Qt's editors and the app's own field widgets: building one means the class has fields to edit.
EDITORS = {
    "QLineEdit",
    "QTextEdit",
    "QPlainTextEdit",
    "QSpinBox",
    "QDoubleSpinBox",
    "QDateEdit",
    "QDateTimeEdit",
    "QTimeEdit",
    "QCheckBox",
    "QComboBox",
    "QRadioButton",
    "QKeySequenceEdit",
}
TRACKER = "UnsavedChanges"


@dataclass
class UiClass:
    """One class of crm_desktop/ui as the scan sees it."""

    name: str
    module: str
    bases: list[str]
    builds: set[str] = field(default_factory=set)  # names called in its body
    editable: bool = False
    tracked: bool = False

    @property
    def qualname(self) -> str:
        return f"{self.module}:{self.name}"


def _called_names(node: ast.AST) -> set[str]:
    names: set[str] = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            if isinstance(func, ast.Name):
                names.add(func.id)
            elif isinstance(func, ast.Attribute):
                names.add(func.attr)
    return names


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def scan() -> dict[str, UiClass]:
    """Every class under crm_desktop/ui by name, with `editable` and `tracked` worked out."""
    classes: dict[str, UiClass] = {}
    for path in sorted(UI_ROOT.rglob("*.py")):
        parts = path.relative_to(UI_ROOT.parent).with_suffix("").parts
        module = "crm_desktop." + ".".join(parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                classes[node.name] = UiClass(
                    node.name, module, [_base_name(b) for b in node.bases], _called_names(node)
                )
    # Editable: builds one of Qt's editors, or inherits from such a class (to a fixpoint).
    changed = True
    while changed:
        changed = False
        for cls in classes.values():
            if not cls.editable and (
                cls.builds & EDITORS or any(classes[b].editable for b in cls.bases if b in classes)
            ):
                cls.editable = True
                changed = True
    changed = True
    while changed:
        changed = False
        for cls in classes.values():
            if not cls.tracked and (
                TRACKER in cls.builds or any(classes[b].tracked for b in cls.bases if b in classes)
            ):
                cls.tracked = True
                changed = True
    return classes


def builders_of(classes: dict[str, UiClass], name: str) -> list[UiClass]:
    """The classes whose body builds an instance of class `name`."""
    return [c for c in classes.values() if name in c.builds and c.name != name]
