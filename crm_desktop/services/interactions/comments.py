"""Comments on a contact (BC's Rlshp. Mgt. Comment Lines): dated notes with a short code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from crm_desktop.domain import interactions as rules
from crm_desktop.domain.errors import DOES_NOT_EXIST, NotFoundError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.services.interactions.log import CONTACT_CAPTION
from crm_desktop.services.setup import work_date
from crm_desktop.storage import models as m

COMMENT_CAPTION = QT_TRANSLATE_NOOP("interactions", "Comment")


@dataclass(frozen=True)
class CommentRow:
    """One comment as shown."""

    id: int
    contact_no: str
    contact_name: str
    date: dt.date
    code: str
    comment: str


def add_comment(
    ctx: AppContext, contact_no: str, comment: str, *, code: str = "", date: dt.date | None = None
) -> int:
    """Write a comment on a contact in one step (dated the work date unless given); returns
    its id. Raises ValidationError for a blank or too long text, NotFoundError for an unknown
    contact."""
    norm_code, text = rules.check_comment(code, comment)
    day = date or work_date(ctx)
    with ctx.db.uow() as s:
        if s.get(m.Contact, contact_no) is None:
            raise NotFoundError(
                DOES_NOT_EXIST, field="contact_no", table=CONTACT_CAPTION, code=contact_no
            )
        row = m.ContactComment(
            contact_no=contact_no,
            date=day,
            code=norm_code,
            comment=text,
            last_date_modified=dt.datetime.now().replace(microsecond=0),
        )
        s.add(row)
        s.flush()
        return row.id


def delete_comment(ctx: AppContext, comment_id: int) -> None:
    """Delete a comment."""
    with ctx.db.uow() as s:
        row = s.get(m.ContactComment, comment_id)
        if row is None:
            raise NotFoundError(DOES_NOT_EXIST, table=COMMENT_CAPTION, code=str(comment_id))
        s.delete(row)


def list_comments(ctx: AppContext, contact_no: str) -> list[CommentRow]:
    """A contact's comments, newest first."""
    with ctx.db.read() as s:
        rows = s.execute(
            select(m.ContactComment, m.Contact.name)
            .join(m.Contact, m.Contact.no == m.ContactComment.contact_no)
            .where(m.ContactComment.contact_no == contact_no)
            .order_by(m.ContactComment.date.desc(), m.ContactComment.id.desc())
        ).all()
        return [CommentRow(c.id, c.contact_no, name, c.date, c.code, c.comment) for c, name in rows]
