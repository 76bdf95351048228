"""A number series line as the rules see it, a warning, and what issuing returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from crm_desktop.domain.numbering.errors import (
    CTX,
)


@dataclass(frozen=True)
class Notice:
    """A message for the user that does not stop the action (the §6.3 step 7 warning)."""

    template: str
    params: dict[str, Any]
    context: str = CTX

    @property
    def message(self) -> str:
        """The English sentence with its values filled in."""
        return self.template.format(**self.params)

    def format_with(self, translated_template: str) -> str:
        """Fill a translated template with this notice's values."""
        return translated_template.format(**self.params)


@dataclass(frozen=True)
class SeriesLine:
    """One No. Series Line as the rules see it. Blank numbers are ''."""

    line_no: int
    starting_date: dt.date | None = None
    starting_no: str = ""
    ending_no: str = ""
    warning_no: str = ""
    increment_by: int = 1
    last_no_used: str = ""
    last_date_used: dt.date | None = None
    open: bool = True


@dataclass(frozen=True)
class Issued:
    """A number handed out: which line it came from and the warning to show, if any."""

    number: str
    line_no: int
    warning: Notice | None = None


# --- number arithmetic (§6.3 steps 3-5) -----------------------------------------------------
