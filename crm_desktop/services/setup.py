"""Marketing Setup, Interaction Template Setup and the user's own setup: read, validate, save."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain.codes import check_text, normalize_code
from crm_desktop.domain.errors import DOES_NOT_EXIST, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.interactions import LANGUAGE_ON_SYSTEM_TEMPLATE, SYSTEM_SETUP_FIELDS
from crm_desktop.domain.setup_fields import (
    FIELDS_BY_NAME,
    SETUP_FIELDS,
    SetupField,
    couple_duplicate_flags,
)
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.storage import models as m

SetupValues = dict[str, Any]

HIT_PERCENT_RANGE = QT_TRANSLATE_NOOP(
    "errors", "{field_caption} must be between {minimum} and {maximum}; {value} is not allowed."
)
NOT_A_CHOICE = QT_TRANSLATE_NOOP("errors", "{field_caption} cannot be {value}.")
UNKNOWN_FIELD = QT_TRANSLATE_NOOP("errors", "Marketing Setup has no field {name}.")
TEMPLATE_CAPTION = QT_TRANSLATE_NOOP("masterdata", "Interaction Template")
SALESPERSON_CAPTION = QT_TRANSLATE_NOOP("masterdata", "Salesperson/Purchaser")
MY_SALESPERSON = QT_TRANSLATE_NOOP("setup", "My Salesperson")

_REF_MODELS: dict[str, Any] = {
    "salesperson": m.Salesperson,
    "territory": m.Territory,
    "country_region": m.CountryRegion,
    "language": m.Language,
    "salutation": m.Salutation,
    "sales_cycle": m.SalesCycle,
    "business_relation": m.BusinessRelation,
    "no_series": m.NoSeries,
    "customer_template": m.CustomerTemplate,
}
_REF_CAPTIONS: dict[str, str] = {
    "salesperson": SALESPERSON_CAPTION,
    "territory": QT_TRANSLATE_NOOP("masterdata", "Territory"),
    "country_region": QT_TRANSLATE_NOOP("masterdata", "Country/Region"),
    "language": QT_TRANSLATE_NOOP("masterdata", "Language"),
    "salutation": QT_TRANSLATE_NOOP("masterdata", "Salutation"),
    "sales_cycle": QT_TRANSLATE_NOOP("masterdata", "Sales Cycle"),
    "business_relation": QT_TRANSLATE_NOOP("masterdata", "Business Relation"),
    "no_series": QT_TRANSLATE_NOOP("masterdata", "No. Series"),
    "customer_template": QT_TRANSLATE_NOOP("masterdata", "Customer Template"),
}


@dataclass(frozen=True)
class SetupSaved:
    """What saving the Marketing Setup did; ask_generate_search_strings mirrors BC's question."""

    values: SetupValues
    changed: frozenset[str]
    ask_generate_search_strings: bool


def _values(row: m.MarketingSetup) -> SetupValues:
    out: SetupValues = {}
    for f in SETUP_FIELDS:
        value = getattr(row, f.name)
        out[f.name] = "" if (f.kind == "code" and value is None) else value
    return out


def get_marketing_setup(ctx: AppContext) -> SetupValues:
    """The Marketing Setup as plain values (blank codes as '')."""
    with ctx.db.read() as s:
        return _values(_setup_row(s))


def _setup_row(s: Session) -> m.MarketingSetup:
    row = s.get(m.MarketingSetup, 1)
    if row is None:
        row = m.MarketingSetup(id=1)
        s.add(row)
        s.flush()
    return row


def _clean(s: Session, f: SetupField, value: Any) -> Any:
    if f.kind == "bool":
        return bool(value)
    if f.kind == "int":
        try:
            number = int(value)
        except (TypeError, ValueError) as exc:
            raise ValidationError(
                HIT_PERCENT_RANGE,
                field=f.name,
                field_caption=f.label,
                minimum=f.minimum,
                maximum=f.maximum,
                value=value,
            ) from exc
        if (f.minimum is not None and number < f.minimum) or (
            f.maximum is not None and number > f.maximum
        ):
            raise ValidationError(
                HIT_PERCENT_RANGE,
                field=f.name,
                field_caption=f.label,
                minimum=f.minimum,
                maximum=f.maximum,
                value=number,
            )
        return number
    if f.kind == "choice":
        value = "" if value is None else str(value)
        if value not in {c[0] for c in f.choices}:
            raise ValidationError(NOT_A_CHOICE, field=f.name, field_caption=f.label, value=value)
        return value
    if f.kind == "text":
        return check_text(value, max_len=f.max_len, field=f.name, caption=f.label)
    code = normalize_code(value, max_len=f.max_len, field=f.name, caption=f.label)
    if not code:
        return None
    assert f.ref_table is not None
    if s.get(_REF_MODELS[f.ref_table], code) is None:
        raise ValidationError(
            DOES_NOT_EXIST, field=f.name, table=_REF_CAPTIONS[f.ref_table], code=code
        )
    return code


def update_marketing_setup(ctx: AppContext, changes: SetupValues) -> SetupSaved:
    """Validate and save changed Marketing Setup fields in one transaction.

    Applies BC's coupling of Maintain Dupl. Search Strings and Autosearch for Duplicates. Raises
    ValidationError naming the first bad field; then nothing is saved.
    """
    with ctx.db.uow() as s:
        return _update_marketing_in(s, changes)


def _update_marketing_in(s: Session, changes: SetupValues) -> SetupSaved:
    row = _setup_row(s)
    before = _values(row)
    for name in changes:
        if name not in FIELDS_BY_NAME:
            raise ValidationError(UNKNOWN_FIELD, field=name, name=name)
    clean = {name: _clean(s, FIELDS_BY_NAME[name], v) for name, v in changes.items()}
    maintain, autosearch, ask = couple_duplicate_flags(
        row.maintain_dupl_search_strings,
        row.autosearch_for_duplicates,
        clean.get("maintain_dupl_search_strings", row.maintain_dupl_search_strings),
        clean.get("autosearch_for_duplicates", row.autosearch_for_duplicates),
    )
    clean["maintain_dupl_search_strings"] = maintain
    clean["autosearch_for_duplicates"] = autosearch
    for name, value in clean.items():
        setattr(row, name, value)
    s.flush()
    after = _values(row)
    changed = frozenset(k for k in after if after[k] != before[k])
    return SetupSaved(after, changed, ask)


def get_interaction_template_setup(ctx: AppContext) -> dict[str, str]:
    """Which interaction template logs each kind of document ('' when none)."""
    with ctx.db.read() as s:
        row = s.get(m.InteractionTemplateSetup, 1)
        return {f: (getattr(row, f) or "") if row else "" for f in m.INTERACTION_SETUP_FIELDS}


def update_interaction_template_setup(ctx: AppContext, changes: dict[str, str]) -> None:
    """Save template codes per document kind; each must name an existing template."""
    with ctx.db.uow() as s:
        _update_templates_in(s, changes)


def _update_templates_in(s: Session, changes: dict[str, str]) -> None:
    row = s.get(m.InteractionTemplateSetup, 1)
    if row is None:
        row = m.InteractionTemplateSetup(id=1)
        s.add(row)
    for name, value in changes.items():
        if name not in m.INTERACTION_SETUP_FIELDS:
            raise ValidationError(UNKNOWN_FIELD, field=name, name=name)
        code = normalize_code(value, max_len=10, field=name, caption=name)
        if code and s.get(m.InteractionTemplate, code) is None:
            raise ValidationError(DOES_NOT_EXIST, field=name, table=TEMPLATE_CAPTION, code=code)
        if code and name in SYSTEM_SETUP_FIELDS:
            # Templates for system logging have no languages and so no attachment (BC 5122).
            language = s.scalars(
                select(m.InteractionTmplLanguage.language_code)
                .where(m.InteractionTmplLanguage.interaction_template_code == code)
                .order_by(m.InteractionTmplLanguage.language_code)
            ).first()
            if language is not None:
                raise ValidationError(
                    LANGUAGE_ON_SYSTEM_TEMPLATE,
                    field=name,
                    template=code,
                    language=language or "''",
                )
        setattr(row, name, code or None)


@dataclass(frozen=True)
class UserSetupValues:
    """The user's own salesperson ('' when none) and work date (None = today)."""

    salesperson_code: str
    work_date: dt.date | None


def get_user_setup(ctx: AppContext) -> UserSetupValues:
    """My salesperson and my work date."""
    with ctx.db.read() as s:
        row = s.get(m.UserSetup, 1)
        if row is None:
            return UserSetupValues("", None)
        return UserSetupValues(row.salesperson_code or "", row.work_date)


def update_user_setup(
    ctx: AppContext,
    *,
    salesperson_code: str | None = None,
    work_date: dt.date | None | str = "unchanged",
) -> UserSetupValues:
    """Change my salesperson and/or work date (pass work_date=None to go back to today)."""
    with ctx.db.uow() as s:
        return _update_user_in(s, salesperson_code, work_date)


def _update_user_in(
    s: Session, salesperson_code: str | None, work_date: dt.date | None | str
) -> UserSetupValues:
    row = s.get(m.UserSetup, 1)
    if row is None:
        row = m.UserSetup(id=1)
        s.add(row)
    if salesperson_code is not None:
        code = normalize_code(
            salesperson_code, max_len=20, field="salesperson_code", caption=MY_SALESPERSON
        )
        if code and s.get(m.Salesperson, code) is None:
            raise ValidationError(
                DOES_NOT_EXIST, field="salesperson_code", table=SALESPERSON_CAPTION, code=code
            )
        row.salesperson_code = code or None
    if work_date != "unchanged":
        assert work_date is None or isinstance(work_date, dt.date)
        row.work_date = work_date
    s.flush()
    return UserSetupValues(row.salesperson_code or "", row.work_date)


def save_setup_page(
    ctx: AppContext,
    setup: SetupValues,
    templates: dict[str, str],
    *,
    salesperson_code: str | None = None,
    work_date: dt.date | None | str = "unchanged",
) -> SetupSaved:
    """What the Marketing Setup page's Apply does: the Marketing Setup, the Interaction Template
    Setup and the user's own settings saved in ONE transaction; a refused value stores nothing."""
    with ctx.db.uow() as s:
        saved = _update_marketing_in(s, setup)
        _update_templates_in(s, templates)
        _update_user_in(s, salesperson_code, work_date)
        return saved


def work_date(ctx: AppContext, today: dt.date | None = None) -> dt.date:
    """The date the app works on: the user's work date, else today."""
    return get_user_setup(ctx).work_date or today or dt.date.today()
