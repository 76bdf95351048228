"""Duplicate contacts, BC's way (spec §7): search strings, the pairs, keep separate, scans.

Only company contacts are indexed. Pairs are stored in `contact_duplicate` with the newer contact
first (BC's batch leaves them that way). A pair the user kept separate is never replaced or found
again, in either order, by any method.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, text
from sqlalchemy.orm import Session, aliased

from crm_desktop.domain import duplicates as d
from crm_desktop.domain.errors import (
    ALREADY_EXISTS,
    DOES_NOT_EXIST,
    ConflictError,
    CrmError,
    NotFoundError,
    ValidationError,
)
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.app import AppContext
from crm_desktop.storage import models as m
from crm_desktop.storage.models.duplicates import Interrupted, interruptible

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

SETUP_EMPTY = QT_TRANSLATE_NOOP("errors", "The Duplicate Search String Setup table is empty.")
FUZZY_NOT_AVAILABLE = QT_TRANSLATE_NOOP(
    "errors", "The fuzzy duplicate search is not available yet; use the search strings method."
)
UNKNOWN_METHOD = QT_TRANSLATE_NOOP("errors", "There is no duplicate search method {value}.")
OUT_OF_RANGE = QT_TRANSLATE_NOOP(
    "errors", "{field_caption} must be between {minimum} and {maximum}; {value} is not allowed."
)
NOT_SEARCHABLE = QT_TRANSLATE_NOOP(
    "errors", "{value} is not a contact field that duplicate search can use."
)
NOT_A_PART = QT_TRANSLATE_NOOP("errors", "Part of Field must be First or Last, not {value}.")
NO_SUCH_PAIR = QT_TRANSLATE_NOOP(
    "errors", "Contacts {contact_no} and {duplicate_contact_no} are not a duplicate pair."
)
CANCELLED = QT_TRANSLATE_NOOP("errors", "The duplicate search was cancelled; nothing was changed.")
SETUP_TABLE = QT_TRANSLATE_NOOP("duplicates", "Duplicate Search String Setup")
CONTACT_TABLE = QT_TRANSLATE_NOOP("duplicates", "Contact")
LENGTH_CAPTION = QT_TRANSLATE_NOOP("duplicates", "Length")
THRESHOLD_CAPTION = QT_TRANSLATE_NOOP("setup", "Search Hit %")

_CHUNK = 2000
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


@dataclass(frozen=True)
class PairRow:
    """One pair on the Contact Duplicates page, with what the user needs to judge it."""

    contact_no: str
    contact_name: str
    contact_company: str
    contact_city: str
    contact_phone: str
    contact_email: str
    duplicate_contact_no: str
    duplicate_name: str
    duplicate_company: str
    duplicate_city: str
    duplicate_phone: str
    duplicate_email: str
    score: int
    matching_strings: int
    separate: bool
    method: str


@dataclass(frozen=True)
class DetailLine:
    """One field of a pair's field-by-field comparison (BC's Contact Duplicate Details)."""

    field_name: str
    caption: str
    value: str
    duplicate_value: str
    same: bool


@dataclass(frozen=True)
class SetupLine:
    """One Duplicate Search String Setup row as shown on its page."""

    field_name: str
    caption: str
    part: str
    length: int


# --- reading setup -------------------------------------------------------------------------

_FIELD_ORDER = {name: i for i, (name, _c) in enumerate(d.SEARCHABLE_FIELDS)}


def _setup_rows(s: Session) -> list[d.SetupRow]:
    rows = [
        d.SetupRow(r.field_name, r.part_of_field, r.length)
        for r in s.scalars(select(m.DuplicateSearchStringSetup))
    ]
    return sorted(rows, key=lambda r: (_FIELD_ORDER.get(r.field_name, 999), r.field_name, r.part))


def _marketing(s: Session) -> m.MarketingSetup:
    row = s.get(m.MarketingSetup, 1)
    if row is None:
        row = m.MarketingSetup(id=1)
        s.add(row)
        s.flush()
    return row


def _values_of(contact: m.Contact, setup: Iterable[d.SetupRow]) -> dict[str, object]:
    return {r.field_name: getattr(contact, r.field_name, None) for r in setup}


# --- keeping one contact up to date ---------------------------------------------------------


def _forget(s: Session, nos: Sequence[str]) -> None:
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


def _partners(s: Session, no: str) -> list[str]:
    rows = s.execute(
        select(_P.c.contact_no, _P.c.duplicate_contact_no).where(
            _P.c.separate_contacts.is_(False),
            (_P.c.contact_no == no) | (_P.c.duplicate_contact_no == no),
        )
    )
    return sorted({b if a == no else a for a, b in rows})


def _existing_pairs(s: Session, nos: Iterable[str] | None = None) -> set[tuple[str, str]]:
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


def _insert_pairs(
    s: Session, found: Iterable[tuple[str, str, int]], setup_rows: int, method: str
) -> int:
    """Insert found pairs (newer contact first) unless a row exists in either order."""
    found = list(found)
    if not found:
        return 0
    existing = _existing_pairs(s, {n for a, b, _c in found for n in (a, b)})
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


def _write_strings(s: Session, strings: dict[str, dict[tuple[str, str], str]]) -> None:
    rows = [
        {"contact_company_no": no, "field_name": f, "part_of_field": p, "search_string": t}
        for no, held in strings.items()
        for (f, p), t in held.items()
    ]
    for i in range(0, len(rows), 10 * _CHUNK):
        s.execute(insert(_S), rows[i : i + 10 * _CHUNK])


_GROUP_SIZES = text(
    """
    SELECT c.field_name, c.part_of_field,
           (SELECT count(*) FROM cont_duplicate_search_string o
             WHERE o.field_name = c.field_name AND o.part_of_field = c.part_of_field
               AND o.search_string = c.search_string)
    FROM cont_duplicate_search_string c WHERE c.contact_company_no = :no
    """
)


def _match_one(
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


def maintain_in(s: Session, contact: m.Contact, changed: frozenset[str], is_new: bool) -> list[str]:
    """Keep a saved contact's duplicate search strings current and return the duplicate
    contact numbers found for it (not kept separate). Called by the contacts service inside its
    transaction after every insert or update of a contact.

    With Maintain Dupl. Search Strings on, a company whose searchable data changed is re-indexed
    and matched (BC's MakeContIndex). Improvement over BC: a change of only the e-mail or mobile
    phone re-indexes too. A person never has strings or open pairs. The list is empty when
    Autosearch for Duplicates is off (BC's DuplicateExist), though the pairs are still stored.
    """
    s.flush()
    if contact.type != "company":
        if not is_new:
            _forget(s, [contact.no])
        return []
    setup_row = _marketing(s)
    if setup_row.maintain_dupl_search_strings:
        setup = _setup_rows(s)
        if d.needs_reindex(changed, is_new=is_new, setup_fields={r.field_name for r in setup}):
            _forget(s, [contact.no])
            _write_strings(s, {contact.no: d.search_strings(_values_of(contact, setup), setup)})
            if setup:
                needed = max(1, d.needed_matches(len(setup), setup_row.search_hit_percent))
                found = [
                    (contact.no, other, count)
                    for other, count in _match_one(s, contact.no, setup, needed)
                ]
                _insert_pairs(s, found, len(setup), d.METHOD_SEARCH_STRINGS)
    if not setup_row.autosearch_for_duplicates:
        return []
    return _partners(s, contact.no)


def maintain_many_in(s: Session, contact_nos: Iterable[str]) -> dict[str, list[str]]:
    """Bulk `maintain_in` for importers and batch creation, inside the caller's transaction.

    Strings are computed in Python and written with executemany; the new contacts are matched
    against everyone with one self-join (not one query per contact). Returns, per contact that has
    open pairs, the duplicate numbers (empty when Autosearch for Duplicates is off).
    """
    nos = sorted(set(contact_nos))
    if not nos:
        return {}
    s.flush()
    setup_row = _marketing(s)
    setup = _setup_rows(s)
    fields = sorted({r.field_name for r in setup} - {"no", "type"})
    columns = [_C.c.no, _C.c.type] + [_C.c[f] for f in fields]
    companies: dict[str, dict[tuple[str, str], str]] = {}
    persons: list[str] = []
    for i in range(0, len(nos), 500):
        for row in s.execute(select(*columns).where(m.Contact.no.in_(nos[i : i + 500]))):
            values = cast(Mapping[str, object], row._mapping)
            if values["type"] == "company":
                companies[str(values["no"])] = d.search_strings(values, setup)
            else:
                persons.append(str(values["no"]))
    _forget(s, persons)
    if setup_row.maintain_dupl_search_strings and companies:
        _forget(s, list(companies))
        _write_strings(s, companies)
        found = _match(s, setup, setup_row.search_hit_percent, restrict=list(companies))
        _insert_pairs(s, found, len(setup), d.METHOD_SEARCH_STRINGS)
    if not setup_row.autosearch_for_duplicates:
        return {}
    out: dict[str, set[str]] = {}
    listed = list(companies)
    for k in range(0, len(listed), 500):
        chunk = listed[k : k + 500]
        query = select(_P.c.contact_no, _P.c.duplicate_contact_no).where(
            _P.c.separate_contacts.is_(False),
            _P.c.contact_no.in_(chunk) | _P.c.duplicate_contact_no.in_(chunk),
        )
        for a, b in s.execute(query):
            for one, other in ((a, b), (b, a)):
                if one in companies:
                    out.setdefault(one, set()).add(other)
    return {no: sorted(found) for no, found in sorted(out.items())}


# --- matching everything at once -------------------------------------------------------------


def _position_costs(s: Session, setup: Sequence[d.SetupRow]) -> dict[tuple[str, str], int]:
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


def _load_strings(s: Session, setup: Sequence[d.SetupRow], nos: Iterable[str]) -> Strings:
    index = {r.key: i for i, r in enumerate(setup)}
    out: dict[str, list[str | None]] = {}
    listed = list(nos)
    for k in range(0, len(listed), 500):
        query = select(_S).where(_S.c.contact_company_no.in_(listed[k : k + 500]))
        for no, f, p, t in s.execute(query):
            if (f, p) in index:
                out.setdefault(no, [None] * len(setup))[index[(f, p)]] = t
    return {no: tuple(v) for no, v in out.items()}


def _count(a: tuple[str | None, ...], b: tuple[str | None, ...]) -> int:
    return sum(1 for u, v in zip(a, b, strict=True) if u is not None and u == v)


def _match(
    s: Session,
    setup: Sequence[d.SetupRow],
    hit_percent: int,
    *,
    restrict: list[str] | None = None,
    strings: Strings | None = None,
    cancel: Cancel | None = None,
) -> list[tuple[str, str, int]]:
    """All pairs reaching the threshold as (newer no, older no, matching strings).

    With `strings` (every company's, a full scan): candidates come from grouping the companies
    in memory on pairs of positions (`candidate_pairs`). With `restrict` (new contacts in bulk):
    one SQL self-join on (field, part, search string), grouped by pair, over only the positions
    the pigeonhole needs, cheapest first. Either way each candidate's full count is then taken
    over all positions, and only pairs reaching the threshold are returned.
    """
    if not setup:
        return []
    needed = max(1, d.needed_matches(len(setup), hit_percent))
    costs = _position_costs(s, setup)
    if strings is not None:
        candidates: Iterable[tuple[str, str]] = d.candidate_pairs(
            strings, [costs[r.key] for r in setup], needed, lambda: _check_cancel(cancel)
        )
    else:
        assert restrict is not None
        candidates = _restricted_candidates(s, setup, costs, needed, restrict, cancel)
        strings = _load_strings(s, setup, {n for pair in candidates for n in pair})
    blank: tuple[str | None, ...] = (None,) * len(setup)
    rows: list[tuple[str, str, int]] = []
    for k, (x, y) in enumerate(candidates):
        if k % 50000 == 0:
            _check_cancel(cancel)
        count = _count(strings.get(x, blank), strings.get(y, blank))
        if count >= needed:
            rows.append((x, y, count))
    if restrict is not None:
        # The new contact comes first; a pair of two new ones was found from both sides: keep
        # it once, newer first.
        batch = set(restrict)
        return [(x, y, n) for x, y, n in rows if not (y in batch and y > x)]
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


def _raw_rows(s: Session, sql: str) -> Iterator[tuple[Any, ...]]:
    """Rows of a parameterless query straight from the DBAPI cursor, in batches: the bulk reads
    of a scan would spend more time in result-row objects than in SQLite."""
    cursor = s.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        while batch := cursor.fetchmany(_CHUNK):
            yield from batch
    finally:
        cursor.close()


def _refresh_strings(
    s: Session, setup: Sequence[d.SetupRow], progress: Progress | None, cancel: Cancel | None
) -> tuple[int, int, Strings]:
    """Bring every company's stored strings up to date.

    Strings are computed in Python and compared with what is stored, so only stale rows are
    written; strings of persons or of positions no longer in the setup are removed. Returns
    (companies, strings changed, every company's current strings).
    """
    index = {r.key: i for i, r in enumerate(setup)}
    stored: dict[str, list[str | None]] = {}
    gone: list[dict[str, str]] = []
    for no, f, p, t in _raw_rows(
        s,
        "SELECT contact_company_no, field_name, part_of_field, search_string"
        " FROM cont_duplicate_search_string",
    ):
        if (f, p) in index:
            stored.setdefault(no, [None] * len(setup))[index[(f, p)]] = t
        else:
            gone.append({"c": no, "f": f, "p": p})
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
    blank: list[str | None] = [None] * len(setup)
    done = 0
    for row in _raw_rows(s, query):
        no = str(row[0])
        new = d.row_strings(row, spec)
        old = stored.pop(no, blank)
        for i, t in enumerate(new):
            if t == old[i]:
                continue
            key = {"c": no, "f": setup[i].field_name, "p": setup[i].part}
            if t is None:
                gone.append(key)
            elif old[i] is None:
                add.append({**key, "t": t})
            else:
                change.append({**key, "t": t})
        current[no] = new
        done += 1
        if done % _CHUNK == 0:
            _check_cancel(cancel)
            if progress is not None:
                progress(done, 2 * total)
    # Whatever is left belongs to persons: they have no strings.
    for no, old in stored.items():
        gone.extend(
            {"c": no, "f": setup[i].field_name, "p": setup[i].part}
            for i, t in enumerate(old)
            if t is not None
        )
    where = "contact_company_no = :c AND field_name = :f AND part_of_field = :p"
    if gone:
        s.execute(text(f"DELETE FROM cont_duplicate_search_string WHERE {where}"), gone)
    if change:
        s.execute(
            text(f"UPDATE cont_duplicate_search_string SET search_string = :t WHERE {where}"),
            change,
        )
    if add:
        s.execute(
            text(
                "INSERT INTO cont_duplicate_search_string"
                " (contact_company_no, field_name, part_of_field, search_string)"
                " VALUES (:c, :f, :p, :t)"
            ),
            add,
        )
    if progress is not None:
        progress(total, 2 * total)
    return total, len(add) + len(change) + len(gone), current


def _check_cancel(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled(CANCELLED)


def _replace_pairs(
    s: Session, hit_percent: int, progress: Progress | None, cancel: Cancel | None
) -> ScanResult:
    setup = _setup_rows(s)
    companies, changed, current = _refresh_strings(s, setup, progress, cancel)
    _check_cancel(cancel)
    s.execute(delete(_P).where(_P.c.separate_contacts.is_(False)))
    found = _match(s, setup, hit_percent, strings=current, cancel=cancel)
    pairs = _insert_pairs(s, found, len(setup), d.METHOD_SEARCH_STRINGS)
    kept = s.scalar(select(func.count()).select_from(_P).where(_P.c.separate_contacts.is_(True)))
    # The last chance: a cancel that came in during the final steps still undoes everything.
    _check_cancel(cancel)
    if progress is not None:
        progress(2 * companies, 2 * companies)
    return ScanResult(companies, changed, pairs, int(kept or 0))


def _check_method(method: str) -> None:
    if method == d.METHOD_FUZZY:
        raise ValidationError(FUZZY_NOT_AVAILABLE, field="method")
    if method != d.METHOD_SEARCH_STRINGS:
        raise ValidationError(UNKNOWN_METHOD, field="method", value=method)


def scan(
    ctx: AppContext,
    method: str | None = None,
    threshold: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ScanResult:
    """Scan all company contacts for duplicates, in one transaction.

    First brings stale search strings up to date, then replaces every stored pair that is not
    kept separate. `method` and `threshold` default to Marketing Setup's (Search Hit % for the
    search strings method). Raises ValidationError for an unknown or unavailable method or a
    threshold outside 1..100, Cancelled when `cancel()` turned true (nothing is changed).
    """
    with ctx.db.uow() as s:
        setup_row = _marketing(s)
        method = method or setup_row.duplicate_method
        _check_method(method)
        hit = setup_row.search_hit_percent if threshold is None else threshold
        if not 1 <= hit <= 100:
            raise ValidationError(
                OUT_OF_RANGE,
                field="threshold",
                field_caption=THRESHOLD_CAPTION,
                minimum=1,
                maximum=100,
                value=hit,
            )
        return _replace_pairs(s, hit, progress, cancel)


def generate_search_strings(
    ctx: AppContext, progress: Progress | None = None, cancel: Cancel | None = None
) -> ScanResult:
    """BC's Generate Duplicate Search Strings batch: index every company and match them all with
    Marketing Setup's Search Hit %. Pairs kept separate stay. Raises Cancelled when cancelled."""
    with ctx.db.uow() as s:
        return _replace_pairs(s, _marketing(s).search_hit_percent, progress, cancel)


# --- reviewing pairs ---------------------------------------------------------------------------


def list_pairs(ctx: AppContext, contact_no: str | None = None) -> list[PairRow]:
    """The stored pairs (kept-separate ones included, flagged) with both contacts' name, company,
    city, phone and e-mail and the score; only those touching `contact_no` when given."""
    a, b = aliased(m.Contact), aliased(m.Contact)
    p = m.ContactDuplicate
    query = (
        select(p, a, b)
        .join(a, a.no == p.contact_no)
        .join(b, b.no == p.duplicate_contact_no)
        .order_by(p.score.desc(), p.contact_no, p.duplicate_contact_no)
    )
    if contact_no:
        query = query.where((p.contact_no == contact_no) | (p.duplicate_contact_no == contact_no))
    with ctx.db.read() as s:
        return [
            PairRow(
                pair.contact_no,
                x.name,
                x.company_name,
                x.city,
                x.phone_no,
                x.email,
                pair.duplicate_contact_no,
                y.name,
                y.company_name,
                y.city,
                y.phone_no,
                y.email,
                pair.score,
                pair.no_of_matching_strings,
                pair.separate_contacts,
                pair.method,
            )
            for pair, x, y in s.execute(query)
        ]


def _pair(s: Session, a: str, b: str) -> m.ContactDuplicate:
    row = s.get(m.ContactDuplicate, (a, b)) or s.get(m.ContactDuplicate, (b, a))
    if row is None:
        raise NotFoundError(NO_SUCH_PAIR, contact_no=a, duplicate_contact_no=b)
    return row


def pair_details(ctx: AppContext, a: str, b: str) -> list[DetailLine]:
    """Field-by-field comparison of two contacts over the fields in the search string setup
    (one line per field, scenario 29). Raises NotFoundError when the setup is empty or a contact
    does not exist."""
    with ctx.db.read() as s:
        setup = _setup_rows(s)
        if not setup:
            raise NotFoundError(SETUP_EMPTY)
        contacts = []
        for no in (a, b):
            contact = s.get(m.Contact, no)
            if contact is None:
                raise NotFoundError(DOES_NOT_EXIST, table=CONTACT_TABLE, code=no)
            contacts.append(contact)
        lines: list[DetailLine] = []
        for field in dict.fromkeys(r.field_name for r in setup):
            left = getattr(contacts[0], field, None) or ""
            right = getattr(contacts[1], field, None) or ""
            lines.append(
                DetailLine(
                    field,
                    d.FIELD_CAPTIONS.get(field, field),
                    str(left),
                    str(right),
                    d.clean_value(left).upper() == d.clean_value(right).upper(),
                )
            )
        return lines


def keep_separate(ctx: AppContext, a: str, b: str, separate: bool = True) -> None:
    """Mark a pair as not duplicates (Separate Contacts), so no scan or method brings it back in
    either order; `separate=False` undoes it. Raises NotFoundError when there is no such pair."""
    with ctx.db.uow() as s:
        _pair(s, a, b).separate_contacts = separate


def duplicate_exists(ctx: AppContext, no: str) -> bool:
    """BC's DuplicateExist: False when Autosearch for Duplicates is off; otherwise whether the
    contact is in a pair not kept separate."""
    with ctx.db.read() as s:
        setup_row = s.get(m.MarketingSetup, 1)
        if setup_row is None or not setup_row.autosearch_for_duplicates:
            return False
        return bool(_partners(s, no))


# --- Duplicate Search String Setup ------------------------------------------------------------


def list_setup(ctx: AppContext) -> list[SetupLine]:
    """The setup rows in contact field order, First before Last."""
    with ctx.db.read() as s:
        return [
            SetupLine(
                r.field_name, d.FIELD_CAPTIONS.get(r.field_name, r.field_name), r.part, r.length
            )
            for r in _setup_rows(s)
        ]


def _check_length(length: int) -> int:
    if not isinstance(length, int) or not d.MIN_LENGTH <= length <= d.MAX_LENGTH:
        raise ValidationError(
            OUT_OF_RANGE,
            field="length",
            field_caption=LENGTH_CAPTION,
            minimum=d.MIN_LENGTH,
            maximum=d.MAX_LENGTH,
            value=length,
        )
    return length


def add_setup_row(
    ctx: AppContext, field_name: str, part: str, length: int = d.DEFAULT_LENGTH
) -> SetupLine:
    """Add a setup row for a contact field and part (First or Last), length 2..10.

    Existing contacts get its strings at the next scan or generate run. Raises ValidationError
    for a field duplicate search cannot use, a bad part or length; ConflictError when the field
    already has that part.
    """
    if field_name not in d.FIELD_CAPTIONS:
        raise ValidationError(NOT_SEARCHABLE, field="field_name", value=field_name)
    if part not in d.PARTS:
        raise ValidationError(NOT_A_PART, field="part", value=part)
    _check_length(length)
    with ctx.db.uow() as s:
        if s.get(m.DuplicateSearchStringSetup, (field_name, part)) is not None:
            code = f"{d.FIELD_CAPTIONS[field_name]} {d.PART_CAPTIONS[part]}"
            raise ConflictError(ALREADY_EXISTS, field="field_name", table=SETUP_TABLE, code=code)
        s.add(
            m.DuplicateSearchStringSetup(field_name=field_name, part_of_field=part, length=length)
        )
    return SetupLine(field_name, d.FIELD_CAPTIONS[field_name], part, length)


def _setup_row(s: Session, field_name: str, part: str) -> m.DuplicateSearchStringSetup:
    row = s.get(m.DuplicateSearchStringSetup, (field_name, part))
    if row is None:
        code = f"{d.FIELD_CAPTIONS.get(field_name, field_name)} {d.PART_CAPTIONS.get(part, part)}"
        raise NotFoundError(DOES_NOT_EXIST, table=SETUP_TABLE, code=code)
    return row


def set_setup_length(ctx: AppContext, field_name: str, part: str, length: int) -> None:
    """Change a setup row's length (2..10); stored strings follow at the next scan."""
    _check_length(length)
    with ctx.db.uow() as s:
        _setup_row(s, field_name, part).length = length


def delete_setup_row(ctx: AppContext, field_name: str, part: str) -> None:
    """Delete a setup row and every stored string of that field and part (spec §7.1)."""
    with ctx.db.uow() as s:
        s.delete(_setup_row(s, field_name, part))
        s.execute(delete(_S).where(_S.c.field_name == field_name, _S.c.part_of_field == part))


def reset_default_setup(ctx: AppContext) -> None:
    """BC's CreateDefaultSetup: the 8 default fields, First and Last, length 5 (16 rows);
    strings of positions no longer in the setup are deleted."""
    with ctx.db.uow() as s:
        s.execute(delete(m.DuplicateSearchStringSetup))
        keep = []
        for field in d.DEFAULT_FIELDS:
            for part in d.PARTS:
                s.add(m.DuplicateSearchStringSetup(field_name=field, part_of_field=part, length=5))
                keep.append(f"{field}|{part}")
        s.execute(delete(_S).where((_S.c.field_name + "|" + _S.c.part_of_field).not_in(keep)))
