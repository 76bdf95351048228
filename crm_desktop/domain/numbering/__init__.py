"""Number series rules (BC No. Series, "Normal" implementation), free of storage and Qt.

Spec §6: choosing the line for a date (§6.2), computing the next number with IncStr and
increment-by, the range check and the Open flag (§6.3), the soon-running-out warning (§6.3 step 7,
returned as a value, never raised), the re-formatting of a line's number fields when one is edited
(§6.5) and the coupling of Default Nos. and Manual Nos. (§6.1).

Numbers are BC Code[20] values. Two numbers are compared the way BC's Code values behave in
practice (§6.3 step 6, "with equal width/prefix they behave numerically"): when both have the same
text around their right-most digit run, by the value of that run; otherwise as strings. So '9' comes
before '10' and 'A9' before 'A10'.

Modules: `errors` (BC's messages and the errors), `lines` (the line, notice and issued values),
`arithmetic` (IncStr, comparison, range), `issuing` (line choice and next numbers), `line_edits`
(§6.5 re-format, Default/Manual coupling). Each imports only those before it in this list; this
package is the rules' public face for services/numbering and the No. Series page.
"""

from __future__ import annotations

from crm_desktop.domain.numbering.arithmetic import (
    compare_nos,
    digit_run,
    has_digit,
    in_valid_range,
    increment_no,
)
from crm_desktop.domain.numbering.errors import (
    CANNOT_ASSIGN_BEFORE_DATE,
    CANNOT_ASSIGN_GREATER,
    CANNOT_ASSIGN_NEW,
    CANNOT_ASSIGN_NEW_ON_DATE,
    CANNOT_EXTEND,
    CTX,
    DEFAULT_NOT_ALLOWED,
    EMPTY_SERIES_CODE,
    FORMAT_MUST_MATCH,
    INCREMENT_AT_LEAST_ONE,
    LINE_CLOSED,
    LINE_TABLE,
    MANUAL_NOT_ALLOWED,
    MAX_LEN,
    MUST_HAVE_NUMBER,
    NOT_A_DATE,
    NUMBER_FIELDS,
    SERIES_TABLE,
    SOON_RUNNING_OUT,
    UNKNOWN_LINE_FIELD,
    DateOrderError,
    DefaultNosError,
    ManualNosError,
    NoSeriesError,
    NumberTooLongError,
    SeriesExhaustedError,
)
from crm_desktop.domain.numbering.issuing import (
    check_date,
    choose_line,
    issue,
    issue_many,
    line_open,
    next_no,
    used,
    warning_for,
)
from crm_desktop.domain.numbering.line_edits import (
    LINE_FIELDS,
    apply_edits,
    couple_default_manual,
    edit_number,
    set_increment,
)
from crm_desktop.domain.numbering.lines import (
    Issued,
    Notice,
    SeriesLine,
)

__all__ = [
    "NUMBER_FIELDS",
    "CANNOT_ASSIGN_BEFORE_DATE",
    "CANNOT_ASSIGN_GREATER",
    "CANNOT_ASSIGN_NEW",
    "CANNOT_ASSIGN_NEW_ON_DATE",
    "CANNOT_EXTEND",
    "CTX",
    "DEFAULT_NOT_ALLOWED",
    "DateOrderError",
    "DefaultNosError",
    "EMPTY_SERIES_CODE",
    "FORMAT_MUST_MATCH",
    "INCREMENT_AT_LEAST_ONE",
    "Issued",
    "LINE_CLOSED",
    "LINE_FIELDS",
    "LINE_TABLE",
    "MANUAL_NOT_ALLOWED",
    "MAX_LEN",
    "MUST_HAVE_NUMBER",
    "ManualNosError",
    "NOT_A_DATE",
    "NoSeriesError",
    "Notice",
    "NumberTooLongError",
    "SERIES_TABLE",
    "SOON_RUNNING_OUT",
    "SeriesExhaustedError",
    "SeriesLine",
    "UNKNOWN_LINE_FIELD",
    "apply_edits",
    "check_date",
    "choose_line",
    "compare_nos",
    "couple_default_manual",
    "digit_run",
    "edit_number",
    "has_digit",
    "in_valid_range",
    "increment_no",
    "issue",
    "issue_many",
    "line_open",
    "next_no",
    "set_increment",
    "used",
    "warning_for",
]
