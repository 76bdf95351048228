"""E-mails: a dropped `.eml`/`.msg` matched to contacts and logged, and e-mail drafts.

Matching (issue 19): every address of every contact's E-mail field (split on ';', any case).
A contact holding the address as its own value beats persons that only follow their company's
value; several own holders are a question for the user (`MailTarget.candidates`). Direction:
outbound when From is a salesperson's e-mail (the entries go to the To/Cc contacts), inbound
otherwise (the sender's contact, and To/Cc contacts that are not salespersons). One entry per
contact, the subject as description (shortened at a word), the address as Contact Via, the
file as the attachment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain.communications import (
    NO_EMAIL,
    NOT_A_MAIL,
    is_own_holder,
    shorten_at_word,
    split_emails,
    unique,
)
from crm_desktop.domain.eml import Mail, ReadMail, build_eml, read_eml
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.msg import MsgError, read_msg
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.interactions.attachments import NewAttachment
from crm_desktop.services.interactions.log import Account, LogOutcome, log_in, resolve_contact_in
from crm_desktop.storage import models as m

MAIL_SUFFIXES = (".eml", ".msg")


@dataclass(frozen=True)
class Candidate:
    """A contact that holds an address."""

    no: str
    name: str


@dataclass(frozen=True)
class MailTarget:
    """An address of the mail and the contacts it may mean (one: no question; none: unmatched)."""

    address: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class MailPlan:
    """What logging a mail would do, before any question is answered."""

    mail: ReadMail
    outbound: bool
    salesperson_code: str
    targets: tuple[MailTarget, ...]

    @property
    def unmatched(self) -> list[str]:
        """Addresses no contact holds (salespersons' own excluded)."""
        return [t.address for t in self.targets if not t.candidates]

    @property
    def questions(self) -> list[MailTarget]:
        """Addresses several contacts hold as their own."""
        return [t for t in self.targets if len(t.candidates) > 1]


@dataclass(frozen=True)
class MailLogged:
    """The entries written and the addresses no contact holds."""

    entry_nos: tuple[int, ...]
    contact_nos: tuple[str, ...]
    unmatched: tuple[str, ...]
    outcome: LogOutcome


def read_mail_file(file_name: str, data: bytes) -> ReadMail:
    """Read a `.eml` (standard library) or Outlook `.msg` (olefile) file; ValidationError
    naming the file when it is neither."""
    suffix = PurePath(file_name).suffix.lower()
    try:
        if suffix == ".msg" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return read_msg(data)
        if suffix == ".eml":
            mail = read_eml(data)
            if not (mail.sender or mail.to or mail.subject):
                raise ValueError("no From, To or Subject header")
            return mail
    except (MsgError, ValueError, LookupError) as exc:
        raise ValidationError(NOT_A_MAIL, field="file", file=file_name, reason=str(exc)) from exc
    raise ValidationError(NOT_A_MAIL, field="file", file=file_name, reason=suffix or "?")


def _salespersons_in(s: Session) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, email in s.execute(select(m.Salesperson.code, m.Salesperson.email)):
        for addr in split_emails(email or ""):
            out.setdefault(addr, code)
    return out


def _holders_in(s: Session, addresses: list[str]) -> dict[str, tuple[Candidate, ...]]:
    """For each address, the contacts holding it as their own value (persons that follow
    their company's value only when no contact holds it as its own)."""
    wanted = set(addresses)
    rows = s.execute(
        select(m.Contact.no, m.Contact.name, m.Contact.type, m.Contact.company_no, m.Contact.email)
        .where(m.Contact.email != "")
        .order_by(m.Contact.no)
    ).all()
    company_email = {no: email for no, _n, kind, _c, email in rows if kind == "company"}
    own: dict[str, list[Candidate]] = {a: [] for a in addresses}
    followers: dict[str, list[Candidate]] = {a: [] for a in addresses}
    for no, name, kind, company_no, email in rows:
        for addr in set(split_emails(email)) & wanted:
            company_value = company_email.get(company_no or "") if kind == "person" else None
            holder = Candidate(no, name)
            if is_own_holder(email, company_value, addr):
                own[addr].append(holder)
            else:
                followers[addr].append(holder)
    return {a: tuple(own[a] or followers[a][:1]) for a in addresses}


def plan_mail(ctx: AppContext, mail: ReadMail) -> MailPlan:
    """Match the mail's addresses to contacts (nothing written yet)."""
    with ctx.db.read() as s:
        sales = _salespersons_in(s)
        outbound = mail.sender in sales
        others = [a for a in unique([*mail.to, *mail.cc]) if a not in sales]
        addresses = others if outbound else unique([mail.sender, *others])
        addresses = [a for a in addresses if a]
        holders = _holders_in(s, addresses)
        if outbound:
            salesperson = sales[mail.sender]
        else:
            salesperson = next((sales[a] for a in [*mail.to, *mail.cc] if a in sales), "")
        return MailPlan(
            mail,
            outbound,
            salesperson,
            tuple(MailTarget(a, holders[a]) for a in addresses),
        )


def log_mail(
    ctx: AppContext,
    plan: MailPlan,
    file_name: str,
    data: bytes,
    choices: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> MailLogged:
    """Log the mail as one user action: one entry per matched contact (`choices` answers the
    questions: address -> contact no.; an unanswered question skips that address), with the
    E-Mails template, the file as attachment. Unmatched addresses come back listed."""
    choices = choices or {}
    picked: list[tuple[str, str]] = []
    for target in plan.targets:
        if len(target.candidates) == 1:
            picked.append((target.candidates[0].no, target.address))
        elif len(target.candidates) > 1 and choices.get(target.address):
            picked.append((choices[target.address], target.address))
    seen: set[str] = set()
    entries: list[int] = []
    contacts: list[str] = []
    when = now or (plan.mail.date.astimezone().replace(tzinfo=None) if plan.mail.date else None)
    outcome = LogOutcome(None)
    with ctx.db.uow() as s:
        for contact_no, address in picked:
            if contact_no in seen:
                continue
            seen.add(contact_no)
            outcome = log_in(
                s,
                ctx,
                "e_mails",
                Account("contact", contact_no),
                description=shorten_at_word(plan.mail.subject) or PurePath(file_name).stem,
                subject=shorten_at_word(plan.mail.subject, 100),
                salesperson_code=plan.salesperson_code,
                contact_via=address[:80],
                information_flow="outbound" if plan.outbound else "inbound",
                initiated_by="us" if plan.outbound else "them",
                correspondence_type="email",
                attachment=NewAttachment(PurePath(file_name).name, data),
                now=when,
            )
            if outcome.entry_no is None:
                break
            entries.append(outcome.entry_no)
            contacts.append(contact_no)
    return MailLogged(tuple(entries), tuple(contacts), tuple(plan.unmatched), outcome)


@dataclass(frozen=True)
class Draft:
    """An e-mail draft written for a contact: the file's name and bytes."""

    contact_no: str
    file_name: str
    data: bytes
    to: str


def make_draft(
    ctx: AppContext, account: Account, subject: str, body: str = "", salesperson_code: str = ""
) -> Draft:
    """The `.eml` draft (X-Unsent: 1) to the contact's first address, from the salesperson's
    e-mail when there is one. ValidationError when the contact has no e-mail address."""
    with ctx.db.read() as s:
        contact = resolve_contact_in(s, account)
        if contact is None or not split_emails(contact.email):
            raise ValidationError(
                NO_EMAIL,
                field="email",
                no=contact.no if contact else account.no,
                name=contact.name if contact else "",
            )
        code = salesperson_code or contact.salesperson_code or ""
        person = s.get(m.Salesperson, code) if code else None
        sender = ""
        if person is not None and split_emails(person.email or ""):
            sender = f"{person.name} <{split_emails(person.email)[0]}>"
        to = split_emails(contact.email)[0]
        data = build_eml(
            Mail(sender=sender, to=[f"{contact.name} <{to}>"], subject=subject, body=body),
            draft=True,
        )
        safe = "".join(ch if ch.isalnum() else "-" for ch in contact.no)
        return Draft(contact.no, f"e-mail-{safe}.eml", data, to)


def log_draft(
    ctx: AppContext, draft: Draft, description: str, salesperson_code: str = ""
) -> LogOutcome:
    """Log a written draft with the E-Mails template, the `.eml` as the attachment."""
    with ctx.db.uow() as s:
        return log_in(
            s,
            ctx,
            "e_mails",
            Account("contact", draft.contact_no),
            description=shorten_at_word(description),
            subject=shorten_at_word(description),
            salesperson_code=salesperson_code,
            contact_via=draft.to[:80],
            information_flow="outbound",
            initiated_by="us",
            correspondence_type="email",
            attachment=NewAttachment(draft.file_name, draft.data),
        )
