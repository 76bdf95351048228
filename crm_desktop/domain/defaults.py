"""Defaults for new contacts and the type-change routine (spec §3), on plain dicts of values.

- `apply_defaults(values, setup, my_salesperson) -> dict`: a copy of a new contact's values with
  the Marketing Setup defaults put into the fields that are still blank: Salesperson (then "my
  salesperson", the user's own, overrides it when set), Territory, Country/Region, Language,
  Format Region, Correspondence Type and the Salutation Code for the contact's type.
- `apply_type(values, setup, *, previous_type)`: the type-change routine BC runs on every insert
  and on a change of Type: a company is its own company (Company No. = No., Company Name = Name,
  person name parts and Job Title cleared) with the default company salutation; a company that
  becomes a person leaves its own company and has its Name split into parts.

`setup` holds Marketing Setup values keyed as in the marketing_setup table, blank codes as ''.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crm_desktop.domain.contacts import COMPANY, PERSON, split_name

# contact field -> Marketing Setup default field, filled only while the contact's is blank
DEFAULT_FIELDS: dict[str, str] = {
    "salesperson_code": "default_salesperson_code",
    "territory_code": "default_territory_code",
    "country_region_code": "default_country_region_code",
    "language_code": "default_language_code",
    "format_region": "default_format_region",
    "correspondence_type": "default_correspondence_type",
}


def _s(values: Mapping[str, Any], name: str) -> Any:
    value = values.get(name, "")
    return "" if value is None else value


def apply_defaults(
    values: Mapping[str, Any], setup: Mapping[str, Any], my_salesperson: str
) -> dict[str, Any]:
    """The values with defaults in their blank fields (§3 steps 2–5); `values` is not changed.

    Salesperson: the default salesperson when blank, and then my salesperson (when set) in
    place of it, as BC's User Setup beats the Marketing Setup. The salutation is the company or
    person default by `values["type"]` (company when absent).
    """
    out = dict(values)
    was_blank_salesperson = _s(values, "salesperson_code") == ""
    for field, default in DEFAULT_FIELDS.items():
        if _s(out, field) == "":
            out[field] = _s(setup, default)
    if was_blank_salesperson and my_salesperson:
        out["salesperson_code"] = my_salesperson
    if _s(out, "salutation_code") == "":
        key = (
            "def_company_salutation_code"
            if _s(out, "type") in ("", COMPANY)
            else "default_person_salutation_code"
        )
        out["salutation_code"] = _s(setup, key)
    return out


def apply_type(
    values: Mapping[str, Any], setup: Mapping[str, Any], *, previous_type: str | None
) -> dict[str, Any]:
    """The values after BC's type-change routine; `previous_type` is None for a new contact.

    Company: Company No. := own No., Company Name := Name, First/Middle/Surname and Job Title
    cleared, Salutation Code := the default company salutation (always, as BC does).
    Person converted from a company (its Company No. was its own No.): Company No. and Company
    Name cleared and the Name split into its parts; the salutation is kept, as BC's own test
    expects (scenario 11). A person that stays a person is returned unchanged.
    """
    out = dict(values)
    kind = _s(out, "type") or COMPANY
    if kind == COMPANY:
        out["company_no"] = _s(out, "no")
        out["company_name"] = _s(out, "name")
        for name in ("first_name", "middle_name", "surname", "job_title"):
            out[name] = ""
        out["salutation_code"] = _s(setup, "def_company_salutation_code")
    elif kind == PERSON and previous_type == COMPANY:
        if _s(out, "company_no") == _s(out, "no"):
            out["company_no"] = ""
            out["company_name"] = ""
        out["first_name"], out["middle_name"], out["surname"] = split_name(_s(out, "name"))
    return out
