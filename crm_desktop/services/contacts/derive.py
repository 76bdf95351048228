"""What a new contact's values become before it is written: its company's values for a person
(§2.3), the name rules (§10), the Marketing Setup defaults (§3) and the type routine.

`derive_new_in` is the one copy of these steps: `edit` runs it when it creates a contact, and
`preview_new_contact` runs it on a read session for the card, which shows what will be
inherited and defaulted before the first save. The preview writes nothing and draws no number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.domain import contacts as rules
from crm_desktop.domain.contacts import COMPANY, PERSON
from crm_desktop.domain.defaults import apply_defaults, apply_type
from crm_desktop.domain.errors import DOES_NOT_EXIST, CrmError, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.inheritance import InheritFlags, inherit_on_assign
from crm_desktop.services.contacts import rules as extra
from crm_desktop.services.contacts.queries import COLUMNS, CONTACT_TABLE, values_of
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.storage import models as m

SELECT_EXISTING = QT_TRANSLATE_NOOP("errors", "You must select an existing contact.")
NOT_A_COMPANY = QT_TRANSLATE_NOOP("errors", "Contact {no} is not a company.")
TYPE_MUST_BE_PERSON = QT_TRANSLATE_NOOP("errors", "Type must be equal to Person")

COMPANY_KEYS = frozenset({"company_no", "company_name", "type"})
# Kept by the service, never a caller's (preview ignores them too).
_COMPUTED = frozenset({"search_email", "last_modified", "no_series", "contact_business_relation"})


def company_in(s: Session, no: str, *, field: str = "company_no") -> m.Contact:
    """The company contact `no`; ValidationError on `field` when missing or not a company."""
    contact = s.get(m.Contact, no)
    if contact is None:
        raise ValidationError(DOES_NOT_EXIST, field=field, table=CONTACT_TABLE, code=no)
    if contact.type != COMPANY:
        raise ValidationError(NOT_A_COMPANY, field=field, no=no)
    return contact


def company_from_name_in(s: Session, text: str) -> m.Contact:
    """The one company a typed Company Name means; ValidationError when none or several."""
    found = extra.resolve_company_in(s, text)
    if len(found) != 1:
        raise ValidationError(SELECT_EXISTING, field="company_name")
    return found[0]


def name_rules(before: dict[str, Any], after: dict[str, Any], given: set[str]) -> None:
    """§10: a person's Name and its parts kept in step; Search Name follows Name."""
    if after["type"] == PERSON:
        parts_given = given & set(rules.PERSON_NAME_FIELDS)
        if parts_given:
            after["name"] = rules.join_name(
                after["first_name"], after["middle_name"], after["surname"]
            )
        elif "name" in given:
            after["first_name"], after["middle_name"], after["surname"] = rules.split_name(
                after["name"]
            )
    if "search_name" not in given and after["name"] != before.get("name", ""):
        after["search_name"] = rules.next_search_name(
            before.get("name", ""), after["name"], before.get("search_name", "")
        )
    after["search_email"] = rules.search_email(after["email"])


def language_format_region(s: Session, values: dict[str, Any]) -> None:
    """§3: a Language Code gives a blank Format Region the language's own region tag."""
    if values["format_region"]:
        return
    language = s.get(m.Language, values["language_code"])
    if language is not None:
        values["format_region"] = language.format_region


def blank_values() -> dict[str, Any]:
    """A new contact's values before anything is given."""
    out: dict[str, Any] = {name: "" for name in COLUMNS}
    out.update(
        type=COMPANY, privacy_blocked=False, contact_business_relation="none", last_modified=None
    )
    return out


def derive_new_in(
    s: Session,
    after: dict[str, Any],
    clean: Mapping[str, Any],
    given: set[str],
    *,
    skip_defaults: bool,
) -> dict[str, Any]:
    """A new contact's values (`after`: blank values with the cleaned given ones and its No.)
    after inheritance, the name rules, the defaults and the type routine. Reads only."""
    setup_values = extra.setup_values(extra.setup_row(s))
    before = blank_values()
    if after["type"] == PERSON:
        company: m.Contact | None = None
        if after["company_no"]:
            company = company_in(s, after["company_no"])
        elif after["company_name"]:
            company = company_from_name_in(s, after["company_name"])
            after["company_no"] = company.no
        if company is not None:
            flags = InheritFlags.from_setup(setup_values)
            after.update(inherit_on_assign(after, values_of(company), None, flags))
            # Values given with the new person win over inherited ones; blanks do not.
            after.update({k: v for k, v in clean.items() if v != "" and k not in COMPANY_KEYS})
    elif "company_no" in given and after["company_no"] not in ("", after["no"]):
        raise ValidationError(TYPE_MUST_BE_PERSON, field="company_no")
    name_rules(before, after, given)
    # Records synced in (skip_defaults) copy their fields as they are, without this rule.
    if after["language_code"] and not skip_defaults:
        language_format_region(s, after)
    if not skip_defaults:
        after = apply_defaults(after, setup_values, extra.my_salesperson(s))
    after = apply_type(after, setup_values, previous_type=None)
    if after["type"] == COMPANY:
        after["search_name"] = after["search_name"] or after["name"].strip().upper()[:100]
    return after


@dataclass(frozen=True)
class ContactPreview:
    """What a new contact will get on its first save, beyond what was typed: `values` for the
    fields the card shows, `from_company` the fields its company gives it, `defaulted` the
    fields Marketing Setup (or the user's own salesperson) fills."""

    values: dict[str, Any]
    from_company: frozenset[str]
    defaulted: frozenset[str]


# The fields the preview reports: what the card shows and a save would take from elsewhere.
_SHOWN = frozenset(rules.FIELDS_BY_NAME) - {
    "no",
    "type",
    "company_no",
    "company_name",
    "search_name",
    *rules.PERSON_NAME_FIELDS,
}


def preview_new_contact(ctx: AppContext, values: Mapping[str, Any]) -> ContactPreview:
    """What inheritance and the defaults will give a new contact with the values typed so far,
    worked out by the same rules as the save, on a read-only session: nothing is written and no
    number is drawn. A value that would be refused (half typed) is left out, so the preview
    never fails for it; an unknown or wrong company gives no inherited values."""
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name in _COMPUTED or name == "no":
            continue
        try:
            clean[name] = rules.clean_value(name, value)
        except CrmError:
            continue
    given = {k for k, v in clean.items() if v not in ("", False)}
    with ctx.db.read() as s:
        typed = {**blank_values(), **clean}
        if "type" not in clean and clean.get("company_no"):
            typed["type"] = PERSON
        inherited = dict(typed)
        try:
            inherited = derive_new_in(s, dict(typed), clean, given, skip_defaults=True)
        except CrmError:
            pass
        try:
            derived = derive_new_in(s, dict(typed), clean, given, skip_defaults=False)
        except CrmError:
            derived = apply_defaults(
                inherited, extra.setup_values(extra.setup_row(s)), extra.my_salesperson(s)
            )
    blank = {k for k in _SHOWN if typed.get(k) in ("", None)}
    from_company = frozenset(
        k for k in blank if typed["type"] == PERSON and inherited.get(k) != typed.get(k)
    )
    defaulted = frozenset(k for k in blank - from_company if derived.get(k) != typed.get(k))
    shown = from_company | defaulted
    return ContactPreview({k: derived[k] for k in shown}, from_company, defaulted)
