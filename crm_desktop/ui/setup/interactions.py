"""Interactions: the Interaction Template Setup, which template logs which kind of document."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from crm_desktop.services import setup as setup_service
from crm_desktop.services.app import AppContext
from crm_desktop.ui.common.fields import FieldSpec
from crm_desktop.ui.setup.section import CodeSource, Group, SetupSection

# BC's captions of the Interaction Template Setup fields, by our field name.
CAPTIONS: dict[str, str] = {
    "sales_quotes": QT_TRANSLATE_NOOP("setup", "Sales Quotes"),
    "sales_blnkt_ord": QT_TRANSLATE_NOOP("setup", "Sales Blnkt. Ord"),
    "sales_ord_cnfrmn": QT_TRANSLATE_NOOP("setup", "Sales Ord. Cnfrmn."),
    "sales_invoices": QT_TRANSLATE_NOOP("setup", "Sales Invoices"),
    "sales_shpt_note": QT_TRANSLATE_NOOP("setup", "Sales Shpt. Note"),
    "sales_cr_memo": QT_TRANSLATE_NOOP("setup", "Sales Cr. Memo"),
    "sales_statement": QT_TRANSLATE_NOOP("setup", "Sales Statement"),
    "sales_rmdr": QT_TRANSLATE_NOOP("setup", "Sales Rmdr."),
    "sales_return_order": QT_TRANSLATE_NOOP("setup", "Sales Return Order"),
    "sales_finance_charge_memo": QT_TRANSLATE_NOOP("setup", "Sales Finance Charge Memo"),
    "sales_return_receipt": QT_TRANSLATE_NOOP("setup", "Sales Return Receipt"),
    "sales_draft_invoices": QT_TRANSLATE_NOOP("setup", "Sales Draft Invoices"),
    "purch_quotes": QT_TRANSLATE_NOOP("setup", "Purch. Quotes"),
    "purch_blnkt_ord": QT_TRANSLATE_NOOP("setup", "Purch. Blnkt. Ord."),
    "purch_orders": QT_TRANSLATE_NOOP("setup", "Purch. Orders"),
    "purch_invoices": QT_TRANSLATE_NOOP("setup", "Purch. Invoices"),
    "purch_rcpt": QT_TRANSLATE_NOOP("setup", "Purch. Rcpt."),
    "purch_cr_memos": QT_TRANSLATE_NOOP("setup", "Purch. Cr. Memos"),
    "purch_return_shipment": QT_TRANSLATE_NOOP("setup", "Purch. Return Shipment"),
    "purch_return_ord_cnfrmn": QT_TRANSLATE_NOOP("setup", "Purch. Return Ord. Cnfrmn."),
    "serv_ord_create": QT_TRANSLATE_NOOP("setup", "Service Order Create"),
    "serv_ord_post": QT_TRANSLATE_NOOP("setup", "Service Order Post"),
    "service_contract": QT_TRANSLATE_NOOP("setup", "Service Contract"),
    "service_contract_quote": QT_TRANSLATE_NOOP("setup", "Service Contract Quote"),
    "service_quote": QT_TRANSLATE_NOOP("setup", "Service Quote"),
    "cover_sheets": QT_TRANSLATE_NOOP("setup", "Cover Sheets"),
    "e_mails": QT_TRANSLATE_NOOP("setup", "E-Mails"),
    "e_mail_draft": QT_TRANSLATE_NOOP("setup", "E-Mail Draft"),
    "outg_calls": QT_TRANSLATE_NOOP("setup", "Outg. Calls"),
    "meeting_invitation": QT_TRANSLATE_NOOP("setup", "Meeting Invitation"),
}


def _group_of(name: str) -> int:
    if name.startswith("sales_"):
        return 0
    if name.startswith("purch_"):
        return 1
    if name.startswith(("serv_", "service_")):
        return 2
    return 3


def _spec(name: str) -> FieldSpec:
    label = CAPTIONS.get(name, name.replace("_", " ").capitalize())
    return FieldSpec(name, label, "ref", "setup", max_len=10, ref_table="interaction_template")


class InteractionsSection(SetupSection):
    """One template code per kind of document, in groups Sales, Purchases, Service, Other.

    Its values come from and go to the Interaction Template Setup, not the Marketing Setup."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, codes: CodeSource | None = None
    ) -> None:
        names = list(setup_service.get_interaction_template_setup(ctx))
        titles = [self.tr("Sales"), self.tr("Purchases"), self.tr("Service"), self.tr("Other")]
        groups: list[Group] = [
            (title, [_spec(n) for n in names if _group_of(n) == i])
            for i, title in enumerate(titles)
        ]
        super().__init__(
            ctx,
            parent,
            codes=codes,
            groups=[g for g in groups if g[1]],
            intro=self.tr(
                "When a document of a kind is sent or an e-mail or call is logged, the interaction "
                "is recorded with this template."
            ),
            columns=2,
        )

    def stored_values(self) -> dict[str, Any]:
        """The template codes as stored now."""
        return dict(setup_service.get_interaction_template_setup(self.ctx))
