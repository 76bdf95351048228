"""The attachment of an interaction template's language row (BC's Interaction Tmpl. Language
with its Attachment No.): set, replace, remove; and the copy an interaction takes of it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain import interactions as rules
from crm_desktop.domain.errors import DOES_NOT_EXIST, NotFoundError, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.interactions.attachments import (
    NewAttachment,
    read_attachment,
    store_in,
)
from crm_desktop.storage import models as m

LANGUAGE_ROW_CAPTION = QT_TRANSLATE_NOOP("interactions", "Interaction Template Language")


def _row(s: Session, template: str, language: str) -> m.InteractionTmplLanguage:
    row = s.get(m.InteractionTmplLanguage, (template, language))
    if row is None:
        raise NotFoundError(
            DOES_NOT_EXIST, table=LANGUAGE_ROW_CAPTION, code=f"{template} {language}".strip()
        )
    return row


def _refuse_system_template(s: Session, template: str, language: str) -> None:
    setup = s.get(m.InteractionTemplateSetup, 1)
    if setup is None:
        return
    if any(getattr(setup, name) == template for name in rules.SYSTEM_SETUP_FIELDS):
        raise ValidationError(
            rules.LANGUAGE_ON_SYSTEM_TEMPLATE, template=template, language=language or "''"
        )


def set_language_attachment(
    ctx: AppContext, template: str, language: str, new: NewAttachment | None
) -> int | None:
    """Attach a file to a template's language row (None removes it); returns the attachment
    number. Refused for a template the setup uses for system logging (SegManagement's
    message). The previous attachment stays while log entries still use it."""
    with ctx.db.uow() as s:
        row = _row(s, template, language)
        if new is not None:
            _refuse_system_template(s, template, language)
        row.attachment_no = store_in(s, ctx, new) if new is not None else None
        return row.attachment_no


def language_attachment(ctx: AppContext, template: str, language: str) -> tuple[str, int] | None:
    """(file name, attachment no.) of a language row's attachment, if it has one."""
    with ctx.db.read() as s:
        row = _row(s, template, language)
        if row.attachment_no is None:
            return None
        attachment = s.get(m.Attachment, row.attachment_no)
        return (attachment.file_name if attachment else "", row.attachment_no)


def template_copy_in(
    s: Session, ctx: AppContext, template: str, language: str
) -> NewAttachment | None:
    """The template's attachment for a language (else its blank-language one) to copy onto a
    new entry, as BC's Create Interaction does; None when it has none."""
    rows = dict(
        s.execute(
            select(
                m.InteractionTmplLanguage.language_code, m.InteractionTmplLanguage.attachment_no
            ).where(m.InteractionTmplLanguage.interaction_template_code == template)
        ).all()
    )
    no = rows.get(language) or rows.get("")
    if not no:
        return None
    name, data = read_attachment(ctx, no)
    return NewAttachment(name, data)
