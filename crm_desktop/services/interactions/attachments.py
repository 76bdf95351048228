"""Attachments where Marketing Setup says: embedded in the database or as files under the
attachment storage location (default `<data dir>/attachments`), and BC's Relocate Attachments.

Kill-safety: a file is written completely under a new name before the row that names it is
committed, and the old copy is deleted only after that commit; so at every instant each row
names a copy that exists and is whole. Files left over by a kill are swept on the next run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.domain import interactions as rules
from crm_desktop.domain.errors import DOES_NOT_EXIST, NotFoundError, StorageError
from crm_desktop.domain.i18n import QT_TRANSLATE_NOOP
from crm_desktop.services.datafile.context import AppContext
from crm_desktop.storage import attachment_files as files
from crm_desktop.storage import models as m
from crm_desktop.storage.backup import ATTACHMENTS_DIR

ATTACHMENT_CAPTION = QT_TRANSLATE_NOOP("interactions", "Attachment")
DAMAGED = QT_TRANSLATE_NOOP(
    "errors",
    "Attachment {no} ({name}) does not match what was stored: the file was changed or damaged. "
    "Restore it from a backup.",
)
OPEN_COPY_NOTE = QT_TRANSLATE_NOOP(
    "interactions",
    "The attachment opens as a temporary copy; changes you make there are not saved back.",
)


@dataclass(frozen=True)
class NewAttachment:
    """A file to attach: its name as the user knows it and its bytes."""

    file_name: str
    content: bytes


@dataclass(frozen=True)
class AttachmentInfo:
    """An attachment as the UI shows it."""

    no: int
    file_name: str
    size: int
    storage_type: str
    location: str


@dataclass(frozen=True)
class RelocationResult:
    """How many attachments a relocation moved, and how many were already in place."""

    moved: int
    already: int
    total: int
    canceled: bool


def default_folder(ctx: AppContext) -> Path:
    """`<data dir>/attachments`."""
    return ctx.data_dir / ATTACHMENTS_DIR


def folder_of(ctx: AppContext, pointer: str) -> Path:
    """The folder a storage pointer names ('' = the data directory's own folder)."""
    return Path(pointer).expanduser() if pointer else default_folder(ctx)


def _pointer_for(ctx: AppContext, location: str) -> str:
    """The pointer stored for a setup location: '' for the default folder."""
    if not location.strip():
        return ""
    path = Path(location.strip()).expanduser()
    try:
        if path.resolve() == default_folder(ctx).resolve():
            return ""
    except OSError:
        pass
    return str(path)


def target_in(s: Session, ctx: AppContext) -> tuple[str, str]:
    """(storage type, pointer) new attachments go to, from the Marketing Setup."""
    setup = s.get(m.MarketingSetup, 1)
    kind = setup.attachment_storage_type if setup else "embedded"
    if kind != "disk_file":
        return "embedded", ""
    return "disk_file", _pointer_for(ctx, setup.attachment_storage_location if setup else "")


def _split_name(file_name: str) -> tuple[str, str]:
    base = Path(file_name).name or "attachment"
    stem, dot, ext = base.rpartition(".")
    return (stem, ext) if dot and stem else (base, "")


def store_in(s: Session, ctx: AppContext, new: NewAttachment) -> int:
    """Store a file as a new attachment where the setup says; returns its number.

    On disk the file is written (0600) before the row is committed with the caller's
    transaction; a rollback or kill leaves only an unnamed file for the sweep."""
    kind, pointer = target_in(s, ctx)
    _stem, ext = _split_name(new.file_name)
    row = m.Attachment(
        storage_type=kind,
        storage_pointer=pointer,
        file_name=Path(new.file_name).name[:250] or "attachment",
        file_extension=ext[:250],
        size=len(new.content),
        sha256=hashlib.sha256(new.content).hexdigest(),
        last_date_modified=dt.datetime.now().replace(microsecond=0),
    )
    if kind == "embedded":
        row.content = new.content
    s.add(row)
    s.flush()
    if kind == "disk_file":
        name = rules.attachment_file_name(row.no, secrets.token_hex(4), ext)
        files.write_private(folder_of(ctx, pointer), name, new.content)
        row.storage_file = name
        s.flush()
    return row.no


def _row(s: Session, no: int) -> m.Attachment:
    row = s.get(m.Attachment, no)
    if row is None:
        raise NotFoundError(DOES_NOT_EXIST, table=ATTACHMENT_CAPTION, code=str(no))
    return row


def _content(ctx: AppContext, row: m.Attachment) -> bytes:
    if row.storage_type != "embedded":
        # A file on disk is opened in place and may be edited there (that is what disk
        # storage is for), so its bytes are what they are now.
        return files.read(folder_of(ctx, row.storage_pointer), row.storage_file)
    data = row.content or b""
    if row.sha256 and hashlib.sha256(data).hexdigest() != row.sha256:
        raise StorageError(DAMAGED, no=row.no, name=row.file_name)
    return data


def read_attachment(ctx: AppContext, no: int) -> tuple[str, bytes]:
    """(file name, bytes) of an attachment, checked against the hash taken when stored.
    Raises NotFoundError, or StorageError when its file is missing or was changed."""
    with ctx.db.read() as s:
        row = _row(s, no)
        return row.file_name, _content(ctx, row)


def attachment_info(ctx: AppContext, no: int) -> AttachmentInfo:
    """Name, size and where an attachment is kept."""
    with ctx.db.read() as s:
        row = _row(s, no)
        where = (
            str(folder_of(ctx, row.storage_pointer) / row.storage_file)
            if row.storage_type == "disk_file"
            else ""
        )
        return AttachmentInfo(row.no, row.file_name, row.size, row.storage_type, where)


def file_to_open(ctx: AppContext, no: int) -> tuple[Path, bool]:
    """The file to open in the desktop's program and whether it is a temporary copy: a file
    on disk opens in place (edits are kept); an embedded one through a 0600 copy whose edits
    are not saved back (say OPEN_COPY_NOTE). Raises NotFoundError or StorageError."""
    with ctx.db.read() as s:
        row = _row(s, no)
        if row.storage_type == "disk_file":
            path = folder_of(ctx, row.storage_pointer) / row.storage_file
            if not path.is_file():
                files.read(path.parent, path.name)  # raises the clear sentence
            return path, False
    return private_copy(ctx, no), True


def private_copy(ctx: AppContext, no: int) -> Path:
    """A 0600 temporary copy of an attachment under its own name, to open in the desktop's
    program (edits there are not saved back: say OPEN_COPY_NOTE)."""
    name, data = read_attachment(ctx, no)
    folder = Path(tempfile.mkdtemp(prefix="crm-attachment-"))
    os.chmod(folder, 0o700)
    return files.write_private(folder, Path(name).name or "attachment", data)


def _moved(
    s: Session, ctx: AppContext, no: int, kind: str, pointer: str
) -> tuple[Path, str] | None:
    """Move one attachment to (kind, pointer) in the caller's transaction; returns the old
    file to delete after the commit (None when there is none)."""
    row = _row(s, no)
    data = _content(ctx, row)
    old = (folder_of(ctx, row.storage_pointer), row.storage_file)
    was_disk = row.storage_type == "disk_file"
    if kind == "disk_file":
        name = rules.attachment_file_name(row.no, secrets.token_hex(4), row.file_extension)
        files.write_private(folder_of(ctx, pointer), name, data)
        row.storage_file = name
        row.content = None
    else:
        row.content = data
        row.storage_file = ""
    row.storage_type = kind
    row.storage_pointer = pointer
    s.flush()
    return old if was_disk else None


def pending_relocation(ctx: AppContext) -> int:
    """How many attachments are not where the Marketing Setup says they belong."""
    with ctx.db.read() as s:
        kind, pointer = target_in(s, ctx)
        return int(
            s.scalar(
                select(func.count())
                .select_from(m.Attachment)
                .where(
                    (m.Attachment.storage_type != kind) | (m.Attachment.storage_pointer != pointer)
                )
            )
            or 0
        )


def relocate(
    ctx: AppContext,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RelocationResult:
    """Move every attachment to the storage type and location of the Marketing Setup (BC's
    Relocate Attachments), one attachment per transaction, reporting (done, total).

    Can be cancelled or killed at any point: moved attachments stay moved, the others stay
    where they were, every one readable; running it again finishes the job."""
    with ctx.db.read() as s:
        kind, pointer = target_in(s, ctx)
        todo = list(
            s.scalars(
                select(m.Attachment.no)
                .where(
                    (m.Attachment.storage_type != kind) | (m.Attachment.storage_pointer != pointer)
                )
                .order_by(m.Attachment.no)
            )
        )
        total = int(s.scalar(select(func.count()).select_from(m.Attachment)) or 0)
    moved = 0
    for i, no in enumerate(todo):
        if cancelled is not None and cancelled():
            return RelocationResult(moved, total - len(todo), total, True)
        with ctx.db.uow() as s:
            old = _moved(s, ctx, no, kind, pointer)
        if old is not None:
            files.remove(*old)
        moved += 1
        if progress is not None:
            progress(i + 1, len(todo))
    sweep(ctx)
    return RelocationResult(moved, total - len(todo), total, False)


def sweep(ctx: AppContext) -> int:
    """Delete attachment files no row names (left by a kill) in every folder rows point at
    and the default one; returns how many."""
    with ctx.db.read() as s:
        rows = s.execute(
            select(m.Attachment.storage_pointer, m.Attachment.storage_file).where(
                m.Attachment.storage_type == "disk_file"
            )
        ).all()
        _kind, pointer = target_in(s, ctx)
    keep: dict[Path, set[str]] = {default_folder(ctx): set(), folder_of(ctx, pointer): set()}
    for p, name in rows:
        keep.setdefault(folder_of(ctx, p), set()).add(name)
    removed = 0
    for folder, names in keep.items():
        removed += len(files.sweep(folder, names))
    return removed
