"""The one logging service (BC's SegManagement.LogInteraction / LogDocument, spec §4.4, §4.5).

Every feature that records a contact moment calls `log_kind` (one user action) or `log_in`
(inside the caller's transaction, e.g. a document printed and locked in the same step):

    outcome = log_kind(ctx, "sales_invoices", Account("customer", "C00010"),
                       document_no="1001", correspondence_type="hard_copy",
                       attachment=NewAttachment("1001.pdf", pdf_bytes))

`kind_field` is an Interaction Template Setup field. When it names no template nothing is
logged, as in BC; unlike BC we say so: `outcome.note` holds the sentence the first time each
kind is skipped in this run (the GUI shows it once, the command line prints it as `note:`).
A manual interaction passes its template code instead (`template_code=`).
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain import interactions as rules
from crm_desktop.domain.errors import DOES_NOT_EXIST, NotFoundError, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.interactions.attachments import NewAttachment, store_in
from crm_desktop.services.sync.from_contact import PRIVACY_BLOCKED
from crm_desktop.storage import models as m

AccountTable = Literal["contact", "customer", "vendor", "bank_account", "employee"]
CONTACT_CAPTION = QT_TRANSLATE_NOOP("masterdata", "Contact")
TEMPLATE_CAPTION = QT_TRANSLATE_NOOP("masterdata", "Interaction Template")
SALESPERSON_CAPTION = QT_TRANSLATE_NOOP("masterdata", "Salesperson")
KIND_CAPTIONS = {
    "e_mails": QT_TRANSLATE_NOOP("interactions", "e-mails"),
    "e_mail_draft": QT_TRANSLATE_NOOP("interactions", "e-mail drafts"),
    "outg_calls": QT_TRANSLATE_NOOP("interactions", "outgoing calls"),
    "meeting_invitation": QT_TRANSLATE_NOOP("interactions", "meeting invitations"),
    "cover_sheets": QT_TRANSLATE_NOOP("interactions", "cover sheets"),
}

_SKIPPED_NOTED: set[str] = set()


@dataclass(frozen=True)
class Account:
    """Who the interaction is with: a contact, or a customer/vendor/... through its contact."""

    table: AccountTable
    no: str


@dataclass(frozen=True)
class LogOutcome:
    """What logging did: the new entry's number (None when nothing was logged), and the note
    to show when it was skipped for want of a template (None after the first time per kind)."""

    entry_no: int | None
    contact_no: str | None = None
    note: str | None = None
    note_params: dict[str, str] | None = None


def forget_notes() -> None:
    """Start a new run: every skipped kind is said again once (the app calls it at start)."""
    _SKIPPED_NOTED.clear()


def current_user() -> str:
    """The User ID put on entries: the operating-system login (team mode: the database login)."""
    try:
        return getpass.getuser()[:50]
    except (KeyError, OSError):
        return ""


def resolve_contact_in(s: Session, account: Account) -> m.Contact | None:
    """The contact to log against (spec §4.5): a contact itself (refused when it does not
    exist), or the contact of a customer/vendor/bank account/employee's business relation
    (None when it has none: nothing is logged)."""
    if account.table == "contact":
        contact = s.get(m.Contact, account.no)
        if contact is None:
            raise NotFoundError(
                DOES_NOT_EXIST, field="contact_no", table=CONTACT_CAPTION, code=account.no
            )
        return contact
    no = s.scalars(
        select(m.ContactBusinessRelation.contact_no).where(
            m.ContactBusinessRelation.link_to_table == account.table,
            m.ContactBusinessRelation.no == account.no,
        )
    ).first()
    return s.get(m.Contact, no) if no else None


def template_of_kind_in(s: Session, kind_field: str) -> str:
    """The template the Interaction Template Setup names for a kind ('' when none)."""
    if kind_field not in rules.SETUP_KINDS:
        raise KeyError(kind_field)
    row = s.get(m.InteractionTemplateSetup, 1)
    return (getattr(row, kind_field) or "") if row else ""


def template_values_in(s: Session, code: str) -> rules.TemplateValues:
    """A template's values as the rules take them; NotFoundError when it does not exist."""
    t = s.get(m.InteractionTemplate, code)
    if t is None:
        raise NotFoundError(
            DOES_NOT_EXIST,
            field="interaction_template_code",
            table=TEMPLATE_CAPTION,
            code=code,
        )
    return rules.TemplateValues(
        code=t.code,
        group_code=t.interaction_group_code,
        description=t.description,
        unit_cost_lcy=Decimal(t.unit_cost_lcy or 0),
        unit_duration_min=int(t.unit_duration_min or 0),
        information_flow=t.information_flow,
        initiated_by=t.initiated_by,
        correspondence_type=t.correspondence_type,
        campaign_target=t.campaign_target,
        campaign_response=t.campaign_response,
        wizard_action=t.wizard_action,
        language_code=t.language_code or "",
    )


def check_system_template_in(s: Session, code: str) -> None:
    """Refuse a template with language rows for system logging (SegManagement's error)."""
    language = s.scalars(
        select(m.InteractionTmplLanguage.language_code)
        .where(m.InteractionTmplLanguage.interaction_template_code == code)
        .order_by(m.InteractionTmplLanguage.language_code)
    ).first()
    if language is not None:
        raise ValidationError(
            rules.LANGUAGE_ON_SYSTEM_TEMPLATE,
            field="interaction_template_code",
            template=code,
            language=language or "''",
        )


def _skipped(kind_field: str) -> LogOutcome:
    if kind_field in _SKIPPED_NOTED:
        return LogOutcome(None)
    _SKIPPED_NOTED.add(kind_field)
    kind = KIND_CAPTIONS.get(kind_field) or rules.setup_kind(kind_field)[0] or kind_field
    return LogOutcome(None, note=rules.NO_TEMPLATE_NOTE, note_params={"kind": kind})


def write_entry_in(
    s: Session,
    ctx: AppContext,
    contact: m.Contact,
    draft: rules.InteractionDraft,
    *,
    manual: bool,
    postponed: bool = False,
    attachment: NewAttachment | None = None,
    attachment_no: int | None = None,
    entry: m.InteractionLogEntry | None = None,
) -> m.InteractionLogEntry:
    """Check and write one entry (a new one, or `entry` when a postponed one is resumed).

    Refuses a privacy-blocked contact, a missing template/description (manual: salesperson
    too) in BC's words, and codes that do not exist."""
    if contact.privacy_blocked:
        raise ValidationError(
            PRIVACY_BLOCKED, field="privacy_blocked", no=contact.no, name=contact.name
        )
    checked = rules.check_draft(draft, manual=manual)
    template = s.get(m.InteractionTemplate, checked.template_code)
    if template is None:
        raise NotFoundError(
            DOES_NOT_EXIST,
            field="interaction_template_code",
            table=TEMPLATE_CAPTION,
            code=checked.template_code,
        )
    if checked.salesperson_code and s.get(m.Salesperson, checked.salesperson_code) is None:
        raise NotFoundError(
            DOES_NOT_EXIST,
            field="salesperson_code",
            table=SALESPERSON_CAPTION,
            code=checked.salesperson_code,
        )
    language = checked.language_code or contact.language_code or ""
    if language and s.get(m.Language, language) is None:
        language = ""
    if attachment is not None:
        attachment_no = store_in(s, ctx, attachment)
    if entry is None:
        entry = m.InteractionLogEntry()
        s.add(entry)
    entry.contact_no = contact.no
    entry.contact_company_no = (
        contact.no if contact.type == "company" else contact.company_no
    ) or None
    entry.date = checked.date
    entry.time_of_interaction = checked.time_of_interaction
    entry.description = checked.description
    entry.subject = checked.subject
    entry.information_flow = checked.information_flow
    entry.initiated_by = checked.initiated_by
    entry.attachment_no = attachment_no if attachment_no is not None else entry.attachment_no
    entry.cost_lcy = checked.cost_lcy
    entry.duration_min = checked.duration_min
    entry.user_id = current_user()
    entry.interaction_group_code = template.interaction_group_code
    entry.interaction_template_code = template.code
    entry.campaign_no = checked.campaign_no
    entry.campaign_target = checked.campaign_target
    entry.campaign_response = checked.campaign_response
    entry.segment_no = checked.segment_no
    entry.evaluation = checked.evaluation
    entry.attempt_failed = checked.attempt_failed
    entry.task_no = checked.task_no
    entry.salesperson_code = checked.salesperson_code or None
    entry.canceled = False
    entry.postponed = postponed
    entry.correspondence_type = checked.correspondence_type
    entry.document_type = checked.document_type
    entry.document_no = checked.document_no
    entry.contact_via = checked.contact_via
    entry.interaction_language_code = language or None
    entry.opportunity_no = checked.opportunity_no
    entry.kind = checked.kind
    s.flush()
    return entry


def log_in(
    s: Session,
    ctx: AppContext,
    kind_field: str,
    account: Account,
    *,
    description: str = "",
    salesperson_code: str = "",
    document_no: str = "",
    correspondence_type: str | None = None,
    contact_via: str = "",
    subject: str = "",
    duration_min: int | None = None,
    attempt_failed: bool = False,
    information_flow: str | None = None,
    initiated_by: str | None = None,
    campaign_no: str = "",
    opportunity_no: str = "",
    attachment: NewAttachment | None = None,
    now: dt.datetime | None = None,
    template_code: str = "",
    kind: str = "",
) -> LogOutcome:
    """Log one interaction of a setup kind inside the caller's transaction (LogDocument).

    Nothing is logged (and the note is given once) when the setup names no template, or when
    the account has no contact. Raises ValidationError for a template with language rows
    (SegManagement's message) and for a privacy-blocked contact.

    `template_code` logs with a template the setup does not name (an incoming call, a held
    meeting, a letter); `kind` then says what it is and `kind_field` may be ''."""
    code = template_code or template_of_kind_in(s, kind_field)
    if not code:
        return _skipped(kind_field)
    if kind_field in rules.SYSTEM_SETUP_FIELDS:
        check_system_template_in(s, code)
    contact = resolve_contact_in(s, account)
    if contact is None:
        return LogOutcome(None)
    when = now or dt.datetime.now()
    document_type, kind = rules.setup_kind(kind_field) if kind_field else ("", kind)
    salesperson = salesperson_code or (contact.salesperson_code or "")
    draft = rules.from_template(
        rules.InteractionDraft(
            contact_no=contact.no,
            template_code=code,
            date=when.date(),
            time_of_interaction=when.time().replace(microsecond=0),
            description=description,
            salesperson_code=salesperson,
            kind=kind,
            document_type=document_type,
            document_no=document_no,
            contact_via=contact_via,
            subject=subject,
            attempt_failed=attempt_failed,
            opportunity_no=opportunity_no,
        ),
        template_values_in(s, code),
    )
    overrides: dict[str, object] = {}
    if correspondence_type is not None:
        overrides["correspondence_type"] = correspondence_type
    if duration_min is not None:
        overrides["duration_min"] = duration_min
    if information_flow is not None:
        overrides["information_flow"] = information_flow
    if initiated_by is not None:
        overrides["initiated_by"] = initiated_by
    if campaign_no:
        overrides["campaign_no"] = campaign_no
    draft = replace(draft, **overrides)  # type: ignore[arg-type]
    entry = write_entry_in(s, ctx, contact, draft, manual=False, attachment=attachment)
    return LogOutcome(entry.entry_no, contact.no)


def log_kind(ctx: AppContext, kind_field: str, account: Account, **values: object) -> LogOutcome:
    """`log_in` as one user action (its own transaction)."""
    with ctx.db.uow() as s:
        return log_in(s, ctx, kind_field, account, **values)  # type: ignore[arg-type]


def note_text(outcome: LogOutcome) -> str | None:
    """The English note of a skipped kind (None when there is nothing to say); the command
    line prints it as `note: <text>`, the GUI translates `outcome.note` itself."""
    if outcome.note is None:
        return None
    return outcome.note.format(**(outcome.note_params or {}))
