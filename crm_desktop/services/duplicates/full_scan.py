"""The whole-file duplicate scan: plan it on a read snapshot, then apply it in one write.

`matching` keeps one company's strings and pairs current; this module computes every company's
strings and the pairs among them in memory (by groups, as BC's batch does) and writes the result.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from crm_desktop.domain.duplicates import search_strings as d
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.duplicates import fuzzy_scan
from crm_desktop.services.duplicates.batches import check_cancel, write_in_batches
from crm_desktop.services.duplicates.matching import (
    CHUNK,
    Cancel,
    Progress,
    ScanResult,
    Strings,
    count_equal,
    raw_rows,
    setup_rows,
)
from crm_desktop.storage import models as m
from crm_desktop.storage.models.duplicates import large_cache

_C = cast(Table, m.Contact.__table__)
_P = cast(Table, m.ContactDuplicate.__table__)


@dataclass
class ScanPlan:
    """What a scan will write, worked out in a read transaction: the stale strings to fix and
    the pairs found (newer no, older no, matching strings)."""

    setup: list[d.SetupRow]
    companies: int
    add: list[dict[str, str]]
    change: list[dict[str, str]]
    gone: list[dict[str, str]]
    found: list[tuple[str, str, int]]


def _parse(signature: str) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for entry in signature.split("\x1e") if signature else ():
        parts = entry.split("\x1f", 2)
        if len(parts) == 3:  # a string holding a separator itself is rewritten via the add
            out[(parts[0], parts[1])] = parts[2]
    return out


def _diff(
    no: str,
    setup: Sequence[d.SetupRow],
    new: tuple[str | None, ...],
    old: dict[tuple[str, str], str],
    add: list[dict[str, str]],
    change: list[dict[str, str]],
    gone: list[dict[str, str]],
) -> None:
    """The writes that turn a contact's stored strings `old` into `new`."""
    for i, row in enumerate(setup):
        t, was = new[i], old.pop(row.key, None)
        key = {"c": no, "f": row.field_name, "p": row.part}
        if t == was:
            continue
        if t is None:
            gone.append(key)
        elif was is None:
            add.append({**key, "t": t})
        else:
            change.append({**key, "t": t})
    # Strings of positions no longer in the setup.
    gone.extend({"c": no, "f": f, "p": p} for f, p in old)


def _compute_strings(
    s: Session, setup: Sequence[d.SetupRow], progress: Progress | None, cancel: Cancel | None
) -> tuple[int, list[dict[str, str]], list[dict[str, str]], list[dict[str, str]], Strings]:
    """Every company's strings, computed in Python and compared with what is stored, so only
    stale rows get written; strings of persons or of positions no longer in the setup go.
    Returns (companies, add, change, gone, every company's current strings)."""
    # One signature per contact (its strings in key order) instead of one row per string:
    # a contact whose signature is unchanged needs no comparison string by string.
    stored: dict[str, str] = {
        str(no): sig or ""
        for no, sig in raw_rows(
            s,
            "SELECT contact_company_no, group_concat(field_name || char(31) || part_of_field"
            " || char(31) || search_string, char(30)) FROM (SELECT * FROM"
            " cont_duplicate_search_string ORDER BY contact_company_no, field_name, part_of_field)"
            " GROUP BY contact_company_no",
        )
    }
    gone: list[dict[str, str]] = []
    order = sorted(range(len(setup)), key=lambda i: setup[i].key)
    prefixes = [f"{setup[i].field_name}\x1f{setup[i].part}\x1f" for i in range(len(setup))]
    total = s.scalar(select(func.count()).select_from(_C).where(_C.c.type == "company")) or 0
    # Only real contact columns go into the statement; a setup row naming anything else
    # (impossible through add_setup_row) reads as blank.
    fields = sorted(({r.field_name for r in setup} - {"no"}) & set(_C.c.keys()))
    spots = [
        (
            0
            if r.field_name == "no"
            else fields.index(r.field_name) + 1
            if r.field_name in fields
            else -1,
            r,
        )
        for r in setup
    ]
    spec = [(i, r.part == "first", r.length) for i, r in spots]
    query = (
        f"SELECT no{''.join(', ' + f for f in fields)}, NULL FROM contact"
        " WHERE type = 'company' ORDER BY no"
    )
    add: list[dict[str, str]] = []
    change: list[dict[str, str]] = []
    current: Strings = {}
    done = 0
    for row in raw_rows(s, query):
        no = str(row[0])
        new = d.row_strings(row, spec)
        sig = "\x1e".join(prefixes[i] + t for i in order if (t := new[i]) is not None)
        old_sig = stored.pop(no, "")
        if sig != old_sig:
            _diff(no, setup, new, _parse(old_sig), add, change, gone)
        current[no] = new
        done += 1
        if done % CHUNK == 0:
            check_cancel(cancel)
            if progress is not None:
                progress(done, 2 * total)
    # Whatever is left belongs to persons or deleted contacts: they have no strings.
    for no, old_sig in stored.items():
        gone.extend({"c": no, "f": f, "p": p} for f, p in _parse(old_sig))
    if progress is not None:
        progress(total, 2 * total)
    return total, add, change, gone, current


def _costs_in_memory(current: Strings, positions: int) -> list[int]:
    costs = []
    for i in range(positions):
        counts = Counter(held[i] for held in current.values())
        costs.append(sum(n * (n - 1) // 2 for t, n in counts.items() if t is not None))
    return costs


def plan_scan(
    s: Session, hit_percent: int, progress: Progress | None, cancel: Cancel | None
) -> ScanPlan:
    """Work out a full scan without writing (a read session is enough, so saves elsewhere are
    not held up): stale strings, then the pairs reaching the threshold.

    Candidates come from grouping the companies in memory on pairs of positions
    (`candidate_pairs`, pigeonhole); each candidate's count is then taken over all positions.
    """
    setup = setup_rows(s)
    companies, add, change, gone, current = _compute_strings(s, setup, progress, cancel)
    check_cancel(cancel)
    found: list[tuple[str, str, int]] = []
    if setup:
        needed = max(1, d.needed_matches(len(setup), hit_percent))
        costs = _costs_in_memory(current, len(setup))
        candidates = d.candidate_pairs(current, costs, needed, lambda: check_cancel(cancel))
        blank: tuple[str | None, ...] = (None,) * len(setup)
        for k, (x, y) in enumerate(candidates):
            if k % 50000 == 0:
                check_cancel(cancel)
            count = count_equal(current.get(x, blank), current.get(y, blank), needed)
            if count >= needed:
                found.append((x, y, count))
    return ScanPlan(setup, companies, add, change, gone, found)


def apply_in_batches(ctx: AppContext, plan: ScanPlan, cancel: Cancel | None) -> ScanResult:
    """Write a planned scan without holding the write lock for long: the stale strings in short
    batches, the pairs staged in short batches and made current in one short transaction.

    Companies deleted or turned into persons meanwhile are left out; anything else changed
    meanwhile was re-indexed by its own save and is caught by the next scan. On Cancel the pairs
    stay as they were; strings already brought up to date stay too (they are correct for the
    contacts as they are, exactly what the next save or scan would write).
    """
    with ctx.db.read() as s:
        alive = {str(no) for (no,) in raw_rows(s, "SELECT no FROM contact WHERE type = 'company'")}
    where = "contact_company_no = :c AND field_name = :f AND part_of_field = :p"
    change = [row for row in plan.change if row["c"] in alive]
    add = [row for row in plan.add if row["c"] in alive]
    statements = (
        (f"DELETE FROM cont_duplicate_search_string WHERE {where}", plan.gone),
        (f"UPDATE cont_duplicate_search_string SET search_string = :t WHERE {where}", change),
        (
            "INSERT OR REPLACE INTO cont_duplicate_search_string"
            " (contact_company_no, field_name, part_of_field, search_string)"
            " VALUES (:c, :f, :p, :t)",
            add,
        ),
    )
    for sql, rows in statements:
        if rows:
            write_in_batches(ctx, rows, _executor(sql), cancel)
    scan_id = uuid.uuid4().hex
    found = [
        (scan_id, x, y, n, d.score_percent(n, len(plan.setup)), d.METHOD_SEARCH_STRINGS, "")
        for x, y, n in plan.found
        if x in alive and y in alive
    ]
    pairs, kept = fuzzy_scan.publish(ctx, scan_id, found, None, cancel)
    return ScanResult(plan.companies, len(plan.gone) + len(change) + len(add), pairs, kept)


def _executor(sql: str) -> Callable[[Session, Sequence[dict[str, str]]], None]:
    def execute(s: Session, rows: Sequence[dict[str, str]]) -> None:
        with large_cache(s):
            s.execute(text(sql), list(rows))

    return execute
