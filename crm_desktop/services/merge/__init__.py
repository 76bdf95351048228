"""Merge duplicate contacts without losing anything, and undo a merge (issue 17).

Modules: `merging` merges two contacts (`merge_in` inside a caller's transaction, the import's;
`merge_contacts` as a user action); `preview` is what the Merge Duplicate page shows before
anything is written; `undo` lists merges and takes one back; `registry` names the rule for
every table that refers to contacts, `rules` the kinds of rule and `moves` the tables with rules
of their own; `job` the state a merge's rules share.

Arrows: merge imports contacts, sync and duplicates (it moves their records) and storage's
change capture; exchange (above) may call `merge_in` during an import. Nothing below imports
merge.
"""

from __future__ import annotations

from crm_desktop.services.merge.merging import (
    MergeClash,
    MergeDone,
    TableMoved,
    merge_contacts,
    merge_in,
)
from crm_desktop.services.merge.preview import MergePreview, RelatedCount, preview
from crm_desktop.services.merge.undo import (
    MergeRow,
    UndoDone,
    check_undo_in,
    list_merges,
    undo_in,
    undo_merge,
)

__all__ = [
    "MergeClash",
    "MergeDone",
    "MergePreview",
    "MergeRow",
    "RelatedCount",
    "TableMoved",
    "UndoDone",
    "check_undo_in",
    "list_merges",
    "merge_contacts",
    "merge_in",
    "preview",
    "undo_in",
    "undo_merge",
]
