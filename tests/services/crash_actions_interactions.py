"""Crash actions of the interactions capability (issue 18), plugged into crash_actions.py.

- `log_attach`: Create Interaction with an attachment (the file is written before the entry's
  transaction commits); after a kill each finished one is there once with its bytes, the one in
  flight is there whole or not at all.
- `relocate`: flip the attachment storage between embedded, the data folder and a folder
  elsewhere, then Relocate Attachments (one transaction per attachment); after a kill every
  attachment reads back byte for byte, wherever it is.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select

from crm_desktop.services.app import AppContext
from crm_desktop.storage import models as m

COMPANY = "Attach Co"
SALESPERSON = "KILLS"
SEEDED = 3  # attachments prepare() logs, so relocation has work from the first kill


def payload(tag: str) -> bytes:
    """The attachment bytes of a tag: about 40 KB, different per tag."""
    return (f"attachment {tag}\n".encode() * 2000)[: 30_000 + 97 * len(tag)]


def _has(module: str, *names: str) -> bool:
    import importlib

    try:
        mod = importlib.import_module(module)
    except ImportError:
        return False
    return all(hasattr(mod, n) for n in names)


def _company_no(ctx: AppContext) -> str:
    with ctx.db.read() as s:
        return str(
            s.scalar(
                select(m.Contact.no).where(m.Contact.name == COMPANY, m.Contact.type == "company")
            )
        )


def _log(ctx: AppContext, tag: str) -> None:
    from crm_desktop.domain.interactions import InteractionDraft
    from crm_desktop.services.interactions import create
    from crm_desktop.services.interactions.attachments import NewAttachment

    create.create_interaction(
        ctx,
        InteractionDraft(
            contact_no=_company_no(ctx),
            template_code="MEETING",
            date=dt.date(2026, 11, 27),
            description=f"KA {tag}",
            salesperson_code=SALESPERSON,
        ),
        attachment=NewAttachment(f"{tag}.bin", payload(tag)),
    )


def _entries(ctx: AppContext) -> dict[str, list[int | None]]:
    with ctx.db.read() as s:
        rows = s.execute(
            select(m.InteractionLogEntry.description, m.InteractionLogEntry.attachment_no).where(
                m.InteractionLogEntry.description.like("KA %")
            )
        ).all()
    found: dict[str, list[int | None]] = {}
    for description, attachment_no in rows:
        found.setdefault(description.removeprefix("KA "), []).append(attachment_no)
    return found


def _unreadable(ctx: AppContext, who: str) -> list[str]:
    """Every logged attachment must read back as its tag's bytes."""
    from crm_desktop.domain.errors import CrmError
    from crm_desktop.services.interactions.attachments import read_attachment

    problems = []
    for tag, attachment_nos in _entries(ctx).items():
        for no in attachment_nos:
            if no is None:
                problems.append(f"{who}: entry {tag} has no attachment")
                continue
            try:
                _name, data = read_attachment(ctx, no)
            except CrmError as exc:
                problems.append(f"{who}: attachment {no} of {tag} unreadable: {exc}")
                continue
            if data != payload(tag):
                problems.append(f"{who}: attachment {no} of {tag} has other bytes")
    return problems


@dataclass
class LogWithAttachment:
    """Log an interaction with an attachment (interactions service)."""

    name: str = "log_attach"
    weight: float = 1.5

    def missing(self) -> str | None:
        if not _has("crm_desktop.services.interactions.create", "create_interaction"):
            return "interactions.create.create_interaction"
        return None

    def prepare(self, ctx: AppContext) -> None:
        from crm_desktop.services import contacts, masterdata

        masterdata.save_row(ctx, "salesperson", {"code": SALESPERSON, "name": "Kill S"})
        contacts.create_contact(ctx, {"type": "company", "name": COMPANY})
        for i in range(SEEDED):
            _log(ctx, f"seed-{i}")

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        _log(ctx, tag)

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        found = _entries(ctx)
        problems = [
            f"log_attach: {t} finished but has {len(found.get(t, []))} entries"
            for t in done
            if len(found.get(t, [])) != 1
        ]
        if inflight and len(found.get(inflight, [])) > 1:
            problems.append(f"log_attach: in-flight {inflight} logged twice")
        expected = {*done, *(f"seed-{i}" for i in range(SEEDED))} | (
            {inflight} if inflight else set()
        )
        extra = set(found) - expected
        if extra:
            problems.append(f"log_attach: unexpected entries {sorted(extra)[:3]}")
        return problems + _unreadable(ctx, "log_attach")


@dataclass
class RelocateAttachments:
    """Change where attachments are stored and relocate them all (interactions service)."""

    name: str = "relocate"
    weight: float = 0.5

    def missing(self) -> str | None:
        if not _has("crm_desktop.services.interactions.attachments", "relocate"):
            return "interactions.attachments.relocate"
        return None

    def prepare(self, ctx: AppContext) -> None:
        pass  # log_attach's prepare gives it attachments to move

    def run(self, ctx: AppContext, tag: str, rng: random.Random) -> None:
        from crm_desktop.services import setup
        from crm_desktop.services.interactions import attachments

        n = int(tag.rsplit("-", 1)[1])
        kind, location = [
            ("embedded", ""),
            ("disk_file", ""),
            ("disk_file", str(ctx.data_dir.parent / "attachments-elsewhere")),
        ][n % 3]
        setup.update_marketing_setup(
            ctx, {"attachment_storage_type": kind, "attachment_storage_location": location}
        )
        attachments.relocate(ctx)

    def verify(self, ctx: AppContext, done: list[str], inflight: str | None) -> list[str]:
        return _unreadable(ctx, "relocate")
