"""Duplicate contacts: search strings, pairs, the full scan, kept-separate marks (spec §7).

Modules: `pairs` holds the user actions (scan, list, details, keep separate, the switch offer,
the search string setup); `saving` keeps search data and pairs current on every save and import
under either method; `matching` keeps one company's BC strings and pairs current inside a
session; `full_scan` plans BC's whole-file scan on a read snapshot; `fuzzy` holds the fuzzy
method's records, keys and the check of one contact, `fuzzy_scan` its whole-file scan and the
background computation of missing keys; `batches` writes results in short transactions.

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
    answer_switch_offer,
    delete_setup_row,
    duplicate_exists,
    generate_search_strings,
    keep_separate,
    list_pairs,
    list_setup,
    pair_details,
    prepare_keys,
    reasons_of,
    reset_default_setup,
    scan,
    set_setup_length,
    switch_offer_pending,
    unchecked_contacts,
)
from crm_desktop.services.duplicates.saving import maintain_in, maintain_many_in

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
    "answer_switch_offer",
    "reasons_of",
    "prepare_keys",
    "switch_offer_pending",
    "unchecked_contacts",
]
