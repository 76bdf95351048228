"""Number series: issue the next number inside the caller's transaction (issue 3 fills this)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session


def issue_next(s: Session, series_code: str, on: dt.date) -> str:
    """Issue the next number of `series_code` for the date `on`, inside the caller's transaction."""
    raise NotImplementedError
