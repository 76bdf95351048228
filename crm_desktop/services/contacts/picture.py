"""The contact's picture (BC's Contact Image): set, read, remove; scaled before it is stored.

Any picture Pillow can read (JPEG, PNG, GIF, BMP, WebP ...) is scaled to fit MAX_SIDE pixels
(never enlarged), turned upright by its EXIF orientation, and stored as JPEG, or as PNG when it
has transparency. The card, the vCard import and export all go through here.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.domain.errors import NotFoundError, ValidationError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.storage import models as m

MAX_SIDE = 400
MAX_INPUT_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000

NOT_A_PICTURE = QT_TRANSLATE_NOOP(
    "errors", "The file is not a picture that can be read (JPEG, PNG, GIF, BMP or WebP)."
)
PICTURE_TOO_BIG = QT_TRANSLATE_NOOP(
    "errors", "The picture is too large ({size}); pictures up to {limit} are accepted."
)
NO_CONTACT = QT_TRANSLATE_NOOP(
    "errors", "The Contact does not exist. Identification fields and values: No.='{no}'"
)


@dataclass(frozen=True)
class Picture:
    """A stored picture: the bytes, their MIME type and size in pixels."""

    data: bytes
    mime_type: str
    width: int
    height: int

    @property
    def subtype(self) -> str:
        """ "jpeg" or "png", as a vCard's PHOTO TYPE names it."""
        return self.mime_type.split("/", 1)[-1]


def scale_picture(data: bytes) -> Picture:
    """The picture scaled to fit MAX_SIDE, as JPEG (PNG with transparency). Raises
    ValidationError for what is no picture or is too large."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(data) > MAX_INPUT_BYTES:
        raise ValidationError(
            PICTURE_TOO_BIG,
            field="picture",
            size=f"{len(data) // (1024 * 1024)} MB",
            limit=f"{MAX_INPUT_BYTES // (1024 * 1024)} MB",
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    PICTURE_TOO_BIG,
                    field="picture",
                    size=f"{probe.width} × {probe.height}",
                    limit=f"{MAX_PIXELS // 1_000_000} megapixels",
                )
            image = ImageOps.exif_transpose(probe)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
            out = io.BytesIO()
            if alpha:
                image.convert("RGBA").save(out, "PNG", optimize=True)
                mime = "image/png"
            else:
                image.convert("RGB").save(out, "JPEG", quality=88)
                mime = "image/jpeg"
            return Picture(out.getvalue(), mime, image.width, image.height)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
    ) as exc:
        raise ValidationError(NOT_A_PICTURE, field="picture") from exc


def set_picture_in(s: Session, contact_no: str, data: bytes) -> Picture:
    """Scale and store a contact's picture inside the caller's transaction."""
    if s.get(m.Contact, contact_no) is None:
        raise NotFoundError(NO_CONTACT, field="no", no=contact_no)
    picture = scale_picture(data)
    row = s.get(m.ContactPicture, contact_no)
    if row is None:
        row = m.ContactPicture(contact_no=contact_no)
        s.add(row)
    row.image, row.mime_type = picture.data, picture.mime_type
    row.width, row.height = picture.width, picture.height
    s.flush()
    return picture


def set_picture(ctx: AppContext, contact_no: str, data: bytes) -> Picture:
    """Set a contact's picture from a file's bytes (scaled). Raises ValidationError for no
    picture, NotFoundError for no contact."""
    with ctx.db.uow() as s:
        return set_picture_in(s, contact_no, data)


def remove_picture(ctx: AppContext, contact_no: str) -> None:
    """Remove a contact's picture (nothing happens when it has none)."""
    with ctx.db.uow() as s:
        row = s.get(m.ContactPicture, contact_no)
        if row is not None:
            s.delete(row)


def get_picture(ctx: AppContext, contact_no: str) -> Picture | None:
    """A contact's picture, or None when it has none."""
    with ctx.db.read() as s:
        return pictures_in(s, [contact_no]).get(contact_no)


def pictures_in(s: Session, contact_nos: Iterable[str]) -> dict[str, Picture]:
    """The pictures of these contacts, by number (for exports)."""
    nos = sorted(set(contact_nos))
    out: dict[str, Picture] = {}
    table = m.ContactPicture
    for i in range(0, len(nos), 500):
        for row in s.scalars(select(table).where(table.contact_no.in_(nos[i : i + 500]))):
            out[row.contact_no] = Picture(row.image, row.mime_type, row.width, row.height)
    return out
