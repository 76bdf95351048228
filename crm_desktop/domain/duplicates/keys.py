"""Blocking keys of the fuzzy method: cheap exact keys that bring candidates together.

A contact is compared only with contacts sharing at least one key. Several kinds of key, each
robust to other errors, so a duplicate with a misspelt name is still found through its post code,
phone or e-mail, and one with a new phone number through its name: post code, phone digits,
e-mail, VAT number, a name prefix, a phonetic key of the name, the sorted name tokens, the street
with its house number; for persons the surname's phonetic key with the first initial and the post
code, or for a person without a company the town (in both orders, for swapped names), and the
surname's key with the company. A person's values inherited from the
company give no keys. Keys are stored in an indexed table; a key shared
by more than `MAX_GROUP` contacts (a generic word, a shared switchboard) is skipped, not scanned.
"""

from __future__ import annotations

from crm_desktop.domain.duplicates import normalise as n
from crm_desktop.domain.duplicates.fuzzy import Record

MAX_GROUP = 60
KEY_LENGTH = 60

KINDS = ("pc", "tel", "em", "vat", "np", "ph", "nt", "st", "pn", "pt", "co")


def _name_keys(name: str) -> list[tuple[str, str]]:
    plain = name.replace(" ", "")
    out: list[tuple[str, str]] = []
    if len(plain) >= 3:
        out.append(("np", plain[:6]))
        sounds = sorted(n.skeleton(t)[:6] for t in name.split() if t != "&")
        out.append(("ph", " ".join(sounds)[:KEY_LENGTH]))
    tokens = sorted(t for t in name.split() if len(t) > 2 and t != "&")
    if len(tokens) >= 2:
        longest = sorted(sorted(tokens, key=len, reverse=True)[:2])
        out.append(("nt", " ".join(longest)))
    return out


def keys(r: Record) -> set[tuple[str, str]]:
    """The record's blocking keys as (kind, value)."""
    out: set[tuple[str, str]] = set()
    # A person's values inherited from the company would bring in every colleague, who are no
    # duplicates by those values; colleagues meet through the company key instead.
    inherited = r.inherited
    if r.post_code and "post_code" not in inherited:
        out.add(("pc", r.post_code))
    for p in r.own_phones if "phone" in inherited else r.phones:
        out.add(("tel", p[-8:]))  # the end: numbers written without a country meet too
    if r.email and "email" not in inherited:
        out.add(("em", r.email))
    if r.vat:
        out.add(("vat", r.vat))
    if r.street and r.house is not None and "address" not in inherited:
        out.add(("st", f"{n.skeleton(r.street)[:8]} {r.house}"))
    if r.type == "person":
        last = n.skeleton(r.surname.replace(" ", ""))
        first = n.skeleton(r.given.replace(" ", ""))
        town = n.skeleton(r.city.replace(" ", ""))[:4]
        for a, b in ((last, r.initial), (first, r.surname[:1])):
            if a and b:
                if r.post_code:
                    out.add(("pn", f"{a[:8]} {b} {r.post_code}"))
                if not r.company_no and town:
                    out.add(("pt", f"{a[:8]} {b} {town}"))
                if r.company_no:
                    out.add(("co", f"{r.company_no} {a[:8]}"))
    else:
        out.update(_name_keys(r.name))
    return {(k, v[:KEY_LENGTH]) for k, v in out if v}
