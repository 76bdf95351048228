"""Number series (spec §6): handing out numbers and the No. Series page's actions.

Modules: `issuing` hands out numbers inside the caller's transaction (`issue_next`,
`issue_many`) and checks Manual/Default Nos.; `series` reads and edits series and lines, tests a
series and relates series, one user action per function. The rules are `domain.numbering`.

Arrows: numbering imports setup (work date), masterdata (what refers to a series) and datafile;
every capability that numbers its records (contacts, sync, exchange) imports numbering.
"""

from __future__ import annotations

from crm_desktop.services.numbering.issuing import (
    check_default_allowed,
    check_manual_allowed,
    issue,
    issue_many,
    issue_next,
    take_warnings,
    to_rule_line,
)
from crm_desktop.services.numbering.series import (
    LineRow,
    SeriesRow,
    add_related,
    are_related,
    delete_line,
    delete_series,
    get_series,
    list_lines,
    list_series,
    number_entry_needed,
    peek,
    peek_next,
    related_series,
    remove_related,
    save_line,
    save_series,
    test_series,
)

__all__ = [
    "LineRow",
    "SeriesRow",
    "add_related",
    "are_related",
    "check_default_allowed",
    "check_manual_allowed",
    "delete_line",
    "delete_series",
    "get_series",
    "issue",
    "issue_many",
    "issue_next",
    "list_lines",
    "list_series",
    "number_entry_needed",
    "peek",
    "peek_next",
    "related_series",
    "remove_related",
    "save_line",
    "save_series",
    "take_warnings",
    "test_series",
    "to_rule_line",
]
