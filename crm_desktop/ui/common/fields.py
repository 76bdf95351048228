"""One description of an editable field for the generic forms and tables.

Master-data fields (`MasterField`) and Marketing Setup fields (`SetupField`) are both declared as
data below the UI; they are mapped to a `FieldSpec` here so one form builder and one table model
serve every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QCoreApplication

from crm_desktop.domain.masterdata import MasterField
from crm_desktop.domain.setup_fields import SetupField

SpecKind = Literal["code", "text", "bool", "int", "decimal", "choice", "ref"]


@dataclass(frozen=True)
class FieldSpec:
    """An editable field: `code` is a record's own code, `ref` names another table's code."""

    name: str
    label: str  # English; translated in `context` when shown
    kind: SpecKind
    context: str
    max_len: int = 0
    ref_table: str | None = None
    choices: tuple[tuple[str, str], ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    tooltip: str = ""
    required: bool = False

    @property
    def caption(self) -> str:
        """The label in the user's language."""
        return QCoreApplication.translate(self.context, self.label)

    def choice_caption(self, value: object) -> str:
        """The translated caption of a choice value ('' for an unknown value)."""
        for key, caption in self.choices:
            if key == value:
                return QCoreApplication.translate(self.context, caption)
        return "" if value is None else str(value)


def from_master(f: MasterField) -> FieldSpec:
    """The spec of a master-data field."""
    return FieldSpec(
        name=f.name,
        label=f.label,
        kind=f.kind,
        context="masterdata",
        max_len=f.max_len,
        ref_table=f.ref_table,
        choices=f.choices,
        minimum=f.minimum,
        maximum=f.maximum,
        required=f.required,
    )


def from_setup(f: SetupField) -> FieldSpec:
    """The spec of a Marketing Setup field; its codes always name another table's record."""
    return FieldSpec(
        name=f.name,
        label=f.label,
        kind="ref" if f.kind == "code" else f.kind,
        context="setup",
        max_len=f.max_len,
        ref_table=f.ref_table,
        choices=f.choices,
        minimum=f.minimum,
        maximum=f.maximum,
        tooltip=f.tooltip,
    )
