"""The database's own guard that a merged-away contact number is never issued again.

A trigger on `contact` refuses to insert a number that went in a merge not undone, whatever
writes it (card, import, sync, demo). Services check first and give a clear message; this is the
net under them. An undo marks the merge undone before it puts the contact back.
"""

from __future__ import annotations

from sqlalchemy import Connection

TRIGGER = "contact_merge_retired_no"
RETIRED_MESSAGE = "contact number retired by a merge"

CREATE = (
    f"CREATE TRIGGER IF NOT EXISTS {TRIGGER} BEFORE INSERT ON contact "
    "WHEN EXISTS (SELECT 1 FROM contact_merge WHERE gone_no = NEW.no AND undone_at IS NULL) "
    f"BEGIN SELECT RAISE(ABORT, '{RETIRED_MESSAGE}'); END"
)


def install(conn: Connection) -> None:
    """Create the trigger (migration i17a; again after a migration rebuilds `contact`)."""
    conn.exec_driver_sql(CREATE)


def uninstall(conn: Connection) -> None:
    """Drop the trigger (migration downgrade)."""
    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TRIGGER}")
