"""Which codes a reference field may name, with their descriptions, for code combos."""

from __future__ import annotations

from typing import Any

from crm_desktop.domain.masterdata import TABLES_BY_KEY
from crm_desktop.services import masterdata
from crm_desktop.services import numbering as numbering_service
from crm_desktop.services import setup as setup_service
from crm_desktop.services.app import AppContext

CodeChoice = tuple[str, str]  # (code, description)


def _describe(row: Any) -> str:
    get = row.get if isinstance(row, dict) else lambda k, d="": getattr(row, k, d)
    for key in ("description", "name"):
        text = get(key, "")
        if text:
            return str(text)
    return ""


def _code_of(row: Any) -> str:
    return str(row["code"] if isinstance(row, dict) else row.code)


def _no_series(ctx: AppContext) -> list[CodeChoice]:
    # The numbering service lists series once it has a list view; until then the series the
    # setup names are the ones we know.
    lister = getattr(numbering_service, "list_series", None)
    if lister is not None:
        return [(_code_of(r), _describe(r)) for r in lister(ctx)]
    values = setup_service.get_marketing_setup(ctx)
    names = ("contact_nos", "opportunity_nos", "campaign_nos", "segment_nos", "task_nos")
    return [(code, "") for code in sorted({values[n] for n in names if values.get(n)})]


def code_choices(ctx: AppContext, ref_table: str) -> list[CodeChoice]:
    """Every code of `ref_table` with its description, sorted by code."""
    if ref_table == "no_series":
        return _no_series(ctx)
    if ref_table in TABLES_BY_KEY:
        return [(_code_of(r), _describe(r)) for r in masterdata.list_rows(ctx, ref_table)]
    raise KeyError(ref_table)
