"""Letters and cover sheets: what a letter to a contact says (address block, the formal or
informal salutation in the contact's language, spec §9), the Word template's merge fields
filled, and the file logged (LETTER template, which the setup has no field for; cover sheets
with the setup's Cover Sheets template)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from crm_desktop.domain.communications import (
    MERGE_FIELDS,
    address_lines,
    shorten_at_word,
    split_emails,
)
from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.salutations import FORMAL
from crm_desktop.services.contacts.queries import get_salutation
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.interactions.attachments import NewAttachment, read_attachment
from crm_desktop.services.interactions.create import template_attachment
from crm_desktop.services.interactions.log import Account, LogOutcome, log_in, resolve_contact_in
from crm_desktop.services.setup import work_date
from crm_desktop.storage import models as m

LETTER_TEMPLATE = "LETTER"


@dataclass(frozen=True)
class LetterData:
    """What a letter to a contact is made of."""

    contact_no: str
    name: str
    address: tuple[str, ...]
    salutation: str
    date: str
    language_code: str
    sender: tuple[str, ...]  # the salesperson's name, e-mail, phone for the page header


def letter_data(ctx: AppContext, account: Account, salutation_type: str = FORMAL) -> LetterData:
    """The contact's address block and salutation of `salutation_type` in its language (an
    empty salutation when no formula is set up; the dialog lets the user type one)."""
    with ctx.db.read() as s:
        contact = resolve_contact_in(s, account)
        assert contact is not None
        lines = address_lines(
            contact.name,
            contact.name_2,
            contact.company_name,
            contact.address,
            contact.address_2,
            contact.post_code,
            contact.city,
            contact.country_region_code or "",
            is_person=contact.type == "person",
        )
        code = contact.salesperson_code or ""
        mine = s.get(m.UserSetup, 1)
        code = (mine.salesperson_code if mine else None) or code
        person = s.get(m.Salesperson, code) if code else None
        first_email = split_emails(person.email or "")[:1] if person else []
        sender = tuple(
            v for v in ((person.name, *first_email, person.phone_no) if person else ()) if v
        )
        no, name, language = contact.no, contact.name, contact.language_code or ""
    try:
        salutation = get_salutation(ctx, no, salutation_type)
    except CrmError:  # no formula set up: the user types it
        salutation = ""
    return LetterData(
        no, name, tuple(lines), salutation, work_date(ctx).isoformat(), language, sender
    )


def word_template(ctx: AppContext, language_code: str) -> tuple[str, bytes] | None:
    """The LETTER template's `.docx` attachment (the language's, else the blank one)."""
    no = template_attachment(ctx, LETTER_TEMPLATE, language_code)
    if no is None:
        return None
    name, data = read_attachment(ctx, no)
    return (name, data) if name.lower().endswith(".docx") else None


def fill_docx(template: bytes, values: dict[str, str]) -> bytes:
    """The Word template with its MERGEFIELDs (Name, Salutation, Address, Date) filled."""
    from mailmerge import MailMerge  # docx-mailmerge2 (MIT)

    out = io.BytesIO()
    doc: Any
    with MailMerge(io.BytesIO(template)) as doc:
        doc.merge(**{k: values.get(k, "") for k in MERGE_FIELDS})
        doc.write(out)
    return out.getvalue()


def merge_values(letter: LetterData, salutation: str) -> dict[str, str]:
    """The merge fields of a letter."""
    return {
        "Name": letter.name,
        "Salutation": salutation,
        "Address": "\n".join(letter.address),
        "Date": letter.date,
    }


def log_letter(
    ctx: AppContext,
    account: Account,
    *,
    file_name: str,
    data: bytes,
    description: str,
    cover_sheet: bool = False,
) -> LogOutcome:
    """Log a letter (LETTER template) or a cover sheet (the setup's Cover Sheets template)
    with its file as the attachment, as one user action."""
    with ctx.db.uow() as s:
        return log_in(
            s,
            ctx,
            "cover_sheets" if cover_sheet else "",
            account,
            template_code="" if cover_sheet else LETTER_TEMPLATE,
            kind="letter",
            description=shorten_at_word(description),
            correspondence_type="hard_copy",
            attachment=NewAttachment(file_name, data),
        )
