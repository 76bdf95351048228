"""Duplicate contacts, BC's way (spec §7): search strings, the pairs, keep separate, scans.

Only company contacts are indexed. Pairs are stored in `contact_duplicate` with the newer contact
first (BC's batch leaves them that way). A pair the user kept separate is never replaced or found
again, in either order, by any method.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, delete, select
from sqlalchemy.orm import Session, aliased

from crm_desktop.domain.duplicates import fuzzy as fuzzy_rules
from crm_desktop.domain.duplicates import search_strings as d
from crm_desktop.domain.errors import (
    ALREADY_EXISTS,
    DOES_NOT_EXIST,
    ConflictError,
    NotFoundError,
    ValidationError,
)
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.duplicates import full_scan, fuzzy_scan
from crm_desktop.services.duplicates import matching as ix
from crm_desktop.services.duplicates.matching import (
    CANCELLED,
    Cancel,
    Cancelled,
    Progress,
    ScanResult,
)
from crm_desktop.storage import duplicate_keys as dk
from crm_desktop.storage import models as m

__all__ = [
    "CANCELLED",
    "Cancelled",
    "DetailLine",
    "PairRow",
    "ScanResult",
    "SetupLine",
    "add_setup_row",
    "delete_setup_row",
    "duplicate_exists",
    "generate_search_strings",
    "keep_separate",
    "list_pairs",
    "list_setup",
    "pair_details",
    "reset_default_setup",
    "answer_switch_offer",
    "reasons_of",
    "scan",
    "set_setup_length",
    "prepare_keys",
    "switch_offer_pending",
    "unchecked_contacts",
]

SETUP_EMPTY = QT_TRANSLATE_NOOP("errors", "The Duplicate Search String Setup table is empty.")
PERSONS_NOT_INDEXED = QT_TRANSLATE_NOOP(
    "errors",
    "The search strings method compares companies only, as Business Central does; "
    "choose the fuzzy method to find duplicate persons.",
)
UNKNOWN_TYPE = QT_TRANSLATE_NOOP(
    "errors", "There is no contact type {value}; choose company, person or all."
)
FUZZY_THRESHOLD_CAPTION = QT_TRANSLATE_NOOP("setup", "Fuzzy Threshold (score)")
UNKNOWN_METHOD = QT_TRANSLATE_NOOP("errors", "There is no duplicate search method {value}.")
OUT_OF_RANGE = QT_TRANSLATE_NOOP(
    "errors", "{field_caption} must be between {minimum} and {maximum}; {value} is not allowed."
)
NOT_SEARCHABLE = QT_TRANSLATE_NOOP(
    "errors", "{value} is not a contact field that duplicate search can use."
)
NOT_A_PART = QT_TRANSLATE_NOOP("errors", "Part of Field must be First or Last, not {value}.")
NO_SUCH_PAIR = QT_TRANSLATE_NOOP(
    "errors", "Contacts {contact_no} and {duplicate_contact_no} are not a duplicate pair."
)
SETUP_TABLE = QT_TRANSLATE_NOOP("duplicates", "Duplicate Search String Setup")
CONTACT_TABLE = QT_TRANSLATE_NOOP("duplicates", "Contact")
LENGTH_CAPTION = QT_TRANSLATE_NOOP("duplicates", "Length")
THRESHOLD_CAPTION = QT_TRANSLATE_NOOP("setup", "Search Hit %")

_S = cast(Table, m.ContDuplicateSearchString.__table__)
_P = cast(Table, m.ContactDuplicate.__table__)
_C = cast(Table, m.Contact.__table__)


@dataclass(frozen=True)
class PairRow:
    """One pair on the Contact Duplicates page, with what the user needs to judge it."""

    contact_no: str
    contact_name: str
    contact_company: str
    contact_city: str
    contact_phone: str
    contact_email: str
    duplicate_contact_no: str
    duplicate_name: str
    duplicate_company: str
    duplicate_city: str
    duplicate_phone: str
    duplicate_email: str
    score: int
    matching_strings: int
    separate: bool
    method: str
    reasons: str = ""  # the fuzzy method's, compact: "name:92|phone:same"
    contact_type: str = "company"


@dataclass(frozen=True)
class DetailLine:
    """One field of a pair's field-by-field comparison (BC's Contact Duplicate Details)."""

    field_name: str
    caption: str
    value: str
    duplicate_value: str
    same: bool


@dataclass(frozen=True)
class SetupLine:
    """One Duplicate Search String Setup row as shown on its page."""

    field_name: str
    caption: str
    part: str
    length: int


def _check_method(method: str) -> None:
    if method not in (d.METHOD_SEARCH_STRINGS, d.METHOD_FUZZY):
        raise ValidationError(UNKNOWN_METHOD, field="method", value=method)


def _check_threshold(value: int, caption: str) -> int:
    if not isinstance(value, int) or not 1 <= value <= 100:
        raise ValidationError(
            OUT_OF_RANGE,
            field="threshold",
            field_caption=caption,
            minimum=1,
            maximum=100,
            value=value,
        )
    return value


TYPES = {
    "all": frozenset({"company", "person"}),
    "company": frozenset({"company"}),
    "person": frozenset({"person"}),
}


def scan(
    ctx: AppContext,
    method: str | None = None,
    threshold: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    contact_type: str = "all",
) -> ScanResult:
    """Scan the file for duplicates and replace every stored pair not kept separate.

    `method` and `threshold` default to Marketing Setup's (Search Hit % for search strings, the
    Fuzzy Threshold for the fuzzy method); `contact_type` is company, person or all (search
    strings compare companies only). The work reads a snapshot and writes in transactions of
    well under half a second, the pairs becoming current in one short final one, so saves go on
    meanwhile. Raises ValidationError for an unknown method or type, persons with search strings,
    or a threshold outside 1..100; Cancelled when `cancel()` turned true (the pairs are as they
    were; search data already brought up to date stays, being correct).
    """
    with ctx.db.read() as s:
        setup_row = ix.marketing(s)
        method = method or setup_row.duplicate_method
        _check_method(method)
        if contact_type not in TYPES:
            raise ValidationError(UNKNOWN_TYPE, field="type", value=contact_type)
        if method == d.METHOD_FUZZY:
            level = setup_row.fuzzy_threshold if threshold is None else threshold
            _check_threshold(level, FUZZY_THRESHOLD_CAPTION)
        else:
            if contact_type == "person":
                raise ValidationError(PERSONS_NOT_INDEXED, field="type")
            level = setup_row.search_hit_percent if threshold is None else threshold
            _check_threshold(level, THRESHOLD_CAPTION)
    if method == d.METHOD_FUZZY:
        return fuzzy_scan.scan(ctx, level, TYPES[contact_type], progress, cancel)
    return _scan(ctx, level, progress, cancel)


def generate_search_strings(
    ctx: AppContext, progress: Progress | None = None, cancel: Cancel | None = None
) -> ScanResult:
    """BC's Generate Duplicate Search Strings batch: index every company and match them all with
    Marketing Setup's Search Hit %. Pairs kept separate stay. Raises Cancelled when cancelled."""
    with ctx.db.read() as s:
        hit = ix.marketing(s).search_hit_percent
    return _scan(ctx, hit, progress, cancel)


def _scan(
    ctx: AppContext, hit_percent: int, progress: Progress | None, cancel: Cancel | None
) -> ScanResult:
    # The heavy part reads only; the writes go in short batches (full_scan.apply_in_batches).
    with ctx.db.read() as s:
        plan = full_scan.plan_scan(s, hit_percent, progress, cancel)
    result = full_scan.apply_in_batches(ctx, plan, cancel)
    if progress is not None:
        progress(2 * result.companies, 2 * result.companies)
    return result


def unchecked_contacts(ctx: AppContext) -> int:
    """How many contacts have no current fuzzy keys yet (existing data after the upgrade, or
    saved while Maintain Dupl. Search Strings was off): they are not checked until keyed."""
    with ctx.db.read() as s:
        return dk.count_unkeyed(s)


def prepare_keys(
    ctx: AppContext, progress: Progress | None = None, cancel: Cancel | None = None
) -> int:
    """Compute the fuzzy keys of every unchecked contact, in the background, in short batches
    (saves go on meanwhile). Returns how many contacts got keys; Cancel stops after the current
    batch, and keys already written stay (they are correct)."""
    try:
        return fuzzy_scan.compute_missing_keys(ctx, progress, cancel)
    except Cancelled:
        return 0


def switch_offer_pending(ctx: AppContext) -> bool:
    """Whether the Contact Duplicates page should offer the fuzzy method: the file is on BC's
    method and the offer was not answered yet (it is made once)."""
    with ctx.db.read() as s:
        row = s.get(m.MarketingSetup, 1)
        return bool(
            row is not None
            and row.duplicate_method == d.METHOD_SEARCH_STRINGS
            and not row.fuzzy_switch_offered
        )


def answer_switch_offer(ctx: AppContext, *, switch: bool) -> None:
    """The user answered the offer: switch to the fuzzy method, or keep BC's. Either way the
    offer is not made again; the method stays selectable in Marketing Setup."""
    with ctx.db.uow() as s:
        row = ix.marketing(s)
        row.fuzzy_switch_offered = True
        if switch:
            row.duplicate_method = d.METHOD_FUZZY


def reasons_of(pair: PairRow) -> str:
    """Why a pair was found, in English as the page says it: the fuzzy method's field by field
    ("Name 92 · Phone same · Post Code differs"), or the number of equal search strings."""
    if pair.method == d.METHOD_FUZZY:
        return fuzzy_rules.reasons_text(pair.reasons)
    return f"{pair.matching_strings} equal search strings"


# --- reviewing pairs ---------------------------------------------------------------------------


def list_pairs(ctx: AppContext, contact_no: str | None = None) -> list[PairRow]:
    """The stored pairs (kept-separate ones included, flagged) with both contacts' name, company,
    city, phone and e-mail and the score, best first. Given `contact_no`, only its pairs, with
    that contact shown first."""
    a, b = aliased(m.Contact), aliased(m.Contact)
    p = m.ContactDuplicate
    query = (
        select(p, a, b)
        .join(a, a.no == p.contact_no)
        .join(b, b.no == p.duplicate_contact_no)
        .order_by(p.score.desc(), p.contact_no, p.duplicate_contact_no)
    )
    if contact_no:
        query = query.where((p.contact_no == contact_no) | (p.duplicate_contact_no == contact_no))
    with ctx.db.read() as s:
        rows = []
        for pair, x, y in s.execute(query):
            if contact_no and y.no == contact_no:
                x, y = y, x  # the contact asked about is shown first
            rows.append(
                PairRow(
                    x.no,
                    x.name,
                    x.company_name,
                    x.city,
                    x.phone_no,
                    x.email,
                    y.no,
                    y.name,
                    y.company_name,
                    y.city,
                    y.phone_no,
                    y.email,
                    pair.score,
                    pair.no_of_matching_strings,
                    pair.separate_contacts,
                    pair.method,
                    pair.reasons,
                    x.type,
                )
            )
        return rows


def _pair(s: Session, a: str, b: str) -> m.ContactDuplicate:
    row = s.get(m.ContactDuplicate, (a, b)) or s.get(m.ContactDuplicate, (b, a))
    if row is None:
        raise NotFoundError(NO_SUCH_PAIR, contact_no=a, duplicate_contact_no=b)
    return row


def pair_details(ctx: AppContext, a: str, b: str) -> list[DetailLine]:
    """Field-by-field comparison of two contacts over the fields in the search string setup
    (one line per field, scenario 29). Raises NotFoundError when the setup is empty or a contact
    does not exist."""
    with ctx.db.read() as s:
        setup = ix.setup_rows(s)
        if not setup:
            raise NotFoundError(SETUP_EMPTY)
        contacts = []
        for no in (a, b):
            contact = s.get(m.Contact, no)
            if contact is None:
                raise NotFoundError(DOES_NOT_EXIST, table=CONTACT_TABLE, code=no)
            contacts.append(contact)
        lines: list[DetailLine] = []
        for field in dict.fromkeys(r.field_name for r in setup):
            left = getattr(contacts[0], field, None) or ""
            right = getattr(contacts[1], field, None) or ""
            lines.append(
                DetailLine(
                    field,
                    d.FIELD_CAPTIONS.get(field, field),
                    str(left),
                    str(right),
                    d.clean_value(left).upper() == d.clean_value(right).upper(),
                )
            )
        return lines


def keep_separate(ctx: AppContext, a: str, b: str, separate: bool = True) -> None:
    """Mark a pair as not duplicates (Separate Contacts), so no scan or method brings it back in
    either order; `separate=False` undoes it. Raises NotFoundError when there is no such pair."""
    with ctx.db.uow() as s:
        _pair(s, a, b).separate_contacts = separate


def duplicate_exists(ctx: AppContext, no: str) -> bool:
    """BC's DuplicateExist: False when Autosearch for Duplicates is off; otherwise whether the
    contact is in a pair not kept separate."""
    with ctx.db.read() as s:
        setup_row = s.get(m.MarketingSetup, 1)
        if setup_row is None or not setup_row.autosearch_for_duplicates:
            return False
        return bool(ix.partners(s, no))


# --- Duplicate Search String Setup ------------------------------------------------------------


def list_setup(ctx: AppContext) -> list[SetupLine]:
    """The setup rows in contact field order, First before Last."""
    with ctx.db.read() as s:
        return [
            SetupLine(
                r.field_name, d.FIELD_CAPTIONS.get(r.field_name, r.field_name), r.part, r.length
            )
            for r in ix.setup_rows(s)
        ]


def _check_length(length: int) -> int:
    if not isinstance(length, int) or not d.MIN_LENGTH <= length <= d.MAX_LENGTH:
        raise ValidationError(
            OUT_OF_RANGE,
            field="length",
            field_caption=LENGTH_CAPTION,
            minimum=d.MIN_LENGTH,
            maximum=d.MAX_LENGTH,
            value=length,
        )
    return length


def add_setup_row(
    ctx: AppContext, field_name: str, part: str, length: int = d.DEFAULT_LENGTH
) -> SetupLine:
    """Add a setup row for a contact field and part (First or Last), length 2..10.

    Existing contacts get its strings at the next scan or generate run. Raises ValidationError
    for a field duplicate search cannot use, a bad part or length; ConflictError when the field
    already has that part.
    """
    if field_name not in d.FIELD_CAPTIONS:
        raise ValidationError(NOT_SEARCHABLE, field="field_name", value=field_name)
    if part not in d.PARTS:
        raise ValidationError(NOT_A_PART, field="part", value=part)
    _check_length(length)
    with ctx.db.uow() as s:
        if s.get(m.DuplicateSearchStringSetup, (field_name, part)) is not None:
            code = f"{d.FIELD_CAPTIONS[field_name]} {d.PART_CAPTIONS[part]}"
            raise ConflictError(ALREADY_EXISTS, field="field_name", table=SETUP_TABLE, code=code)
        s.add(
            m.DuplicateSearchStringSetup(field_name=field_name, part_of_field=part, length=length)
        )
    return SetupLine(field_name, d.FIELD_CAPTIONS[field_name], part, length)


def _setup_row(s: Session, field_name: str, part: str) -> m.DuplicateSearchStringSetup:
    row = s.get(m.DuplicateSearchStringSetup, (field_name, part))
    if row is None:
        code = f"{d.FIELD_CAPTIONS.get(field_name, field_name)} {d.PART_CAPTIONS.get(part, part)}"
        raise NotFoundError(DOES_NOT_EXIST, table=SETUP_TABLE, code=code)
    return row


def set_setup_length(ctx: AppContext, field_name: str, part: str, length: int) -> None:
    """Change a setup row's length (2..10); stored strings follow at the next scan."""
    _check_length(length)
    with ctx.db.uow() as s:
        _setup_row(s, field_name, part).length = length


def delete_setup_row(ctx: AppContext, field_name: str, part: str) -> None:
    """Delete a setup row and every stored string of that field and part (spec §7.1)."""
    with ctx.db.uow() as s:
        s.delete(_setup_row(s, field_name, part))
        s.execute(delete(_S).where(_S.c.field_name == field_name, _S.c.part_of_field == part))


def reset_default_setup(ctx: AppContext) -> None:
    """BC's CreateDefaultSetup: the 8 default fields, First and Last, length 5 (16 rows);
    strings of positions no longer in the setup are deleted."""
    with ctx.db.uow() as s:
        s.execute(delete(m.DuplicateSearchStringSetup))
        keep = []
        for field in d.DEFAULT_FIELDS:
            for part in d.PARTS:
                s.add(m.DuplicateSearchStringSetup(field_name=field, part_of_field=part, length=5))
                keep.append(f"{field}|{part}")
        s.execute(delete(_S).where((_S.c.field_name + "|" + _S.c.part_of_field).not_in(keep)))
