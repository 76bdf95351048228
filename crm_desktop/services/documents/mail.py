"""Send a document by e-mail (issue 20): an `.eml` draft (the one writer, domain.eml) with the
PDF attached, saved in the data directory for the desktop's mail program to open.

The recipient is the document's contact's e-mail (bill-to, else sell-to, or buy-from), else
the customer's or vendor's primary contact's, else its company contact's. With none found the
send is refused with a sentence saying so (the screen offers to print instead). Sending locks an
invoice and logs exactly one entry with the document's template (output.record_output_in), in
the same transaction as the file is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from crm_desktop.domain import documents as rules
from crm_desktop.domain.eml import Mail, MailAttachment, build_eml
from crm_desktop.domain.errors import CrmError, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.domain.sync import Kind
from crm_desktop.services.contacts.queries import get_salutation
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.documents.output import record_output_in
from crm_desktop.services.documents.rows import get_in
from crm_desktop.services.sync import relations as rel
from crm_desktop.storage import models as m

OUTBOX = "outbox"
NO_EMAIL = QT_TRANSLATE_NOOP(
    "documents",
    "No e-mail address was found for {type} {no}: neither its contact, nor the primary contact "
    "or the company of {account} has one. Print it instead?",
)
BODY = QT_TRANSLATE_NOOP(
    "documents", "{salutation}\n\nPlease find attached our {type} {no}.\n\nKind regards"
)
DEFAULT_SALUTATION = QT_TRANSLATE_NOOP("documents", "Dear Sir or Madam,")


@dataclass(frozen=True)
class SentDocument:
    """The saved `.eml`, who it is for, and what sending did (lock, log entry)."""

    path: Path
    to: str
    contact_no: str
    locked: bool
    entry_no: int | None


def recipient_in(s: Session, header: m.DocumentHeader) -> tuple[str, str] | None:
    """(contact no., e-mail) of the first contact with an e-mail, in the order above."""
    sales = rules.document_type(header.document_type).is_sales
    candidates: list[str | None] = (
        [header.bill_to_contact_no, header.sell_to_contact_no]
        if sales
        else [header.buy_from_contact_no]
    )
    table: Kind = "customer" if sales else "vendor"
    account_no = header.customer_no if sales else header.vendor_no
    account = (
        (s.get(m.Customer, account_no) if sales else s.get(m.Vendor, account_no))
        if account_no
        else None
    )
    if account is not None:
        candidates.append(account.primary_contact_no)
        candidates.append(rel.contact_no_of_in(s, table, account.no))
    for no in candidates:
        contact = s.get(m.Contact, no) if no else None
        if contact is not None and contact.email.strip():
            return contact.no, contact.email.strip()
    return None


def send_document(
    ctx: AppContext,
    document_type: str,
    no: str,
    pdf: bytes,
    *,
    log: bool,
    sender: str = "",
    now: dt.datetime | None = None,
) -> SentDocument:
    """Write the document's `.eml` draft with its PDF, lock and log it, in one transaction.
    Raises ValidationError (no e-mail found, privacy-blocked contact), NotFoundError."""
    with ctx.db.read() as s:
        header = get_in(s, document_type, no)
        found = recipient_in(s, header)
        kind = rules.document_type(header.document_type)
        account = header.name
    if found is None:
        raise ValidationError(NO_EMAIL, field="email", type=kind.label, no=no, account=account)
    contact_no, email = found
    try:
        salutation = get_salutation(ctx, contact_no, "formal") + ","
    except CrmError:
        salutation = DEFAULT_SALUTATION
    mail = Mail(
        sender=sender,
        to=[email],
        subject=f"{kind.label} {no}",
        body=BODY.format(salutation=salutation, type=kind.label, no=no),
        attachments=[MailAttachment(f"{no}.pdf", pdf, "application/pdf")],
        date=now,
    )
    data = build_eml(mail, draft=True)
    folder = ctx.data_dir / OUTBOX
    path = folder / f"{kind.code}-{no}.eml"
    with ctx.db.uow() as s:
        done = record_output_in(
            s, ctx, get_in(s, document_type, no), rules.SEND, log=log, pdf=pdf, now=now
        )
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return SentDocument(path, email, contact_no, done.locked, done.entry_no)
