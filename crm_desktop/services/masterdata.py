"""Master data: list, add, edit, rename and delete code-table rows, as BC does.

A rename updates every reference (the foreign keys cascade, and the few references that are not
foreign keys are updated here); a delete is refused with the list of what still refers to the row.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from crm_desktop.domain import date_formula
from crm_desktop.domain.codes import check_text, normalize_code
from crm_desktop.domain.errors import (
    ALREADY_EXISTS,
    DOES_NOT_EXIST,
    NOT_BLANK,
    STILL_REFERENCED,
    ConflictError,
    NotFoundError,
    ReferencedError,
    ValidationError,
)
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.masterdata import TABLE_CAPTIONS, TABLES_BY_KEY, MasterField, MasterTable
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.storage import models as m

Row = dict[str, Any]

MODELS: dict[str, type[m.Base]] = {
    "salesperson": m.Salesperson,
    "territory": m.Territory,
    "country_region": m.CountryRegion,
    "language": m.Language,
    "currency": m.Currency,
    "salutation": m.Salutation,
    "salutation_formula": m.SalutationFormula,
    "business_relation": m.BusinessRelation,
    "sales_cycle": m.SalesCycle,
    "sales_cycle_stage": m.SalesCycleStage,
    "interaction_group": m.InteractionGroup,
    "interaction_template": m.InteractionTemplate,
    "close_opportunity_code": m.CloseOpportunityCode,
    "interaction_tmpl_language": m.InteractionTmplLanguage,
    "vat_rate": m.VatRate,
    "vendor_template": m.VendorTemplate,
}

NOT_A_NUMBER = QT_TRANSLATE_NOOP("errors", "{field_caption} must be a whole number.")
NOT_A_DECIMAL = QT_TRANSLATE_NOOP("errors", "{field_caption} must be a number.")
OUT_OF_RANGE = QT_TRANSLATE_NOOP(
    "errors", "{field_caption} must be between {minimum} and {maximum}."
)
TOO_SMALL = QT_TRANSLATE_NOOP("errors", "{field_caption} must be at least {minimum}.")
NOT_A_CHOICE = QT_TRANSLATE_NOOP("errors", "{field_caption} cannot be {value}.")


def table(key: str) -> MasterTable:
    """The declaration of a master-data table."""
    return TABLES_BY_KEY[key]


def _model(key: str) -> Any:
    return MODELS[key]


def _to_row(tbl: MasterTable, obj: Any) -> Row:
    row: Row = {}
    for f in tbl.fields:
        value = getattr(obj, f.name)
        if f.kind == "ref" and value is None:
            value = ""
        row[f.name] = value
    return row


def list_rows(ctx: AppContext, key: str, parent_code: str | None = None) -> list[Row]:
    """Every row of a master-data table (of one parent for detail tables), sorted by key."""
    tbl = table(key)
    model = _model(key)
    with ctx.db.read() as s:
        stmt = select(model)
        if tbl.parent and parent_code is not None:
            stmt = stmt.where(getattr(model, tbl.pk_fields[0].name) == parent_code)
        stmt = stmt.order_by(*(getattr(model, f.name) for f in tbl.pk_fields))
        return [_to_row(tbl, obj) for obj in s.scalars(stmt)]


def _clean_value(s: Session, f: MasterField, value: Any) -> Any:
    caption = f.label
    if f.kind == "code":
        code = normalize_code(value, max_len=f.max_len, field=f.name, caption=caption)
        if f.required and not code:
            raise ValidationError(NOT_BLANK, field=f.name, field_caption=caption)
        return code
    if f.kind == "ref":
        code = normalize_code(value, max_len=f.max_len, field=f.name, caption=caption)
        if not code:
            if f.required:
                raise ValidationError(NOT_BLANK, field=f.name, field_caption=caption)
            return "" if f.primary_key else None
        assert f.ref_table is not None
        target = MODELS.get(f.ref_table)
        if target is not None and s.get(target, code) is None:
            raise ValidationError(
                DOES_NOT_EXIST, field=f.name, table=TABLES_BY_KEY[f.ref_table].caption, code=code
            )
        return code
    if f.kind == "text":
        text = check_text(value, max_len=f.max_len, field=f.name, caption=caption)
        if f.required and not text.strip():
            raise ValidationError(NOT_BLANK, field=f.name, field_caption=caption)
        if f.date_formula:
            return date_formula.normalize(text, field=f.name, caption=caption)
        return text
    if f.kind == "bool":
        return bool(value)
    if f.kind == "choice":
        allowed = {c[0] for c in f.choices}
        value = "" if value is None else str(value)
        if value not in allowed:
            raise ValidationError(NOT_A_CHOICE, field=f.name, field_caption=caption, value=value)
        return value
    if f.kind == "int":
        try:
            number = int(str(value).strip() or "0") if not isinstance(value, int) else value
        except ValueError as exc:
            raise ValidationError(NOT_A_NUMBER, field=f.name, field_caption=caption) from exc
        _check_range(f, number)
        return number
    if f.kind == "decimal":
        try:
            dec = Decimal(str(value).strip() or "0")
        except InvalidOperation as exc:
            raise ValidationError(NOT_A_DECIMAL, field=f.name, field_caption=caption) from exc
        _check_range(f, dec)
        return dec
    raise AssertionError(f.kind)


def _check_range(f: MasterField, number: int | Decimal) -> None:
    if f.minimum is not None and f.maximum is not None and not f.minimum <= number <= f.maximum:
        raise ValidationError(
            OUT_OF_RANGE, field=f.name, field_caption=f.label, minimum=f.minimum, maximum=f.maximum
        )
    if f.minimum is not None and number < f.minimum:
        raise ValidationError(TOO_SMALL, field=f.name, field_caption=f.label, minimum=f.minimum)


def _pk_of(tbl: MasterTable, values: Row) -> tuple[Any, ...]:
    return tuple(values[f.name] for f in tbl.pk_fields)


def save_row(ctx: AppContext, key: str, values: Row, original: Row | None = None) -> Row:
    """Add a row (original None) or change one; a changed key is a rename. Returns the stored row.

    Raises ValidationError naming the field, ConflictError when the new key exists already,
    NotFoundError when the original row is gone.
    """
    tbl = table(key)
    model = _model(key)
    with ctx.db.uow() as s:
        clean = {f.name: _clean_value(s, f, values.get(f.name)) for f in tbl.fields}
        new_pk = _pk_of(tbl, clean)
        if original is None:
            if s.get(model, new_pk) is not None:
                raise ConflictError(
                    ALREADY_EXISTS,
                    field=tbl.pk_fields[-1].name,
                    table=tbl.caption,
                    code=" ".join(map(str, new_pk)),
                )
            obj = model(**clean)
            s.add(obj)
        else:
            old_pk = _pk_of(tbl, {f.name: _orig_value(f, original) for f in tbl.pk_fields})
            obj = s.get(model, old_pk)
            if obj is None:
                raise NotFoundError(
                    DOES_NOT_EXIST, table=tbl.caption, code=" ".join(map(str, old_pk))
                )
            if new_pk != old_pk:
                _rename(s, tbl, old_pk, new_pk)
                s.expire_all()
                obj = s.get(model, new_pk)
            for name, value in clean.items():
                setattr(obj, name, value)
        s.flush()
        return _to_row(tbl, obj)


def _orig_value(f: MasterField, original: Row) -> Any:
    value = original.get(f.name)
    if f.kind in ("code", "ref"):
        return (value or "").strip().upper()
    return value


def rename(ctx: AppContext, key: str, old_code: str, new_code: str) -> None:
    """Rename a code; every record that refers to it follows. Raises ConflictError if taken."""
    tbl = table(key)
    with ctx.db.uow() as s:
        pk_field = tbl.pk_fields[0]
        new = _clean_value(s, pk_field, new_code)
        old = old_code.strip().upper()
        if s.get(_model(key), old) is None:
            raise NotFoundError(DOES_NOT_EXIST, table=tbl.caption, code=old)
        _rename(s, tbl, (old,), (new,))


def _rename(s: Session, tbl: MasterTable, old_pk: tuple[Any, ...], new_pk: tuple[Any, ...]) -> None:
    model = _model(tbl.key)
    if s.get(model, new_pk) is not None:
        raise ConflictError(
            ALREADY_EXISTS,
            field=tbl.pk_fields[-1].name,
            table=tbl.caption,
            code=" ".join(map(str, new_pk)),
        )
    pk_cols = [getattr(model, f.name) for f in tbl.pk_fields]
    conds = [c == v for c, v in zip(pk_cols, old_pk, strict=True)]
    s.flush()
    # Foreign keys declared ON UPDATE CASCADE carry the new code to every referring row.
    s.execute(
        update(model)
        .where(*conds)
        .values({f.name: v for f, v in zip(tbl.pk_fields, new_pk, strict=True)})
        .execution_options(synchronize_session=False)
    )
    if tbl.key == "language":
        # A salutation formula's blank language is '' and part of its key, not a foreign key.
        s.execute(
            update(m.SalutationFormula)
            .where(m.SalutationFormula.language_code == old_pk[0])
            .values(language_code=new_pk[0])
            .execution_options(synchronize_session=False)
        )


def references_to(s: Session, table_name: str, pk: tuple[Any, ...]) -> dict[str, int]:
    """Count the rows that refer to a row and would block its deletion, per referring table."""
    target = m.Base.metadata.tables[table_name]
    counts: dict[str, int] = {}
    for other in m.Base.metadata.sorted_tables:
        for fk in other.foreign_key_constraints:
            if fk.referred_table is not target or (fk.ondelete or "").upper() == "CASCADE":
                continue
            cols = list(fk.columns)
            referred = [e.column for e in fk.elements]
            pk_names = [c.name for c in target.primary_key.columns]
            values = dict(zip(pk_names, pk, strict=True))
            conds = [c == values[r.name] for c, r in zip(cols, referred, strict=True)]
            if other is target:
                conds.append(other.primary_key.columns[0] != values[pk_names[0]])
            n = s.scalar(select(func.count()).select_from(other).where(*conds)) or 0
            if n:
                counts[other.name] = counts.get(other.name, 0) + n
    if table_name == "language":
        n = (
            s.scalar(
                select(func.count())
                .select_from(m.SalutationFormula)
                .where(m.SalutationFormula.language_code == pk[0])
            )
            or 0
        )
        if n:
            counts["salutation_formula"] = n
    return counts


def describe_references(counts: dict[str, int]) -> str:
    """'3 Contacts, 1 Marketing Setup' for a delete refusal."""
    return ", ".join(f"{n} {TABLE_CAPTIONS.get(name, name)}" for name, n in counts.items())


STAGE_IN_USE = QT_TRANSLATE_NOOP(
    "errors",
    "You cannot delete stage {stage} of sales cycle {code}: {count} open opportunities are at it.",
)


def _check_stage_unused(s: Session, pk: tuple[Any, ...]) -> None:
    """BC: a stage with active opportunity entries (of open opportunities) cannot be deleted."""
    code, stage = pk
    count = (
        s.scalar(
            select(func.count())
            .select_from(m.OpportunityEntry)
            .join(m.Opportunity, m.Opportunity.no == m.OpportunityEntry.opportunity_no)
            .where(
                m.OpportunityEntry.active.is_(True),
                m.OpportunityEntry.sales_cycle_code == code,
                m.OpportunityEntry.sales_cycle_stage == stage,
                m.Opportunity.closed.is_(False),
            )
        )
        or 0
    )
    if count:
        raise ReferencedError(STAGE_IN_USE, field="stage", stage=stage, code=code, count=count)


def delete_row(ctx: AppContext, key: str, pk: tuple[Any, ...]) -> None:
    """Delete a row; refused with the list of what refers to it (ReferencedError)."""
    tbl = table(key)
    model = _model(key)
    with ctx.db.uow() as s:
        obj = s.get(model, pk)
        code = " ".join(str(p) for p in pk if p != "")
        if obj is None:
            raise NotFoundError(DOES_NOT_EXIST, table=tbl.caption, code=code)
        if key == "sales_cycle_stage":
            _check_stage_unused(s, pk)
        counts = references_to(s, model.__tablename__, pk)
        if counts:
            raise ReferencedError(
                STILL_REFERENCED, table=tbl.caption, code=code, users=describe_references(counts)
            )
        s.delete(obj)
