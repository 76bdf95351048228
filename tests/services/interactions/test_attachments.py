"""Attachments: embedded or on disk, byte for byte; relocated when the setup changes, also after
a relocation killed part-way; carried by backups, including a location outside the data folder."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.domain.interactions import InteractionDraft
from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services.app import AppContext, open_app
from crm_desktop.services.backups import backup
from crm_desktop.services.interactions import attachments, create, listing
from crm_desktop.services.interactions.attachments import NewAttachment, read_attachment
from crm_desktop.storage import models as m

PAYLOADS = [bytes([i % 251]) * (1000 + i * 37) + os.urandom(64) for i in range(12)]


def _log_with(ctx: AppContext, no: str, name: str, data: bytes) -> int:
    entry = create.create_interaction(
        ctx,
        InteractionDraft(
            contact_no=no,
            template_code="MEETING",
            date=dt.date(2026, 12, 1),
            description="With file",
            salesperson_code="SP1",
        ),
        attachment=NewAttachment(name, data),
    )
    row = listing.get_entry(ctx, entry)
    assert row is not None and row.attachment_no is not None
    return row.attachment_no


def _storage(ctx: AppContext, kind: str, location: str = "") -> None:
    setup.update_marketing_setup(
        ctx, {"attachment_storage_type": kind, "attachment_storage_location": location}
    )


@pytest.fixture
def filled(ctx: AppContext) -> tuple[AppContext, dict[int, bytes]]:
    masterdata.save_row(ctx, "salesperson", {"code": "SP1", "name": "SP1"})
    no = contacts.create_contact(ctx, {"type": "company", "name": "Files Ltd"}).contact.no
    stored = {}
    for i, data in enumerate(PAYLOADS[:6]):
        stored[_log_with(ctx, no, f"file{i}.bin", data)] = data
    _storage(ctx, "disk_file")
    for i, data in enumerate(PAYLOADS[6:]):
        stored[_log_with(ctx, no, f"disk{i}.pdf", data)] = data
    return ctx, stored


def _all_readable(ctx: AppContext, stored: dict[int, bytes]) -> None:
    for no, data in stored.items():
        assert read_attachment(ctx, no)[1] == data


def _kinds(ctx: AppContext) -> dict[tuple[str, str], int]:
    with ctx.db.read() as s:
        rows = s.execute(select(m.Attachment.storage_type, m.Attachment.storage_pointer)).all()
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        counts[(row[0], row[1])] = counts.get((row[0], row[1]), 0) + 1
    return counts


def test_both_storage_types_round_trip_byte_for_byte(filled) -> None:  # type: ignore[no-untyped-def]
    ctx, stored = filled
    assert _kinds(ctx) == {("embedded", ""): 6, ("disk_file", ""): 6}
    _all_readable(ctx, stored)
    folder = ctx.data_dir / "attachments"
    files = sorted(folder.iterdir())
    assert len(files) == 6
    assert {oct(f.stat().st_mode & 0o777) for f in files} == {"0o600"}


def test_change_of_type_and_location_moves_every_attachment(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, stored = filled
    elsewhere = tmp_path / "shared" / "crm files"
    _storage(ctx, "disk_file", str(elsewhere))
    assert attachments.pending_relocation(ctx) == 12
    seen: list[tuple[int, int]] = []
    result = attachments.relocate(ctx, progress=lambda d, t: seen.append((d, t)))
    assert (result.moved, result.total, result.canceled) == (12, 12, False)
    assert seen[-1] == (12, 12)
    assert _kinds(ctx) == {("disk_file", str(elsewhere)): 12}
    assert not any((ctx.data_dir / "attachments").iterdir())
    assert len(list(elsewhere.iterdir())) == 12
    _all_readable(ctx, stored)
    _storage(ctx, "embedded")
    attachments.relocate(ctx)
    assert _kinds(ctx) == {("embedded", ""): 12}
    assert list(elsewhere.iterdir()) == []
    _all_readable(ctx, stored)


def test_cancelled_relocation_leaves_everything_readable(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, stored = filled
    _storage(ctx, "disk_file", str(tmp_path / "other"))
    calls = iter(range(100))
    result = attachments.relocate(ctx, cancelled=lambda: next(calls) >= 5)
    assert result.canceled and result.moved == 5
    _all_readable(ctx, stored)
    assert attachments.pending_relocation(ctx) == 7
    attachments.relocate(ctx)
    assert attachments.pending_relocation(ctx) == 0
    _all_readable(ctx, stored)


CHILD = """
import sys
from crm_desktop.services.app import open_app
from crm_desktop.services.interactions import attachments
ctx = open_app(sys.argv[1])
print("go", flush=True)
attachments.relocate(ctx, progress=lambda d, t: print(d, flush=True))
"""


def test_killed_relocation_leaves_every_attachment_readable(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, stored = filled
    data_dir = ctx.data_dir
    for round_no in range(3):
        target = ("disk_file", str(tmp_path / f"loc{round_no}"))
        _storage(ctx, *target)
        ctx.close()
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data_dir)],
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.getcwd()},
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"go"
        proc.stdout.readline()  # one attachment moved; the kill lands in the next ones
        time.sleep(0.01 * round_no)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        ctx = open_app(data_dir)
        _all_readable(ctx, stored)
    attachments.relocate(ctx)
    _all_readable(ctx, stored)
    assert attachments.pending_relocation(ctx) == 0
    assert attachments.sweep(ctx) == 0
    ctx.close()


def test_attachments_come_back_from_a_backup_also_from_elsewhere(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, stored = filled
    elsewhere = tmp_path / "nas"
    _storage(ctx, "disk_file", str(elsewhere))
    no = contacts.create_contact(ctx, {"type": "company", "name": "Later"}).contact.no
    late = _log_with(ctx, no, "late.txt", b"kept elsewhere")
    stored[late] = b"kept elsewhere"
    made = backup.make_backup(ctx)
    # Lose everything: files in both folders, and the database rows.
    for folder in (elsewhere, ctx.data_dir / "attachments"):
        for f in folder.iterdir():
            f.unlink()
    backup.restore_backup(ctx, made.path)
    _all_readable(ctx, stored)
