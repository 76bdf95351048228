"""Keeping duplicate search data current on every save and import, under either method.

With Maintain Dupl. Search Strings on, every saved contact's fuzzy blocking keys and every saved
company's BC search strings are kept current, whichever method is chosen, so switching needs no
rebuild. The chosen method finds the saved contact's pairs: BC's compares the company's strings;
the fuzzy method checks the contact against the contacts sharing one of its keys. Autosearch for
Duplicates decides whether the pairs found are returned for the on-creation notice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import cast

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from crm_desktop.domain.duplicates import search_strings as d
from crm_desktop.domain.duplicates.fuzzy import Comparison
from crm_desktop.services.duplicates import fuzzy as fz
from crm_desktop.services.duplicates import matching as ix
from crm_desktop.storage import duplicate_keys as dk
from crm_desktop.storage import models as m
from crm_desktop.storage.models.duplicates import large_cache

_P = cast(Table, m.ContactDuplicate.__table__)
_C = cast(Table, m.Contact.__table__)
FUZZY_FIELDS = frozenset(fz.COLUMNS) - {"no"}


def _forget_open_pairs(s: Session, nos: list[str]) -> None:
    for i in range(0, len(nos), 500):
        chunk = nos[i : i + 500]
        s.execute(
            delete(_P).where(
                _P.c.separate_contacts.is_(False),
                _P.c.contact_no.in_(chunk) | _P.c.duplicate_contact_no.in_(chunk),
            )
        )


def store_fuzzy_pairs(s: Session, found: Iterable[tuple[str, str, Comparison]]) -> int:
    """Insert fuzzy pairs (higher number first) unless the pair is stored in either order."""
    rows = [fz.staging_row("", a, b, c)[1:] for a, b, c in found]
    if not rows:
        return 0
    existing = ix.existing_pairs(s, {n for r in rows for n in r[:2]})
    out = []
    for x, y, count, score, method, reasons in rows:
        if (x, y) in existing:
            continue
        existing.update({(x, y), (y, x)})
        out.append(
            {
                "contact_no": x,
                "duplicate_contact_no": y,
                "separate_contacts": False,
                "no_of_matching_strings": count,
                "score": score,
                "method": method,
                "reasons": reasons,
            }
        )
    if out:
        s.execute(insert(_P), out)
    return len(out)


def _fuzzy_check(s: Session, nos: list[str], setup_row: m.MarketingSetup) -> None:
    settings = fz.settings_of(setup_row)
    recs = fz.refresh_keys(s, nos, settings.default_country)
    _forget_open_pairs(s, list(recs))
    found: list[tuple[str, str, Comparison]] = []
    for no, record in recs.items():
        found.extend((no, other, c) for other, c in fz.check(s, record, settings))
    store_fuzzy_pairs(s, found)


def maintain_in(s: Session, contact: m.Contact, changed: frozenset[str], is_new: bool) -> list[str]:
    """Keep a saved contact's duplicate search data current and return the duplicate contact
    numbers found for it (not kept separate). Called by the contacts service inside its
    transaction after every insert or update of a contact.

    BC's method (search strings): a company whose searchable data changed is re-indexed and
    matched (BC's MakeContIndex); improvement over BC: a change of only the e-mail or mobile
    phone re-indexes too; a person never has strings or open pairs. The fuzzy method: a contact
    whose compared data changed gets new keys and is checked against its candidates. The list is
    empty when Autosearch for Duplicates is off (BC's DuplicateExist); the pairs are stored anyway.
    """
    s.flush()
    setup_row = ix.marketing(s)
    fuzzy = setup_row.duplicate_method == d.METHOD_FUZZY
    maintain = setup_row.maintain_dupl_search_strings
    if not maintain:
        dk.forget_keys(s, [contact.no])  # stale keys would mislead: the contact is unchecked
    elif fuzzy:
        if is_new or changed & FUZZY_FIELDS:
            _fuzzy_check(s, [contact.no], setup_row)
    else:
        fz.refresh_keys(s, [contact.no], str(setup_row.default_country_region_code or ""))
    if contact.type != "company":
        if not fuzzy and not is_new:
            ix.forget(s, [contact.no])
    elif maintain:
        setup = ix.setup_rows(s)
        if d.needs_reindex(changed, is_new=is_new, setup_fields={r.field_name for r in setup}):
            strings = d.search_strings(ix.values_of(contact, setup), setup)
            if fuzzy:  # BC's strings stay current; its pairs are not looked for
                ix.forget_strings(s, [contact.no])
                ix.write_strings(s, {contact.no: strings})
            else:
                ix.forget(s, [contact.no])
                ix.write_strings(s, {contact.no: strings})
                if setup:
                    needed = max(1, d.needed_matches(len(setup), setup_row.search_hit_percent))
                    found = [
                        (contact.no, other, count)
                        for other, count in ix.match_one(s, contact.no, setup, needed)
                    ]
                    ix.insert_pairs(s, found, len(setup), d.METHOD_SEARCH_STRINGS)
    if not setup_row.autosearch_for_duplicates:
        return []
    return ix.partners(s, contact.no)


def maintain_many_in(s: Session, contact_nos: Iterable[str]) -> dict[str, list[str]]:
    """Bulk `maintain_in` for importers and batch creation, inside the caller's transaction.

    BC's strings are computed in Python and written with executemany, and the new companies are
    matched against everyone with one self-join; the fuzzy keys are written the same way and each
    new contact is checked against its candidates. Returns, per contact that has open pairs, the
    duplicate numbers (empty when Autosearch for Duplicates is off).
    """
    nos = sorted(set(contact_nos))
    if not nos:
        return {}
    s.flush()
    setup_row = ix.marketing(s)
    fuzzy = setup_row.duplicate_method == d.METHOD_FUZZY
    maintain = setup_row.maintain_dupl_search_strings
    setup = ix.setup_rows(s)
    fields = sorted({r.field_name for r in setup} - {"no", "type"})
    columns = [_C.c.no, _C.c.type] + [_C.c[f] for f in fields]
    companies: dict[str, dict[tuple[str, str], str]] = {}
    persons: list[str] = []
    for i in range(0, len(nos), 500):
        for row in s.execute(select(*columns).where(m.Contact.no.in_(nos[i : i + 500]))):
            values = cast(Mapping[str, object], row._mapping)
            if values["type"] == "company":
                companies[str(values["no"])] = d.search_strings(values, setup)
            else:
                persons.append(str(values["no"]))
    if not maintain:
        dk.forget_keys(s, nos)
    elif fuzzy:
        _fuzzy_check(s, nos, setup_row)
    else:
        fz.refresh_keys(s, nos, str(setup_row.default_country_region_code or ""))
        ix.forget(s, persons)
    if maintain and companies:
        if fuzzy:
            ix.forget_strings(s, list(companies))
        else:
            ix.forget(s, list(companies))
        with large_cache(s):
            ix.write_strings(s, companies)
        if not fuzzy:
            found = ix.match(s, setup, setup_row.search_hit_percent, restrict=list(companies))
            ix.insert_pairs(s, found, len(setup), d.METHOD_SEARCH_STRINGS)
    if not setup_row.autosearch_for_duplicates:
        return {}
    wanted = set(nos)
    out: dict[str, set[str]] = {}
    for k in range(0, len(nos), 500):
        chunk = nos[k : k + 500]
        query = select(_P.c.contact_no, _P.c.duplicate_contact_no).where(
            _P.c.separate_contacts.is_(False),
            _P.c.contact_no.in_(chunk) | _P.c.duplicate_contact_no.in_(chunk),
        )
        for a, b in s.execute(query):
            for one, other in ((a, b), (b, a)):
                if one in wanted:
                    out.setdefault(one, set()).add(other)
    return {no: sorted(found) for no, found in sorted(out.items())}
