"""Fast contact search in SQLite: an FTS5 index kept current by triggers, and indexed prefixes.

Everything here is SQLite-specific (FTS5, triggers, rowids) and stays behind three functions:
`install(conn)` (used by migration 0005, and to repair the index after a table rebuild),
`search_condition(text)` (a WHERE condition on `contact` for what the user typed) and the sort
indexes declared below.

The FTS table `contact_fts` holds, per contact row (same rowid), the number, name, company name,
city, e-mail, phone texts and the phone numbers reduced to digits, tokenized with
`unicode61 remove_diacritics 2` (so "Muller" finds "Müller"). Because triggers maintain it, every
write path (services, CSV import, the demo generator, sync) keeps it right without knowing of it.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Connection, and_, literal_column, text

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


def search_condition(typed: str) -> ColumnElement[bool] | None:
    """A condition on the `contact` table selecting the contacts that match what the user typed.

    One character cannot use the prefix indexes of the FTS table (and one digit would match
    nearly every phone number), so it is served by the Search Name index instead: the contacts
    whose name starts with it. None means no condition.
    """
    stripped = typed[:MAX_SEARCH_CHARS].strip()
    if not stripped:
        return None
    tokens = _TOKEN.findall(stripped)
    if len(tokens) == 1 and len(tokens[0]) == 1:
        p = tokens[0].upper()
        return and_(Contact.search_name >= p, Contact.search_name < _upper_bound(p))
    query = fts_query(stripped)
    if query is None:
        # Only punctuation: nothing can match it.
        return literal_column("0") == 1
    return literal_column("contact.rowid").in_(
        text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_q").bindparams(
            fts_q=query
        )
    )
