"""Which tables refer to contacts, read from the database's own foreign keys.

The contacts merge (services/merge) must move every record that refers to the contact that goes,
including tables that later versions add. It never guesses by column name: this module reads
SQLite's `PRAGMA foreign_key_list` of every table, so a table counts exactly when its schema says
it refers to `contact.no`. The unique keys of such a table (primary key and UNIQUE indexes) are
read too, because re-pointing a row can collide on a key that contains the contact column.

SQLite-specific (PRAGMA) and so kept here, behind `contact_references` and `unique_keys`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

CONTACT_TABLE = "contact"
CONTACT_KEY = "no"


@dataclass(frozen=True)
class ContactReference:
    """One table's foreign keys to `contact.no`: the columns, and the unique keys (tuples of
    column names) that contain at least one of them."""

    table: str
    columns: tuple[str, ...]
    on_delete: tuple[str, ...]
    unique_keys: tuple[tuple[str, ...], ...]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def user_tables(conn: Connection) -> list[str]:
    """Every ordinary table of the main database, by name: no SQLite internals, no virtual
    tables (full-text search) and none of their shadow tables."""
    rows = conn.exec_driver_sql("PRAGMA main.table_list").fetchall()
    return sorted(
        str(r[1]) for r in rows if r[2] == "table" and not str(r[1]).startswith("sqlite_")
    )


def without_rowid(conn: Connection, table: str) -> bool:
    """True when the table was created WITHOUT ROWID."""
    rows = conn.exec_driver_sql(f"PRAGMA main.table_list({_q(table)})").fetchall()
    return bool(rows and rows[0][4])


def columns_of(conn: Connection, table: str) -> list[str]:
    """The table's column names in declaration order."""
    return [str(r[1]) for r in conn.exec_driver_sql(f"PRAGMA main.table_info({_q(table)})")]


def rowid_alias(conn: Connection, table: str) -> str | None:
    """The INTEGER PRIMARY KEY column that is the table's rowid, if it has one."""
    info = conn.exec_driver_sql(f"PRAGMA main.table_info({_q(table)})").fetchall()
    pk = [r for r in info if r[5]]
    if len(pk) == 1 and str(pk[0][2]).upper() == "INTEGER":
        return str(pk[0][1])
    return None


def primary_key(conn: Connection, table: str) -> tuple[str, ...]:
    """The primary key columns in key order (empty when the table has only a rowid)."""
    info = conn.exec_driver_sql(f"PRAGMA main.table_info({_q(table)})").fetchall()
    return tuple(str(r[1]) for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))


def unique_keys(conn: Connection, table: str) -> list[tuple[str, ...]]:
    """The primary key and every UNIQUE index/constraint of a table, as column tuples."""
    keys: list[tuple[str, ...]] = []
    pk = primary_key(conn, table)
    if pk:
        keys.append(pk)
    for row in conn.exec_driver_sql(f"PRAGMA main.index_list({_q(table)})").fetchall():
        name, unique, origin, partial = str(row[1]), bool(row[2]), str(row[3]), bool(row[4])
        if not unique or origin == "pk" or partial:
            continue
        cols = tuple(str(r[2]) for r in conn.exec_driver_sql(f"PRAGMA main.index_info({_q(name)})"))
        if cols and all(cols) and cols not in keys:
            keys.append(cols)
    return keys


def contact_references(conn: Connection) -> list[ContactReference]:
    """Every table whose foreign keys refer to `contact.no`, the contact table itself included
    (a person's Company No.), by table name."""
    out: list[ContactReference] = []
    for table in user_tables(conn):
        rows = conn.exec_driver_sql(f"PRAGMA main.foreign_key_list({_q(table)})").fetchall()
        cols: list[str] = []
        deletes: list[str] = []
        for r in rows:
            # (id, seq, table, from, to, on_update, on_delete, match); `to` is NULL when the
            # key names the parent's primary key implicitly.
            if str(r[2]) == CONTACT_TABLE and (r[4] is None or str(r[4]) == CONTACT_KEY):
                cols.append(str(r[3]))
                deletes.append(str(r[6]))
        if not cols:
            continue
        keys = tuple(k for k in unique_keys(conn, table) if set(k) & set(cols))
        out.append(ContactReference(table, tuple(cols), tuple(deletes), keys))
    return out
