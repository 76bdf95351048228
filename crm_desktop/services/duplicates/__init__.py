"""Duplicate contacts: search strings, pairs, the full scan, kept-separate marks (spec §7).

Modules: `pairs` holds the user actions (maintain on save, scan, list, details, keep separate,
the search string setup); `matching` keeps one company's strings and pairs current inside a
session; `full_scan` plans the whole-file scan on a read snapshot and applies it in one write.

Arrows: duplicates imports only datafile, storage and domain; contacts (above) calls
`maintain_in` on every save.
"""

from __future__ import annotations

from crm_desktop.services.duplicates.matching import (
    Cancelled,
    ScanResult,
)
from crm_desktop.services.duplicates.pairs import (
    DetailLine,
    PairRow,
    SetupLine,
    add_setup_row,
    delete_setup_row,
    duplicate_exists,
    generate_search_strings,
    keep_separate,
    list_pairs,
    list_setup,
    maintain_in,
    maintain_many_in,
    pair_details,
    reset_default_setup,
    scan,
    set_setup_length,
)

__all__ = [
    "Cancelled",
    "DetailLine",
    "PairRow",
    "ScanResult",
    "SetupLine",
    "add_setup_row",
    "delete_setup_row",
    "duplicate_exists",
    "generate_search_strings",
    "keep_separate",
    "list_pairs",
    "list_setup",
    "maintain_in",
    "maintain_many_in",
    "pair_details",
    "reset_default_setup",
    "scan",
    "set_setup_length",
]
