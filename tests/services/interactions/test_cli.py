"""`crm-desktop log-interaction`: logs through the setup; no template gives a `note:` line."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop import cli
from crm_desktop.services import contacts, setup
from crm_desktop.services.app import open_app
from crm_desktop.services.interactions import listing, log


def test_log_interaction_and_the_note_without_template(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = open_app(data_dir)
    no = contacts.create_contact(ctx, {"type": "company", "name": "Cli Co"}).contact.no
    setup.update_interaction_template_setup(ctx, {"e_mails": ""})
    ctx.close()
    log.forget_notes()
    base = ["--data-dir", str(data_dir), "log-interaction"]
    assert cli.main([*base, "outg_calls", "--contact", no, "--duration", "5"]) == 0
    assert capsys.readouterr().out.startswith(f"interaction 1 logged for contact {no}")
    assert cli.main([*base, "e_mails", "--contact", no]) == 0
    out = capsys.readouterr().out
    assert out.startswith("note: Nothing was logged for e-mails: the Interaction Template Setup")
    ctx = open_app(data_dir)
    try:
        rows = listing.fetch_entries(ctx, listing.LogFilter(contact_no=no), 0, 10)
    finally:
        ctx.close()
    assert [(r.interaction_template_code, r.kind, r.duration_min) for r in rows] == [
        ("CALL-OUT", "call", 5)
    ]
