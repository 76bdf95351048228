"""What printing or sending a document does to the data (issue 20, spec §4.4, §4.5): lock an
invoice or credit memo for good, and log the interaction through the one logging service.

The PDF itself is drawn by the screen (ui/, through the shared page layout: Qt stays out of
services); the screen passes its bytes here, and they become the log entry's attachment.

- Preview: a draft; nothing is locked; only a sales invoice's draft is logged (with the Sales
  Draft Invoices template), as BC's Draft Invoice report.
- Print (Hard Copy) and Send (Email) are final: they lock an invoice or credit memo and log with
  the document type's template, dated the day it was printed or sent, not the document date.
  Send logs exactly one entry, with the document's template, never E-Mails / E-Mail Draft.
- The contact: the document's bill-to contact (sales) or buy-from contact (purchase) when set,
  else the customer's or vendor's contact through the business relation.
- With no template for the kind, the Log Interaction box is disabled and nothing is logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from crm_desktop.domain import documents as rules
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.documents.edit import lock_in
from crm_desktop.services.documents.rows import get_in
from crm_desktop.services.interactions.attachments import NewAttachment
from crm_desktop.services.interactions.log import Account, log_in, template_of_kind_in
from crm_desktop.storage import models as m

CORRESPONDENCE = {rules.PREVIEW: "hard_copy", rules.PRINT: "hard_copy", rules.SEND: "email"}
UNKNOWN_MODE = QT_TRANSLATE_NOOP("documents", "There is no output {mode}.")


@dataclass(frozen=True)
class LogChoice:
    """The Log Interaction checkbox: enabled (and ticked by default) only with a template."""

    enabled: bool
    default: bool
    template_code: str


@dataclass(frozen=True)
class OutputDone:
    """What Print/Send/Preview did: whether the document is now locked, the new log entry
    (None when nothing was logged) and the contact it was logged against."""

    locked: bool
    entry_no: int | None
    contact_no: str | None


def _check_mode(mode: str) -> None:
    if mode not in rules.OUTPUT_MODES:
        raise ValidationError(UNKNOWN_MODE, field="mode", mode=mode)


def log_choice(ctx: AppContext, document_type: str, mode: str) -> LogChoice:
    """How the Log Interaction checkbox looks for a document type and output mode."""
    _check_mode(mode)
    kind = rules.log_kind(rules.document_type(document_type).code, mode)
    with ctx.db.read() as s:
        code = template_of_kind_in(s, kind) if kind else ""
    return LogChoice(bool(code), bool(code), code)


def log_account(header: m.DocumentHeader) -> Account:
    """Who a document is logged against (spec §4.5)."""
    if rules.document_type(header.document_type).is_sales:
        if header.bill_to_contact_no:
            return Account("contact", header.bill_to_contact_no)
        if header.customer_no:
            return Account("customer", header.customer_no)
        return Account("contact", header.sell_to_contact_no or "")
    if header.buy_from_contact_no:
        return Account("contact", header.buy_from_contact_no)
    return Account("vendor", header.vendor_no or "")


def record_output_in(
    s: Session,
    ctx: AppContext,
    header: m.DocumentHeader,
    mode: str,
    *,
    log: bool,
    pdf: bytes | None = None,
    now: dt.datetime | None = None,
) -> OutputDone:
    _check_mode(mode)
    code = rules.document_type(header.document_type).code
    if mode != rules.PREVIEW:
        lock_in(s, header)
    entry_no: int | None = None
    contact_no: str | None = None
    kind = rules.log_kind(code, mode)
    if log and kind:
        attachment = NewAttachment(f"{header.no}.pdf", pdf) if pdf else None
        outcome = log_in(
            s, ctx, kind, log_account(header),
            salesperson_code=header.salesperson_code or "",
            # The timeline shows the description: name the document, not only the template.
            description=f"{rules.document_type(code).label} {header.no}",
            document_no=header.no,
            correspondence_type=CORRESPONDENCE[mode],
            attachment=attachment,
            now=now,
        )  # fmt: skip
        entry_no, contact_no = outcome.entry_no, outcome.contact_no
    return OutputDone(header.locked, entry_no, contact_no)


def record_output(
    ctx: AppContext,
    document_type: str,
    no: str,
    mode: str,
    *,
    log: bool,
    pdf: bytes | None = None,
    now: dt.datetime | None = None,
) -> OutputDone:
    """Preview, Print or Send happened (the screen made the PDF): lock and log in one
    transaction. Raises ValidationError (privacy-blocked contact, unknown mode), NotFoundError."""
    with ctx.db.uow() as s:
        return record_output_in(
            s, ctx, get_in(s, document_type, no), mode, log=log, pdf=pdf, now=now
        )
