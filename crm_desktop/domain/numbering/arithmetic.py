"""Number arithmetic: BC's IncStr on the right-most digit run, comparison, the range check."""

from __future__ import annotations

from crm_desktop.domain.numbering.errors import (
    CANNOT_EXTEND,
    MAX_LEN,
    NumberTooLongError,
)


def digit_run(no: str) -> tuple[int, int] | None:
    """(start, end) of the right-most run of digits in `no` (end exclusive), or None."""
    end = len(no)
    while end > 0 and not no[end - 1].isdigit():
        end -= 1
    if end == 0:
        return None
    start = end
    while start > 0 and no[start - 1].isdigit():
        start -= 1
    return start, end


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def has_digit(no: str) -> bool:
    """True when `no` contains a digit, so it can be incremented."""
    return any(_is_digit(c) for c in no)


def increment_no(no: str, by: int = 1) -> str:
    """BC's IncStr (by 1) and IncrementNoText (by more): add `by` to the right-most digit run.

    The run keeps its width with leading zeros and grows only when it must ('A9' -> 'A10').
    A number without digits gives ''. Raises NumberTooLongError past 20 characters.
    """
    run = digit_run(no)
    if run is None:
        return ""
    start, end = run
    digits = no[start:end]
    new_digits = str(int(digits) + by).zfill(len(digits))
    result = no[:start] + new_digits + no[end:]
    if len(result) > MAX_LEN:
        raise NumberTooLongError(CANNOT_EXTEND, number=no)
    return result


def _split(no: str) -> tuple[str, int, str] | None:
    run = digit_run(no)
    if run is None:
        return None
    start, end = run
    return no[:start], int(no[start:end]), no[end:]


def compare_nos(a: str, b: str) -> int:
    """-1, 0 or 1: numerically when both share the text around their right-most digit run."""
    pa, pb = _split(a), _split(b)
    if pa is not None and pb is not None and pa[0] == pb[0] and pa[2] == pb[2]:
        if pa[1] != pb[1]:
            return -1 if pa[1] < pb[1] else 1
        return (len(a) > len(b)) - (len(a) < len(b))
    return (a > b) - (a < b)


def _non_digits(no: str) -> str:
    return "".join(c for c in no if not _is_digit(c))


def in_valid_range(no: str, starting_no: str, ending_no: str) -> bool:
    """§6.3 step 6: may `no` be handed out from a line with these Starting/Ending Nos.?"""
    if not no:
        return False
    if starting_no:
        if compare_nos(no, starting_no) < 0 or len(no) < len(starting_no):
            return False
        if _non_digits(no) != _non_digits(starting_no):
            return False
    if ending_no and (compare_nos(no, ending_no) > 0 or len(no) > len(ending_no)):
        return False
    return True
