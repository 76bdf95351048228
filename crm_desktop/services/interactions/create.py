"""Create Interaction on a contact (BC page 5077), Postpone and Resume, cancel, evaluation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain import interactions as rules
from crm_desktop.domain.errors import DOES_NOT_EXIST, NotFoundError, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.interactions.attachments import NewAttachment
from crm_desktop.services.interactions.log import (
    CONTACT_CAPTION,
    template_values_in,
    write_entry_in,
)
from crm_desktop.services.interactions.templates import template_copy_in
from crm_desktop.services.setup import work_date
from crm_desktop.services.sync.from_contact import PRIVACY_BLOCKED
from crm_desktop.storage import models as m

ENTRY_CAPTION = QT_TRANSLATE_NOOP("interactions", "Interaction Log Entry")
NOT_POSTPONED = QT_TRANSLATE_NOOP(
    "errors", "Interaction Log Entry {no} is not postponed, so it cannot be resumed."
)


@dataclass(frozen=True)
class InteractionDefaults:
    """What Create Interaction opens with for a contact."""

    contact_no: str
    contact_name: str
    date: dt.date
    salesperson_code: str
    privacy_blocked: bool


@dataclass(frozen=True)
class TemplateChoice:
    """A template Create Interaction offers, with what it fills in."""

    code: str
    description: str
    group_code: str
    unit_cost_lcy: Decimal
    unit_duration_min: int
    information_flow: str
    initiated_by: str
    wizard_action: str
    has_attachment: bool


def _contact(s: Session, no: str) -> m.Contact:
    contact = s.get(m.Contact, no)
    if contact is None:
        raise NotFoundError(DOES_NOT_EXIST, field="contact_no", table=CONTACT_CAPTION, code=no)
    return contact


def defaults_for(ctx: AppContext, contact_no: str) -> InteractionDefaults:
    """The work date and the salesperson: mine (User Setup) first, else the contact's (BC
    scenario 91). Raises ValidationError for a privacy-blocked contact (spec §4.6)."""
    day = work_date(ctx)
    with ctx.db.read() as s:
        contact = _contact(s, contact_no)
        if contact.privacy_blocked:
            raise ValidationError(
                PRIVACY_BLOCKED, field="privacy_blocked", no=contact.no, name=contact.name
            )
        mine = s.get(m.UserSetup, 1)
        salesperson = (mine.salesperson_code if mine else None) or contact.salesperson_code
        return InteractionDefaults(contact.no, contact.name, day, salesperson or "", False)


def template_choices(ctx: AppContext) -> list[TemplateChoice]:
    """Every interaction template, by code, with what it fills in."""
    with ctx.db.read() as s:
        attached = set(
            s.scalars(
                select(m.InteractionTmplLanguage.interaction_template_code).where(
                    m.InteractionTmplLanguage.attachment_no.is_not(None)
                )
            )
        )
        return [
            TemplateChoice(
                t.code,
                t.description,
                t.interaction_group_code,
                Decimal(t.unit_cost_lcy or 0),
                int(t.unit_duration_min or 0),
                t.information_flow,
                t.initiated_by,
                t.wizard_action,
                t.code in attached,
            )
            for t in s.scalars(select(m.InteractionTemplate).order_by(m.InteractionTemplate.code))
        ]


def template_attachment(ctx: AppContext, code: str, language_code: str = "") -> int | None:
    """The attachment of a template's language row (the language's, else the blank one)."""
    with ctx.db.read() as s:
        rows = dict(
            s.execute(
                select(
                    m.InteractionTmplLanguage.language_code,
                    m.InteractionTmplLanguage.attachment_no,
                ).where(m.InteractionTmplLanguage.interaction_template_code == code)
            ).all()
        )
    return rows.get(language_code) or rows.get("") or next((v for v in rows.values() if v), None)


def _draft_with_template(
    s: Session, draft: rules.InteractionDraft, typed: set[str]
) -> rules.InteractionDraft:
    """The template's values, then the values the user typed over them."""
    code = draft.template_code.strip().upper()
    if not code:
        return draft  # check_draft gives BC's "You must fill in ..." message
    filled = rules.from_template(replace(draft, template_code=code), template_values_in(s, code))
    return replace(filled, **{name: getattr(draft, name) for name in typed})


def create_interaction(
    ctx: AppContext,
    draft: rules.InteractionDraft,
    *,
    typed: frozenset[str] = frozenset(),
    attachment: NewAttachment | None = None,
    attachment_no: int | None = None,
    postpone: bool = False,
) -> int:
    """Log (or, with `postpone`, keep as Postponed) an interaction on a contact; returns the
    entry number. `typed` names the draft's fields the user set over the template's values
    (cost, duration, flow ...). Raises ValidationError in BC's words (template, description,
    salesperson; privacy-blocked contact), NotFoundError for unknown codes."""
    with ctx.db.uow() as s:
        contact = _contact(s, draft.contact_no)
        full = _draft_with_template(s, draft, set(typed))
        if full.kind == "manual":
            full = replace(full, kind=_kind_of_template_in(s, full.template_code))
        if attachment is None and attachment_no is None and full.template_code:
            # The template's own file (its language's, else the blank one) goes with the entry.
            attachment = template_copy_in(
                s, ctx, full.template_code, full.language_code or (contact.language_code or "")
            )
        entry = write_entry_in(
            s,
            ctx,
            contact,
            full,
            manual=True,
            postponed=postpone,
            attachment=attachment,
            attachment_no=attachment_no,
        )
        return entry.entry_no


def _kind_of_template_in(s: Session, code: str) -> str:
    """A manual interaction with a template the setup uses for calls, e-mails, meetings or
    cover sheets is of that kind (its timeline icon); any other is 'manual'."""
    row = s.get(m.InteractionTemplateSetup, 1)
    if row is None or not code:
        return "manual"
    for name, (_doc, kind) in rules.SETUP_KINDS.items():
        if kind != "document" and getattr(row, name) == code:
            return kind
    return "manual"


def _entry(s: Session, no: int) -> m.InteractionLogEntry:
    entry = s.get(m.InteractionLogEntry, no)
    if entry is None:
        raise NotFoundError(DOES_NOT_EXIST, table=ENTRY_CAPTION, code=str(no))
    return entry


def draft_of(ctx: AppContext, entry_no: int) -> rules.InteractionDraft:
    """The values of an entry as a draft (to resume a postponed one, or start from it)."""
    with ctx.db.read() as s:
        e = _entry(s, entry_no)
        return rules.InteractionDraft(
            contact_no=e.contact_no,
            template_code=e.interaction_template_code or "",
            date=e.date,
            description=e.description,
            time_of_interaction=e.time_of_interaction,
            subject=e.subject,
            cost_lcy=Decimal(e.cost_lcy),
            duration_min=e.duration_min,
            evaluation=e.evaluation,
            salesperson_code=e.salesperson_code or "",
            initiated_by=e.initiated_by,
            information_flow=e.information_flow,
            correspondence_type=e.correspondence_type,
            attempt_failed=e.attempt_failed,
            contact_via=e.contact_via,
            language_code=e.interaction_language_code or "",
            kind=e.kind,
        )


def resume_interaction(
    ctx: AppContext,
    entry_no: int,
    draft: rules.InteractionDraft,
    *,
    typed: frozenset[str] = frozenset(),
    attachment: NewAttachment | None = None,
) -> int:
    """Finish a postponed interaction with the values given: that entry (and no other) gets
    them and stops being postponed (BC scenario 92). Raises ValidationError when it is not
    postponed, or for the values as Create Interaction does."""
    with ctx.db.uow() as s:
        entry = _entry(s, entry_no)
        if not entry.postponed:
            raise ValidationError(NOT_POSTPONED, no=entry_no)
        contact = _contact(s, entry.contact_no)
        full = _draft_with_template(s, draft, set(typed) | {"cost_lcy", "duration_min"})
        if full.kind == "manual":
            full = replace(full, kind=_kind_of_template_in(s, full.template_code))
        write_entry_in(s, ctx, contact, full, manual=True, attachment=attachment, entry=entry)
        return entry.entry_no


def set_canceled(ctx: AppContext, entry_no: int, canceled: bool) -> None:
    """Cancel an entry (or undo that): cancelled entries do not count in the statistics."""
    with ctx.db.uow() as s:
        _entry(s, entry_no).canceled = canceled


def set_evaluation(ctx: AppContext, entry_no: int, evaluation: str) -> None:
    """Set an entry's evaluation (Very Positive ... Very Negative, or blank)."""
    if evaluation not in {code for code, _ in rules.EVALUATIONS}:
        raise ValueError(evaluation)
    with ctx.db.uow() as s:
        _entry(s, entry_no).evaluation = evaluation
