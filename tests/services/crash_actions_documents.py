"""Crash-harness actions of the documents capability (issue 20): a sales quote made into an order,
then into an invoice, then printed with its log entry.

Used by tests/services/crash_actions.py (see its docstring for the protocol). Each step is one user
action (one transaction), so a kill may stop the chain between steps; what must hold is that each
step happened whole or not at all: one document per tag (a conversion never leaves both the source
and the target), lines copied whole (same count, same amount), and an invoice is locked exactly
when it has its one log entry. A chain killed between steps stays where it stopped (a quote, an
order, an unprinted invoice): a later tag's checks still apply to it, but it is not "unexpected".
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from crm_desktop.services.app import AppContext
from crm_desktop.storage import models as m

ON = dt.date(2026, 11, 27)
PREFIX = "KILLDOC "
LINES = 3


def _has(module: str, *names: str) -> bool:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return False
    return all(hasattr(mod, n) for n in names)


@dataclass
class MakeOrderInvoicePrint:
    """Quote → Make Order → Make Invoice → Print with log (documents service)."""

    name: str = "document_chain"

    def missing(self) -> str | None:
        if not _has("crm_desktop.services.documents", "make_order", "record_output"):
            return "documents.make_order/record_output"
        return None

    def prepare(self, ctx: AppContext) -> None:
        from crm_desktop.services import setup
        from crm_desktop.services.sync import accounts

        with ctx.db.read() as s:
            exists = s.scalar(select(m.Customer.no).where(m.Customer.name == "Kill Doc Customer"))
        if exists is None:
            accounts.create_record(ctx, "customer", {"name": "Kill Doc Customer"})
        setup.update_user_setup(ctx, work_date=ON)

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services import documents

        with ctx.db.read() as s:
            customer = s.scalar(select(m.Customer.no).where(m.Customer.name == "Kill Doc Customer"))
        quote = documents.create_document(ctx, "sales_quote", customer_no=customer)
        documents.update_header(ctx, "sales_quote", quote.no, {"your_reference": PREFIX + tag})
        for i in range(LINES):
            documents.add_line(
                ctx,
                "sales_quote",
                quote.no,
                {"description": f"Line {i}", "quantity": i + 1, "unit_price": "12.50"},
            )
        order = documents.make_order(ctx, "sales_quote", quote.no)
        invoice = documents.make_invoice(ctx, "sales_order", order.no)
        documents.record_output(
            ctx, "sales_invoice", invoice.no, "print", log=True, pdf=b"%PDF-1.4 " + tag.encode()
        )

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        problems: list[str] = []
        full = sum((Decimal("12.50") * (i + 1) for i in range(LINES)), Decimal(0))
        with ctx.db.read() as s:
            headers = list(
                s.scalars(
                    select(m.DocumentHeader).where(
                        m.DocumentHeader.your_reference.like(PREFIX + "%")
                    )
                )
            )
            by_tag: dict[str, list[m.DocumentHeader]] = {}
            for h in headers:
                by_tag.setdefault(h.your_reference.removeprefix(PREFIX), []).append(h)
            for tag, docs in by_tag.items():
                if len(docs) != 1:
                    kinds = [d.document_type for d in docs]
                    problems.append(f"document_chain: {tag} is in {len(docs)} documents {kinds}")
                    continue
                doc = docs[0]
                lines = list(
                    s.scalars(select(m.DocumentLine).where(m.DocumentLine.document_id == doc.id))
                )
                logged = s.scalar(
                    select(func.count())
                    .select_from(m.InteractionLogEntry)
                    .where(m.InteractionLogEntry.document_no == doc.no)
                )
                if doc.document_type != "sales_quote":
                    total = sum((ln.line_amount for ln in lines), Decimal(0))
                    if len(lines) != LINES or total != full:
                        problems.append(
                            f"document_chain: {tag} {doc.document_type} {doc.no} has "
                            f"{len(lines)} lines, {total} (expected {LINES}, {full})"
                        )
                if doc.document_type == "sales_invoice" and bool(doc.locked) != (logged == 1):
                    problems.append(
                        f"document_chain: {tag} invoice {doc.no} locked={doc.locked} "
                        f"with {logged} log entries"
                    )
            for tag in done:
                docs = by_tag.get(tag, [])
                if len(docs) != 1 or docs[0].document_type != "sales_invoice" or not docs[0].locked:
                    problems.append(
                        f"document_chain: {tag} finished but is {docs and docs[0].document_type}"
                    )
        return problems


ACTIONS = (MakeOrderInvoicePrint(),)

# A half-done print for test_the_checks_catch_a_partial_write: an invoice locked without its log
# entry and without its copied lines.
HALF_DONE = {
    "document_chain": "INSERT INTO document_header (document_type, no, your_reference, locked, "
    "document_date) VALUES ('sales_invoice', 'XKILL1', 'KILLDOC 9-9', 1, '2026-11-27')",
}
