"""Rules for the everyday contact moments (issue 19): calls, e-mails, meetings, letters.

Pure: no database, no Qt. The services feed values in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP

DESCRIPTION_MAX = 100
ELLIPSIS = "…"

NO_PHONE = QT_TRANSLATE_NOOP("errors", "Contact {no} {name} has no phone number to call.")
NO_CONTACT = QT_TRANSLATE_NOOP(
    "errors", "{table} {no} has no contact. Open its Contact first to make one."
)
NO_EMAIL = QT_TRANSLATE_NOOP("errors", "Contact {no} {name} has no e-mail address.")
NOT_A_MAIL = QT_TRANSLATE_NOOP(
    "errors", "The file {file} is not an e-mail this program can read (.eml or .msg): {reason}"
)
NO_ORGANIZER = QT_TRANSLATE_NOOP(
    "errors",
    "Salesperson {code} has no e-mail address, so the invitation has no organizer. "
    "Fill in the salesperson's E-Mail.",
)
NO_SALESPERSON = QT_TRANSLATE_NOOP(
    "errors", "Choose a salesperson: the invitation is sent in the salesperson's name."
)
NO_ATTENDEES = QT_TRANSLATE_NOOP("errors", "Choose at least one person to invite.")
MEETING_ENDS = QT_TRANSLATE_NOOP("errors", "Duration (Min.) must be more than 0 for an invitation.")
MERGE_FIELDS = ("Name", "Salutation", "Address", "Date")


def split_emails(value: str) -> list[str]:
    """The addresses of an E-mail field: split on ';', trimmed, lower case, blanks dropped."""
    return [part.strip().lower() for part in (value or "").split(";") if part.strip()]


def shorten_at_word(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """Derived text for a field of `limit` characters: whole when it fits, else cut at the
    last word boundary that leaves room for "…" (mid-word only when one word is too long)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    room = text[: limit - len(ELLIPSIS) + 1]
    cut = room.rfind(" ")
    head = room[:cut] if cut > 0 else room[: limit - len(ELLIPSIS)]
    return head.rstrip(" ,;:.-") + ELLIPSIS


def address_lines(
    name: str,
    name_2: str,
    company_name: str,
    address: str,
    address_2: str,
    post_code: str,
    city: str,
    country: str,
    *,
    is_person: bool,
) -> list[str]:
    """The address block of a letter: a person's company under the name, the street lines,
    post code and city, and the country when it is not ours (blank)."""
    lines = [name, name_2]
    if is_person and company_name and company_name != name:
        lines.append(company_name)
    lines += [address, address_2, " ".join(p for p in (post_code, city) if p), country]
    return [line for line in lines if line]


def unique(values: Iterable[str]) -> list[str]:
    """Values in first-seen order, without repeats."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


def is_own_holder(own_value: str, company_value: str | None, address: str) -> bool:
    """Whether a contact holds `address` as its own value: it is among its E-mail addresses
    and (for a person) the field is not just the company's value that it follows."""
    mine = split_emails(own_value)
    if address not in mine:
        return False
    return company_value is None or split_emails(company_value) != mine


def attendee_names(people: Sequence[tuple[str, str]]) -> list[str]:
    """'Name <address>' lines for a list of (name, address)."""
    return [f"{name} <{addr}>" if name else addr for name, addr in people]
