"""What the Merge Duplicate page shows before anything is written (BC's Fields and Related
Tables FastTabs): both contacts side by side with the first choice per field, how many related
records each has per table, and the business relation clashes the user must decide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crm_desktop.domain import merge as rules
from crm_desktop.domain.merge import Clash, FieldChoice
from crm_desktop.services.contacts import queries as contacts
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.merge.merging import _get, plan_relations_in, references_in
from crm_desktop.services.merge.rules import count_referring


@dataclass(frozen=True)
class RelatedCount:
    """One table's rows referring to each contact (BC's Related Tables: Current/Duplicate)."""

    table: str
    current: int
    other: int


@dataclass(frozen=True)
class MergePreview:
    """Both contacts, the chooser lines, the related counts and the clashes."""

    current: dict[str, Any]
    other: dict[str, Any]
    lines: tuple[FieldChoice, ...]
    related: tuple[RelatedCount, ...]
    clashes: tuple[Clash, ...]


def preview(ctx: AppContext, current_no: str, other_no: str) -> MergePreview:
    """The pair as the merge page opens it: `current_no` survives. Raises NotFoundError, or
    ValidationError for the same contact twice or a company with a person."""
    with ctx.db.read() as s:
        current = contacts.values_of(_get(s, current_no, "no"))
        other = contacts.values_of(_get(s, other_no, "other_no"))
        rules.check_pair(current, other)
        related: list[RelatedCount] = []
        for ref in references_in(s):
            a = count_referring(s, ref, str(current["no"]))
            b = count_referring(s, ref, str(other["no"]))
            if a or b:
                related.append(RelatedCount(ref.table, a, b))
        plan = plan_relations_in(s, current["no"], other["no"])
        return MergePreview(
            current,
            other,
            tuple(rules.choices(current, other)),
            tuple(related),
            plan.clashes,
        )
