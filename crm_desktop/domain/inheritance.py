"""Inheritance from a company contact to its persons (spec §2), on plain dicts of values.

Each Inherit flag of the Marketing Setup switches one group of fields (`InheritFlags`, §2.1):

- `inherit_on_assign(person, new_company, old_company, flags) -> changes` — §2.3, when a person
  is given a company (new person from a company, Company No. typed, person moved): Company Name
  always; the simple fields overwritten (even with a blank); the address only when the person's
  address is "stale" (blank, or equal to the old company's); each communication field when the
  person's value is blank or equal to the old company's.
- `propagate_company_change(person, old_company, new_company, flags) -> changes` — §2.4, when a
  company is saved: each field the company changed reaches the person only while the person's
  value still equals the company's old value ("a manual change wins"); the address moves as a
  whole only when the person's four-part address equals the company's old one.
- `following_fields(person, company, flags)` — the fields that currently follow the company (flag
  on and the same value), for a marker on the person card.

Values are dicts keyed by contact field name with blank codes as ''. The functions return only
the fields whose value changes, so an empty dict means "nothing to do".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Values = Mapping[str, Any]

ADDRESS_FIELDS = ("address", "address_2", "post_code", "city", "county")
# The person's address is "the company's" when these four equal it (County is copied, not compared).
ADDRESS_IDENTITY = ("address", "address_2", "post_code", "city")
COMMUNICATION_FIELDS = (
    "phone_no",
    "telex_no",
    "fax_no",
    "telex_answer_back",
    "email",
    "home_page",
    "extension_no",
    "mobile_phone_no",
    "pager",
)
# Correspondence Type is inherited on assignment only, not propagated on a company save.
COMMUNICATION_ON_ASSIGN = (*COMMUNICATION_FIELDS, "correspondence_type")
# flag attribute -> the one field it switches
SIMPLE_FIELDS: dict[str, str] = {
    "salesperson": "salesperson_code",
    "territory": "territory_code",
    "country_region": "country_region_code",
    "language": "language_code",
    "format_region": "format_region",
}


@dataclass(frozen=True)
class InheritFlags:
    """The Inherit flags of the Marketing Setup (all on by default, as in BC)."""

    salesperson: bool = True
    territory: bool = True
    country_region: bool = True
    language: bool = True
    format_region: bool = True
    address: bool = True
    communication: bool = True

    @classmethod
    def from_setup(cls, setup: Values) -> InheritFlags:
        """Read the flags from Marketing Setup values (keys as in the marketing_setup table)."""
        return cls(
            salesperson=bool(setup.get("inherit_salesperson_code", True)),
            territory=bool(setup.get("inherit_territory_code", True)),
            country_region=bool(setup.get("inherit_country_region_code", True)),
            language=bool(setup.get("inherit_language_code", True)),
            format_region=bool(setup.get("inherit_format_region", True)),
            address=bool(setup.get("inherit_address_details", True)),
            communication=bool(setup.get("inherit_communication_details", True)),
        )

    @classmethod
    def all_off(cls) -> InheritFlags:
        """Every flag off."""
        return cls(False, False, False, False, False, False, False)

    def simple_fields(self) -> tuple[str, ...]:
        """The simple fields whose flag is on."""
        return tuple(f for flag, f in SIMPLE_FIELDS.items() if getattr(self, flag))


def _v(values: Values | None, name: str) -> Any:
    if values is None:
        return ""
    value = values.get(name, "")
    return "" if value is None else value


def inherit_on_assign(
    person: Values, new_company: Values, old_company: Values | None, flags: InheritFlags
) -> dict[str, Any]:
    """What changes on a person given `new_company` (§2.3); `old_company` is the one it had.

    Company Name is always taken. With their flag on, Salesperson, Territory, Country/Region,
    Language and Format Region are overwritten with the company's values even when those are
    blank. The five address fields are copied when the person's four-part address is blank or
    equal to the old company's. Each communication field (and Correspondence Type) is copied
    when the person's value is blank or equal to the old company's.
    """
    target: dict[str, Any] = {"company_name": _v(new_company, "name")}
    for name in flags.simple_fields():
        target[name] = _v(new_company, name)
    if flags.address:
        own = [_v(person, f) for f in ADDRESS_IDENTITY]
        blank = all(v == "" for v in own)
        same_as_old = old_company is not None and own == [
            _v(old_company, f) for f in ADDRESS_IDENTITY
        ]
        if blank or same_as_old:
            for name in ADDRESS_FIELDS:
                target[name] = _v(new_company, name)
    if flags.communication:
        for name in COMMUNICATION_ON_ASSIGN:
            mine = _v(person, name)
            stale = old_company is not None and mine == _v(old_company, name)
            if stale or mine == "":
                target[name] = _v(new_company, name)
    return {k: v for k, v in target.items() if _v(person, k) != v}


def propagate_company_change(
    person: Values, old_company: Values, new_company: Values, flags: InheritFlags
) -> dict[str, Any]:
    """What changes on one person of a company saved from `old_company` to `new_company` (§2.4).

    Company Name follows the company's Name always. Every other field under an enabled flag is
    copied only when the company changed it and the person's value equals the company's old
    value. The address moves only when the person's four-part address equals the company's old
    one; then each of the five address fields the company changed is copied.
    """
    target: dict[str, Any] = {}

    def changed(name: str) -> bool:
        return bool(_v(old_company, name) != _v(new_company, name))

    if changed("name"):
        target["company_name"] = _v(new_company, "name")
    for name in flags.simple_fields():
        if changed(name) and _v(person, name) == _v(old_company, name):
            target[name] = _v(new_company, name)
    if flags.address and all(_v(person, f) == _v(old_company, f) for f in ADDRESS_IDENTITY):
        for name in ADDRESS_FIELDS:
            if changed(name):
                target[name] = _v(new_company, name)
    if flags.communication:
        for name in COMMUNICATION_FIELDS:
            if changed(name) and _v(person, name) == _v(old_company, name):
                target[name] = _v(new_company, name)
    return {k: v for k, v in target.items() if _v(person, k) != v}


def following_fields(person: Values, company: Values, flags: InheritFlags) -> frozenset[str]:
    """The person's fields that currently follow the company: flag on and the same value.

    The address group counts as following only as a whole (its four-part identity equal), as
    that is when a company change reaches it. Blank values on both sides count too.
    """
    out: set[str] = set()
    for name in flags.simple_fields():
        if _v(person, name) == _v(company, name):
            out.add(name)
    if flags.address and all(_v(person, f) == _v(company, f) for f in ADDRESS_IDENTITY):
        out.update(f for f in ADDRESS_FIELDS if _v(person, f) == _v(company, f))
    if flags.communication:
        out.update(f for f in COMMUNICATION_FIELDS if _v(person, f) == _v(company, f))
    return frozenset(out)
