"""The fuzzy duplicate method inside one session: records, blocking keys, checking contacts.

`pairs` calls this on every save (`maintain_in`) and batch (`maintain_many_in`); `fuzzy_scan`
uses the same records and comparisons for the whole file. A check compares a contact with the
contacts sharing one of its blocking keys only (an index look-up), never with every contact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.domain.duplicates import fuzzy as f
from crm_desktop.domain.duplicates import keys as k
from crm_desktop.domain.duplicates.search_strings import METHOD_FUZZY
from crm_desktop.storage import duplicate_keys as dk
from crm_desktop.storage import models as m

COLUMNS = (
    "no", "type", "name", "name_2", "first_name", "middle_name", "surname", "address",
    "address_2", "post_code", "city", "country_region_code", "phone_no", "mobile_phone_no",
    "email", "vat_registration_no", "company_no", "company_name",
)  # fmt: skip


@dataclass(frozen=True)
class Settings:
    """The fuzzy method's Marketing Setup values."""

    weights: Mapping[str, int]
    threshold: int
    default_country: str


def settings_of(row: m.MarketingSetup, threshold: int | None = None) -> Settings:
    """Weights, threshold (or the one given) and default country from Marketing Setup."""
    weights = {name: int(getattr(row, f"fuzzy_weight_{name}")) for name in f.FIELDS}
    return Settings(
        weights,
        int(row.fuzzy_threshold if threshold is None else threshold),
        str(row.default_country_region_code or ""),
    )


def build_records(
    rows: Iterable[Mapping[str, Any]], companies: Mapping[str, Mapping[str, Any]], country: str
) -> dict[str, f.Record]:
    """Records of these contact rows; `companies` holds the persons' companies' rows."""
    out: dict[str, f.Record] = {}
    for row in rows:
        company = (
            companies.get(str(row.get("company_no") or "")) if row["type"] == "person" else None
        )
        out[str(row["no"])] = f.make_record(row, country, company)
    return out


def records(s: Session, nos: Iterable[str], country: str) -> dict[str, f.Record]:
    """The records of these contacts (their companies read too, to tell inherited values)."""
    rows = list(dk.contact_rows(s, COLUMNS, nos))
    company_nos = {str(r["company_no"]) for r in rows if r["type"] == "person" and r["company_no"]}
    companies = {str(r["no"]): r for r in rows if r["type"] == "company"}
    missing = company_nos - set(companies)
    if missing:
        companies.update({str(r["no"]): r for r in dk.contact_rows(s, COLUMNS, missing)})
    return build_records(rows, companies, country)


def refresh_keys(s: Session, nos: Iterable[str], country: str) -> dict[str, f.Record]:
    """Recompute and store these contacts' blocking keys and records; returns the records."""
    recs = records(s, nos, country)
    dk.replace_keys(
        s,
        {no: k.keys(r) for no, r in recs.items()},
        {no: f.dump(r) for no, r in recs.items()},
    )
    return recs


def stored(s: Session, nos: Iterable[str], country: str) -> dict[str, f.Record]:
    """The records of these contacts as stored with their keys; computed for any without."""
    wanted = set(nos)
    out = {no: f.load(text) for no, text in dk.stored_records(s, wanted).items() if text}
    missing = wanted - set(out)
    if missing:
        out.update(records(s, missing, country))
    return out


def check(s: Session, record: f.Record, settings: Settings) -> list[tuple[str, f.Comparison]]:
    """The contacts that make a pair with this one, with the comparison, best first.

    Candidates are the contacts sharing one of its blocking keys (index look-ups; a key shared
    by more than keys.MAX_GROUP contacts is skipped), never every contact."""
    others = dk.candidates(s, k.keys(record), k.MAX_GROUP, exclude=record.no)
    found = []
    for no, other in stored(s, others, settings.default_country).items():
        c = f.compare(record, other, settings.weights, settings.threshold)
        if c.pair:
            found.append((no, c))
    return sorted(found, key=lambda item: (-item[1].score, item[0]))


def ordered(a: str, b: str) -> tuple[str, str]:
    """A pair in the stored order: the higher (newer) number first, as BC's batch leaves them."""
    return (a, b) if a > b else (b, a)


def staging_row(scan_id: str, a: str, b: str, c: f.Comparison) -> tuple[Any, ...]:
    """A found pair as a staging or pair row (dk.STAGING_COLUMNS order)."""
    x, y = ordered(a, b)
    return (scan_id, x, y, 0, c.score, METHOD_FUZZY, c.reasons[:250])
