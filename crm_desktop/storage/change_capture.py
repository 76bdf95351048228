"""Record every row a transaction changes, so it can be put back exactly (the merge's undo).

While a `ChangeCapture` is active on a connection, temporary triggers on every ordinary table
note each row's first change: its before-image (all columns and its rowid) for an update or a
delete, or the fact that it is new for an insert. `finish()` pairs each noted row with its state
now, leaving a list of `RowChange`s: everything the transaction changed, whoever changed it (the
merge service itself, the sync it triggers, the duplicate index, foreign-key cascades). Tables a
later version adds are covered without anyone naming them.

`restore()` puts the before-images back, rowids included (the contact list's order and the
full-text index key on them), and `drift()` tells which rows no longer look as the transaction
left them, so an undo can refuse and say what changed.

Temporary triggers and tables live only in this connection and vanish with it, so a crash never
leaves them behind; a rollback removes them too. SQLite-specific, and so kept here.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from crm_desktop.storage.contact_refs import (
    _q,
    columns_of,
    primary_key,
    rowid_alias,
    user_tables,
    without_rowid,
)

Image = dict[str, Any]
ROWID = "rowid"
_LOG = "temp.change_capture_log"


class CaptureError(Exception):
    """The capture cannot record a table (a WITHOUT ROWID table) or is already running."""


@dataclass(frozen=True)
class RowChange:
    """One row the transaction changed: its image before (None: it is new) and after (None: it
    was deleted). Images map column names to SQLite values; the rowid is under "rowid"."""

    table: str
    rowid: int
    before: Image | None
    after: Image | None

    def key_text(self) -> str:
        """The row's primary key values, for messages ("CT0001", "CT0001, CUST")."""
        image = self.before if self.before is not None else self.after
        return key_text(image or {}, ())


@dataclass(frozen=True)
class RowDrift:
    """A row that changed after the captured transaction: what it should be and what it is."""

    change: RowChange
    now: Image | None

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns whose value differs (empty when the row appeared or disappeared)."""
        if self.now is None or self.change.after is None:
            return ()
        return tuple(
            k for k in self.change.after if k != ROWID and self.change.after[k] != self.now.get(k)
        )


def key_text(image: Image, pk: Sequence[str]) -> str:
    """The key values of an image joined by ", " (its rowid when it has no key columns)."""
    names = list(pk) or [k for k in ("no", "code", "id") if k in image]
    if not names:
        return f"#{image.get(ROWID, '?')}"
    return ", ".join(str(image.get(n, "")) for n in names)


def _image_table(table: str) -> str:
    return "change_capture_img_" + table


class ChangeCapture:
    """Temporary triggers on every table of one connection, noting what changes (see module)."""

    def __init__(self, conn: Connection, *, exclude: Iterable[str] = ()) -> None:
        self.conn = conn
        self.exclude = frozenset(exclude)
        self.tables: list[str] = []

    def start(self) -> None:
        """Install the triggers; raises CaptureError for a table it cannot record."""
        conn = self.conn
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_temp_master WHERE name = 'change_capture_log'"
        ).first()
        if exists:
            raise CaptureError("A change capture is already running on this connection.")
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE {_LOG.split('.')[1]} ("
            "seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, rid INTEGER NOT NULL, "
            "inserted INTEGER NOT NULL, UNIQUE (tbl, rid))"
        )
        self.tables = [t for t in user_tables(conn) if t not in self.exclude]
        for table in self.tables:
            if without_rowid(conn, table):
                raise CaptureError(f"Table {table} has no rowid; its changes cannot be recorded.")
            q, img = _q(table), _q(_image_table(table))
            lit = "'" + table.replace("'", "''") + "'"
            conn.exec_driver_sql(
                f"CREATE TEMP TABLE {img} AS SELECT rowid AS change_capture_rowid, * "
                f"FROM main.{q} WHERE 0"
            )
            first = f"NOT EXISTS (SELECT 1 FROM {_LOG} WHERE tbl = {lit} AND rid = OLD.rowid)"
            copy = (
                f"INSERT INTO {img} SELECT rowid, * FROM main.{q} WHERE rowid = OLD.rowid; "
                f"INSERT INTO change_capture_log (tbl, rid, inserted) VALUES ({lit}, OLD.rowid, 0);"
            )
            for event, name in (("UPDATE", "bu"), ("DELETE", "bd")):
                conn.exec_driver_sql(
                    f"CREATE TEMP TRIGGER {_q('change_capture_' + name + '_' + table)} "
                    f"BEFORE {event} ON main.{q} WHEN {first} BEGIN {copy} END"
                )
            conn.exec_driver_sql(
                f"CREATE TEMP TRIGGER {_q('change_capture_ai_' + table)} AFTER INSERT ON main.{q} "
                f"WHEN NOT EXISTS (SELECT 1 FROM {_LOG} WHERE tbl = {lit} AND rid = NEW.rowid) "
                f"BEGIN INSERT INTO change_capture_log (tbl, rid, inserted) "
                f"VALUES ({lit}, NEW.rowid, 1); END"
            )

    def finish(self) -> list[RowChange]:
        """Remove the triggers and return every row whose state differs from its first image,
        in the order the rows were first touched."""
        conn = self.conn
        logged = conn.exec_driver_sql(f"SELECT tbl, rid, inserted FROM {_LOG} ORDER BY seq").all()
        tables = {str(r[0]) for r in logged}
        columns = {t: columns_of(conn, t) for t in tables}
        before: dict[tuple[str, int], Image] = {}
        now: dict[tuple[str, int], Image] = {}
        for table in tables:
            cols = columns[table]
            for row in conn.exec_driver_sql(f"SELECT * FROM temp.{_q(_image_table(table))}"):
                before[(table, int(row[0]))] = {
                    ROWID: row[0],
                    **dict(zip(cols, row[1:], strict=True)),
                }
            rids = [int(r[1]) for r in logged if r[0] == table]
            for i in range(0, len(rids), 500):
                chunk = rids[i : i + 500]
                marks = ", ".join("?" for _ in chunk)
                for row in conn.exec_driver_sql(
                    f"SELECT rowid, * FROM main.{_q(table)} WHERE rowid IN ({marks})", tuple(chunk)
                ):
                    now[(table, int(row[0]))] = {
                        ROWID: row[0],
                        **dict(zip(cols, row[1:], strict=True)),
                    }
        out: list[RowChange] = []
        for tbl, rid, inserted in logged:
            key = (str(tbl), int(rid))
            first = None if inserted else before[key]
            last = now.get(key)
            if first != last:
                out.append(RowChange(key[0], key[1], first, last))
        self.stop()
        return out

    def stop(self) -> None:
        """Remove the triggers and temporary tables without reading them."""
        conn = self.conn
        for table in self.tables:
            for name in ("bu", "bd", "ai"):
                conn.exec_driver_sql(
                    f"DROP TRIGGER IF EXISTS temp.{_q('change_capture_' + name + '_' + table)}"
                )
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{_q(_image_table(table))}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_LOG}")
        self.tables = []


def current_image(
    conn: Connection, table: str, rowid: int, columns: Sequence[str] | None = None
) -> Image | None:
    """The row's image now, or None when there is no row with that rowid."""
    cols = list(columns) if columns is not None else columns_of(conn, table)
    row = conn.exec_driver_sql(
        f"SELECT rowid, * FROM main.{_q(table)} WHERE rowid = ?", (rowid,)
    ).first()
    if row is None:
        return None
    return {ROWID: row[0], **dict(zip(cols, row[1:], strict=True))}


def drift(
    conn: Connection, changes: Iterable[RowChange], *, ignore: Iterable[str] = ()
) -> list[RowDrift]:
    """The rows that no longer look as the captured transaction left them (rows of the tables
    in `ignore` left out)."""
    out: list[RowDrift] = []
    cache: dict[str, list[str]] = {}
    skipped = frozenset(ignore)
    for change in changes:
        if change.table in skipped:
            continue
        cols = cache.setdefault(change.table, columns_of(conn, change.table))
        now = current_image(conn, change.table, change.rowid, cols)
        if now != change.after and not _rowid_reused(conn, change, now):
            out.append(RowDrift(change, now))
    return out


def _rowid_reused(conn: Connection, change: RowChange, now: Image | None) -> bool:
    """A row the transaction deleted whose rowid SQLite has since given to another row (with
    another key): not a change of that row; it comes back under a new rowid."""
    if change.after is not None or change.before is None or now is None:
        return False
    pk = primary_key(conn, change.table)
    if not pk or rowid_alias(conn, change.table):
        return False
    if tuple(now.get(k) for k in pk) == tuple(change.before.get(k) for k in pk):
        return False
    taken = conn.exec_driver_sql(
        f"SELECT 1 FROM main.{_q(change.table)} WHERE " + " AND ".join(f"{_q(k)} = ?" for k in pk),
        tuple(change.before[k] for k in pk),
    ).first()
    return taken is None


def restore(conn: Connection, changes: Sequence[RowChange], *, lenient: Iterable[str] = ()) -> int:
    """Put every before-image back (rowids included): new rows deleted, changed rows set back,
    deleted rows inserted again (under a new rowid when SQLite has given theirs to a row added
    since). Foreign keys are checked at commit, not row by row, since the
    rows come back in an order no single statement order would satisfy.

    Rows of the `lenient` tables (data derived from other rows, such as duplicate pairs) may have
    changed since; such a row is put back by its primary key instead (the row there now with
    that key replaced, on its old rowid if free). Returns how many rows were put back so.
    """
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    loose = frozenset(lenient)
    drifted = {id(c) for c in drift(conn, [c for c in changes if c.table in loose])}
    for c in changes:
        if id(c) in drifted:
            _restore_by_key(conn, c)
    changes = [c for c in changes if id(c) not in drifted]
    for c in reversed(changes):
        if c.before is None:
            conn.exec_driver_sql(f"DELETE FROM main.{_q(c.table)} WHERE rowid = ?", (c.rowid,))
    # Changed rows of tables nothing refers to are taken out and inserted back on their rowids:
    # set back one by one, rows whose keys moved between rowids (a contact's fuzzy keys deleted
    # and written again on reused rowids) would clash on a unique key halfway. A table others
    # refer to is set back in place, as deleting its rows would cascade.
    parents = _referenced_tables(conn)
    updated = [c for c in changes if c.before is not None and c.after is not None]
    plain = {t for t in {c.table for c in updated} - parents if not without_rowid(conn, t)}
    moved = [c for c in updated if c.table in plain]
    for c in moved:
        conn.exec_driver_sql(f"DELETE FROM main.{_q(c.table)} WHERE rowid = ?", (c.rowid,))
    for c in moved:
        if c.before is not None:  # always, by `updated`
            _insert(conn, c.table, c.before, with_rowid=True)
    taken = {id(c) for c in moved}
    for c in changes:
        if c.before is not None and c.after is not None and id(c) not in taken:
            cols = [k for k in c.before if k != ROWID]
            sets = ", ".join(f"{_q(k)} = ?" for k in cols)
            conn.exec_driver_sql(
                f"UPDATE main.{_q(c.table)} SET {sets} WHERE rowid = ?",
                (*[c.before[k] for k in cols], c.rowid),
            )
    for c in changes:
        if c.before is not None and c.after is None:
            free = current_image(conn, c.table, c.rowid) is None
            _insert(conn, c.table, c.before, with_rowid=free)
    return len(drifted)


def _referenced_tables(conn: Connection) -> set[str]:
    """Tables some foreign key points to."""
    out: set[str] = set()
    for table in user_tables(conn):
        for row in conn.exec_driver_sql(f"PRAGMA main.foreign_key_list({_q(table)})"):
            out.add(str(row[2]))
    return out


def _insert(conn: Connection, table: str, image: Image, *, with_rowid: bool) -> None:
    alias = rowid_alias(conn, table)
    cols = [k for k in image if k != ROWID]
    names = [ROWID, *cols] if with_rowid and not alias else cols
    if alias and not with_rowid:
        names = [n for n in cols if n != alias]
    marks = ", ".join("?" for _ in names)
    conn.exec_driver_sql(
        f"INSERT INTO main.{_q(table)} ({', '.join(_q(n) for n in names)}) VALUES ({marks})",
        tuple(image[n] for n in names),
    )


def _delete_key(conn: Connection, table: str, pk: Sequence[str], image: Image) -> None:
    cond = " AND ".join(f"{_q(k)} = ?" for k in pk)
    conn.exec_driver_sql(f"DELETE FROM main.{_q(table)} WHERE {cond}", tuple(image[k] for k in pk))


def _restore_by_key(conn: Connection, c: RowChange) -> None:
    pk = primary_key(conn, c.table)
    if not pk:
        return  # without a key there is nothing to find the row by; it stays as it is now
    if c.after is not None:
        _delete_key(conn, c.table, pk, c.after)
    if c.before is not None:
        _delete_key(conn, c.table, pk, c.before)
        free = current_image(conn, c.table, c.rowid) is None
        _insert(conn, c.table, c.before, with_rowid=free)


def table_key(conn: Connection, table: str) -> tuple[str, ...]:
    """The table's primary key columns (for messages)."""
    return primary_key(conn, table)


def _encode_value(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$b64"}:
        return base64.b64decode(value["$b64"])
    return value


def encode_image(image: Image | None) -> str | None:
    """An image as JSON text (blobs as base64), None kept as None."""
    if image is None:
        return None
    return json.dumps({k: _encode_value(v) for k, v in image.items()}, ensure_ascii=False)


def decode_image(text: str | None) -> Image | None:
    """The image back from `encode_image`."""
    if text is None:
        return None
    raw = json.loads(text)
    return {k: _decode_value(v) for k, v in raw.items()}
