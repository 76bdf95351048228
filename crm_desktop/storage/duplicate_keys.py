"""Blocking keys and scan staging of the fuzzy duplicate method: the SQL behind them.

Kept here because it is raw SQL tuned for SQLite (covering index scans, executemany); a second
database gets a second implementation of these functions only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

KEY_VERSION = 1
_CHUNK = 500


def _raw(s: Session) -> Any:
    return s.connection().connection.dbapi_connection


def replace_keys(
    s: Session, keys: Mapping[str, Iterable[tuple[str, str]]], records: Mapping[str, str]
) -> None:
    """Make these contacts' stored keys exactly the given ones, store their normalised records
    and mark them keyed."""
    nos = list(keys)
    raw = _raw(s)
    for i in range(0, len(nos), _CHUNK):
        chunk = nos[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        raw.execute(f"DELETE FROM contact_duplicate_key WHERE contact_no IN ({marks})", chunk)
        # A plain DELETE, not INSERT OR REPLACE: SQLite's REPLACE removes the old row without
        # firing delete triggers, so the merge's change capture would miss its before-image and
        # an undo could not put it back.
        raw.execute(f"DELETE FROM contact_duplicate_key_state WHERE contact_no IN ({marks})", chunk)
    raw.executemany(
        "INSERT OR IGNORE INTO contact_duplicate_key (contact_no, kind, key) VALUES (?, ?, ?)",
        [(no, kind, key) for no in nos for kind, key in keys[no]],
    )
    raw.executemany(
        "INSERT INTO contact_duplicate_key_state (contact_no, version, record) VALUES (?, ?, ?)",
        [(no, KEY_VERSION, records.get(no, "")) for no in nos],
    )


def stored_records(s: Session, nos: Iterable[str] | None = None) -> dict[str, str]:
    """The stored normalised records (all, or of these contacts) by contact number."""
    raw = _raw(s)
    sql = "SELECT contact_no, record FROM contact_duplicate_key_state WHERE version = ?"
    out: dict[str, str] = {}
    if nos is None:
        for no, record in raw.execute(sql, (KEY_VERSION,)):
            out[str(no)] = str(record)
        return out
    listed = sorted(set(nos))
    for i in range(0, len(listed), _CHUNK):
        chunk = listed[i : i + _CHUNK]
        rows = raw.execute(
            f"{sql} AND contact_no IN ({','.join('?' * len(chunk))})", (KEY_VERSION, *chunk)
        )
        for no, record in rows:
            out[str(no)] = str(record)
    return out


def unkeyed(s: Session, limit: int) -> list[str]:
    """Up to `limit` contacts whose keys are missing or of an older version (unchecked)."""
    rows = _raw(s).execute(
        "SELECT c.no FROM contact c LEFT JOIN contact_duplicate_key_state k"
        " ON k.contact_no = c.no WHERE k.contact_no IS NULL OR k.version < ? ORDER BY c.no"
        " LIMIT ?",
        (KEY_VERSION, limit),
    )
    return [str(r[0]) for r in rows.fetchall()]


def count_unkeyed(s: Session) -> int:
    """How many contacts have no current keys."""
    row = (
        _raw(s)
        .execute(
            "SELECT count(*) FROM contact c LEFT JOIN contact_duplicate_key_state k"
            " ON k.contact_no = c.no WHERE k.contact_no IS NULL OR k.version < ?",
            (KEY_VERSION,),
        )
        .fetchone()
    )
    return int(row[0])


def candidates(
    s: Session, keys: Iterable[tuple[str, str]], max_group: int, exclude: str = ""
) -> set[str]:
    """Contacts sharing one of `keys`, skipping a key held by more than `max_group` contacts.

    Two index look-ups per key kind: the group sizes, then the members of the small groups; a
    key shared by thousands (a switchboard number) is counted in the index, never read.
    """
    wanted = sorted(set(keys))
    if not wanted:
        return set()
    raw = _raw(s)
    out: set[str] = set()
    small: list[tuple[str, str]] = []
    for kind, key in wanted:
        row = raw.execute(
            "SELECT count(*) FROM (SELECT 1 FROM contact_duplicate_key WHERE kind = ? AND key = ?"
            " LIMIT ?)",
            (kind, key, max_group + 1),
        ).fetchone()
        if 1 <= int(row[0]) <= max_group:
            small.append((kind, key))
    for kind, key in small:
        for (no,) in raw.execute(
            "SELECT contact_no FROM contact_duplicate_key WHERE kind = ? AND key = ?", (kind, key)
        ):
            out.add(str(no))
    out.discard(exclude)
    return out


def key_groups(s: Session, max_group: int) -> Iterator[list[str]]:
    """Every group of two to `max_group` contacts sharing a key (read from the covering index)."""
    cursor = _raw(s).cursor()
    try:
        cursor.execute(
            "SELECT group_concat(contact_no, char(31)) FROM contact_duplicate_key"
            " GROUP BY kind, key HAVING count(*) BETWEEN 2 AND ?",
            (max_group,),
        )
        while batch := cursor.fetchmany(5000):
            for (members,) in batch:
                yield str(members).split("\x1f")
    finally:
        cursor.close()


def contact_rows(
    s: Session, columns: Sequence[str], nos: Iterable[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Contacts' values of `columns` (all contacts, or those numbered `nos`), as dicts."""
    select = f"SELECT {', '.join(columns)} FROM contact"
    cursor = _raw(s).cursor()
    try:
        if nos is None:
            chunks: list[list[str] | None] = [None]
        else:
            listed = sorted(set(nos))
            chunks = [listed[i : i + _CHUNK] for i in range(0, len(listed), _CHUNK)]
        for chunk in chunks:
            if chunk is None:
                cursor.execute(select)
            elif chunk:
                cursor.execute(f"{select} WHERE no IN ({','.join('?' * len(chunk))})", chunk)
            else:
                continue
            while batch := cursor.fetchmany(5000):
                for row in batch:
                    yield dict(zip(columns, row, strict=True))
    finally:
        cursor.close()


STAGING_COLUMNS = (
    "scan_id",
    "contact_no",
    "duplicate_contact_no",
    "no_of_matching_strings",
    "score",
    "method",
    "reasons",
)


def write_staging(s: Session, rows: Sequence[tuple[Any, ...]]) -> None:
    """Add found pairs to the staging table (rows in STAGING_COLUMNS order)."""
    marks = ", ".join("?" * len(STAGING_COLUMNS))
    _raw(s).executemany(
        f"INSERT OR IGNORE INTO contact_duplicate_staging ({', '.join(STAGING_COLUMNS)})"
        f" VALUES ({marks})",
        list(rows),
    )


def _of_types(kinds: Sequence[str]) -> str:
    if not kinds:
        return ""
    return (
        f" AND contact_no IN (SELECT no FROM contact WHERE type IN ({','.join('?' * len(kinds))}))"
    )


def open_pairs(
    s: Session, types: Iterable[str] | None = None
) -> dict[tuple[str, str], tuple[int, int, str, str]]:
    """The stored pairs not kept separate (of contacts of `types`, or all): (contact, duplicate)
    -> (matching strings, score, method, reasons)."""
    kinds = sorted(set(types or ()))
    rows = _raw(s).execute(
        "SELECT contact_no, duplicate_contact_no, no_of_matching_strings, score, method, reasons"
        f" FROM contact_duplicate WHERE separate_contacts = 0{_of_types(kinds)}",
        kinds,
    )
    return {(str(a), str(b)): (int(n), int(sc), str(me), str(r)) for a, b, n, sc, me, r in rows}


def publish_staging(
    s: Session,
    scan_id: str,
    gone: Sequence[tuple[str, str]],
    types: Iterable[str] | None = None,
) -> int:
    """Make a scan's pairs current by its differences only: the `gone` pairs are deleted
    (unless kept separate meanwhile), the staged ones (new or changed) updated or inserted,
    except where the pair is kept separate in either order. A rescan that changed little
    writes little. The staged rows stay for `drop_staging_batch`. Returns the open pairs now
    stored (of contacts of `types`, or all)."""
    raw = _raw(s)
    kinds = sorted(set(types or ()))
    raw.executemany(
        "DELETE FROM contact_duplicate WHERE contact_no = ? AND duplicate_contact_no = ?"
        " AND separate_contacts = 0",
        list(gone),
    )
    raw.execute(
        "UPDATE contact_duplicate SET no_of_matching_strings = st.no_of_matching_strings,"
        " score = st.score, method = st.method, reasons = st.reasons"
        " FROM contact_duplicate_staging st WHERE st.scan_id = ?"
        " AND st.contact_no = contact_duplicate.contact_no"
        " AND st.duplicate_contact_no = contact_duplicate.duplicate_contact_no"
        " AND contact_duplicate.separate_contacts = 0",
        (scan_id,),
    )
    raw.execute(
        "INSERT OR IGNORE INTO contact_duplicate (contact_no, duplicate_contact_no,"
        " separate_contacts, no_of_matching_strings, score, method, reasons)"
        " SELECT st.contact_no, st.duplicate_contact_no, 0, st.no_of_matching_strings, st.score,"
        " st.method, st.reasons FROM contact_duplicate_staging st"
        " WHERE st.scan_id = ? AND NOT EXISTS (SELECT 1 FROM contact_duplicate p"
        "  WHERE p.contact_no = st.duplicate_contact_no AND p.duplicate_contact_no = st.contact_no)",
        (scan_id,),
    )
    row = raw.execute(
        f"SELECT count(*) FROM contact_duplicate WHERE separate_contacts = 0{_of_types(kinds)}",
        kinds,
    ).fetchone()
    return int(row[0])


def drop_staging_batch(s: Session, scan_id: str, limit: int = 5000) -> int:
    """Delete up to `limit` of a scan's staged rows; returns how many went (0: none left)."""
    cursor = _raw(s).execute(
        "DELETE FROM contact_duplicate_staging WHERE rowid IN (SELECT rowid FROM"
        " contact_duplicate_staging WHERE scan_id = ? LIMIT ?)",
        (scan_id, limit),
    )
    return int(cursor.rowcount or 0)


def count_contacts(s: Session, types: Iterable[str]) -> int:
    """How many contacts are of these types."""
    kinds = sorted(set(types))
    row = (
        _raw(s)
        .execute(
            f"SELECT count(*) FROM contact WHERE type IN ({','.join('?' * len(kinds))})", kinds
        )
        .fetchone()
    )
    return int(row[0])


def count_kept_separate(s: Session) -> int:
    """How many pairs the user kept separate."""
    row = (
        _raw(s)
        .execute("SELECT count(*) FROM contact_duplicate WHERE separate_contacts = 1")
        .fetchone()
    )
    return int(row[0])


def forget_keys(s: Session, nos: Sequence[str]) -> None:
    """Drop these contacts' keys and key state: they count as unchecked until keyed again."""
    raw = _raw(s)
    for i in range(0, len(nos), _CHUNK):
        chunk = list(nos[i : i + _CHUNK])
        marks = ",".join("?" * len(chunk))
        raw.execute(f"DELETE FROM contact_duplicate_key WHERE contact_no IN ({marks})", chunk)
        raw.execute(f"DELETE FROM contact_duplicate_key_state WHERE contact_no IN ({marks})", chunk)
