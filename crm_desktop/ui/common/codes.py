"""Which codes a reference field may name, with their descriptions, for code combos."""

from __future__ import annotations

from typing import Any

from crm_desktop.domain.masterdata import TABLES_BY_KEY
from crm_desktop.services import masterdata
from crm_desktop.services import numbering as numbering_service
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import from_contact

CodeChoice = tuple[str, str]  # (code, description)


def _describe(row: dict[str, Any]) -> str:
    return str(row.get("description") or row.get("name") or "")


def _no_series(ctx: AppContext) -> list[CodeChoice]:
    return [(r.code, r.description) for r in numbering_service.list_series(ctx)]


def code_choices(ctx: AppContext, ref_table: str) -> list[CodeChoice]:
    """Every code of `ref_table` with its description, sorted by code."""
    if ref_table == "no_series":
        return _no_series(ctx)
    if ref_table == "customer_template":
        return [(str(r["code"]), str(r["description"])) for r in from_contact.list_templates(ctx)]
    if ref_table in TABLES_BY_KEY:
        return [(str(r["code"]), _describe(r)) for r in masterdata.list_rows(ctx, ref_table)]
    raise KeyError(ref_table)


class CodeCache:
    """Code lists read once per table until `clear()`: a page with many code combos over the
    same few tables (the setup page has 45) reads each table once, not once per combo."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self._lists: dict[str, list[CodeChoice]] = {}

    def __call__(self, ref_table: str) -> list[CodeChoice]:
        """The codes of a table (from the cache when read since the last clear)."""
        if ref_table not in self._lists:
            self._lists[ref_table] = code_choices(self.ctx, ref_table)
        return self._lists[ref_table]

    def clear(self) -> None:
        """Forget every list (after master data changed)."""
        self._lists.clear()
