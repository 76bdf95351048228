"""Merging an imported row into the existing contact it duplicates, through issue 17's merge.

The import inserts the row, then calls `services.merge.merge_in(s, existing_no, new_no)` in the
same transaction: the existing contact survives, keeps its values and takes the new row's
values only into its blanks (merge_in's default), and the merge is recorded so it can be undone.
The merge capability sits below exchange but is not on every branch yet, so it is looked up
when needed; without it, choosing Merge is refused with a clear sentence before anything is
written.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

MERGE_MODULE = "crm_desktop.services.merge"
UNAVAILABLE = QT_TRANSLATE_NOOP(
    "errors",
    "Merging during an import needs the contact merge, which this version does not have yet. "
    "Choose Skip or Import anyway.",
)


class MergeUnavailableError(CrmError):
    """Merge was chosen but the merge capability is not installed; nothing was written."""


def _merge_module() -> Any | None:
    try:
        if importlib.util.find_spec(MERGE_MODULE) is None:
            return None
    except (ImportError, ValueError):
        return None
    module = importlib.import_module(MERGE_MODULE)
    return module if hasattr(module, "merge_in") else None


def available() -> bool:
    """True when imported rows can be merged into existing contacts."""
    return _merge_module() is not None


def check_available() -> None:
    """Raise MergeUnavailableError unless merging is available."""
    if not available():
        raise MergeUnavailableError(UNAVAILABLE, field="choice")


def merge_row_into(s: Session, new_no: str, existing_no: str) -> None:
    """Merge the just-imported contact `new_no` into `existing_no` (which survives, its blanks
    filled from the new row), inside the import's transaction."""
    module = _merge_module()
    if module is None:
        raise MergeUnavailableError(UNAVAILABLE, field="choice")
    module.merge_in(s, existing_no, new_no)
