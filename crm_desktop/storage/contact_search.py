"""Fast contact search in SQLite: FTS5 indexes kept current by triggers, and indexed prefixes.

Everything here is SQLite-specific (FTS5, triggers, rowids, SQL functions) and stays behind a few
functions: `install(conn)` (migration 0005: the word index), `install_trigram(conn)` (migration
i13a: the trigram index and the one-character indexes; both also repair after a table rebuild),
`index_size(conn)` and `search_condition(text)`: a WHERE condition on `contact` for what the user typed. A PostgreSQL
backend gives `search_condition` its own body (pg_trgm, unaccent) and nothing else changes.

What the user typed is matched as follows (every word must match):

- one letter alone: the start of Name or of Search Name (indexed);
- one digit alone: the start of the significant digits of No. ("7" finds CT000712) or of the
  phone digits (indexed expressions);
- a word of three characters or more: anywhere in the folded number, name, search name,
  company, city, e-mail, post code or phone digits ("omps" finds Thompson), through the trigram
  table `contact_tri` (SQLite 3.40's trigram tokenizer does not fold accents, so the table holds
  copies folded in plain SQL by the triggers, as domain/search_text.py folds the typed text);
- a word of one or two characters beside others: the start of a word (the FTS5 word index);
- text that reads as a post code or a phone number written with spaces ("3547 dm",
  "030 12") also matches it run together.

The FTS table `contact_fts` holds, per contact row (same rowid), the number, name, company name,
city, e-mail, phone texts and the phone numbers reduced to digits, tokenized with
`unicode61 remove_diacritics 2` (so "Muller" finds "Müller"). Because triggers maintain it, every
write path (services, CSV import, the demo generator, sync) keeps it right without knowing of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import ColumnElement, Connection, and_, literal_column, or_, text

from crm_desktop.domain.search_text import FOLD_MAP, compact, fold
from crm_desktop.storage.models.contacts import Contact

FTS_TABLE = "contact_fts"

# Separators people write phone numbers with; stripped to leave the digits.
_PHONE_SEPARATORS = (" ", "-", "(", ")", ".", "/", "+")


def _digits_sql(column: str) -> str:
    expr = column
    for sep in _PHONE_SEPARATORS:
        expr = f"replace({expr}, '{sep}', '')"
    return expr


# Characters a number series puts before the digits ("CT", "K-", "2024/").
_NO_PREFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_/. "


def _fts_values(prefix: str) -> str:
    p = prefix
    # The number is indexed as written and as its significant digits ("CT004711" and "4711"),
    # so typing the digits someone reads out finds the contact.
    no_digits = f"ltrim(ltrim(upper({p}.no), '{_NO_PREFIX}'), '0')"
    return (
        f"{p}.rowid, {p}.no || ' ' || {no_digits}, {p}.name, {p}.company_name, {p}.city, "
        f"{p}.email, "
        f"{p}.phone_no || ' ' || {p}.mobile_phone_no, "
        f"{_digits_sql(p + '.phone_no')} || ' ' || {_digits_sql(p + '.mobile_phone_no')}"
    )


_COLUMNS = "rowid, no, name, company_name, city, email, phone, phone_digits"

CREATE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "no, name, company_name, city, email, phone, phone_digits, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)

TRIGGERS = {
    "contact_fts_ai": (
        "CREATE TRIGGER IF NOT EXISTS contact_fts_ai AFTER INSERT ON contact BEGIN "
        f"INSERT INTO {FTS_TABLE}({_COLUMNS}) VALUES ({_fts_values('new')}); END"
    ),
    "contact_fts_ad": (
        "CREATE TRIGGER IF NOT EXISTS contact_fts_ad AFTER DELETE ON contact BEGIN "
        f"DELETE FROM {FTS_TABLE} WHERE rowid = old.rowid; END"
    ),
    # Only when a searched column changes, so saving other fields costs the index nothing.
    "contact_fts_au": (
        "CREATE TRIGGER IF NOT EXISTS contact_fts_au AFTER UPDATE OF "
        "no, name, company_name, city, email, phone_no, mobile_phone_no ON contact BEGIN "
        f"DELETE FROM {FTS_TABLE} WHERE rowid = old.rowid; "
        f"INSERT INTO {FTS_TABLE}({_COLUMNS}) VALUES ({_fts_values('new')}); END"
    ),
}


def install(conn: Connection) -> None:
    """Create the search table and its triggers if missing, and fill it from every contact.

    Safe to run again: after a migration rebuilt the contact table (which drops its triggers and
    may renumber rowids), running this restores the triggers and rebuilds the index.
    """
    conn.exec_driver_sql(CREATE_FTS)
    for sql in TRIGGERS.values():
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql(f"DELETE FROM {FTS_TABLE}")
    conn.exec_driver_sql(
        f"INSERT INTO {FTS_TABLE}({_COLUMNS}) SELECT {_fts_values('contact')} FROM contact"
    )


def uninstall(conn: Connection) -> None:
    """Drop the triggers and the search table (migration downgrade)."""
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")


# Bounds on what one search may ask of SQLite: 100 KB of "a " once became 50,000 FTS terms and
# tied up a core for minutes. The search box holds at most MAX_SEARCH_CHARS characters; longer
# input is searched by its start, and by its first MAX_FTS_TERMS words.
MAX_SEARCH_CHARS = 200
MAX_FTS_TERMS = 16

# Letters and digits in any script: the characters unicode61 keeps in a token.
_TOKEN = re.compile(r"[^\W_]+")
_PHONE_QUERY = re.compile(r"^[\d\s\-().+/]+$")


# The columns a word without digits is looked for in: every column but No., whose letters are
# the same series prefix on every contact ("CT..."), so "c" or "ct" would match them all.
_WORD_COLUMNS = "{name company_name city email phone phone_digits}"


def fts_query(typed: str) -> str | None:
    """The FTS5 MATCH expression for what the user typed, or None if it has no word at all.

    Every word becomes a quoted prefix term, so FTS syntax in the input (quotes, `*`, `AND`,
    parentheses, `'; DROP`) is searched for as text, never interpreted. Words must all match;
    a word with a digit in it may match any column, No. included, a word without one any column
    but No. Input that looks like a phone number also matches its digits run together. Only the
    first MAX_SEARCH_CHARS characters and, of them, the first MAX_FTS_TERMS words count.
    """
    typed = typed[:MAX_SEARCH_CHARS]
    tokens = _TOKEN.findall(typed)[:MAX_FTS_TERMS]
    if not tokens:
        return None
    terms = [
        f'"{t}"*' if any(ch.isdigit() for ch in t) else f'{_WORD_COLUMNS} : "{t}"*' for t in tokens
    ]
    words = " AND ".join(terms)
    if len(tokens) > 1 and _PHONE_QUERY.match(typed.strip()):
        digits = "".join(tokens)
        return f'({words}) OR phone_digits : "{digits}"*'
    return words


def _upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


# --- the trigram index (migration i13a) ---------------------------------------------------------

TRIGRAM_TABLE = "contact_tri"
_NO_DIGITS = f"ltrim(ltrim(upper(no), '{_NO_PREFIX}'), '0')"
# Expression indexes for one character: SQLite uses them when a query repeats the expression
# exactly (and the schema comparison of the tests leaves expression indexes aside).
ONE_CHAR_INDEXES = {
    "ix_contact_name_lower": "lower(name)",
    "ix_contact_no_digits": _NO_DIGITS,
    "ix_contact_phone_digits": _digits_sql("phone_no"),
    "ix_contact_mobile_digits": _digits_sql("mobile_phone_no"),
}


# SQLite's parser nests about 30 function calls at most, so the folding `replace` calls run in
# chunks, one statement each, on a one-row scratch table inside the trigger.
_FOLD_SCRATCH = "contact_tri_fold"
_CHUNK = 24
_NON_ASCII = "*[^ -~]*"  # GLOB: a character outside printable ASCII


def _fold_steps() -> list[str]:
    items = list(FOLD_MAP.items())
    steps = []
    for i in range(0, len(items), _CHUNK):
        expr = "t"
        for ch, plain in items[i : i + _CHUNK]:
            expr = f"replace({expr}, '{ch}', '{plain}')"
        steps.append(expr)
    return steps


def _raw_text(p: str) -> str:
    """What a contact is found by, one value after the other ("|" keeps a typed fragment from
    matching across two fields): No., its significant digits, Name, Search Name (when it is not
    just Name in capitals), company, city, e-mail, post code as written and run together, and
    the phone numbers' digits. Folded afterwards (see _index_statements)."""

    def c(col: str) -> str:
        return f"coalesce({p}.{col}, '')"

    parts = [
        c("no"),
        f"ltrim(ltrim(upper({c('no')}), '{_NO_PREFIX}'), '0')",
        c("name"),
        f"CASE WHEN upper({c('name')}) = {c('search_name')} THEN '' ELSE {c('search_name')} END",
        c("company_name"),
        c("city"),
        c("email"),
        c("post_code"),
        f"replace(replace({c('post_code')}, ' ', ''), '-', '')",
        _digits_sql(c("phone_no")),
        _digits_sql(c("mobile_phone_no")),
    ]
    return " || ' | ' || ".join(parts)


def _index_statements(p: str) -> str:
    """Trigger statements that put row `p` into the trigram table, folded as
    domain.search_text.fold folds the typed text (plain SQL: any program that writes to the
    file keeps the index right). Text that is all ASCII (most rows) only needs lower()."""
    where = f"WHERE rowid = {p}.rowid"
    raw = _raw_text(p)
    steps = [
        f"INSERT INTO {TRIGRAM_TABLE}(rowid, words) SELECT {p}.rowid, lower({raw}) "
        f"WHERE NOT ({raw}) GLOB '{_NON_ASCII}';",
        f"INSERT INTO {_FOLD_SCRATCH}(rowid, t) SELECT {p}.rowid, {raw} "
        f"WHERE ({raw}) GLOB '{_NON_ASCII}';",
    ]
    steps += [f"UPDATE {_FOLD_SCRATCH} SET t = {expr} {where};" for expr in _fold_steps()]
    steps.append(
        f"INSERT INTO {TRIGRAM_TABLE}(rowid, words) SELECT rowid, lower(t) "
        f"FROM {_FOLD_SCRATCH} {where};"
    )
    steps.append(f"DELETE FROM {_FOLD_SCRATCH} {where};")
    return " ".join(steps)


_TRI_SOURCE = (
    "no, name, search_name, company_name, city, email, post_code, phone_no, mobile_phone_no"
)
CREATE_TRI = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TRIGRAM_TABLE} USING fts5("
    "words, tokenize = 'trigram', detail = none, columnsize = 0)"
)
CREATE_SCRATCH = f"CREATE TABLE IF NOT EXISTS {_FOLD_SCRATCH} (rowid INTEGER PRIMARY KEY, t TEXT)"
TRI_TRIGGERS = {
    "contact_tri_ai": (
        "CREATE TRIGGER IF NOT EXISTS contact_tri_ai AFTER INSERT ON contact BEGIN "
        f"{_index_statements('new')} END"
    ),
    "contact_tri_ad": (
        "CREATE TRIGGER IF NOT EXISTS contact_tri_ad AFTER DELETE ON contact BEGIN "
        f"DELETE FROM {TRIGRAM_TABLE} WHERE rowid = old.rowid; END"
    ),
    "contact_tri_au": (
        f"CREATE TRIGGER IF NOT EXISTS contact_tri_au AFTER UPDATE OF {_TRI_SOURCE} ON contact "
        f"BEGIN DELETE FROM {TRIGRAM_TABLE} WHERE rowid = old.rowid; "
        f"{_index_statements('new')} END"
    ),
}


def install_trigram(conn: Connection) -> None:
    """Create the trigram table, its triggers and the one-character indexes if missing, and
    fill the table from every contact. Safe to run again (repairs after a table rebuild)."""
    for name, expr in ONE_CHAR_INDEXES.items():
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON contact({expr})")
    conn.exec_driver_sql(CREATE_TRI)
    conn.exec_driver_sql(CREATE_SCRATCH)
    for sql in TRI_TRIGGERS.values():
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql(f"DELETE FROM {TRIGRAM_TABLE}")
    conn.exec_driver_sql(f"DELETE FROM {_FOLD_SCRATCH}")
    conn.exec_driver_sql(
        f"INSERT INTO {_FOLD_SCRATCH}(rowid, t) SELECT contact.rowid, {_raw_text('contact')} "
        "FROM contact"
    )
    for expr in _fold_steps():
        conn.exec_driver_sql(f"UPDATE {_FOLD_SCRATCH} SET t = {expr}")
    conn.exec_driver_sql(
        f"INSERT INTO {TRIGRAM_TABLE}(rowid, words) SELECT rowid, lower(t) FROM {_FOLD_SCRATCH}"
    )
    conn.exec_driver_sql(f"DELETE FROM {_FOLD_SCRATCH}")


def uninstall_trigram(conn: Connection) -> None:
    """Drop what install_trigram made (migration downgrade)."""
    for name in TRI_TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TRIGRAM_TABLE}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {_FOLD_SCRATCH}")
    for name in ONE_CHAR_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


def index_size(conn: Connection) -> dict[str, int]:
    """Bytes on disk of the search tables (word and trigram index) and the whole file."""
    page = int(conn.exec_driver_sql("PRAGMA page_size").scalar_one())
    pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())
    sizes = {"file": page * pages}
    try:
        rows = conn.exec_driver_sql(
            "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE :a OR name LIKE :b GROUP BY name",
            {"a": f"{FTS_TABLE}%", "b": f"{TRIGRAM_TABLE}%"},
        ).all()
    except Exception:  # noqa: BLE001 - dbstat is an optional SQLite build feature
        return sizes
    for table in (FTS_TABLE, TRIGRAM_TABLE):
        sizes[table] = sum(int(n) for name, n in rows if str(name).startswith(table))
    return sizes


def _rowids(table: str, where: str, **params: str) -> ColumnElement[bool]:
    return literal_column("contact.rowid").in_(
        text(f"SELECT rowid FROM {table} WHERE {where}").bindparams(**params)
    )


def _substrings(words: list[str]) -> ColumnElement[bool]:
    where = " AND ".join(f"words LIKE :tri_{i}" for i in range(len(words)))
    return _rowids(TRIGRAM_TABLE, where, **{f"tri_{i}": f"%{w}%" for i, w in enumerate(words)})


def _one_character(ch: str) -> ColumnElement[bool]:
    upper = _upper_bound(ch)
    if ch.isdigit():
        exprs = [
            ONE_CHAR_INDEXES["ix_contact_no_digits"],
            ONE_CHAR_INDEXES["ix_contact_phone_digits"],
            ONE_CHAR_INDEXES["ix_contact_mobile_digits"],
        ]
        return or_(*(and_(literal_column(e) >= ch, literal_column(e) < upper) for e in exprs))
    name: ColumnElement[str] = literal_column(ONE_CHAR_INDEXES["ix_contact_name_lower"])
    big = ch.upper()
    return or_(
        and_(name >= ch, name < upper),
        and_(Contact.search_name >= big, Contact.search_name < _upper_bound(big)),
    )


def search_condition(typed: str) -> ColumnElement[bool] | None:
    """A condition on the `contact` table selecting the contacts that match what the user
    typed (the rules are in this module's docstring). None means no condition."""
    stripped = typed[:MAX_SEARCH_CHARS].strip()
    if not stripped:
        return None
    tokens = _TOKEN.findall(fold(stripped))
    if not tokens:
        return literal_column("0") == 1  # only punctuation: nothing can match it
    if len(tokens) == 1 and len(tokens[0]) == 1:
        return _one_character(tokens[0])
    long = [t for t in tokens if len(t) >= 3]
    short = [t for t in tokens if len(t) < 3]
    conds: list[ColumnElement[bool]] = []
    if long:
        conds.append(_substrings(long))
    if short:
        query = " AND ".join(
            f'"{t}"*' if any(ch.isdigit() for ch in t) else f'{_WORD_COLUMNS} : "{t}"*'
            for t in short
        )
        conds.append(_rowids(FTS_TABLE, f"{FTS_TABLE} MATCH :fts_q", fts_q=query))
    found = and_(*conds) if len(conds) > 1 else conds[0]
    together = compact(stripped)
    if len(tokens) > 1 and len(together) >= 3 and any(ch.isdigit() for ch in together):
        # "3547 dm" is post code 3547DM; "030 12" the start of phone 03012...
        return or_(found, _substrings([together]))
    return found


@contextmanager
def filled_after(conn: Connection) -> Iterator[None]:
    """Bulk inserts (CSV import) with the search indexes filled once afterwards, set-based,
    instead of by the per-row insert triggers (issue 15 point 1).

    Inside the caller's transaction: the insert triggers are dropped, the block runs, then the
    rows it added (rowid above the largest before) are put into the word and the trigram index
    with one INSERT ... SELECT each, and the triggers are made again. A rollback undoes all of it
    (SQLite's DDL is transactional). Rows the block updated were indexed by the update triggers;
    they are taken out first so that each new row is indexed once.
    """
    before = int(conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM contact").scalar_one())
    for name in ("contact_fts_ai", "contact_tri_ai"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
    except BaseException:
        # The caller rolls back (which restores them); should it not, the triggers are back.
        conn.exec_driver_sql(TRIGGERS["contact_fts_ai"])
        conn.exec_driver_sql(TRI_TRIGGERS["contact_tri_ai"])
        raise
    new = f"contact.rowid > {before}"
    for table in (FTS_TABLE, TRIGRAM_TABLE):
        conn.exec_driver_sql(f"DELETE FROM {table} WHERE rowid > {before}")
    conn.exec_driver_sql(
        f"INSERT INTO {FTS_TABLE}({_COLUMNS}) SELECT {_fts_values('contact')} FROM contact "
        f"WHERE {new}"
    )
    raw = _raw_text("contact")
    conn.exec_driver_sql(
        f"INSERT INTO {TRIGRAM_TABLE}(rowid, words) SELECT contact.rowid, lower({raw}) "
        f"FROM contact WHERE {new} AND NOT ({raw}) GLOB '{_NON_ASCII}'"
    )
    conn.exec_driver_sql(f"DELETE FROM {_FOLD_SCRATCH}")
    conn.exec_driver_sql(
        f"INSERT INTO {_FOLD_SCRATCH}(rowid, t) SELECT contact.rowid, {raw} FROM contact "
        f"WHERE {new} AND ({raw}) GLOB '{_NON_ASCII}'"
    )
    for expr in _fold_steps():
        conn.exec_driver_sql(f"UPDATE {_FOLD_SCRATCH} SET t = {expr}")
    conn.exec_driver_sql(
        f"INSERT INTO {TRIGRAM_TABLE}(rowid, words) SELECT rowid, lower(t) FROM {_FOLD_SCRATCH}"
    )
    conn.exec_driver_sql(f"DELETE FROM {_FOLD_SCRATCH}")
    conn.exec_driver_sql(TRIGGERS["contact_fts_ai"])
    conn.exec_driver_sql(TRI_TRIGGERS["contact_tri_ai"])
