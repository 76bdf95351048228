"""Duplicate search machinery inside one session: indexing companies and matching them.

`services.duplicates` holds the user actions; this module holds what they share: keeping a
company's search strings, finding pairs for one company, for a batch, or for the whole file, and
storing pairs without ever reviving one the user kept separate. Only company contacts are indexed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import eq
from typing import Any, cast

from sqlalchemy import Table, delete, insert, select, text
from sqlalchemy.orm import Session

from crm_desktop.domain.duplicates import search_strings as d
from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.storage import models as m
from crm_desktop.storage.models.duplicates import Interrupted, interruptible

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

CANCELLED = QT_TRANSLATE_NOOP("errors", "The duplicate search was cancelled; nothing was changed.")

CHUNK = 2000
_S = cast(Table, m.ContDuplicateSearchString.__table__)
_P = cast(Table, m.ContactDuplicate.__table__)
_C = cast(Table, m.Contact.__table__)


class Cancelled(CrmError):
    """The user cancelled a long duplicate batch; its transaction was rolled back."""


@dataclass(frozen=True)
class ScanResult:
    """What a scan or a generate run did."""

    companies: int
    strings_changed: int
    pairs: int
    kept_separate: int


# --- reading setup -------------------------------------------------------------------------

_FIELD_ORDER = {name: i for i, (name, _c) in enumerate(d.SEARCHABLE_FIELDS)}


def setup_rows(s: Session) -> list[d.SetupRow]:
    """The Duplicate Search String Setup rows in contact field order, First before Last."""
    rows = [
        d.SetupRow(r.field_name, r.part_of_field, r.length)
        for r in s.scalars(select(m.DuplicateSearchStringSetup))
    ]
    return sorted(rows, key=lambda r: (_FIELD_ORDER.get(r.field_name, 999), r.field_name, r.part))


def marketing(s: Session) -> m.MarketingSetup:
    """The Marketing Setup row (created with its defaults if missing)."""
    row = s.get(m.MarketingSetup, 1)
    if row is None:
        row = m.MarketingSetup(id=1)
        s.add(row)
        s.flush()
    return row


def values_of(contact: m.Contact, setup: Iterable[d.SetupRow]) -> dict[str, object]:
    """A contact's values of the fields the setup uses."""
    return {r.field_name: getattr(contact, r.field_name, None) for r in setup}


# --- keeping one contact up to date ---------------------------------------------------------


def forget_strings(s: Session, nos: Sequence[str]) -> None:
    """Drop the contacts' search strings only (their pairs stay)."""
    for i in range(0, len(nos), 500):
        s.execute(delete(_S).where(_S.c.contact_company_no.in_(list(nos[i : i + 500]))))


def forget(s: Session, nos: Sequence[str]) -> None:
    """Drop the contacts' strings and their pairs not kept separate (§7.5 step 1)."""
    for i in range(0, len(nos), 500):
        chunk = list(nos[i : i + 500])
        s.execute(delete(_S).where(_S.c.contact_company_no.in_(chunk)))
        s.execute(
            delete(_P).where(
                _P.c.separate_contacts.is_(False),
                _P.c.contact_no.in_(chunk) | _P.c.duplicate_contact_no.in_(chunk),
            )
        )


def partners(s: Session, no: str) -> list[str]:
    """The contacts in a pair with `no` that is not kept separate."""
    rows = s.execute(
        select(_P.c.contact_no, _P.c.duplicate_contact_no).where(
            _P.c.separate_contacts.is_(False),
            (_P.c.contact_no == no) | (_P.c.duplicate_contact_no == no),
        )
    )
    return sorted({b if a == no else a for a, b in rows})


def existing_pairs(s: Session, nos: Iterable[str] | None = None) -> set[tuple[str, str]]:
    """Stored pairs in both orders (all of them, or those touching `nos`)."""
    query = select(_P.c.contact_no, _P.c.duplicate_contact_no)
    out: set[tuple[str, str]] = set()
    if nos is None:
        chunks: list[list[str] | None] = [None]
    else:
        listed = list(nos)
        chunks = [listed[i : i + 500] for i in range(0, len(listed), 500)]
    for chunk in chunks:
        q = query
        if chunk is not None:
            q = q.where(_P.c.contact_no.in_(chunk) | _P.c.duplicate_contact_no.in_(chunk))
        for a, b in s.execute(q):
            out.add((a, b))
            out.add((b, a))
    return out


def insert_pairs(
    s: Session, found: Iterable[tuple[str, str, int]], setup_rows: int, method: str
) -> int:
    """Insert found pairs (newer contact first) unless a row exists in either order."""
    found = list(found)
    if not found:
        return 0
    existing = existing_pairs(s, {n for a, b, _c in found for n in (a, b)})
    rows = []
    for a, b, count in found:
        if (a, b) in existing:
            continue
        existing.update({(a, b), (b, a)})
        rows.append(
            {
                "contact_no": a,
                "duplicate_contact_no": b,
                "separate_contacts": False,
                "no_of_matching_strings": count,
                "score": d.score_percent(count, setup_rows),
                "method": method,
            }
        )
    if rows:
        s.execute(insert(_P), rows)
    return len(rows)


def write_strings(s: Session, strings: dict[str, dict[tuple[str, str], str]]) -> None:
    """Insert search strings (contact no -> (field, part) -> string) with executemany."""
    rows = [
        {"contact_company_no": no, "field_name": f, "part_of_field": p, "search_string": t}
        for no, held in strings.items()
        for (f, p), t in held.items()
    ]
    for i in range(0, len(rows), 10 * CHUNK):
        s.execute(insert(_S), rows[i : i + 10 * CHUNK])


_GROUP_SIZES = text(
    """
    SELECT c.field_name, c.part_of_field,
           (SELECT count(*) FROM cont_duplicate_search_string o
             WHERE o.field_name = c.field_name AND o.part_of_field = c.part_of_field
               AND o.search_string = c.search_string)
    FROM cont_duplicate_search_string c WHERE c.contact_company_no = :no
    """
)


def match_one(
    s: Session, no: str, setup: Sequence[d.SetupRow], needed: int
) -> list[tuple[str, int]]:
    """Other companies sharing at least `needed` strings with this one, with the count.

    Pigeonhole again: positions where this contact is blank can never match, so they fill the
    `rows - needed + 1` positions for free; the rest are the ones whose strings the fewest other
    companies share. Only companies sharing one of those are counted over all positions, so a
    save does not walk every company whose e-mail starts with "INFO@".
    """
    costs = {r.key: 0 for r in setup}
    for f, p, size in s.execute(_GROUP_SIZES, {"no": no}):
        if (f, p) in costs:
            costs[(f, p)] = int(size)
    chosen = [k for k in d.candidate_positions(costs, len(setup), needed) if costs[k] > 1]
    if not chosen:
        return []
    params: dict[str, object] = {"no": no, "needed": needed}
    for i, (f, p) in enumerate(chosen):
        params[f"f{i}"], params[f"p{i}"] = f, p
    pos_values = ", ".join(f"(:f{i}, :p{i})" for i in range(len(chosen)))
    sql = f"""
        WITH pos(f, p) AS (VALUES {pos_values}),
        cand AS (
          SELECT DISTINCT o.contact_company_no AS other
          FROM pos
          JOIN cont_duplicate_search_string c
            ON c.contact_company_no = :no AND c.field_name = pos.f AND c.part_of_field = pos.p
          JOIN cont_duplicate_search_string o
            ON o.field_name = c.field_name AND o.part_of_field = c.part_of_field
           AND o.search_string = c.search_string
          WHERE o.contact_company_no != :no
        )
        SELECT o.contact_company_no, count(*) FROM cand
        JOIN cont_duplicate_search_string o ON o.contact_company_no = cand.other
        JOIN cont_duplicate_search_string c
          ON c.contact_company_no = :no AND c.field_name = o.field_name
         AND c.part_of_field = o.part_of_field AND c.search_string = o.search_string
        GROUP BY o.contact_company_no HAVING count(*) >= :needed
    """
    return [(str(other), int(count)) for other, count in s.execute(text(sql), params)]


# --- matching everything at once -------------------------------------------------------------


def position_costs(s: Session, setup: Sequence[d.SetupRow]) -> dict[tuple[str, str], int]:
    """How many pairs each setup position alone would produce (the sum of n(n-1)/2 over its groups
    of equal strings)."""
    costs = {r.key: 0 for r in setup}
    rows = s.execute(
        text(
            "SELECT field_name, part_of_field, SUM(n * (n - 1) / 2) FROM ("
            " SELECT field_name, part_of_field, count(*) AS n FROM cont_duplicate_search_string"
            " GROUP BY field_name, part_of_field, search_string) GROUP BY field_name, part_of_field"
        )
    )
    for f, p, cost in rows:
        if (f, p) in costs:
            costs[(f, p)] = int(cost or 0)
    return costs


# contact no -> its string per setup position (None when blank)
Strings = dict[str, tuple[str | None, ...]]


def load_strings(s: Session, setup: Sequence[d.SetupRow], nos: Iterable[str]) -> Strings:
    """The stored strings of these contacts, per setup position."""
    index = {r.key: i for i, r in enumerate(setup)}
    out: dict[str, list[str | None]] = {}
    listed = list(nos)
    for k in range(0, len(listed), 500):
        query = select(_S).where(_S.c.contact_company_no.in_(listed[k : k + 500]))
        for no, f, p, t in s.execute(query):
            if (f, p) in index:
                out.setdefault(no, [None] * len(setup))[index[(f, p)]] = t
    return {no: tuple(v) for no, v in out.items()}


def count_equal(a: tuple[str | None, ...], b: tuple[str | None, ...], needed: int) -> int:
    """Equal non-blank positions of two contacts; 0 when they cannot reach `needed`."""
    # Counting in C first (blank = blank included) bounds the count from above and rejects
    # most candidates without a Python-level loop.
    if sum(map(eq, a, b)) < needed:
        return 0
    return sum(1 for u, v in zip(a, b, strict=True) if u is not None and u == v)


def match(
    s: Session,
    setup: Sequence[d.SetupRow],
    hit_percent: int,
    *,
    restrict: list[str],
    cancel: Cancel | None = None,
) -> list[tuple[str, str, int]]:
    """Pairs touching the `restrict` contacts (new contacts in bulk) that reach the threshold,
    as (restricted no, other no, matching strings); a pair of two of them once, newer first.

    One SQL self-join on (field, part, search string), grouped by pair, over only the positions
    the pigeonhole needs, cheapest first, finds the candidates; each one's full count is then
    taken over all positions.
    """
    if not setup:
        return []
    needed = max(1, d.needed_matches(len(setup), hit_percent))
    costs = position_costs(s, setup)
    candidates = _restricted_candidates(s, setup, costs, needed, restrict, cancel)
    strings = load_strings(s, setup, {n for pair in candidates for n in pair})
    blank: tuple[str | None, ...] = (None,) * len(setup)
    batch = set(restrict)
    rows: list[tuple[str, str, int]] = []
    for x, y in candidates:
        if y in batch and y > x:
            continue  # found from both sides; kept as (y, x)
        count = count_equal(strings.get(x, blank), strings.get(y, blank), needed)
        if count >= needed:
            rows.append((x, y, count))
    return rows


def _restricted_candidates(
    s: Session,
    setup: Sequence[d.SetupRow],
    costs: dict[tuple[str, str], int],
    needed: int,
    restrict: list[str],
    cancel: Cancel | None,
) -> list[tuple[str, str]]:
    chosen = d.candidate_positions(costs, len(setup), needed)
    pos_values = ", ".join(f"(:f{i}, :p{i})" for i in range(len(chosen)))
    params: dict[str, object] = {}
    for i, (f, p) in enumerate(chosen):
        params[f"f{i}"], params[f"p{i}"] = f, p
    s.execute(text("CREATE TEMP TABLE IF NOT EXISTS dup_batch (no TEXT PRIMARY KEY)"))
    s.execute(text("DELETE FROM dup_batch"))
    s.execute(text("INSERT INTO dup_batch (no) VALUES (:no)"), [{"no": n} for n in restrict])
    sql = f"""
        WITH pos(f, p) AS (VALUES {pos_values})
        SELECT a.contact_company_no, b.contact_company_no
        FROM pos
        JOIN cont_duplicate_search_string a ON a.field_name = pos.f AND a.part_of_field = pos.p
        JOIN cont_duplicate_search_string b
          ON b.field_name = a.field_name AND b.part_of_field = a.part_of_field
         AND b.search_string = a.search_string
        WHERE a.contact_company_no IN (SELECT no FROM dup_batch)
          AND b.contact_company_no != a.contact_company_no
        GROUP BY a.contact_company_no, b.contact_company_no
    """
    try:
        with interruptible(s, cancel):
            candidates = [(str(x), str(y)) for x, y in s.execute(text(sql), params).all()]
    except Interrupted as exc:
        raise Cancelled(CANCELLED) from exc
    s.execute(text("DELETE FROM dup_batch"))
    return candidates


def raw_rows(s: Session, sql: str) -> Iterator[tuple[Any, ...]]:
    """Rows of a parameterless query straight from the DBAPI cursor, in batches: the bulk reads
    of a scan would spend more time in result-row objects than in SQLite."""
    cursor = s.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        while batch := cursor.fetchmany(CHUNK):
            yield from batch
    finally:
        cursor.close()
