"""The fuzzy method's whole-file scan and the background computation of missing keys.

Neither holds the write lock for long: keys and found pairs are written in batches, each its own
short transaction, and the pairs become current in one short final transaction. Staged pairs are
invisible until then, so Cancel (which drops them) changes nothing the user sees.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.domain.duplicates import fuzzy as f
from crm_desktop.domain.duplicates import keys as k
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.duplicates import fuzzy
from crm_desktop.services.duplicates.batches import check_cancel, write_in_batches
from crm_desktop.services.duplicates.matching import (
    Cancel,
    Progress,
    ScanResult,
    marketing,
)
from crm_desktop.storage import duplicate_keys as dk

# Contacts normalised per read; their keys are written in short batches.
KEY_BATCH = 5000


def compute_missing_keys(
    ctx: AppContext, progress: Progress | None = None, cancel: Cancel | None = None
) -> int:
    """Compute the blocking keys of every contact that has none (existing data after the
    upgrade, or data written while Maintain Dupl. Search Strings was off), in short batches.
    Returns how many contacts got keys. Cancel stops after the current batch (keys already
    written stay: they are correct and spare the next run the work)."""
    with ctx.db.read() as s:
        total = dk.count_unkeyed(s)
        country = str(marketing(s).default_country_region_code or "")
    done = 0
    while True:
        check_cancel(cancel)
        with ctx.db.read() as s:
            nos = dk.unkeyed(s, KEY_BATCH)
            if not nos:
                break
            recs = fuzzy.records(s, nos, country)
        rows = [(no, k.keys(r), f.dump(r)) for no, r in recs.items()]
        write_in_batches(ctx, rows, _write_keys, cancel)
        done += len(nos)
        if progress is not None:
            progress(min(done, total), max(total, 1))
    return done


def _write_keys(s: Session, rows: Sequence[tuple[str, set[tuple[str, str]], str]]) -> None:
    dk.replace_keys(s, {no: keys for no, keys, _r in rows}, {no: rec for no, _k, rec in rows})


def candidate_pairs(groups: Iterable[list[str]]) -> set[tuple[str, str]]:
    """Every pair within a key group, each once (higher number first)."""
    out: set[tuple[str, str]] = set()
    for members in groups:
        for a, b in combinations(sorted(set(members), reverse=True), 2):
            out.add((a, b))
    return out


def scan(
    ctx: AppContext,
    threshold: int | None,
    types: frozenset[str],
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ScanResult:
    """Replace the stored pairs (not kept separate) of contacts of `types` with the fuzzy
    method's. Raises Cancelled when `cancel()` turned true (nothing the user sees changed)."""
    compute_missing_keys(ctx, None, cancel)
    with ctx.db.read() as s:
        settings = fuzzy.settings_of(marketing(s), threshold)
        pairs = candidate_pairs(dk.key_groups(s, k.MAX_GROUP))
        check_cancel(cancel)
        recs = fuzzy.stored(s, {n for p in pairs for n in p}, settings.default_country)
        contacts = dk.count_contacts(s, types)
    scan_id = uuid.uuid4().hex
    found: list[tuple[Any, ...]] = []
    total = len(pairs) + 1
    for i, (a, b) in enumerate(pairs):
        if i % 20000 == 0:
            check_cancel(cancel)
            if progress is not None:
                progress(i, total)
        ra, rb = recs.get(a), recs.get(b)
        if ra is None or rb is None or ra.type not in types:
            continue
        c = f.compare(ra, rb, settings.weights, settings.threshold)
        if c.pair:
            found.append(fuzzy.staging_row(scan_id, a, b, c))
    stored, kept = publish(ctx, scan_id, found, types, cancel)
    if progress is not None:
        progress(total, total)
    return ScanResult(contacts, 0, stored, kept)


def publish(
    ctx: AppContext,
    scan_id: str,
    rows: Sequence[tuple[Any, ...]],
    types: frozenset[str] | None,
    cancel: Cancel | None,
) -> tuple[int, int]:
    """Make the found pairs the stored ones (of contacts of `types`, or all; pairs kept
    separate stay): the differences from what is stored are staged in short batches, then
    applied in one short transaction. On Cancel the staged rows are dropped and the stored pairs
    stay as they were. Returns (open pairs stored, kept separate)."""
    with ctx.db.read() as s:
        current = dk.open_pairs(s, types)
    found = {(str(r[1]), str(r[2])): r for r in rows}
    gone = [pair for pair in current if pair not in found]
    changed = [r for pair, r in found.items() if current.get(pair) != tuple(r[3:])]
    try:
        write_in_batches(ctx, changed, dk.write_staging, cancel)
        check_cancel(cancel)
        with ctx.db.uow() as s:
            stored = dk.publish_staging(s, scan_id, gone, types)
            kept = dk.count_kept_separate(s)
            # A cancel that came in meanwhile still undoes everything.
            check_cancel(cancel)
    finally:
        drop_staging(ctx, scan_id)
    return stored, kept


def drop_staging(ctx: AppContext, scan_id: str) -> None:
    """Forget a scan's staged rows in short transactions (they are invisible meanwhile)."""
    while True:
        with ctx.db.uow() as s:
            if dk.drop_staging_batch(s, scan_id) == 0:
                return
