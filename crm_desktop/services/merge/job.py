"""The state one merge's rules share (see merging.py and registry.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.domain.merge import RelationPlan
from crm_desktop.storage import models as m


@dataclass
class MergeJob:
    """The state one merge's rules share."""

    s: Session
    survivor: m.Contact
    gone: m.Contact
    gone_values: dict[str, Any]
    relation_plan: RelationPlan
    contacts_changed: set[str] = field(default_factory=set)

    @property
    def survivor_no(self) -> str:
        return self.survivor.no

    @property
    def gone_no(self) -> str:
        return self.gone.no
